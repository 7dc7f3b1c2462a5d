"""Proactive notices to a proposal's submitter: accepted, rejected (with the reason) or moved.

The notice goes to the conversation the proposal was made in, through the conversation reference
stored when the member wrote (a channel thread is stored as its channel, so in a channel the notice
starts a new post). It is sent after the decision is stored; a notice that cannot be sent (the bot
was removed, the connector refuses or is unreachable) is logged and reported as not sent, and the
decision stands.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.teams.connector import BOT_CONNECTOR_AUDIENCE
from bot.teams.render import addressed, render, supports_cards
from dialogs.replies import DecisionReply
from dialogs.turn import language_of
from storage.conversations_repository import get_conversation

if TYPE_CHECKING:
    from bot.proposals.model import Proposal
    from bot.teams.adapter import SharedConnectorAdapter

logger = logging.getLogger(__name__)


class DecisionNotifier:
    """Sends decision notices through the adapter's shared Bot Connector client.

    Args:
        adapter: the app's adapter; its ``connector`` sends, its authentication names the token audience.
        sessions: the database session factory (conversation references).
    """

    def __init__(
        self,
        adapter: SharedConnectorAdapter,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        self._adapter = adapter
        self._sessions = sessions

    async def decision(
        self, proposal: Proposal, *, moved_from: dt.date | None = None
    ) -> bool:
        """Tell the submitter what was decided, in the language last seen in their conversation.

        Args:
            proposal: the proposal as it is after the decision.
            moved_from: the meeting (local date) it was moved from, for a move.

        Returns:
            True when the Bot Connector accepted the notice; False when it could not be sent.
        """
        async with self._sessions() as session:
            ref = await get_conversation(
                session,
                channel_id=proposal.channel_id,
                conversation_id=proposal.conversation_id,
            )
        if ref is None or not ref.service_url:
            logger.warning(
                "proposal %s: no stored conversation %s (%s) to notify the submitter in",
                proposal.id,
                proposal.conversation_id,
                proposal.channel_id,
            )
            return False
        language = language_of(ref.locale)
        [activity] = render(
            [DecisionReply(proposal, moved_from)],
            language=language,
            with_cards=supports_cards(ref.channel_id),
        )
        addressed(
            activity,
            bot_id=ref.bot_id,
            bot_name=ref.bot_name,
            conversation_id=ref.conversation_id,
            tenant_id=ref.tenant_id,
        )
        try:
            await self._adapter.connector.send_to_conversation(
                ref.service_url,
                ref.conversation_id,
                activity,
                audience=self._audience(),
            )
        except (
            Exception
        ):  # connector errors, timeouts, refused tokens: the decision stands either way
            logger.exception(
                "proposal %s: could not notify the submitter in conversation %s",
                proposal.id,
                ref.conversation_id,
            )
            return False
        logger.info(
            "proposal %s: notified the submitter (%s)", proposal.id, proposal.status
        )
        return True

    def _audience(self) -> str:
        # The audience the inbound authentication says outbound tokens are for (sovereign clouds differ).
        try:
            return (
                self._adapter.bot_framework_authentication.get_originating_audience()
                or BOT_CONNECTOR_AUDIENCE
            )
        except Exception:  # noqa: BLE001  (implementations may refuse to say)
            return BOT_CONNECTOR_AUDIENCE
