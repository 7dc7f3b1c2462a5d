""""Hvem …?": people, parties and organisations.

A sentence with names scores; when the question asks who dissented ("kunne ikke tiltræde",
"tog forbehold", "stemte imod", "deltog ikke", "could not support"), the sentence that
records the dissent, in the decision section, is the answer rather than the recommendation.
"""

from __future__ import annotations

import re

from bot.minutes.model import SectionKind

NAME_RE = re.compile(r"\b[A-ZÆØÅ][a-zæøåé]+(?:\s+[A-ZÆØÅ][a-zæøåé]+)+")
# A party letter in parentheses: "(Ø)", "(V)", "(UP-1)".
_PARTY_RE = re.compile(r"\([A-ZÆØÅ]{1,3}(?:-\d)?\)")
DISSENT_RE = re.compile(
    r"\b(kunne ikke tiltræde|kan ikke tiltræde|ikke kunne tiltræde|tog forbehold|tager forbehold|forbehold|"
    r"stemte imod|stemmer imod|imod stemte|undlod|deltog ikke|deltager ikke|ikke til stede|mindretal\w*|"
    r"could not support|voted against|against|abstained|did not take part|reservations?)\b",
    re.I,
)


def asks_dissent(text: str) -> bool:
    """Whether a (normalised) question asks who dissented or stood aside."""
    return bool(DISSENT_RE.search(text) or re.search(r"\b(imod|tiltræde|support)\b", text))


def who_bonus(kind: SectionKind, sentence: str, dissent: bool) -> float:
    """How well a sentence answers "who" (0 to 0.6)."""
    value = 0.2 if NAME_RE.search(sentence) or _PARTY_RE.search(sentence) else 0.0
    if dissent and DISSENT_RE.search(sentence):
        value += 0.3
        if kind in (SectionKind.REFERAT, SectionKind.NOTE_AFTER):
            value += 0.1
    return value
