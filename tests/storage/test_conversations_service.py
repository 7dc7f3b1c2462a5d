"""The Conversations service's per-message shortcuts keep their guarantees (issue 12).

Against a real SQLite file and PostgreSQL (the ``sessions`` fixture of tests/storage/conftest.py).
Two ``Conversations`` over one database stand for two replicas; time moves on an injected clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FixedClock
from bot.conversations import Conversations, conversation_key
from bot.conversations.service import LINK_TTL, REFERENCE_REFRESH
from storage.conversations_repository import get_conversation
from storage.models import Conversation
from tests.storage.test_conversations_repository import CHANNEL, LINE, T0, UDDANNELSE, add_committees, for_committee

Sessions = async_sessionmaker[AsyncSession]
KEY = conversation_key(CHANNEL.channel_id, CHANNEL.conversation_id)


async def last_seen(sessions: Sessions) -> dt.datetime:
    async with sessions() as session:
        seen = await session.scalar(
            select(Conversation.last_seen_at).where(Conversation.conversation_id == KEY.conversation_id)
        )
    assert seen is not None
    return seen.replace(tzinfo=dt.UTC) if seen.tzinfo is None else seen


async def test_a_new_conversation_is_stored_when_remember_returns(sessions: Sessions) -> None:
    conversations = Conversations(sessions, FixedClock(T0))
    assert await conversations.remember(CHANNEL, LINE) is True
    async with sessions() as session:  # a fresh session: committed, reachable by a restarted process
        assert await get_conversation(session, channel_id="msteams", conversation_id=CHANNEL.conversation_id) == CHANNEL


async def test_an_unchanged_message_writes_nothing_until_the_refresh_bound(sessions: Sessions) -> None:
    clock = FixedClock(T0)
    conversations = Conversations(sessions, clock)
    await conversations.remember(CHANNEL, LINE)
    clock.advance(REFERENCE_REFRESH - dt.timedelta(seconds=1))
    assert await conversations.remember(CHANNEL, LINE) is False
    assert await last_seen(sessions) == T0
    clock.advance(dt.timedelta(seconds=1))
    await conversations.remember(CHANNEL, LINE)
    assert await last_seen(sessions) == T0 + REFERENCE_REFRESH


async def test_a_changed_reference_is_written_at_once(sessions: Sessions) -> None:
    clock = FixedClock(T0)
    conversations = Conversations(sessions, clock)
    await conversations.remember(CHANNEL, LINE)
    clock.advance(dt.timedelta(seconds=1))
    moved = replace(CHANNEL, service_url="https://smba.trafficmanager.net/emea2/")
    await conversations.remember(moved, LINE)
    async with sessions() as session:
        stored = await get_conversation(session, channel_id="msteams", conversation_id=CHANNEL.conversation_id)
    assert stored is not None and stored.service_url == moved.service_url


async def test_a_forgotten_conversation_is_active_again_after_an_install(sessions: Sessions) -> None:
    clock = FixedClock(T0)
    here, there = Conversations(sessions, clock), Conversations(sessions, clock)
    await here.remember(CHANNEL, LINE)
    await there.forget(KEY)  # removed, seen by another replica
    clock.advance(dt.timedelta(seconds=5))
    assert await here.remember(CHANNEL, LINE, always=True) is True  # added back: the update always writes
    async with sessions() as session:
        assert await get_conversation(session, channel_id="msteams", conversation_id=CHANNEL.conversation_id) == CHANNEL


async def test_a_link_on_one_replica_is_seen_by_another_within_the_bound(sessions: Sessions) -> None:
    await add_committees(sessions, UDDANNELSE)
    clock = FixedClock(T0)
    first, second = Conversations(sessions, clock), Conversations(sessions, clock)
    await first.remember(CHANNEL, LINE)
    assert await second.committee_for(KEY) is None
    assert await first.link(KEY, "uddannelse", LINE) == UDDANNELSE
    assert await first.committee_for(KEY) == UDDANNELSE  # at once where it was made
    clock.advance(LINK_TTL)
    assert await second.committee_for(KEY) == UDDANNELSE  # within LINK_TTL on the other replica
    await second.unlink(KEY)
    assert await second.committee_for(KEY) is None
    clock.advance(LINK_TTL)
    assert await first.committee_for(KEY) is None


async def test_references_reach_reminders_after_a_restart(sessions: Sessions) -> None:
    await add_committees(sessions, UDDANNELSE)
    clock = FixedClock(T0)
    before = Conversations(sessions, clock)
    await before.remember(CHANNEL, LINE)
    await before.link(KEY, UDDANNELSE, LINE)
    after = Conversations(sessions, clock)  # a new process: nothing in memory
    assert await after.remember(CHANNEL, LINE) is False
    assert await for_committee(sessions, UDDANNELSE) == [CHANNEL]
