"""The Teams edge stays at the edge: settings, knowledge and storage import no Bot Framework or msal module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import bot.settings, bot.knowledge, storage.minutes_repository; import sys; "
    "print(sorted(m for m in sys.modules if m.startswith(('botbuilder','botframework','msal'))))"
)


def test_settings_knowledge_and_storage_import_no_bot_framework_or_msal() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "[]"
