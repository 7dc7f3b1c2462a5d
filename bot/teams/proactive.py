"""What the bot says unasked, sent as new messages into stored conversations through the shared Bot Connector client.

Decision notices go to the submitter's conversation (in a channel, a new post), review cards and notes to
each secretary's personal chat, reminders where bot/reminders/delivery.py says. A notice that cannot be sent
is logged and reported as not sent; the decision stands.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import ConversationRef
from bot.reminders.delivery import SecretaryLookup, SendError
from bot.teams.connector import BOT_CONNECTOR_AUDIENCE, ConnectorError
from bot.teams.render import addressed, render, supports_cards
from bot.words import language_of
from dialogs.replies import DecisionReply, Reply, TextReply, UploadReviewReply
from storage.conversations_repository import conversations_by_row_id, get_conversation
from storage.deliveries_repository import personal_chats

if TYPE_CHECKING:
    from bot.proposals.model import Proposal
    from bot.teams.adapter import SharedConnectorAdapter
    from bot.uploads.service import Received

logger = logging.getLogger(__name__)

# The Bot Connector's answers that no retry changes: a malformed message, and a conversation the bot
# was removed from or that no longer exists (403 BotNotInConversationRoster / 404 ConversationNotFound).
PERMANENT_STATUSES = frozenset({400, 403, 404, 410})


class ProactiveSender:
    """Decision notices, review cards and notes to secretaries, and reminders (the engine's ``Sender``)."""

    def __init__(
        self,
        adapter: SharedConnectorAdapter,
        sessions: async_sessionmaker[AsyncSession],
        secretaries: SecretaryLookup,
    ) -> None:
        self._adapter = adapter
        self._sessions = sessions
        self._secretaries = secretaries

    async def decision(self, proposal: Proposal, *, moved_from: dt.date | None = None) -> bool:
        """Tell the submitter what was decided, in their conversation's language; False when it could not be sent."""
        async with self._sessions() as session:
            ref = await get_conversation(
                session, channel_id=proposal.channel_id, conversation_id=proposal.conversation_id
            )
        if ref is None or not ref.service_url:
            logger.warning(
                "proposal %s: no stored conversation %s (%s) to notify the submitter in",
                proposal.id, proposal.conversation_id, proposal.channel_id,
            )  # fmt: skip  # log arguments packed beside their message
            return False
        try:
            await send_proactively(self._adapter, ref, [DecisionReply(proposal, moved_from)])
        except Exception:  # connector errors, timeouts, refused tokens: the decision stands either way
            logger.exception(
                "proposal %s: could not notify the submitter in conversation %s", proposal.id, ref.conversation_id
            )
            return False
        logger.info("proposal %s: notified the submitter (%s)", proposal.id, proposal.status)
        return True

    async def review(self, committee: str, received: Received) -> int:
        """Send a pending upload's review card to each secretary with a personal chat; returns how many got it."""
        return await self._to_secretaries(committee, lambda ref: UploadReviewReply(received.upload, received.minutes))

    async def tell(self, committee: str, *, da: str, en: str) -> int:
        """Send a short message to each secretary, in their chat's language; returns how many got it."""
        return await self._to_secretaries(
            committee, lambda ref: TextReply(en if language_of(ref.locale) == "en" else da)
        )

    async def send(self, target: ConversationRef, text: str) -> str | None:
        """Post a reminder as a new message; returns its id. A refusal raises SendError; network errors pass."""
        try:
            [activity_id] = await send_proactively(self._adapter, target, [TextReply(text)])
        except ConnectorError as error:
            raise SendError(
                str(error), permanent=error.status in PERMANENT_STATUSES, retry_after=error.retry_after
            ) from error
        except ValueError as error:  # a stored conversation with no service URL: no retry will find one
            raise SendError(str(error), permanent=True) from error
        return activity_id

    async def _to_secretaries(self, committee: str, reply: Callable[[ConversationRef], Reply]) -> int:
        secretaries = await self._secretaries(committee)
        async with self._sessions() as session:
            chats = await personal_chats(session, secretaries)
            refs = await conversations_by_row_id(session, [chat.conversation_row_id for chat in chats])
        sent = 0
        for ref in refs:
            try:
                await send_proactively(self._adapter, ref, [reply(ref)])
            except Exception:  # one unreachable secretary must not keep the others from hearing
                logger.exception("%s: could not reach a secretary in conversation %s", committee, ref.conversation_id)
                continue
            sent += 1
        if not refs:
            logger.warning("%s: none of its %d secretaries has a personal chat with me", committee, len(secretaries))
        return sent


async def send_proactively(
    adapter: SharedConnectorAdapter, ref: ConversationRef, replies: list[Reply]
) -> list[str | None]:
    """Send replies as new messages into a stored conversation, in its language; returns the ids the channel gave."""
    if not ref.service_url:
        raise ValueError(f"conversation {ref.conversation_id} has no service URL to send to")
    activities = render(replies, language=language_of(ref.locale), with_cards=supports_cards(ref.channel_id))
    ids = []
    for activity in activities:
        addressed(activity, bot_id=ref.bot_id, bot_name=ref.bot_name, conversation_id=ref.conversation_id,
                  tenant_id=ref.tenant_id)  # fmt: skip  # keyword arguments grouped by meaning
        response = await adapter.connector.send_to_conversation(
            ref.service_url, ref.conversation_id, activity, audience=originating_audience(adapter)
        )
        ids.append(response.id)
    return ids


def originating_audience(adapter: SharedConnectorAdapter) -> str:
    """The audience the inbound authentication says outbound tokens are for (sovereign clouds differ)."""
    try:
        return adapter.bot_framework_authentication.get_originating_audience() or BOT_CONNECTOR_AUDIENCE
    except Exception:
        return BOT_CONNECTOR_AUDIENCE
