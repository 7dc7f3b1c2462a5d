"""The user asks what the bot can do ("hjælp", "help", "?", or only an @mention)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dialogs.commands import RANK_FIXED, Command, Help
from dialogs.replies import HelpReply, Reply
from dialogs.turn import Services, Turn

DIALOG_ID = "help"

_HELP_RE = re.compile(r"^(hjælp|hjaelp|help|\?|hvad kan du|what can you do)\s*[?!.]*$", re.IGNORECASE)


def match(turn: Turn) -> Mapping[str, Any] | None:
    """Help words, or nothing at all (a bare @mention, a button without data)."""
    if not turn.text or _HELP_RE.match(turn.text):
        return {}
    return None


async def run(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    return [HelpReply()]


COMMANDS = (
    Command(
        DIALOG_ID, RANK_FIXED, match, run,
        help=(Help("hjælp", "viser hvad jeg kan, med eksempler på spørgsmål",
                   "shows what I can do, with example questions", menu=True),),
    ),
)  # fmt: skip  # a table kept compact
