"""The conversations contract, run against every backend (SQLite file and PostgreSQL).

Uses the ``engine``/``sessions`` fixtures of tests/storage/conftest.py, parametrised by the
``database_url`` fixture, like test_minutes_repository.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from dataclasses import replace

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.minutes.model import AgendaItem, Meeting, Minutes, Outcome
from bot.words import committee_key
from storage.conversations_repository import (
    ConversationRef,
    ConversationUser,
    UnknownCommittee,
    UnknownConversation,
    conversations_by_row_id,
    forget_conversation,
    get_conversation,
    link_committee,
    linked_committee,
    remember_conversation,
    unlink_committee,
)
from storage.database import alembic_config, create_engine, session_factory
from storage.deliveries_repository import reminder_targets
from storage.minutes_repository import list_committees, load_minutes, save_minutes
from storage.models import Conversation, ConversationUserRow

Sessions = async_sessionmaker[AsyncSession]

UDDANNELSE = "Følgegruppen for uddannelse og arbejde"
BESKAEFTIGELSE = "Fokusgruppen Sundhed & Beskæftigelse"
PSYKIATRI = "Fokusgruppen for Psykiatri og Misbrug"
T0 = dt.datetime(2025, 3, 4, 8, 15, tzinfo=dt.UTC)

CHANNEL = ConversationRef(
    channel_id="msteams",
    service_url="https://smba.trafficmanager.net/emea/",
    conversation_id="19:3f2a9c1e0b8d4e7f@thread.tacv2",
    conversation_type="channel",
    tenant_id="72f988bf-86f1-41af-91ab-2d7cd011db47",
    team_id="19:team0a1b2c@thread.tacv2",
    teams_channel_id="19:3f2a9c1e0b8d4e7f@thread.tacv2",
    bot_id="28:c9e8f7a6-1111-2222-3333-444455556666",
    bot_name="Mødeassistent",
    locale="da-DK",
)
GROUP_CHAT = ConversationRef(
    channel_id="msteams",
    service_url="https://smba.trafficmanager.net/emea/",
    conversation_id="19:meeting_NjQ5ZGIx@thread.v2",
    conversation_type="groupChat",
    tenant_id="72f988bf-86f1-41af-91ab-2d7cd011db47",
    team_id=None,
    teams_channel_id=None,
    bot_id="28:c9e8f7a6-1111-2222-3333-444455556666",
)
LINE = ConversationUser(
    user_id="29:1AbCdEf-line", aad_object_id="0b6a3c1e-aaaa-bbbb-cccc-000000000001", name="Line Brinch Christensen"
)
SOEREN = ConversationUser(user_id="29:1XyZ-soeren", aad_object_id=None, name="Søren Landkildehus")


def small_minutes(committee: str, day: dt.date = dt.date(2025, 2, 4)) -> Minutes:
    """One-item minutes of a committee, enough to store the committee."""
    return Minutes(
        source_name=f"Referat {committee} {day.isoformat()}.pdf",
        content_sha256=hashlib.sha256(f"{committee}|{day}".encode()).hexdigest(),
        meeting=Meeting(committee=committee, date=day, date_confidence=1.0, date_evidence=f"Dato: {day}"),
        items=[AgendaItem(number="1", title="Godkendelse af dagsorden", outcome=Outcome.APPROVED)],
        dates=[],
    )


async def add_committees(sessions: Sessions, *names: str) -> None:
    async with sessions.begin() as session:
        for name in names:
            await save_minutes(session, small_minutes(name), ingested_at=T0)


async def remember(
    sessions: Sessions, ref: ConversationRef = CHANNEL, user: ConversationUser | None = LINE, at: dt.datetime = T0
) -> int:
    async with sessions.begin() as session:
        return await remember_conversation(session, ref, user=user, seen_at=at)


async def get(sessions: Sessions, ref: ConversationRef = CHANNEL) -> ConversationRef | None:
    async with sessions() as session:
        return await get_conversation(session, channel_id=ref.channel_id, conversation_id=ref.conversation_id)


async def link(sessions: Sessions, committee: str, ref: ConversationRef = CHANNEL, at: dt.datetime = T0) -> str:
    async with sessions.begin() as session:
        return await link_committee(
            session,
            channel_id=ref.channel_id,
            conversation_id=ref.conversation_id,
            committee=committee,
            linked_by=LINE,
            linked_at=at,
        )


async def linked(sessions: Sessions, ref: ConversationRef = CHANNEL) -> str | None:
    async with sessions() as session:
        return await linked_committee(session, channel_id=ref.channel_id, conversation_id=ref.conversation_id)


async def for_committee(sessions: Sessions, committee: str) -> list[ConversationRef]:
    """The committee's linked conversations as reminders reach them: its targets, then their references."""
    async with sessions() as session:
        targets = (await reminder_targets(session)).get(committee_key(committee), [])
        return await conversations_by_row_id(session, [target.conversation_row_id for target in targets])


