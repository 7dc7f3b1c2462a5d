"""Fixtures for the calendar tests: a migrated SQLite database per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.calendar.service import Calendar
from bot.clock import FixedClock
from storage.database import create_engine, session_factory, upgrade

SECRETARY = "0b6a3c1e-aaaa-bbbb-cccc-00000000000a"


async def only_the_secretary(committee: str, aad_object_id: str | None) -> bool:
    return aad_object_id == SECRETARY


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url)
    await upgrade(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


@pytest.fixture
def calendar(sessions: async_sessionmaker[AsyncSession], clock: FixedClock) -> Calendar:
    """The calendar service, changed only by ``SECRETARY``, on the test module's ``clock``."""
    return Calendar(sessions, clock, is_secretary=only_the_secretary)
