"""What an answer is: the public types dialogs and the Teams edge read (re-exported by ``answer``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from bot.words import MONTHS_EN

if TYPE_CHECKING:
    from bot.answering.query import Period


NOT_FOUND = {
    "da": "Det kan jeg ikke finde i referaterne.",
    "en": "I can't find that in the minutes.",
}


@dataclass(slots=True)
class Source:
    """Where an answer comes from; no item when it rests on the meeting as a whole (who attended, where)."""

    document: str
    committee: str
    meeting_date: dt.date | None
    item_number: str | None
    item_title: str | None
    quote: str


@dataclass(slots=True)
class AnswerDate:
    """A date that answers the question (local date)."""

    date: dt.date
    kind: str
    text: str


@dataclass(slots=True)
class Answer:
    """An answer with its sources, ready for the CLI or a Teams card."""

    question: str
    intent: str
    answered: bool
    answer: str
    confidence: float
    sources: list[Source] = field(default_factory=list)
    dates: list[AnswerDate] = field(default_factory=list)
    language: str = "da"

    def to_json(self) -> dict:
        """The answer as plain JSON types (dates as "YYYY-MM-DD")."""
        return {
            "question": self.question,
            "intent": self.intent,
            "answered": self.answered,
            "answer": self.answer,
            "confidence": round(self.confidence, 3),
            "sources": [
                asdict(s) | {"meeting_date": s.meeting_date.isoformat() if s.meeting_date else None}
                for s in self.sources
            ],
            "dates": [asdict(d) | {"date": d.date.isoformat()} for d in self.dates],
        }


_MONTHS_EN = frozenset(name.lower() for name in MONTHS_EN)


def period_label(period: Period, language: str) -> str:
    """The period as the question wrote it, without its preposition: "2027", "februar 2021";
    English month names capitalised (the period is read from the lower-cased question)."""
    label = re.sub(r"^(?:i|in|for|during|året|year)\s+", "", period.text)
    if language == "en":
        label = re.sub(r"[a-z]+", lambda m: m.group(0).capitalize() if m.group(0) in _MONTHS_EN else m.group(0), label)
    return label