async def users(sessions: Sessions, ref: ConversationRef = CHANNEL) -> list[ConversationUser]:
    """The stored users of a conversation, in the order they were first seen."""
    async with sessions() as session:
        rows = await session.scalars(
            select(ConversationUserRow)
            .join(Conversation, ConversationUserRow.conversation_id == Conversation.id)
            .where(Conversation.channel_id == ref.channel_id, Conversation.conversation_id == ref.conversation_id)
            .order_by(ConversationUserRow.first_seen_at, ConversationUserRow.id)
        )
        return [ConversationUser(user_id=row.user_id, aad_object_id=row.aad_object_id, name=row.name) for row in rows]


async def rows(sessions: Sessions, model: type) -> list:
    async with sessions() as session:
        return list(await session.scalars(select(model).order_by(model.id)))


async def count(sessions: Sessions, model: type) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_remember_then_get_round_trip(sessions: Sessions) -> None:
    channel_row = await remember(sessions, CHANNEL)
    chat_row = await remember(sessions, GROUP_CHAT, user=None)

    assert isinstance(channel_row, int) and isinstance(chat_row, int) and channel_row != chat_row
    assert await get(sessions, CHANNEL) == CHANNEL
    assert await get(sessions, GROUP_CHAT) == GROUP_CHAT
    assert await get(sessions, replace(CHANNEL, conversation_id="19:other@thread.tacv2")) is None
    assert await get(sessions, replace(CHANNEL, channel_id="emulator")) is None


