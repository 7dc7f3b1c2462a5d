"""The bot was installed in a chat or added to a team: say hello and how to start."""

from __future__ import annotations

from dialogs.replies import Reply, WelcomeReply

DIALOG_ID = "welcome"


def run() -> list[Reply]:
    """The greeting (the activity handler calls this on install; it is not a routed command)."""
    return [WelcomeReply()]
