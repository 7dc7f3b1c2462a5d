"""The index's snapshot: loaded only for the minutes it was made from, and the answers are the same."""

from __future__ import annotations

import copy
import datetime as dt
import zlib
from pathlib import Path

import pytest

from bot.answering import Answerer
from bot.minutes.model import Minutes
from bot.minutes.read import read_minutes
from tests.seeds import dated

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
TODAY = dt.date(2021, 2, 15)
QUESTIONS = [
    "Hvornår er fristen for besvarelse af spørgeskemaerne?",
    "Hvorfor blev prøvehandlingerne udskudt?",
    "Hvornår er næste møde i fokusgruppen?",
    "Hvem repræsenterer Struer, Holstebro og Lemvig?",
    "What was decided about the terms of reference?",
    "Hvad blev besluttet om parkeringspladserne ved rådhuset?",
    "Hvilke frister er der i februar 2021?",
]


@pytest.fixture(scope="module")
def seeds() -> list[Minutes]:
    files = sorted(SEEDS.glob("*.txt"))
    if len(files) < 2:
        pytest.skip("seed minutes not available")
    return [dated(read_minutes(path)) for path in files]


@pytest.fixture(scope="module")
def built(seeds: list[Minutes]) -> Answerer:
    return Answerer(seeds)


def answers(answerer: Answerer) -> list[dict]:
    return [answerer.answer(q, today=TODAY).to_json() for q in QUESTIONS]


def test_an_index_loaded_from_its_snapshot_answers_as_the_built_one(seeds, built) -> None:
    snapshot = built.index.snapshot()

    loaded = Answerer(list(reversed(seeds)), snapshot=snapshot)  # the index orders the minutes itself

    assert not built.index.from_snapshot and loaded.index.from_snapshot
    assert answers(loaded) == answers(built)
    assert any(a["answered"] for a in answers(loaded)) and not all(a["answered"] for a in answers(loaded))
    assert loaded.index.snapshot() == snapshot  # the same postings, to the bit


def test_a_snapshot_of_other_minutes_is_not_used(seeds, built) -> None:
    snapshot = built.index.snapshot()
    changed = copy.deepcopy(seeds)
    changed[0].items[0].sections[0].text += " Et tilføjet ord: hundeskov."

    assert not Answerer(changed, snapshot=snapshot).index.from_snapshot
    assert not Answerer(seeds[:1], snapshot=snapshot).index.from_snapshot


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-40] + bytes(b ^ 0xFF for b in data[-40:]),  # bytes flipped
        lambda data: b"",
        lambda data: b"not a snapshot at all",
        lambda data: data.split(b"\n", 1)[0] + b"\n" + zlib.compress(b"\x10\x00\x00\x00{}"),  # a wrong header
    ],
)
def test_a_damaged_snapshot_means_a_build_not_an_error(seeds, built, damage) -> None:
    answerer = Answerer(seeds, snapshot=damage(built.index.snapshot()))

    assert not answerer.index.from_snapshot
    assert answers(answerer) == answers(built)
