"""A database that held minutes before the calendar existed: the calendar is filled from them once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.model import SOURCE_MINUTES
from bot.calendar.service import Calendar
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.knowledge import Knowledge
from tests.calendar.conftest import SECRETARY
from tests.calendar.test_service import BESKAEFTIGELSE, SEEDS, UDDANNELSE
from tests.seeds import seed_date


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2021, 2, 15, 12, 0, tzinfo=COMMITTEE_TZ))


@pytest.fixture
async def minutes_without_calendar(sessions: async_sessionmaker[AsyncSession], clock: FixedClock) -> None:
    """The seeds stored as before the calendar: no on_ingested hook, so no calendar rows."""
    knowledge = Knowledge(sessions, clock)
    for seed in sorted(SEEDS.glob("*.txt")):
        await knowledge.ingest(seed, meeting_date=seed_date(seed))
    await knowledge.aclose()


@pytest.mark.usefixtures("minutes_without_calendar")
async def test_the_calendar_is_filled_from_stored_minutes_once(
    sessions: async_sessionmaker[AsyncSession], clock: FixedClock, calendar: Calendar
) -> None:
    assert await calendar.meetings(BESKAEFTIGELSE) == []
    knowledge = Knowledge(sessions, clock)
    calendar.on_change(knowledge.forget_calendar)  # as bot/services.py wires them
    try:
        # An empty calendar: the minutes answer, as before the calendar existed.
        plain = await knowledge.ask("Hvornår er næste møde?", committee=UDDANNELSE)
        assert plain.answer == f"Næste møde i {UDDANNELSE} er 13. april 2021."

        # Seed 002: its own meeting and four 2021 meetings; seed 000: its own meeting and 13 April.
        assert await calendar.fill_from_stored_minutes() == 7
        assert [m.local_date for m in await calendar.meetings(BESKAEFTIGELSE)] == [
            dt.date(2020, 9, 2),
            dt.date(2021, 2, 11),
            dt.date(2021, 5, 27),
            dt.date(2021, 9, 7),
            dt.date(2021, 12, 8),
        ]
        assert {m.source for m in await calendar.meetings(UDDANNELSE)} == {SOURCE_MINUTES}
        filled = await knowledge.ask("Hvornår er næste møde?", committee=UDDANNELSE)
        assert filled.answer == (
            f"Næste møde i {UDDANNELSE} er 13. april 2021 (fra referatet af 4. februar 2021, punkt 4.1)."
        )
        assert filled.sources == plain.sources

        # Once: a committee with calendar meetings is left alone, a secretary's cancellation too.
        await calendar.cancel(UDDANNELSE, dt.date(2021, 4, 13), by=SECRETARY)
        before = await calendar.meetings(UDDANNELSE)
        assert await calendar.fill_from_stored_minutes() == 0
        assert await calendar.meetings(UDDANNELSE) == before
        cancelled = await knowledge.ask("Hvornår er næste møde?", committee=UDDANNELSE)
        assert cancelled.answer.startswith(f"Mødet i {UDDANNELSE} den 13. april 2021 er aflyst")
    finally:
        await knowledge.aclose()
