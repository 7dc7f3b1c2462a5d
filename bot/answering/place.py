""" "Hvor holdt udvalget møde …?", "Where did the committee meet …?": the meeting's place.

Questions about the meeting itself are answered from its header (``Meeting.place``), not
from the items; the meeting is the one the question dates or names, else the latest.
"""

from __future__ import annotations

import datetime as dt

from bot.answering.query import Query
from bot.answering.retrieval import Retrieval
from bot.answering.text import fold_whitespace
from bot.answering.types import Answer

# Words of a place question that frame it: with nothing else, the meeting's header answers.
PLACE_WORDS = frozenset({
    "holdt", "afholdt", "afholdes", "holdes", "foregik", "foregår", "mødested", "sted", "stedet", "place", "location",
    "venue", "hold", "holde", "mødtes", "mødes", "mødt", "møde", "mødet", "skulle", "meet", "met", "meeting", "its",
    "their", "take", "took", "held",
})  # fmt: skip  # a table kept compact


def asks_meeting_place(query: Query) -> bool:
    """A "where" question whose words only frame a meeting ("Hvor holdt udvalget møde?")."""
    return query.asks_where and all(w.token in PLACE_WORDS for w in query.words if w.required)


def answer_place(r: Retrieval, query: Query, today: dt.date, named: list[str], preferred: str | None) -> Answer:
    """Where the meetings the question names were held, from their headers (local dates)."""
    lines, sources = [], []
    for mi in r.meetings_for(query, named, preferred, today):
        minutes = r.index.minutes[mi]
        if not minutes.meeting.place:
            continue
        if lines and not (named or preferred or query.day or query.period):
            break
        place = fold_whitespace(minutes.meeting.place)
        lines.append(f"{r.where(minutes, None, query.language)}: {place}.")
        label = "Mødested" if query.language == "da" else "Place"
        sources.append(r.source(minutes, None, f"{label}: {place}"))
    if not lines:
        return r.not_found(query)
    return Answer(query.question, query.intent, True, "\n".join(lines), 0.85, sources, [], query.language)
