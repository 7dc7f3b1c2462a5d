"""Every regular expression applied to what members write is linear in its length.

Work is not timed here: ``tests/linear_regex.py`` reads each parsed pattern and reports the shapes
that make Python's backtracking engine super-linear (ambiguous repeats, rescans from every start of
a search). The check is itself tested on the patterns that backtracked before (a 28 KB "tilknyt
!!!…" held the event loop for seconds; "flyt mødet" + spaces was cubic). ``bench/worst_message.py``
prints the measured handling time per message length.

The patterns checked are every compiled pattern at module level in the dialogs, the @mention
handling and the question's parsing (intents, query, the English phrase table, two-part
questions), and every pattern the question's parsing compiles on the fly (read from ``re``'s cache
after parsing questions of every kind).
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re

import pytest

import dialogs
from bot.answering import intents
from bot.answering.query import classify
from bot.conversations import ConversationKey, ConversationUser
from dialogs.router import ROUTES
from dialogs.turn import Turn
from tests.linear_regex import problems

_MODULES = (
    *(f"dialogs.{m.name}" for m in pkgutil.iter_modules(dialogs.__path__)),
    "bot.teams.handler",
    "bot.answering.intents",
    "bot.answering.query",
    "bot.answering.vocabulary",
    "bot.answering.answer",
)
QUESTIONS = (
    "Hvornår er næste møde?",
    "Hvad blev besluttet om puljen til prøvehandlinger den 2. september 2020?",
    "Hvilke frister er der i december?",
    "Hvem var fraværende på mødet 15/5-2023?",
    "Hvornår er temadagen, og hvornår er der frist for tilmelding?",
    "Hvad skal på dagsordenen til mødet den 19. januar 2027?",
    "Hvilke møder er der i 1. kvartal 2027 efter sommerferien?",
    "What did the city council decide about the metro on October 8, 2025?",
    "When does the working group meet again in spring 2026?",
    "Blev aftalen forlænget?",
)


def _patterns_in(value: object) -> list[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        return [value]
    if isinstance(value, (tuple, list)):
        return [p for item in value for p in _patterns_in(item)]
    return []


def patterns_over_members_text() -> list[re.Pattern[str]]:
    found: dict[tuple[str, int], re.Pattern[str]] = {}
    for name in _MODULES:
        for value in vars(importlib.import_module(name)).values():
            for pattern in _patterns_in(value):
                found[(pattern.pattern, pattern.flags)] = pattern
    re.purge()
    for question in QUESTIONS:
        classify(question, today=dt.date(2026, 11, 23))
    for pattern in re._cache.values():  # type: ignore[attr-defined]  # compiled on the fly while parsing
        if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
            found[(pattern.pattern, pattern.flags)] = pattern
    return sorted(found.values(), key=lambda p: p.pattern)


PATTERNS = patterns_over_members_text()


@pytest.mark.parametrize(
    "pattern",
    [
        r"^referatmappe(?:\s+(?P<rest>.*?))?\s*[.!]*$",  # the old command tail: quadratic
        r"^flyt\s+mødet?\s+(?P<old>.+?)\s+(?:til|to)\s+(?P<new>.+)$",  # the old move: cubic in spaces
        r"<at[^>]*>(.*?)</at>",  # the old mention tag: rescans from every "<at"
        r"\b(mødes|\w*møde)\b.*\b(igen|næste gang)\b",  # the old intent: rescans from every "møde"
        r",?\s+(?:og|and)\s+(?=hvad\b)",  # rescans runs of spaces
        r"^(a+)+$",  # nested repeats: exponential
        r"^(?:\s*[:\-–]\s*|\s+|$)(?P<title>.*)$",
    ],
)
def test_the_check_finds_the_patterns_that_backtracked(pattern: str) -> None:
    assert problems(re.compile(pattern, re.IGNORECASE | re.DOTALL))


@pytest.mark.parametrize(
    "pattern",
    [
        r"^referatmappe(?![^\s.!])(?P<rest>.*)$",
        r"<at(?:\s[^<>]*+)?>([^<]*+)</at>",
        r"\b(behandl\w*|drøft\w*|tage[rs]? stilling)\b",  # word-bounded repeats stay inside a word
        r"^\w{4,}(?:es|ede)$",
        r"^(?:vis|show)\s+(?:punkt|item)\s+(?P<number>\d+(?:\.\d+)*)",
        r"https://[^\s\"'<>]+",  # runs to the end: a search that reaches it has matched
    ],
)
def test_the_check_passes_linear_patterns(pattern: str) -> None:
    assert problems(re.compile(pattern, re.IGNORECASE)) == []


def test_the_patterns_are_found() -> None:
    sources = {p.pattern for p in PATTERNS}
    assert len(PATTERNS) > 100
    assert intents.WHY_RE.pattern in sources
    assert any("tilknyt" in s for s in sources) and any("referatmappe" in s for s in sources)
    assert any("MONTH" not in s and "kvartal" in s for s in sources)  # compiled on the fly by the parsing


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:60])
def test_every_pattern_over_members_text_is_linear(pattern: re.Pattern[str]) -> None:
    assert problems(pattern) == []


# --- the commands still read what they read, at the worst lengths -------------------------------

LONG = 16_000


def turn(text: str) -> Turn:
    return Turn(
        text=text,
        language="da",
        key=ConversationKey("msteams", "a:bounds"),
        conversation_type="personal",
        user=ConversationUser("29:member", None, None),
        received_at=dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC),
    )


def routed(text: str) -> tuple[str, dict] | None:
    for route in ROUTES:
        args = route.matcher(turn(text))
        if args is not None:
            return route.dialog_id, dict(args)
    return None


@pytest.mark.parametrize(
    ("text", "dialog", "args"),
    [
        ("tilknyt udvalg Fokusgruppen" + "!" * LONG, "link_committee", {"committee": "Fokusgruppen"}),
        ("referatmappe" + "!." * (LONG // 2), "graph_status", {"committee": ""}),
        ("påmind mig om Fokusgruppen" + " " * LONG + "!", "reminders_opt_in", {"committee": "Fokusgruppen"}),
        ("vis punkt 3 i referat.txt" + " " * LONG, "show_item", {"document": "referat.txt", "item_number": "3"}),
        (
            "flyt mødet 5. maj" + " " * LONG + "til 6. maj",
            "change_meeting",
            {"action": "move", "old": "5. maj", "new": "6. maj"},
        ),
    ],
)
def test_commands_with_long_runs_read_as_before(text: str, dialog: str, args: dict) -> None:
    assert routed(text) == (dialog, args)


@pytest.mark.parametrize("unit", ["møde ", "mødes igen ", "næste gang ", "!.", "(", "<at ", " "])
def test_intents_of_long_repetitive_questions(unit: str) -> None:
    text = unit * (LONG // len(unit))
    # Decided like the short question of the same words (the table is the same for both).
    assert intents.intent_of(text, None) == intents.intent_of(unit * 3, None)
