"""The calendar service over SQLite: filled from minutes, kept by secretaries, .ics in and out."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.model import (
    SOURCE_MINUTES,
    SOURCE_SECRETARY,
    STATUS_CANCELLED,
    MalformedCalendar,
    NotSecretary,
    UnknownMeeting,
)
from bot.calendar.service import Calendar
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.knowledge import Knowledge
from bot.minutes.model import Minutes
from bot.minutes.read import read_minutes
from bot.proposals.meetings import known_meetings
from tests.calendar.conftest import SECRETARY
from tests.seeds import dated

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
UDDANNELSE = "Følgegruppen for uddannelse og arbejde"  # seed 000
BESKAEFTIGELSE = "Fokusgruppen Sundhed & Beskæftigelse"  # seed 002
MEMBER = "0b6a3c1e-aaaa-bbbb-cccc-000000000001"
NOW = dt.datetime(2021, 1, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def seed000() -> Minutes:
    return dated(read_minutes(SEEDS / "000_ff41c34304ad259a.txt"))


@pytest.fixture(scope="module")
def seed002() -> Minutes:
    return read_minutes(SEEDS / "002_d275c62a07e34f7d.txt")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def knowledge(
    sessions: async_sessionmaker[AsyncSession], clock: FixedClock, calendar: Calendar
) -> AsyncIterator[Knowledge]:
    knowledge = Knowledge(sessions, clock, on_ingested=calendar.sync_from_minutes)
    calendar.on_change(knowledge.forget_calendar)  # as bot/services.py wires them
    yield knowledge
    await knowledge.aclose()


def local(meeting) -> tuple[dt.date, dt.time | None, str | None]:
    return meeting.local_date, meeting.local_start, meeting.place


async def test_ingested_minutes_fill_the_calendar(
    knowledge: Knowledge, calendar: Calendar, seed000: Minutes, seed002: Minutes
) -> None:
    await knowledge.ingest_minutes(seed002)
    await knowledge.ingest_minutes(seed000)

    assert [local(m) for m in await calendar.upcoming(BESKAEFTIGELSE)] == [
        (dt.date(2021, 2, 11), dt.time(8, 30), "HEV"),
        (dt.date(2021, 5, 27), dt.time(12, 30), "Lemvig"),
        (dt.date(2021, 9, 7), dt.time(8, 30), "HEV"),
        (dt.date(2021, 12, 8), dt.time(12, 30), "Lemvig"),
    ]
    beskaeftigelse = await calendar.meetings(BESKAEFTIGELSE)
    # The minutes' own meeting (past) is in the calendar too, with its written time and place.
    assert local(beskaeftigelse[0]) == (
        dt.date(2020, 9, 2),
        dt.time(9, 0),
        "Byrådssalen, Rådhusgade 2, Lemvig",
    )
    assert {m.source for m in beskaeftigelse} == {SOURCE_MINUTES}
    uddannelse = await calendar.upcoming(UDDANNELSE)
    assert [(m.local_date, m.all_day) for m in uddannelse] == [
        (dt.date(2021, 2, 4), True),
        (dt.date(2021, 4, 13), True),
    ]
    # 9:00 in February is 8:00 UTC (CET).
    assert beskaeftigelse[1].starts_at == dt.datetime(2021, 2, 11, 7, 30, tzinfo=dt.UTC)
    assert beskaeftigelse[1].ends_at == dt.datetime(2021, 2, 11, 11, 0, tzinfo=dt.UTC)
    both = await calendar.upcoming()
    assert [m.local_date for m in both][:2] == [
        dt.date(2021, 2, 4),
        dt.date(2021, 2, 11),
    ]


async def test_upcoming_starts_at_local_today(calendar: Calendar, clock: FixedClock, seed002: Minutes) -> None:
    await calendar.sync_from_minutes(seed002)
    # 23:30 UTC on 10 February is already 11 February in Copenhagen.
    clock.advance(dt.datetime(2021, 2, 10, 23, 30, tzinfo=dt.UTC) - NOW)
    assert (await calendar.upcoming(BESKAEFTIGELSE))[0].local_date == dt.date(2021, 2, 11)
    clock.advance(dt.timedelta(days=1))
    assert (await calendar.upcoming(BESKAEFTIGELSE))[0].local_date == dt.date(2021, 5, 27)


async def test_resync_is_idempotent(calendar: Calendar, seed002: Minutes) -> None:
    assert await calendar.sync_from_minutes(seed002) == 5
    first = await calendar.meetings(BESKAEFTIGELSE)
    assert await calendar.sync_from_minutes(seed002) == 0
    assert await calendar.meetings(BESKAEFTIGELSE) == first
    assert len({m.uid for m in first}) == 5


async def test_a_secretarys_move_and_cancel_survive_a_resync(calendar: Calendar, seed002: Minutes) -> None:
    await calendar.sync_from_minutes(seed002)
    moved = await calendar.move(BESKAEFTIGELSE, dt.date(2021, 5, 27), dt.date(2021, 6, 3), by=SECRETARY)
    assert (moved.local_date, moved.local_start, moved.source) == (
        dt.date(2021, 6, 3),
        dt.time(12, 30),
        SOURCE_SECRETARY,
    )
    cancelled = await calendar.cancel(BESKAEFTIGELSE, dt.date(2021, 9, 7), by=SECRETARY)
    assert cancelled.status == STATUS_CANCELLED

    await calendar.sync_from_minutes(seed002)

    days = [m.local_date for m in await calendar.upcoming(BESKAEFTIGELSE)]
    assert days == [dt.date(2021, 2, 11), dt.date(2021, 6, 3), dt.date(2021, 12, 8)]
    async with calendar._sessions() as session:  # the proposals' view of the meetings agrees
        known = [m.date for m in await known_meetings(session, BESKAEFTIGELSE)]
    assert known == [
        dt.date(2020, 9, 2),
        dt.date(2021, 2, 11),
        dt.date(2021, 6, 3),
        dt.date(2021, 12, 8),
    ]


async def test_a_secretary_adds_a_meeting(calendar: Calendar, seed002: Minutes) -> None:
    await calendar.sync_from_minutes(seed002)
    added = await calendar.add(
        BESKAEFTIGELSE,
        dt.date(2021, 3, 4),
        start=dt.time(9),
        end=dt.time(12),
        place="Regionshuset",
        by=SECRETARY,
    )
    assert (added.local_date, added.local_start, added.local_end, added.place) == (
        dt.date(2021, 3, 4),
        dt.time(9),
        dt.time(12),
        "Regionshuset",
    )
    assert dt.date(2021, 3, 4) in [m.local_date for m in await calendar.upcoming(BESKAEFTIGELSE)]


async def test_adding_a_meeting_on_a_day_the_minutes_announce_keeps_one_meeting(
    calendar: Calendar, seed002: Minutes
) -> None:
    await calendar.sync_from_minutes(seed002)  # 27 May 2021 at 12:30 in Lemvig, from the minutes
    added = await calendar.add(
        BESKAEFTIGELSE, dt.date(2021, 5, 27), start=dt.time(10), end=dt.time(12), place="Regionshuset", by=SECRETARY
    )
    await calendar.sync_from_minutes(seed002)  # the secretary's times survive a resync, as a move does

    on_the_day = [m for m in await calendar.upcoming(BESKAEFTIGELSE) if m.local_date == dt.date(2021, 5, 27)]
    assert [(local(m), m.source) for m in on_the_day] == [
        ((dt.date(2021, 5, 27), dt.time(10), "Regionshuset"), SOURCE_SECRETARY)
    ]
    assert on_the_day[0].uid == added.uid

    # A second meeting that day is the secretary's to add: a committee may meet twice in a day.
    await calendar.add(BESKAEFTIGELSE, dt.date(2021, 5, 27), start=dt.time(14), end=dt.time(15), by=SECRETARY)
    starts = [m.local_start for m in await calendar.upcoming(BESKAEFTIGELSE) if m.local_date == dt.date(2021, 5, 27)]
    assert starts == [dt.time(10), dt.time(14)]


async def test_a_non_secretary_is_refused(calendar: Calendar, seed002: Minutes) -> None:
    await calendar.sync_from_minutes(seed002)
    before = await calendar.meetings(BESKAEFTIGELSE)
    with pytest.raises(NotSecretary, match="sekretær"):
        await calendar.add(BESKAEFTIGELSE, dt.date(2021, 3, 4), by=MEMBER)
    with pytest.raises(NotSecretary):
        await calendar.move(BESKAEFTIGELSE, dt.date(2021, 5, 27), dt.date(2021, 6, 3), by=MEMBER)
    with pytest.raises(NotSecretary):
        await calendar.cancel(BESKAEFTIGELSE, dt.date(2021, 5, 27), by=None)
    with pytest.raises(NotSecretary):
        await calendar.import_ics("Andet udvalg", await calendar.export_ics(BESKAEFTIGELSE), by=MEMBER)
    assert await calendar.meetings(BESKAEFTIGELSE) == before


async def test_moving_a_meeting_that_is_not_there(calendar: Calendar, seed002: Minutes) -> None:
    await calendar.sync_from_minutes(seed002)
    with pytest.raises(UnknownMeeting, match="intet planlagt møde"):
        await calendar.move(BESKAEFTIGELSE, dt.date(2021, 5, 28), dt.date(2021, 6, 3), by=SECRETARY)


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    # After the spring change (28 March 2021), still summer time (the autumn change was 31 October
    # 2021, not before 25 October), and after the autumn change.
    [(dt.date(2021, 3, 29), 7), (dt.date(2021, 10, 25), 7), (dt.date(2021, 11, 1), 8)],
)
async def test_local_nine_oclock_across_dst(calendar: Calendar, day: dt.date, utc_hour: int) -> None:
    added = await calendar.add(BESKAEFTIGELSE, day, start=dt.time(9), end=dt.time(11), by=SECRETARY)
    assert added.starts_at == dt.datetime.combine(day, dt.time(utc_hour), tzinfo=dt.UTC)
    assert added.starts_at.astimezone(COMMITTEE_TZ).time() == dt.time(9)
    exported = (await calendar.export_ics(BESKAEFTIGELSE)).decode()
    assert f"DTSTART;TZID=Europe/Copenhagen:{day:%Y%m%d}T090000" in exported
    assert f"DTEND;TZID=Europe/Copenhagen:{day:%Y%m%d}T110000" in exported
    assert "BEGIN:VTIMEZONE" in exported


async def test_ics_round_trip_into_another_committee(calendar: Calendar, seed000: Minutes, seed002: Minutes) -> None:
    await calendar.sync_from_minutes(seed002)
    await calendar.sync_from_minutes(seed000)
    await calendar.cancel(BESKAEFTIGELSE, dt.date(2021, 9, 7), by=SECRETARY)
    data = await calendar.export_ics(BESKAEFTIGELSE)

    counts = await calendar.import_ics("Kopiudvalget", data, by=SECRETARY)

    def shape(meetings):
        return [(m.starts_at, m.ends_at, m.all_day, m.place, m.status, m.uid) for m in meetings]

    assert (counts.added, counts.updated, counts.unchanged) == (5, 0, 0)
    assert shape(await calendar.meetings("Kopiudvalget")) == shape(await calendar.meetings(BESKAEFTIGELSE))
    again = await calendar.import_ics("Kopiudvalget", data, by=SECRETARY)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    # All-day meetings survive the trip as all-day.
    uddannelse = await calendar.export_ics(UDDANNELSE)
    assert b"DTSTART;VALUE=DATE:20210413" in uddannelse
    await calendar.import_ics("Kopi 2", uddannelse, by=SECRETARY)
    assert shape(await calendar.meetings("Kopi 2")) == shape(await calendar.meetings(UDDANNELSE))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"dette er ikke en kalender", "kan ikke læses som iCalendar"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20210304T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "mangler UID",
        ),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@y\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "mangler starttidspunkt",
        ),
    ],
)
async def test_a_malformed_ics_is_refused_with_its_problem(calendar: Calendar, data: bytes, problem: str) -> None:
    with pytest.raises(MalformedCalendar, match=problem):
        await calendar.import_ics(BESKAEFTIGELSE, data, by=SECRETARY)
    assert await calendar.meetings(BESKAEFTIGELSE) == []
