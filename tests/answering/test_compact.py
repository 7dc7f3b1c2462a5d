"""Minutes in compact form read back as they were parsed, one at a time, whatever their number."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from bot.answering import Answerer
from bot.answering.compact import CompactMinutes, compacted
from bot.minutes.model import DateKind, Meeting, Minutes, Section, SectionKind
from bot.minutes.read import read_minutes
from tests.answering.handmade import item, mention
from tests.seeds import dated

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds() -> list[Minutes]:
    files = sorted(SEEDS.glob("*.txt"))
    if len(files) < 2:
        pytest.skip("seed minutes not available")
    return [dated(read_minutes(path)) for path in files]


def _minutes(n: int, words: int = 40) -> Minutes:
    day = dt.date(2024, 1, 1) + dt.timedelta(days=n)
    deadline = mention(day + dt.timedelta(days=30), DateKind.DEADLINE, "om en måned", "Frist om en måned.", "1")
    first = item("1", f"Budget {n}", dates=[deadline])
    first.sections = [Section(SectionKind.REFERAT, "Beslutning", " ".join(f"ord{n}x{i}" for i in range(words)))]
    second = item("2.1", "Eventuelt")
    meeting = Meeting("Teknisk Udvalg", day, 1.0, f"Mødedato {day}")
    return Minutes(f"møde_{n}.txt", f"sha{n}", meeting, [first, second], [deadline])


def test_the_seeds_read_back_as_parsed(seeds: list[Minutes]) -> None:
    originals = copy.deepcopy(seeds)
    compact = list(compacted(seeds))
    for original, kept in zip(originals, compact, strict=True):
        assert kept.items == tuple(original.items)
        assert kept.expand_items() == original.items
        assert kept.item_numbers() == [i.number for i in original.items]
        assert (kept.source_name, kept.meeting, kept.dates, kept.kind) == (
            original.source_name,
            original.meeting,
            original.dates,
            original.kind,
        )
        number = original.items[-1].number
        assert kept.item(number) == original.item(number)
        assert kept.item("999") is None


def test_an_items_dates_are_the_minutes_own_mentions() -> None:
    kept = next(compacted([_minutes(1)]))
    assert kept.items[0].dates[0] is kept.dates[0]
    # Expanded anew, the item is another object; its mention is the same one.
    assert kept.expand_items()[0].dates[0] is kept.dates[0]


def test_a_mention_missing_from_the_minutes_dates_is_kept_apart() -> None:
    minutes = _minutes(1)
    apart = mention(dt.date(2024, 5, 1), DateKind.EVENT, "1. maj", "Den 1. maj.", "2.1")
    minutes.items[1].dates = [apart]
    kept = next(compacted([minutes]))
    assert kept.items[1].dates == [apart]
    assert kept.dates == [minutes.dates[0]]
    assert apart in kept.item_mentions()


def test_many_minutes_come_out_in_order_and_compact_ones_pass_through() -> None:
    made = [_minutes(n, words=400) for n in range(40)]
    expected = copy.deepcopy(made)
    already = next(compacted([_minutes(99)]))
    # The first minutes wait for the shared dictionary; the order is kept all the same.
    out = list(compacted([*made[:3], already, *made[3:]]))
    assert out[3] is already
    del out[3]
    assert [m.source_name for m in out] == [m.source_name for m in expected]
    assert all(m.items == tuple(e.items) for m, e in zip(out, expected, strict=True))


def test_long_and_short_items_read_back_each_on_its_own() -> None:
    minutes = _minutes(1)
    # Items of some kilobytes and of a few words, so that they are compressed in several pieces.
    for n in range(3, 9):
        long = item(str(n), f"Punkt {n}", referat=" ".join(f"ord{n}x{i}" for i in range(100 * n)))
        minutes.items += [long, item(f"{n}.1", "Kort punkt", referat="Taget til efterretning.")]
    expected = copy.deepcopy(minutes.items)
    kept = next(compacted([minutes]))
    assert [kept.item_at(i) for i in reversed(range(kept.item_count))] == expected[::-1]
    assert kept.expand_items() == expected
    assert kept.item("8.1") == expected[-1]


def test_minutes_without_items() -> None:
    minutes = _minutes(1)
    minutes.items = []
    kept = next(compacted([minutes]))
    assert kept.items == ()
    assert kept.item_numbers() == []
    assert kept.item_count == 0
    with pytest.raises(IndexError):
        kept.item_at(0)


def test_an_answerer_takes_minutes_one_at_a_time_and_answers_as_from_a_list(seeds: list[Minutes]) -> None:
    asked = "Hvornår er fristen for besvarelse af spørgeskemaerne?"
    today = dt.date(2021, 2, 15)
    from_list = Answerer(copy.deepcopy(seeds)).answer(asked, today=today)
    from_iterator = Answerer(iter(copy.deepcopy(seeds))).answer(asked, today=today)
    assert from_list.answered
    assert from_iterator == from_list
    # Compact minutes from one index make another (a scoped answerer) without being packed again.
    first = Answerer(seeds)
    again = Answerer(first.index.minutes)
    assert all(a is b for a, b in zip(first.index.minutes, again.index.minutes, strict=True))
    assert isinstance(again.index.minutes[0], CompactMinutes)
