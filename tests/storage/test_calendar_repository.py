"""The calendar storage contract, run against every backend (SQLite file and PostgreSQL).

Uses the ``engine``/``sessions`` fixtures of tests/storage/conftest.py, parametrised by the
``database_url`` fixture, like test_proposals_repository.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.calendar_repository import (
    committee_row,
    committees_with_meetings,
    insert_meeting,
    meeting_by_uid,
    meetings_of,
    update_meeting,
)
from storage.database import alembic_config, create_engine, writing

Sessions = async_sessionmaker[AsyncSession]
T0 = dt.datetime(2021, 1, 10, 12, 0, tzinfo=dt.UTC)
SPRING = dt.datetime(2021, 3, 29, 7, 0, tzinfo=dt.UTC)  # 09:00 in Copenhagen, summer time
AUTUMN = dt.datetime(2021, 11, 1, 8, 0, tzinfo=dt.UTC)  # 09:00 in Copenhagen, winter time


async def add(sessions: Sessions, committee: str, uid: str, starts_at: dt.datetime, **fields) -> int:
    async with writing(sessions) as session:
        committee_id, _ = await committee_row(session, committee, create=True)  # type: ignore[misc]  # with create=True a row is always returned
        defaults = {
            "ends_at": None,
            "all_day": False,
            "place": None,
            "source": "secretary",
        }
        return await insert_meeting(
            session,
            committee_id,
            uid=uid,
            starts_at=starts_at,
            at=T0,
            **{**defaults, **fields},
        )


async def test_committee_row_finds_in_any_case_and_creates_only_when_asked(
    sessions: Sessions,
) -> None:
    async with writing(sessions) as session:
        assert await committee_row(session, "Kopiudvalget") is None
        created = await committee_row(session, "  Kopiudvalget ", create=True)
    async with sessions() as session:
        assert await committee_row(session, "KOPIUDVALGET") == created
    assert created is not None and created[1] == "Kopiudvalget"


async def test_meetings_round_trip_as_utc_and_by_start(sessions: Sessions) -> None:
    await add(
        sessions,
        "Udvalg A",
        "autumn@x",
        AUTUMN,
        ends_at=AUTUMN + dt.timedelta(hours=3),
        place="Regionshuset",
    )
    await add(
        sessions,
        "Udvalg A",
        "spring@x",
        SPRING,
        source="minutes",
        origin_date=dt.date(2021, 3, 29),
    )
    await add(sessions, "Udvalg B", "other@x", T0, all_day=True, source="import")

    async with sessions() as session:
        stored = await meetings_of(session, "udvalg a")
    assert [s.meeting.uid for s in stored] == ["spring@x", "autumn@x"]
    spring, autumn = stored
    assert spring.meeting.starts_at == SPRING and spring.meeting.starts_at.tzinfo == dt.UTC
    assert (spring.origin_date, spring.meeting.source, spring.meeting.status) == (
        dt.date(2021, 3, 29),
        "minutes",
        "planned",
    )
    assert (autumn.meeting.ends_at, autumn.meeting.place, autumn.origin_date) == (
        AUTUMN + dt.timedelta(hours=3),
        "Regionshuset",
        None,
    )
    assert autumn.meeting.committee == "Udvalg A"
    async with sessions() as session:
        assert [s.meeting.uid for s in await meetings_of(session)] == [
            "other@x",
            "spring@x",
            "autumn@x",
        ]
        assert [s.meeting.uid for s in await meetings_of(session, since=SPRING + dt.timedelta(seconds=1))] == [
            "autumn@x"
        ]


async def test_update_and_filter_by_status(sessions: Sessions) -> None:
    meeting_id = await add(sessions, "Udvalg A", "m@x", SPRING)
    later = T0 + dt.timedelta(days=1)
    async with writing(sessions) as session:
        await update_meeting(session, meeting_id, at=later, status="cancelled", updated_by="line")
    async with sessions() as session:
        assert await meetings_of(session, "Udvalg A", statuses=["planned"]) == []
        committee_id, _ = await committee_row(session, "Udvalg A")  # type: ignore[misc]  # with create=True a row is always returned
        found = await meeting_by_uid(session, committee_id, "m@x")
        assert await meeting_by_uid(session, committee_id, "none@x") is None
    assert found is not None and found.meeting.status == "cancelled"


async def test_meetings_before_an_instant_and_the_committees_that_have_any(sessions: Sessions) -> None:
    await add(sessions, "Udvalg B", "autumn@x", AUTUMN, status="cancelled")
    await add(sessions, "Udvalg A", "spring@x", SPRING)
    async with writing(sessions) as session:
        await committee_row(session, "Udvalg uden møder", create=True)
    async with sessions() as session:
        assert [s.meeting.uid for s in await meetings_of(session, before=AUTUMN)] == ["spring@x"]
        both = await meetings_of(session, since=SPRING, before=AUTUMN + dt.timedelta(seconds=1))
        assert [s.meeting.uid for s in both] == ["spring@x", "autumn@x"]
        assert await committees_with_meetings(session) == ["Udvalg A", "Udvalg B"]


async def test_refuses_bad_values(sessions: Sessions) -> None:
    with pytest.raises(ValueError, match="source"):
        await add(sessions, "Udvalg A", "m@x", SPRING, source="rumour")
    with pytest.raises(ValueError, match="naive"):
        await add(sessions, "Udvalg A", "m@x", SPRING.replace(tzinfo=None))
    meeting_id = await add(sessions, "Udvalg A", "m@x", SPRING)
    async with writing(sessions) as session:
        with pytest.raises(ValueError, match="not updatable"):
            await update_meeting(session, meeting_id, at=T0, uid="other")


async def test_a_uid_is_unique_per_committee_only(sessions: Sessions) -> None:
    await add(sessions, "Udvalg A", "same@x", SPRING)
    await add(sessions, "Udvalg B", "same@x", SPRING)  # an import into another committee
    with pytest.raises(IntegrityError):
        await add(sessions, "Udvalg A", "same@x", AUTUMN)


def _alembic(connection: Connection, action: str, revision: str) -> None:
    from alembic import command

    config = alembic_config(connection.engine.url.render_as_string(hide_password=False))
    config.attributes["connection"] = connection
    getattr(command, action)(config, revision)


async def test_migration_0004_upgrades_and_downgrades(database_url: str) -> None:
    engine: AsyncEngine = create_engine(database_url)
    try:
        async with engine.connect() as connection, connection.begin():
            await connection.run_sync(_alembic, "upgrade", "0003")
        async with engine.connect() as connection, connection.begin():
            await connection.run_sync(_alembic, "upgrade", "head")
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
            version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
        assert "calendar_meetings" in tables
        assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
        async with engine.connect() as connection, connection.begin():
            await connection.run_sync(_alembic, "downgrade", "0003")
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        assert "calendar_meetings" not in tables and {"committees", "proposals"} <= tables
    finally:
        await engine.dispose()
