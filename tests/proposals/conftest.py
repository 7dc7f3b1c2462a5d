"""Fixtures for the proposals tests: seed minutes, a migrated database per backend, people."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.minutes.model import Minutes
from bot.minutes.read import read_minutes
from bot.proposals.model import Person
from storage.database import create_engine, session_factory, upgrade, writing
from storage.minutes_repository import save_minutes
from tests.seeds import dated

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
SEED_000 = SEEDS / "000_ff41c34304ad259a.txt"
SEED_002 = SEEDS / "002_d275c62a07e34f7d.txt"
UDDANNELSE = "Følgegruppen for uddannelse og arbejde"  # seed 000
BESKAEFTIGELSE = "Fokusgruppen Sundhed & Beskæftigelse"  # seed 002
INGESTED_AT = dt.datetime(2021, 2, 5, 12, 0, tzinfo=dt.UTC)

MEMBER = Person(user_id="29:1member-anne", aad_object_id="0b6a3c1e-aaaa-bbbb-cccc-000000000001", name="Anne Member")
OTHER = Person(user_id="29:1other-bo", aad_object_id="0b6a3c1e-aaaa-bbbb-cccc-000000000002", name="Bo Andersen")
SECRETARY = Person(
    user_id="29:1secretary-line", aad_object_id="0b6a3c1e-aaaa-bbbb-cccc-00000000000a", name="Line Brinch Christensen"
)


@pytest.fixture(scope="session")
def seed000() -> Minutes:
    return dated(read_minutes(SEED_000))


@pytest.fixture(scope="session")
def seed002() -> Minutes:
    return read_minutes(SEED_002)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await upgrade(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


async def ingest(sessions: async_sessionmaker[AsyncSession], *minutes: Minutes) -> None:
    """Store minutes as the ingest command does."""
    async with writing(sessions) as session:
        for one in minutes:
            await save_minutes(session, one, ingested_at=INGESTED_AT)
