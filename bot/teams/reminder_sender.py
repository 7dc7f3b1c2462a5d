"""Sends reminders to stored Teams conversations through the shared Bot Connector client.

The delivery engine (bot/reminders/delivery.py) knows no Bot Framework types: it hands this sender a
conversation reference and a text, and gets back the new message's id or a ``SendError`` that says
whether trying again can help. A reminder is a plain-text message, sent as the decision notices are
(``bot.notify.send_proactively``); in a channel it starts a new post.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversations import ConversationRef
from bot.notify import send_proactively
from bot.reminders.delivery import SendError
from bot.teams.connector import ConnectorError
from dialogs.replies import TextReply

if TYPE_CHECKING:
    from bot.teams.adapter import SharedConnectorAdapter

# The Bot Connector's answers that no retry changes: a malformed message, and a conversation the bot
# was removed from or that no longer exists (403 BotNotInConversationRoster / 404 ConversationNotFound).
PERMANENT_STATUSES = frozenset({400, 403, 404, 410})


class ConnectorSender:
    """The engine's ``Sender`` for Teams (and the Emulator).

    Args:
        adapter: the app's adapter, whose shared connector sends.
    """

    def __init__(self, adapter: SharedConnectorAdapter) -> None:
        self._adapter = adapter

    async def send(self, target: ConversationRef, text: str) -> str | None:
        """Post ``text`` as a new message in the conversation; returns the activity id Teams gave it.

        Raises:
            SendError: the Bot Connector refused it (``permanent`` for 400/403/404/410, with the
                429's or 503's Retry-After when it gave one). Network errors and timeouts pass
                through; the engine retries them.
        """
        try:
            [activity_id] = await send_proactively(self._adapter, target, [TextReply(text)])
        except ConnectorError as error:
            raise SendError(
                str(error), permanent=error.status in PERMANENT_STATUSES, retry_after=error.retry_after
            ) from error
        except ValueError as error:  # a stored conversation with no service URL: no retry will find one
            raise SendError(str(error), permanent=True) from error
        return activity_id
