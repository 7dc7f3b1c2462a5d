"""The proposals storage contract, run against every backend (SQLite file and PostgreSQL).

Uses the ``engine``/``sessions`` fixtures of tests/storage/conftest.py, parametrised by the
``database_url`` fixture, like test_conversations_repository.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.minutes.model import AgendaItem, Meeting, Minutes, Outcome
from bot.minutes.read import read_minutes
from bot.proposals.model import Person, ProposalDraft, ProposalStatus
from storage.database import alembic_config, create_engine, session_factory, writing
from storage.minutes_repository import load_minutes, save_minutes
from storage.models import ProposalEventRow, ProposalRow
from storage.proposals_repository import (
    MeetingSource,
    add_event,
    add_secretary,
    cutoff_days,
    find_committee,
    get_proposal,
    insert_proposal,
    meeting_sources,
    proposal_by_activity,
    proposal_events,
    proposals_by_submitter,
    proposals_for_committee,
    remove_secretary,
    secretaries_of,
    set_cutoff_days,
    update_meeting,
    update_status,
)

Sessions = async_sessionmaker[AsyncSession]

SEED_002 = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "002_d275c62a07e34f7d.txt"
UDDANNELSE = "Følgegruppen for uddannelse og arbejde"
BESKAEFTIGELSE = "Fokusgruppen Sundhed & Beskæftigelse"
T0 = dt.datetime(2025, 3, 4, 8, 15, tzinfo=dt.UTC)
ANNE = Person("29:1anne", "0b6a3c1e-aaaa-bbbb-cccc-000000000001", "Anne Member")
LINE = Person("29:1line", "0b6a3c1e-aaaa-bbbb-cccc-00000000000a", "Line Brinch Christensen")
DRAFT = ProposalDraft(
    title="Status på IPS – “job først”",
    description="Erfaringer fra Ringkøbing-Skjern",
    presenter="Kim U Christensen",
    minutes_needed=20,
    material_url="https://www.rm.dk/ips.pdf",
)


def small_minutes(committee: str, day: dt.date = dt.date(2025, 2, 4)) -> Minutes:
    return Minutes(
        source_name=f"Referat {committee} {day.isoformat()}.pdf",
        content_sha256=hashlib.sha256(f"{committee}|{day}".encode()).hexdigest(),
        meeting=Meeting(committee=committee, date=day, date_confidence=1.0, date_evidence=f"Dato: {day}"),
        items=[AgendaItem(number="1", title="Godkendelse af dagsorden", outcome=Outcome.APPROVED)],
        dates=[],
    )


async def add_committees(sessions: Sessions, *names: str) -> dict[str, int]:
    async with writing(sessions) as session:
        for name in names:
            await save_minutes(session, small_minutes(name), ingested_at=T0)
        return {name: (await find_committee(session, name))[0] for name in names}  # type: ignore[index]  # the committees exist in this test


async def insert(
    sessions: Sessions,
    committee_id: int,
    *,
    activity: str = "1741076100000",
    conversation: str = "a:1personal",
    by: Person = ANNE,
    at: dt.datetime = T0,
    meeting: dt.date = dt.date(2025, 4, 1),
    rolled_over_from: dt.date | None = None,
) -> int | None:
    async with writing(sessions) as session:
        return await insert_proposal(
            session,
            committee_id=committee_id,
            meeting_date=meeting,
            rolled_over_from=rolled_over_from,
            draft=DRAFT,
            submitter=by,
            submitted_at=at,
            channel_id="msteams",
            conversation_id=conversation,
            activity_id=activity,
        )


async def count(sessions: Sessions, model: type) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_find_committee_ignores_case_and_spacing(sessions: Sessions) -> None:
    ids = await add_committees(sessions, UDDANNELSE)
    async with sessions() as session:
        assert await find_committee(session, "  følgegruppen FOR uddannelse   og arbejde ") == (
            ids[UDDANNELSE],
            UDDANNELSE,
        )
        assert await find_committee(session, "følgegruppen") is None


async def test_insert_then_read_round_trip(sessions: Sessions) -> None:
    ids = await add_committees(sessions, BESKAEFTIGELSE)
    proposal_id = await insert(sessions, ids[BESKAEFTIGELSE], rolled_over_from=dt.date(2025, 3, 10))
    assert proposal_id is not None

    async with sessions() as session:
        stored = await get_proposal(session, proposal_id)
        by_activity = await proposal_by_activity(
            session, channel_id="msteams", conversation_id="a:1personal", activity_id="1741076100000"
        )
    assert stored == by_activity
    assert stored is not None
    assert stored.rolled_over_from == dt.date(2025, 3, 10)  # the committee: by name, below
    proposal = stored.proposal
    assert proposal.committee == BESKAEFTIGELSE
    assert proposal.meeting_date == dt.date(2025, 4, 1)
    fields = (proposal.title, proposal.description, proposal.presenter, proposal.minutes_needed, proposal.material_url)
    assert fields == (DRAFT.title, DRAFT.description, DRAFT.presenter, DRAFT.minutes_needed, DRAFT.material_url)
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.submitter == ANNE
    assert proposal.submitted_at == T0 and proposal.submitted_at.tzinfo is not None
    assert (proposal.decided_by, proposal.decided_at, proposal.reason) == (None, None, None)
    async with sessions() as session:
        assert await get_proposal(session, proposal_id + 1000) is None


async def test_the_same_activity_inserts_once(sessions: Sessions) -> None:
    ids = await add_committees(sessions, BESKAEFTIGELSE)
    first = await insert(sessions, ids[BESKAEFTIGELSE])

    assert await insert(sessions, ids[BESKAEFTIGELSE]) is None
    # Another conversation, or another activity, is another proposal.
    assert await insert(sessions, ids[BESKAEFTIGELSE], conversation="19:x@thread.tacv2") not in (None, first)
    assert await insert(sessions, ids[BESKAEFTIGELSE], activity="1741076100001") not in (None, first)
    assert await count(sessions, ProposalRow) == 3


async def test_concurrent_inserts_of_one_activity_store_one_row(sessions: Sessions) -> None:
    ids = await add_committees(sessions, BESKAEFTIGELSE)

    results = await asyncio.gather(*(insert(sessions, ids[BESKAEFTIGELSE]) for _ in range(8)))

    assert len([r for r in results if r is not None]) == 1
    assert await count(sessions, ProposalRow) == 1


async def test_naive_datetimes_are_refused(sessions: Sessions) -> None:
    ids = await add_committees(sessions, BESKAEFTIGELSE)
    naive = dt.datetime(2025, 3, 4, 9, 15)
    with pytest.raises(ValueError, match="timezone-aware"):
        await insert(sessions, ids[BESKAEFTIGELSE], at=naive)
    proposal_id = await insert(sessions, ids[BESKAEFTIGELSE])
    async with writing(sessions) as session:
        with pytest.raises(ValueError, match="timezone-aware"):
            await update_status(session, proposal_id, ProposalStatus.ACCEPTED, at=naive, decided_by=LINE)
        with pytest.raises(ValueError, match="timezone-aware"):
            await add_event(session, proposal_id, at=naive, actor=LINE, action="accepted", details={})
    assert await count(sessions, ProposalEventRow) == 0


async def test_lists_by_submitter_and_by_committee(sessions: Sessions) -> None:
    ids = await add_committees(sessions, BESKAEFTIGELSE, UDDANNELSE)
    hour = dt.timedelta(hours=1)
    a = await insert(sessions, ids[BESKAEFTIGELSE], activity="a", at=T0)
    b = await insert(sessions, ids[UDDANNELSE], activity="b", at=T0 + hour)
    c = await insert(sessions, ids[BESKAEFTIGELSE], activity="c", at=T0 + 2 * hour, meeting=dt.date(2025, 5, 1))
    d = await insert(sessions, ids[BESKAEFTIGELSE], activity="d", at=T0 + 3 * hour, by=LINE)
    async with writing(sessions) as session:
        await update_status(session, c, ProposalStatus.WITHDRAWN, at=T0 + 4 * hour, decided_by=None)

    async with sessions() as session:
        mine = await proposals_by_submitter(session, ANNE)
        mine_all = await proposals_by_submitter(session, ANNE, exclude=())
        mine_here = await proposals_by_submitter(session, ANNE, committee=BESKAEFTIGELSE.upper())
        # Another registration's user id, the same Entra object id.
        same_person = await proposals_by_submitter(session, Person("29:1other", ANNE.aad_object_id, None))
        pending = await proposals_for_committee(session, BESKAEFTIGELSE, statuses=[ProposalStatus.PENDING])
        in_may = await proposals_for_committee(
            session, BESKAEFTIGELSE, statuses=list(ProposalStatus), meeting_date=dt.date(2025, 5, 1)
        )
    assert [p.id for p in mine] == [b, a]
    assert [p.id for p in mine_all] == [c, b, a]
    assert [p.id for p in mine_here] == [a]
    assert [p.id for p in same_person] == [b, a]
    assert [p.id for p in pending] == [a, d]
    assert [p.id for p in in_may] == [c]


async def test_status_and_meeting_updates(sessions: Sessions) -> None:
    ids = await add_committees(sessions, BESKAEFTIGELSE)
    proposal_id = await insert(sessions, ids[BESKAEFTIGELSE])
    later = T0 + dt.timedelta(days=1)

    async with writing(sessions) as session:
        await update_status(session, proposal_id, ProposalStatus.REJECTED, at=later, decided_by=LINE, reason="Nej tak")
        await update_meeting(session, proposal_id, dt.date(2025, 6, 2), at=later)
        # Read back inside the same transaction: no stale identity-map copy.
        inside = await get_proposal(session, proposal_id, for_update=True)
    async with sessions() as session:
        stored = await get_proposal(session, proposal_id)
    assert inside == stored
    proposal = stored.proposal
    assert (proposal.status, proposal.decided_by, proposal.decided_at, proposal.reason) == (
        ProposalStatus.REJECTED,
        LINE,
        later,
        "Nej tak",
    )
    assert proposal.meeting_date == dt.date(2025, 6, 2)

    async with writing(sessions) as session:
        await update_status(session, proposal_id, ProposalStatus.PENDING, at=later, decided_by=None)
    async with sessions() as session:
        proposal = (await get_proposal(session, proposal_id)).proposal
    assert (proposal.status, proposal.decided_by, proposal.decided_at, proposal.reason) == (
        ProposalStatus.PENDING,
        None,
        None,
        None,
    )


async def test_audit_trail_round_trip(sessions: Sessions) -> None:
    ids = await add_committees(sessions, BESKAEFTIGELSE)
    proposal_id = await insert(sessions, ids[BESKAEFTIGELSE])
    other_id = await insert(sessions, ids[BESKAEFTIGELSE], activity="other")
    details = {"from": "pending", "reason": "Hører til “psykiatri” – æøå", "nested": {"n": [1, 2]}}

    async with writing(sessions) as session:
        await add_event(session, proposal_id, at=T0, actor=ANNE, action="submitted", details={})
        await add_event(
            session, proposal_id, at=T0 + dt.timedelta(hours=1), actor=LINE, action="rejected", details=details
        )
        await add_event(session, other_id, at=T0, actor=ANNE, action="submitted", details={})

    async with sessions() as session:
        trail = await proposal_events(session, proposal_id)
    assert [(e.proposal_id, e.action, e.actor, e.at) for e in trail] == [
        (proposal_id, "submitted", ANNE, T0),
        (proposal_id, "rejected", LINE, T0 + dt.timedelta(hours=1)),
    ]
    assert trail[1].details == details


async def test_secretaries_and_cutoff_settings(sessions: Sessions) -> None:
    ids = await add_committees(sessions, BESKAEFTIGELSE, UDDANNELSE)
    one, two = "0b6a3c1e-aaaa-bbbb-cccc-000000000002", "0b6a3c1e-aaaa-bbbb-cccc-000000000001"

    async with writing(sessions) as session:
        assert await add_secretary(session, ids[BESKAEFTIGELSE], one, added_by="admin", added_at=T0) is True
        assert await add_secretary(session, ids[BESKAEFTIGELSE], one, added_by="admin", added_at=T0) is False
        assert await add_secretary(session, ids[BESKAEFTIGELSE], two, added_by="config", added_at=T0) is True
        assert await add_secretary(session, ids[UDDANNELSE], one, added_by="admin", added_at=T0) is True
    async with sessions() as session:
        assert await secretaries_of(session, "fokusgruppen sundhed & beskæftigelse") == sorted([one, two])
    async with writing(sessions) as session:
        assert await remove_secretary(session, ids[BESKAEFTIGELSE], one) is True
        assert await remove_secretary(session, ids[BESKAEFTIGELSE], one) is False
    async with sessions() as session:
        assert await secretaries_of(session, BESKAEFTIGELSE) == [two]
        assert await secretaries_of(session, UDDANNELSE) == [one]
        assert await cutoff_days(session, ids[BESKAEFTIGELSE]) is None

    async with writing(sessions) as session:
        await set_cutoff_days(session, ids[BESKAEFTIGELSE], 5, by=LINE, at=T0)
    async with writing(sessions) as session:
        await set_cutoff_days(session, ids[BESKAEFTIGELSE], 0, by=LINE, at=T0)
    async with sessions() as session:
        assert await cutoff_days(session, ids[BESKAEFTIGELSE]) == 0
        assert await cutoff_days(session, ids[UDDANNELSE]) is None


async def test_meeting_sources_from_stored_minutes(sessions: Sessions) -> None:
    async with writing(sessions) as session:
        await save_minutes(session, read_minutes(SEED_002), ingested_at=T0)

    async with sessions() as session:
        sources = await meeting_sources(session, "fokusgruppen sundhed & beskæftigelse")
        assert await meeting_sources(session, UDDANNELSE) == []

    held = dt.date(2020, 9, 2)
    assert sources[0] == MeetingSource(
        held, "minutes", dt.time(9, 0), dt.time(12, 0), "Byrådssalen, Rådhusgade 2, Lemvig", None, None, held
    )
    calendar = [(s.date, s.kind, s.start_time, s.end_time, s.sentence, s.written_on) for s in sources[1:]]
    assert calendar == [
        (
            dt.date(2021, 2, 11),
            "calendar",
            dt.time(8, 30),
            dt.time(12, 0),
            "Torsdag d 11. februar 2021 kl 8.30-12.00 (HEV)",
            held,
        ),
        (
            dt.date(2021, 5, 27),
            "calendar",
            dt.time(12, 30),
            dt.time(16, 0),
            "Torsdag d 27. maj 2021 kl 12.30-16.00 (Lemvig)",
            held,
        ),
        (
            dt.date(2021, 9, 7),
            "calendar",
            dt.time(8, 30),
            dt.time(12, 0),
            "Tirsdag d 7. september 2021 kl 8.30-12.00 (HEV)",
            held,
        ),
        (
            dt.date(2021, 12, 8),
            "calendar",
            dt.time(12, 30),
            dt.time(16, 0),
            "Onsdag d 8. december kl 12.30-16.00 (Lemvig)",
            held,
        ),
    ]


async def test_an_error_in_the_callers_transaction_stores_nothing(sessions: Sessions) -> None:
    ids = await add_committees(sessions, BESKAEFTIGELSE)
    with pytest.raises(RuntimeError):
        async with writing(sessions) as session:
            proposal_id = await insert_proposal(
                session,
                committee_id=ids[BESKAEFTIGELSE],
                meeting_date=dt.date(2025, 4, 1),
                rolled_over_from=None,
                draft=DRAFT,
                submitter=ANNE,
                submitted_at=T0,
                channel_id="msteams",
                conversation_id="c",
                activity_id="a",
            )
            await add_event(session, proposal_id, at=T0, actor=ANNE, action="submitted", details={})
            raise RuntimeError("the turn failed")
    assert await count(sessions, ProposalRow) == 0
    assert await count(sessions, ProposalEventRow) == 0


def _alembic(connection: Connection, action: str, revision: str) -> None:
    from alembic import command

    from storage.database import alembic_config

    config = alembic_config(connection.engine.url.render_as_string(hide_password=False))
    config.attributes["connection"] = connection
    getattr(command, action)(config, revision)


async def _migrate(engine: AsyncEngine, action: str, revision: str) -> None:
    async with engine.connect() as connection, connection.begin():
        await connection.run_sync(_alembic, action, revision)


def _schema_differences(connection: Connection) -> list:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


PROPOSAL_TABLES = {"proposals", "proposal_events", "committee_secretaries", "committee_proposal_settings"}


async def test_migration_0003_upgrades_a_database_with_minutes(database_url: str) -> None:
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    try:
        # Minutes are stored with today's code, then the schema is taken back to 0002 (as a
        # database from before proposals existed) and brought forward again.
        await _migrate(engine, "upgrade", "head")
        await add_committees(sessions, UDDANNELSE, BESKAEFTIGELSE)
        async with sessions() as session:
            before = await load_minutes(session)
        await _migrate(engine, "downgrade", "0002")

        # To head, not "0003": the models include tables of later migrations (as the 0002 test does).
        await _migrate(engine, "upgrade", "head")

        async with engine.connect() as connection:
            assert await connection.run_sync(_schema_differences) == []
            version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
        assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
        async with sessions() as session:
            assert await load_minutes(session) == before
            committee_id, _ = await find_committee(session, BESKAEFTIGELSE)
        assert await insert(sessions, committee_id) is not None

        await _migrate(engine, "downgrade", "0002")

        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
            documents = (await connection.execute(text("SELECT count(*) FROM minutes_documents"))).scalar_one()
        assert not tables & PROPOSAL_TABLES
        assert {"conversations", "committees", "meetings"} <= tables
        assert documents == len(before)
    finally:
        await engine.dispose()