async def test_times_are_stored_as_utc(sessions: Sessions) -> None:
    local = dt.datetime(2025, 3, 4, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # CET

    await remember(sessions, at=local)

    [row] = await rows(sessions, Conversation)
    assert (row.created_at, row.updated_at, row.last_seen_at) == (T0, T0, T0)
    assert row.created_at.utcoffset() == dt.timedelta(0)
    assert row.active is True


async def test_remembering_again_updates_without_duplicates(sessions: Sessions) -> None:
    first = await remember(sessions)
    moved = replace(CHANNEL, service_url="https://smba.trafficmanager.net/emea/v2/", locale="en-US")

    again = await remember(sessions, moved, at=T0 + dt.timedelta(hours=1))

    assert again == first
    assert await get(sessions) == moved
    assert await count(sessions, Conversation) == 1
    [row] = await rows(sessions, Conversation)
    assert row.created_at == T0
    assert row.updated_at == row.last_seen_at == T0 + dt.timedelta(hours=1)


async def test_nothing_changed_moves_only_last_seen(sessions: Sessions) -> None:
    await remember(sessions)

    await remember(sessions, at=T0 + dt.timedelta(minutes=5))

    [row] = await rows(sessions, Conversation)
    assert row.updated_at == T0
    assert row.last_seen_at == T0 + dt.timedelta(minutes=5)


async def test_missing_optional_fields_keep_what_is_known(sessions: Sessions) -> None:
    # A conversationUpdate may come without locale or bot name.
    await remember(sessions)
    sparse = replace(CHANNEL, locale=None, bot_name=None, tenant_id=None, service_url="https://smba.example/new/")

    await remember(sessions, sparse, at=T0 + dt.timedelta(minutes=1))

    assert await get(sessions) == replace(CHANNEL, service_url="https://smba.example/new/")


async def test_older_information_does_not_overwrite_newer(sessions: Sessions) -> None:
    # Two replicas may handle a conversation's activities out of order.
    newer = replace(CHANNEL, service_url="https://smba.example/newer/")
    row_id = await remember(sessions, newer, at=T0 + dt.timedelta(minutes=10))

    assert await remember(sessions, CHANNEL, user=SOEREN, at=T0) == row_id

    assert await get(sessions) == newer
    [row] = await rows(sessions, Conversation)
    assert row.last_seen_at == T0 + dt.timedelta(minutes=10)
    assert SOEREN in await users(sessions)  # the user is still recorded


async def test_users_are_recorded_once_with_last_seen(sessions: Sessions) -> None:
    row_id = await remember(sessions, user=LINE, at=T0)
    await remember(sessions, user=SOEREN, at=T0 + dt.timedelta(minutes=1))
    renamed = replace(LINE, name="Line B. Christensen")
    await remember(sessions, user=renamed, at=T0 + dt.timedelta(minutes=2))
    await remember(sessions, user=None, at=T0 + dt.timedelta(minutes=3))
    # Same user, older activity handled late: last seen and name stay.
    await remember(sessions, user=replace(LINE, aad_object_id=None), at=T0 + dt.timedelta(seconds=30))

    assert await users(sessions) == [renamed, SOEREN]
    stored = {row.user_id: row for row in await rows(sessions, ConversationUserRow)}
    assert len(stored) == 2 and await count(sessions, ConversationUserRow) == 2
    assert stored[LINE.user_id].conversation_id == row_id
    assert stored[LINE.user_id].first_seen_at == T0
    assert stored[LINE.user_id].last_seen_at == T0 + dt.timedelta(minutes=2)
    assert stored[LINE.user_id].aad_object_id == LINE.aad_object_id
    assert stored[SOEREN.user_id].last_seen_at == T0 + dt.timedelta(minutes=1)


async def test_users_are_kept_per_conversation(sessions: Sessions) -> None:
    await remember(sessions, CHANNEL, user=LINE)
    await remember(sessions, GROUP_CHAT, user=SOEREN)

    assert await users(sessions, CHANNEL) == [LINE]
    assert await users(sessions, GROUP_CHAT) == [SOEREN]


async def test_concurrent_remember_of_a_new_conversation_stores_one_row(sessions: Sessions, database_url: str) -> None:
    replicas = 6
    on_postgres = database_url.startswith("postgresql")
    barrier = asyncio.Barrier(replicas)

    async def replica(n: int) -> int:
        async with sessions.begin() as session:
            if on_postgres:
                # Every transaction is open (and has read) before any of them inserts.
                await session.execute(text("SELECT 1"))
            # SQLite (WAL) cannot turn a read snapshot into a write after another writer
            # committed, so there the remember is the transaction's first statement and
            # the writers queue on the file lock.
            await barrier.wait()
            user = LINE if n % 2 else SOEREN
            return await remember_conversation(session, CHANNEL, user=user, seen_at=T0 + dt.timedelta(seconds=n))

    async with asyncio.timeout(60):
        ids = await asyncio.gather(*(replica(n) for n in range(replicas)))

    assert len(set(ids)) == 1
    assert await count(sessions, Conversation) == 1
    assert await get(sessions) == CHANNEL
    assert await count(sessions, ConversationUserRow) == 2
    [row] = await rows(sessions, Conversation)
    assert row.last_seen_at == T0 + dt.timedelta(seconds=replicas - 1)  # the newest wins, whatever the order


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (BESKAEFTIGELSE, BESKAEFTIGELSE),
        ("fokusgruppen sundhed", BESKAEFTIGELSE),
        ("Sundhed & Beskæftigelse", BESKAEFTIGELSE),
        ("sundhed og beskæftigelse", BESKAEFTIGELSE),
        ("  FOKUSGRUPPEN   Sundhed &   beskæftigelse ", BESKAEFTIGELSE),
        ("“Fokusgruppen Sundhed & Beskæftigelse”", BESKAEFTIGELSE),
        ("fokus beskæft", BESKAEFTIGELSE),
        ("følgegruppen", UDDANNELSE),
        ("uddannelse", UDDANNELSE),
        ("psykiatri", PSYKIATRI),
    ],
)
async def test_link_by_loose_name(sessions: Sessions, written: str, expected: str) -> None:
    await add_committees(sessions, UDDANNELSE, BESKAEFTIGELSE, PSYKIATRI)
    await remember(sessions)

    assert await link(sessions, written) == expected

    assert await linked(sessions) == expected
    assert await for_committee(sessions, expected) == [CHANNEL]
    [row] = await rows(sessions, Conversation)
    assert (row.linked_by_user_id, row.linked_by_name, row.linked_at) == (LINE.user_id, LINE.name, T0)


async def test_unique_prefix_wins_over_substring(sessions: Sessions) -> None:
    # "følgegruppen" starts one name and occurs inside another: the start decides.
    await add_committees(sessions, UDDANNELSE, BESKAEFTIGELSE, "Styregruppen for følgegruppen")
    await remember(sessions)

    assert await link(sessions, "følgegruppen") == UDDANNELSE


