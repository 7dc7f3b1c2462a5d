"""Bounded work per question: long words are neither stemmed nor split, and every cache on the
question path has a fixed size, so no question leaves memory behind.

Sizes are counted (cache entries, resident memory), never timed.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import resource
from pathlib import Path

import pytest

from bot.answering.answer import Answerer
from bot.answering.text import CompoundSplitter, stem, stem_cache_size
from bot.limits import MAX_WORD_CHARS, SPLIT_CACHE_SIZE, STEM_CACHE_SIZE
from bot.minutes.read import read_minutes
from tests.seeds import dated

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
TODAY = dt.date(2021, 2, 15)
MIB = 2**20


def resident_bytes() -> int:
    """The process's resident memory now (not its peak, which earlier tests may have set)."""
    statm = Path("/proc/self/statm")
    if not statm.is_file():
        pytest.skip("resident memory is read from /proc (Linux)")
    return int(statm.read_text().split()[1]) * resource.getpagesize()


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip("seed minutes not available")
    return Answerer([dated(read_minutes(path)) for path in seeds])


def distinct_words(count: int, length: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice("abdefgiklmnoprstuvæøå") for _ in range(length)) for _ in range(count)]


def test_a_word_over_the_limit_is_its_own_stem_and_no_compound() -> None:
    splitter = CompoundSplitter({stem("sundhed"), stem("projekt")})
    assert splitter.split("sundhedsprojektet") == (stem("sundhed"), stem("projekt"))
    long_compound = "sundheds" + "projekt" * 7  # 57 letters of known parts
    assert len(long_compound) > MAX_WORD_CHARS
    assert splitter.split(long_compound) == ()
    assert stem(long_compound) == long_compound
    before = stem_cache_size()
    stem("a" * 28_000)
    assert stem_cache_size() == before  # not cached either


def test_one_long_word_and_many_distinct_long_words_leave_the_caches_bounded(answerer: Answerer) -> None:
    answerer.answer("Hvornår er fristen for besvarelse af spørgeskemaerne?", today=TODAY)
    splitter = answerer.index.splitter
    stems_before, splits_before = stem_cache_size(), splitter.cache_size()
    gc.collect()
    resident_before = resident_bytes()

    answer = answerer.answer("a" * 28_000, today=TODAY)  # one 28 KB word
    assert not answer.answered
    for n in range(10):  # 200 distinct 1,000-letter words, 200 KB in all
        answerer.answer(" ".join(distinct_words(20, 1_000, seed=n)), today=TODAY)
    # Words over the limit add nothing to either cache.
    assert (stem_cache_size(), splitter.cache_size()) == (stems_before, splits_before)

    for n in range(40):  # 20,000 distinct words just under the limit: the caches fill and stay full
        answerer.answer(" ".join(distinct_words(500, MAX_WORD_CHARS, seed=100 + n)), today=TODAY)
    assert stem_cache_size() == STEM_CACHE_SIZE
    assert splitter.cache_size() == SPLIT_CACHE_SIZE
    gc.collect()
    # Full caches of words at the limit hold some tens of MiB; the unbounded ones grew by ~755 MiB
    # for the single 28 KB word alone.
    assert resident_bytes() - resident_before < 96 * MIB

    # The answers are unchanged by what filled the caches.
    answer = answerer.answer("Hvornår er fristen for besvarelse af spørgeskemaerne?", today=TODAY)
    assert answer.answered and "22. februar" in answer.answer
