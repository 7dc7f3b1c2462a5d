"""Questions about meetings follow the calendar: a secretary's change is in the next answer (real SQLite file)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.service import Calendar
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.knowledge import Knowledge
from tests.calendar.conftest import SECRETARY
from tests.calendar.test_service import BESKAEFTIGELSE, SEEDS, UDDANNELSE
from tests.seeds import seed_date

SEED_UDD = SEEDS / "000_ff41c34304ad259a.txt"  # Følgegruppen for uddannelse og arbejde: next meeting 13 April 2021
SEED_FOKUS = SEEDS / "002_d275c62a07e34f7d.txt"  # Fokusgruppen Sundhed & Beskæftigelse: 2021 meeting calendar
QUESTION = "Hvornår er næste møde?"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2021, 2, 15, 12, 0, tzinfo=COMMITTEE_TZ))


@pytest.fixture
async def knowledge(
    sessions: async_sessionmaker[AsyncSession], clock: FixedClock, calendar: Calendar
) -> AsyncIterator[Knowledge]:
    knowledge = Knowledge(sessions, clock, on_ingested=calendar.sync_from_minutes)
    calendar.on_change(knowledge.forget_calendar)  # as bot/services.py wires them
    await knowledge.ingest(SEED_UDD, meeting_date=seed_date(SEED_UDD))
    await knowledge.ingest(SEED_FOKUS)
    yield knowledge
    await knowledge.aclose()


async def test_a_meeting_the_secretary_moves_is_the_next_answer(
    knowledge: Knowledge, calendar: Calendar, sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    before = await knowledge.ask(QUESTION, committee=UDDANNELSE)
    assert before.answer == (
        f"Næste møde i {UDDANNELSE} er 13. april 2021 (fra referatet af 4. februar 2021, punkt 4.1)."
    )
    assert before.sources[0].document == SEED_UDD.name

    await calendar.move(
        UDDANNELSE, dt.date(2021, 4, 13), dt.date(2021, 4, 20), start=dt.time(9), end=dt.time(12), by=SECRETARY
    )

    after = await knowledge.ask(QUESTION, committee=UDDANNELSE)
    assert after.answer == (
        f"Næste møde i {UDDANNELSE} er 20. april 2021 kl. 09.00-12.00 (ifølge mødekalenderen, ændret af sekretariatet)."
    )
    assert [(d.date, d.kind) for d in after.dates] == [(dt.date(2021, 4, 20), "next_meeting")]
    # No new minutes: the index was not rebuilt, the calendar is read for the question.
    assert knowledge.index_version == 2
    # Another process over the same file (the CLI, a replica) answers the same.
    other = Knowledge(sessions, clock)
    try:
        assert (await other.ask(QUESTION, committee=UDDANNELSE)).answer == after.answer
    finally:
        await other.aclose()


async def test_a_cancelled_next_meeting_is_said_with_the_one_after(knowledge: Knowledge, calendar: Calendar) -> None:
    await calendar.cancel(BESKAEFTIGELSE, dt.date(2021, 5, 27), by=SECRETARY)

    result = await knowledge.ask("Hvornår er næste møde i fokusgruppen?")

    assert result.answer == (
        f"Mødet i {BESKAEFTIGELSE} den 27. maj 2021 er aflyst; "
        "næste møde er 7. september 2021 kl. 08.30-12.00, HEV (fra referatet af 2. september 2020, punkt 10)."
    )
    english = await knowledge.ask("When is the next meeting?", committee=BESKAEFTIGELSE)
    assert english.answer.startswith(f"The meeting of {BESKAEFTIGELSE} on 27 May 2021 is cancelled; the next")


async def test_a_meeting_the_secretary_adds_is_listed_for_the_period(knowledge: Knowledge, calendar: Calendar) -> None:
    await calendar.add(
        UDDANNELSE, dt.date(2021, 6, 10), start=dt.time(13), end=dt.time(15), place="Regionshuset", by=SECRETARY
    )

    result = await knowledge.ask("Hvilke møder er der i 2021?", committee=UDDANNELSE)

    assert result.answer.splitlines()[:4] == [
        f"Møder i {UDDANNELSE} i 2021:",
        "• 4. februar 2021 (afholdt)",
        "• 13. april 2021",
        "• 10. juni 2021 kl. 13.00-15.00, Regionshuset (ændret af sekretariatet)",
    ]
