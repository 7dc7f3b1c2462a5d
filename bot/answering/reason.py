""""Hvorfor …?": the reason clause.

The reason most often stands in the decision ("Sagen sendes tilbage med henblik på …",
"Ikke godkendt, idet …") or in the sentence after the fact ("Det skyldes, at …").
"""

from __future__ import annotations

import re

from bot.minutes.model import SectionKind

REASON_RE = re.compile(
    r"\b(grundet|på grund af|pga\.?|fordi|da der|idet|skyldes|som følge af|med henblik på|for at|formålet|"
    r"med bemærkning om|begrundelse\w*|begrundet|henvisning til|due to|because)\b|,\s*da\b",
    re.I,
)
# A sentence that gives the reason for the one before it ("Det skyldes, at …").
REASON_START_RE = re.compile(
    r"(det|dette|årsagen|grunden|baggrunden)\b.{0,30}\b(skyldes|er|var|fordi)\b|(det er )?fordi\b|this is because|because",
    re.I,
)


def reason_bonus(kind: SectionKind, sentence: str) -> float:
    """How well a sentence answers "why" (0 to 0.45): a reason clause, in the decision first."""
    value = 0.3 if REASON_RE.search(sentence) else 0.0
    if kind in (SectionKind.REFERAT, SectionKind.NOTE_AFTER):
        value += 0.15
    return value


def with_reason(quote: str, sentences: list[tuple[SectionKind, str, frozenset[str]]], position: int) -> str:
    """The quote, with the next sentence of its section when that one gives the reason."""
    if REASON_RE.search(quote):
        return quote
    following = sentences[position + 1] if position + 1 < len(sentences) else None
    if following is not None and following[0] == sentences[position][0] and REASON_START_RE.match(following[1]):
        return f"{quote} {following[1]}"
    return quote