async def test_ambiguous_name_raises_naming_the_candidates(sessions: Sessions) -> None:
    await add_committees(sessions, UDDANNELSE, BESKAEFTIGELSE, PSYKIATRI)
    await remember(sessions)

    with pytest.raises(UnknownCommittee) as raised:
        await link(sessions, "Fokusgruppen")

    assert raised.value.ambiguous
    assert set(raised.value.candidates) == {BESKAEFTIGELSE, PSYKIATRI}
    message = str(raised.value)
    assert BESKAEFTIGELSE in message and PSYKIATRI in message and UDDANNELSE not in message
    assert "flere" in message
    assert await linked(sessions) is None


async def test_unknown_name_raises_listing_the_known_committees(sessions: Sessions) -> None:
    await add_committees(sessions, UDDANNELSE, BESKAEFTIGELSE)
    await remember(sessions)

    for written in ("Regionsrådet", "", "  "):
        with pytest.raises(UnknownCommittee) as raised:
            await link(sessions, written)
        assert not raised.value.ambiguous
        assert set(raised.value.candidates) == {UDDANNELSE, BESKAEFTIGELSE}
        assert UDDANNELSE in str(raised.value) and BESKAEFTIGELSE in str(raised.value)
    assert await linked(sessions) is None


async def test_unknown_name_without_any_committees_says_so(sessions: Sessions) -> None:
    await remember(sessions)

    with pytest.raises(UnknownCommittee) as raised:
        await link(sessions, "fokusgruppen")

    assert raised.value.candidates == ()
    assert "ingen referater" in str(raised.value)


async def test_link_needs_a_remembered_conversation(sessions: Sessions) -> None:
    await add_committees(sessions, UDDANNELSE)

    with pytest.raises(LookupError) as raised:
        await link(sessions, UDDANNELSE)

    assert isinstance(raised.value, UnknownConversation)
    assert not isinstance(raised.value, UnknownCommittee)


async def test_linking_again_replaces_and_unlink_removes(sessions: Sessions) -> None:
    await add_committees(sessions, UDDANNELSE, BESKAEFTIGELSE)
    await remember(sessions, CHANNEL)
    await remember(sessions, GROUP_CHAT)
    await link(sessions, "følgegruppen", CHANNEL)
    await link(sessions, "følgegruppen", GROUP_CHAT)

    assert await link(sessions, "sundhed", CHANNEL, at=T0 + dt.timedelta(days=1)) == BESKAEFTIGELSE
    assert await linked(sessions, CHANNEL) == BESKAEFTIGELSE
    assert await for_committee(sessions, UDDANNELSE) == [GROUP_CHAT]
    assert await for_committee(sessions, BESKAEFTIGELSE.upper()) == [CHANNEL]

    async with sessions.begin() as session:
        await unlink_committee(session, channel_id=CHANNEL.channel_id, conversation_id=CHANNEL.conversation_id)

    assert await linked(sessions, CHANNEL) is None
    assert await for_committee(sessions, BESKAEFTIGELSE) == []
    assert await linked(sessions, GROUP_CHAT) == UDDANNELSE
    assert await get(sessions, CHANNEL) == CHANNEL  # unlinking keeps the reference
    async with sessions() as session:
        assert sorted(await list_committees(session)) == sorted([UDDANNELSE, BESKAEFTIGELSE])


async def test_conversations_for_committee_lists_all_linked_active_ones(sessions: Sessions) -> None:
    await add_committees(sessions, UDDANNELSE, BESKAEFTIGELSE)
    personal = replace(GROUP_CHAT, conversation_id="a:1personalchat", conversation_type="personal")
    for ref in (CHANNEL, GROUP_CHAT, personal):
        await remember(sessions, ref)
    await link(sessions, "følgegruppen", CHANNEL)
    await link(sessions, "følgegruppen", personal)
    await link(sessions, "sundhed", GROUP_CHAT)

    assert await for_committee(sessions, UDDANNELSE) == [CHANNEL, personal]
    assert await for_committee(sessions, BESKAEFTIGELSE) == [GROUP_CHAT]
    assert await for_committee(sessions, "Regionsrådet") == []


