"""The conversations the bot can reach and the committee each is linked to, as one small service.

It wraps ``storage.conversations_repository`` so the activity handler and the dialogs never open
sessions themselves: every method runs in its own transaction and takes "now" from the clock.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.conversations.model import ConversationKey, ConversationRef, ConversationUser
from storage.conversations_repository import (
    forget_conversation,
    get_conversation,
    link_committee,
    linked_committee,
    remember_conversation,
    unlink_committee,
)
from storage.database import writing


class Conversations:
    """Remembers conversations and their committee links, one transaction per call.

    Args:
        sessions: the database session factory.
        clock: the source of "now" for seen and linked times (UTC instants).
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def remember(self, ref: ConversationRef, user: ConversationUser | None) -> bool:
        """Store or refresh a conversation reference and the user who wrote.

        Returns:
            True when the conversation was not known (or had been forgotten) before this call.
        """
        async with writing(self._sessions) as session:
            known = await get_conversation(session, channel_id=ref.channel_id, conversation_id=ref.conversation_id)
            await remember_conversation(session, ref, user=user, seen_at=self._clock.now())
        return known is None

    async def link(self, key: ConversationKey, committee: str, user: ConversationUser) -> str:
        """Link the conversation to a committee written loosely ("fokusgruppen").

        Returns:
            The committee's stored name.

        Raises:
            UnknownCommittee: no committee or several match; it names the candidates.
            UnknownConversation: the conversation was never remembered.
        """
        async with writing(self._sessions) as session:
            return await link_committee(
                session,
                channel_id=key.channel_id,
                conversation_id=key.conversation_id,
                committee=committee,
                linked_by=user,
                linked_at=self._clock.now(),
            )

    async def unlink(self, key: ConversationKey) -> None:
        """Remove the conversation's committee link, if any."""
        async with writing(self._sessions) as session:
            await unlink_committee(session, channel_id=key.channel_id, conversation_id=key.conversation_id)

    async def committee_for(self, key: ConversationKey) -> str | None:
        """The stored name of the committee the conversation is linked to, else None."""
        async with self._sessions() as session:
            return await linked_committee(session, channel_id=key.channel_id, conversation_id=key.conversation_id)

    async def forget(self, key: ConversationKey) -> None:
        """Mark the conversation gone (the bot was removed); its link is kept for a re-install."""
        async with writing(self._sessions) as session:
            await forget_conversation(session, channel_id=key.channel_id, conversation_id=key.conversation_id)
