"""The conversations the bot can reach and the committee each is linked to, one transaction per call.

Per message it does as little as it can (issue 12), with these bounds per process:

* a new or changed reference is written before :meth:`Conversations.remember` returns (before the reply);
* an unchanged one's ``last_seen_at`` is written at most every ``REFERENCE_REFRESH``;
* a committee link changed on another replica is seen here within ``LINK_TTL``;
* a conversation forgotten on another replica and added back here within ``REFERENCE_REFRESH`` is made
  active again by the install or conversation update (``always=True``), not by a message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.conversations.model import ConversationKey, ConversationRef, ConversationUser, conversation_key
from storage.conversations_repository import (
    forget_conversation,
    get_conversation,
    link_committee,
    linked_committee,
    remember_conversation,
    unlink_committee,
)
from storage.database import writing

REFERENCE_REFRESH = dt.timedelta(minutes=5)
LINK_TTL = dt.timedelta(seconds=10)

_MAX_REMEMBERED = 50_000  # (reference, user) pairs kept in memory; past it, the memory starts over


class Conversations:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock
        # (reference, user) as last stored by this process -> when it was stored (UTC instant).
        self._stored: dict[tuple[ConversationRef, ConversationUser | None], dt.datetime] = {}
        # conversation -> (linked committee or None, when it was read or set; UTC instant).
        self._links: dict[ConversationKey, tuple[str | None, dt.datetime]] = {}

    async def remember(self, ref: ConversationRef, user: ConversationUser | None, *, always: bool = False) -> bool:
        """Store or refresh a reference and its writer; True when the conversation was not known (or forgotten)."""
        now = self._clock.now()
        pair = (ref, user)
        stored_at = self._stored.get(pair)
        if not always and stored_at is not None and stored_at <= now < stored_at + REFERENCE_REFRESH:
            return False
        async with writing(self._sessions) as session:
            known = await get_conversation(session, channel_id=ref.channel_id, conversation_id=ref.conversation_id)
            await remember_conversation(session, ref, user=user, seen_at=now)
        if len(self._stored) >= _MAX_REMEMBERED:
            self._stored.clear()
        self._stored[pair] = now
        return known is None

    async def link(self, key: ConversationKey, committee: str, user: ConversationUser) -> str:
        """Link to a committee written loosely ("fokusgruppen"); its stored name, or UnknownCommittee."""
        now = self._clock.now()
        async with writing(self._sessions) as session:
            name = await link_committee(
                session,
                channel_id=key.channel_id,
                conversation_id=key.conversation_id,
                committee=committee,
                linked_by=user,
                linked_at=now,
            )
        self._links[key] = (name, now)
        return name

    async def unlink(self, key: ConversationKey) -> None:
        async with writing(self._sessions) as session:
            await unlink_committee(session, channel_id=key.channel_id, conversation_id=key.conversation_id)
        self._links[key] = (None, self._clock.now())

    async def committee_for(self, key: ConversationKey) -> str | None:
        """The linked committee's stored name, served from memory for ``LINK_TTL``."""
        now = self._clock.now()
        cached = self._links.get(key)
        if cached is not None and cached[1] <= now < cached[1] + LINK_TTL:
            return cached[0]
        async with self._sessions() as session:
            name = await linked_committee(session, channel_id=key.channel_id, conversation_id=key.conversation_id)
        if len(self._links) >= _MAX_REMEMBERED:
            self._links.clear()
        self._links[key] = (name, now)
        return name

    def forget_users(self, user_ids: Collection[str]) -> None:
        """Their stored rows were deleted: their next message here stores its reference again at once."""
        self._stored = {pair: at for pair, at in self._stored.items() if not (pair[1] and pair[1].user_id in user_ids)}

    async def forget(self, key: ConversationKey) -> None:
        """Mark the conversation gone (the bot was removed); its link is kept for a re-install."""
        async with writing(self._sessions) as session:
            await forget_conversation(session, channel_id=key.channel_id, conversation_id=key.conversation_id)
        self._links.pop(key, None)
        # A message after a re-install must reactivate the row: drop what this process stored for it.
        for pair in [
            pair for pair in self._stored if conversation_key(pair[0].channel_id, pair[0].conversation_id) == key
        ]:
            del self._stored[pair]
