""" "Hvorfor …?": the reason clause.

The reason most often stands in the decision ("Sagen sendes tilbage med henblik på …",
"Ikke godkendt, idet …") or in the sentence after the fact ("Det skyldes, at …").
"""

from __future__ import annotations

import re

from bot.minutes.model import SectionKind

REASON_RE = re.compile(
    r"\b(grundet|på grund af|pga\.?|fordi|da der|idet|skyldes|som følge af|med henblik på|for at|formålet|"
    r"med bemærkning om|begrundelse\w*|begrundet|henvisning til|derfor|due to|because)\b|,\s*da\b",
    re.I,
)
# A sentence that gives the reason for the one before it ("Det skyldes, at …").
REASON_START_RE = re.compile(
    r"(det|dette|årsagen|grunden|baggrunden)\b.{0,30}\b(skyldes|er|var|fordi)\b|(det er )?fordi\b|this is because|because",
    re.I,
)


# A sentence that draws the consequence of the one before ("Derfor er der udarbejdet …").
CONSEQUENCE_RE = re.compile(r"(derfor|det er derfor|af den grund|på den baggrund|dermed|som følge heraf)\b", re.I)


def reason_bonus(kind: SectionKind, sentence: str) -> float:
    """How well a sentence answers "why" (0 to 0.45): a reason clause, in the decision first."""
    value = 0.3 if REASON_RE.search(sentence) else 0.0
    if kind in (SectionKind.REFERAT, SectionKind.NOTE_AFTER):
        value += 0.15
    return value


def reason_unit(sentences: list[tuple[SectionKind, str, frozenset[str]]], position: int) -> str:
    """The sentence at ``position`` with the neighbour of its section that completes its reason:
    the next one when it gives the reason ("Det skyldes, at …", "Det er begrundet med …"), the
    one before when this one draws the consequence ("Derfor er der udarbejdet en lokalplan")."""
    kind, sentence, _ = sentences[position]
    following = sentences[position + 1] if position + 1 < len(sentences) else None
    before = sentences[position - 1] if position > 0 else None
    if (
        not REASON_RE.search(sentence)
        and following is not None
        and following[0] == kind
        and REASON_START_RE.match(following[1])
    ):
        return f"{sentence} {following[1]}"
    if before is not None and before[0] == kind and CONSEQUENCE_RE.match(sentence):
        return f"{before[1]} {sentence}"
    return sentence