async def test_forget_excludes_from_lookups_and_keeps_the_row(sessions: Sessions) -> None:
    await add_committees(sessions, UDDANNELSE)
    await remember(sessions, CHANNEL)
    await remember(sessions, GROUP_CHAT)
    await link(sessions, UDDANNELSE, CHANNEL)
    await link(sessions, UDDANNELSE, GROUP_CHAT)

    async with sessions.begin() as session:
        await forget_conversation(session, channel_id=CHANNEL.channel_id, conversation_id=CHANNEL.conversation_id)
        # Unknown conversations are ignored.
        await forget_conversation(session, channel_id="msteams", conversation_id="19:never@thread.tacv2")

    assert await get(sessions, CHANNEL) is None
    assert await for_committee(sessions, UDDANNELSE) == [GROUP_CHAT]
    assert await linked(sessions, CHANNEL) is None
    assert await users(sessions, CHANNEL) == [LINE]  # kept for audit
    with pytest.raises(UnknownConversation):
        await link(sessions, UDDANNELSE, CHANNEL)
    stored = {row.conversation_id: row for row in await rows(sessions, Conversation)}
    assert len(stored) == 2
    assert stored[CHANNEL.conversation_id].active is False
    assert stored[CHANNEL.conversation_id].committee_id is not None  # kept for audit
    assert await count(sessions, ConversationUserRow) == 2


async def test_remembering_a_forgotten_conversation_makes_it_active_again(sessions: Sessions) -> None:
    await add_committees(sessions, UDDANNELSE)
    row_id = await remember(sessions)
    await link(sessions, UDDANNELSE)
    async with sessions.begin() as session:
        await forget_conversation(session, channel_id=CHANNEL.channel_id, conversation_id=CHANNEL.conversation_id)

    # The bot is added back: the same row, active, with its link.
    assert await remember(sessions, at=T0 + dt.timedelta(days=2)) == row_id

    assert await get(sessions) == CHANNEL
    assert await for_committee(sessions, UDDANNELSE) == [CHANNEL]
    [row] = await rows(sessions, Conversation)
    assert row.updated_at == T0 + dt.timedelta(days=2)


async def test_naive_datetimes_are_refused(sessions: Sessions) -> None:
    await add_committees(sessions, UDDANNELSE)
    naive = dt.datetime(2025, 3, 4, 9, 15)

    with pytest.raises(ValueError, match="timezone-aware"):
        await remember(sessions, at=naive)
    assert await count(sessions, Conversation) == 0

    await remember(sessions)
    with pytest.raises(ValueError, match="timezone-aware"):
        await link(sessions, UDDANNELSE, at=naive)
    assert await linked(sessions) is None


async def test_an_error_in_the_callers_transaction_stores_nothing(sessions: Sessions) -> None:
    with pytest.raises(RuntimeError):
        async with sessions.begin() as session:
            await remember_conversation(session, CHANNEL, user=LINE, seen_at=T0)
            raise RuntimeError("the turn failed")

    assert await count(sessions, Conversation) == 0
    assert await count(sessions, ConversationUserRow) == 0


def _alembic(connection: Connection, action: str, revision: str) -> None:
    from alembic import command

    config = alembic_config(connection.engine.url.render_as_string(hide_password=False))
    config.attributes["connection"] = connection
    getattr(command, action)(config, revision)


async def _migrate(engine: AsyncEngine, action: str, revision: str) -> None:
    # As storage.database.upgrade does it: one transaction on a connection handed to env.py.
    async with engine.connect() as connection, connection.begin():
        await connection.run_sync(_alembic, action, revision)


def _schema_differences(connection: Connection) -> list:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_migration_0002_upgrades_a_database_with_minutes(database_url: str) -> None:
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    try:
        # Minutes are stored with today's code, then the schema is taken back to 0001 (as a
        # database from before conversations existed) and brought forward again.
        await _migrate(engine, "upgrade", "head")
        await add_committees(sessions, UDDANNELSE, BESKAEFTIGELSE)
        async with sessions() as session:
            before = await load_minutes(session)
        await _migrate(engine, "downgrade", "0001")

        await _migrate(engine, "upgrade", "head")

        async with engine.connect() as connection:
            assert await connection.run_sync(_schema_differences) == []
            version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
        assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
        async with sessions() as session:
            assert await load_minutes(session) == before
        await remember(sessions)
        assert await link(sessions, "sundhed") == BESKAEFTIGELSE

        await _migrate(engine, "downgrade", "0001")

        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
            documents = (await connection.execute(text("SELECT count(*) FROM minutes_documents"))).scalar_one()
        assert "conversations" not in tables and "conversation_users" not in tables
        assert documents == len(before)
    finally:
        await engine.dispose()
