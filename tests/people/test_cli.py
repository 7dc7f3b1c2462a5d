"""`python -m bot person export|delete`, run as a real subprocess on a real SQLite file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.people.data import MEMBER, build
from tests.test_cli import ROOT, run_bot


@pytest.fixture
async def db(tmp_path: Path) -> Path:
    path = tmp_path / "people.db"
    _, engine = await build(f"sqlite:///{path}")
    await engine.dispose()
    return path


def test_export_prints_everything_as_json(db: Path, tmp_path: Path) -> None:
    result = run_bot("person", "export", "Mette Hansen", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    export = json.loads(result.stdout)
    assert export["person"]["aad_object_ids"] == [MEMBER.aad_object_id]
    assert len(export["tables"]["proposals"]) == 2
    assert len(export["tables"]["reminder_subscriptions"]) == 1


def test_delete_without_yes_only_shows_what_would_go(db: Path, tmp_path: Path) -> None:
    preview = run_bot("person", "delete", MEMBER.user_id, db=db, cwd=tmp_path)
    assert preview.returncode == 0, preview.stderr
    assert "proposals: 1 slettet, 1 pseudonymiseret" in preview.stdout
    assert "Intet er slettet endnu" in preview.stdout
    assert run_bot("person", "export", MEMBER.user_id, db=db, cwd=tmp_path).returncode == 0  # still there

    done = run_bot("person", "delete", MEMBER.user_id, "--yes", db=db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "conversation_users: 2 slettet, 0 pseudonymiseret" in done.stdout
    assert "Mette" not in done.stdout
    gone = run_bot("person", "export", MEMBER.user_id, db=db, cwd=tmp_path)
    assert gone.returncode == 2
    assert gone.stdout == ""


def test_an_unknown_person_is_exit_code_2_with_a_danish_error(db: Path, tmp_path: Path) -> None:
    for operation in ("export", "delete"):
        result = run_bot("person", operation, "Ingen Sådan", db=db, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.strip() == (
            "fejl: Jeg har intet gemt om »Ingen Sådan«. Skriv navnet præcis som i Teams, eller personens "
            "Entra-objekt-id."
        )


def test_the_person_command_imports_no_bot_framework(db: Path) -> None:
    probe = (
        "import sys; from bot.__main__ import main; "
        "sys.argv = ['bot', 'person', 'export', 'x', '--db', sys.argv[1]]; code = main(); "
        "print(sorted(m for m in sys.modules if m.startswith(('botbuilder', 'botframework', 'msal', 'aiohttp'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "[]", result.stderr
