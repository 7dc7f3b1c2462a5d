"""Reading in the bounded worker (bot/minutes/worker.py): a file over the memory or time bound is refused by
name, the worker is replaced so the next file reads, and nothing of the refused file is stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.knowledge import Knowledge
from bot.minutes.errors import UnreadableDocument
from bot.minutes.limits import DEFAULT_READ_LIMITS
from bot.minutes.worker import read_bounded
from storage.database import create_engine, session_factory, upgrade

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "002_d275c62a07e34f7d.txt"
SMALL_MEMORY = replace(DEFAULT_READ_LIMITS, memory_mb=150)  # a seed needs under 100


@pytest.fixture
def lines(tmp_path: Path) -> Path:
    """40 MB of one short word: under the 50 MB file limit, far more than 150 MB as Python objects."""
    path = tmp_path / "mange_ord.txt"
    path.write_bytes(b"ord " * 10_000_000)
    return path


async def test_a_file_over_the_memory_bound_is_refused_by_name_and_the_next_one_reads(lines: Path) -> None:
    with pytest.raises(UnreadableDocument) as refused:
        await read_bounded(lines, SMALL_MEMORY)
    assert "mange_ord.txt" in str(refused.value) and "150 MB hukommelse" in str(refused.value)

    minutes = await read_bounded(SEED, SMALL_MEMORY)
    assert minutes.meeting.committee == "Fokusgruppen Sundhed & Beskæftigelse"


async def test_a_read_over_the_time_bound_is_refused_by_name_and_the_next_one_reads() -> None:
    with pytest.raises(UnreadableDocument) as refused:
        await read_bounded(SEED, replace(DEFAULT_READ_LIMITS, seconds=0.001))
    assert SEED.name in str(refused.value) and "sekunder" in str(refused.value)

    assert (await read_bounded(SEED, DEFAULT_READ_LIMITS)).items


async def test_a_page_nested_too_deep_is_refused_by_name(tmp_path: Path) -> None:
    page = tmp_path / "dyb.html"
    page.write_text("<div>" * 100_000 + "1. Punkt" + "</div>" * 100_000)
    with pytest.raises(UnreadableDocument) as refused:
        await read_bounded(page, DEFAULT_READ_LIMITS)
    assert "dyb.html" in str(refused.value) and "lag inde i hinanden" in str(refused.value)


async def test_a_refused_file_stores_nothing(tmp_path: Path, lines: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    await upgrade(engine)
    knowledge = Knowledge(session_factory(engine), FixedClock(dt.datetime(2021, 2, 15, 10, tzinfo=dt.UTC)))
    try:
        with pytest.raises(UnreadableDocument):
            await knowledge.ingest(lines, limits=SMALL_MEMORY)
        assert await knowledge.is_empty()
        await knowledge.ingest(SEED, limits=SMALL_MEMORY)
        assert not await knowledge.is_empty()
    finally:
        await knowledge.aclose()
        await engine.dispose()
