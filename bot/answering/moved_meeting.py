""" "Hvilken dag er mødet i november flyttet til?": a meeting moved to another day.

The minutes record a move in a sentence such as "mødet den 9. januar 2024 flyttes til den
16. januar 2024" (in a Mødekalender item's decision, or a case about moving meetings). The
answer is the day after "til"/"to" in the sentence whose dates touch the period asked about;
a decision (Beslutning) outranks a proposal in the case description.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from bot.answering.intents import asks_which_day
from bot.answering.query import Query
from bot.answering.text import stem
from bot.answering.types import Answer, AnswerDate
from bot.minutes.dates import extract_dates
from bot.minutes.model import SectionKind
from bot.words import format_date

if TYPE_CHECKING:
    from bot.answering.retrieval import Retrieval

KIND = "meeting_moved"
_MOVED_RE = re.compile(r"\b(flytte\w*|flyttes|flyttet|flyttede|rykke\w*|moved?)\b", re.I)
_TO_RE = re.compile(r"\b(til|to)\b", re.I)
_MEETING_RE = re.compile(r"\b(møde\w*|meeting\w*)\b", re.I)
_ASKS_DAY_RE = re.compile(r"\b(hvilken dag|hvilken dato|hvornår|hvortil|what date|which date|which day|when)\b")
_SEARCH_WORDS = ("flyttes", "flyttet", "flytning", "mødekalender", "mødeplan", "møde")
_CANDIDATES = 15


def asks_moved_meeting(query: Query) -> bool:
    """A question for the new day of a moved meeting (it names a meeting and asks which day)."""
    text = query.search_text or query.question.lower()
    if asks_which_day(text):
        return False  # "Hvilken dag lå mødet, de ønskede flyttet?" asks the day it was, not its new day
    return bool(_MEETING_RE.search(text) and _MOVED_RE.search(text) and _ASKS_DAY_RE.search(text))


def answer_moved_meeting(answerer: Retrieval, query: Query, scope: list[str]) -> Answer | None:
    """The day a meeting in the asked period was moved to (``scope`` empty: every committee); None
    when the minutes record no such move."""
    index = answerer.index
    first, last = _asked_days(query)
    terms = [(s, 1.0) for s in {stem(w) for w in _SEARCH_WORDS}]
    found: list[tuple[tuple[int, dt.date], int, str, dt.date, str]] = []
    for committee in scope or [None]:
        for hit in index.search(terms, committee=committee, k=_CANDIDATES):
            minutes, item = index.item(hit.doc)
            held = minutes.meeting.date
            for kind, sentence, _ in answerer.item_sentences(hit.doc):
                if not (_MOVED_RE.search(sentence) and _MEETING_RE.search(sentence)):
                    continue
                mentions = extract_dates(sentence, held)
                if not any(first <= m.on <= last for m in mentions):
                    continue
                # "flyttes fra 26. november til 24. november …": the first date after the
                # first "til" that follows the verb.
                moved = _MOVED_RE.search(sentence)
                to = _TO_RE.search(sentence, moved.end()) if moved else None
                after = extract_dates(sentence[to.end() :], held) if to else []
                if not after:
                    continue
                rank = (
                    0 if kind in (SectionKind.REFERAT, SectionKind.NOTE_AFTER) else 1,
                    -(held or dt.date.min).toordinal(),
                )
                found.append((rank, hit.doc, sentence, after[0].on, after[0].text))
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    _, doc, sentence, day, day_text = found[0]
    minutes, item = index.item(doc)
    lang = query.language
    when = format_date(day, lang)
    decided = found[0][0][0] == 0  # from the decision, not a proposal in the case
    if decided:
        head = f"Mødet er flyttet til {when}." if lang == "da" else f"The meeting was moved to {when}."
    else:
        head = (
            f"Det blev foreslået at flytte mødet til {when}."
            if lang == "da"
            else f"It was proposed to move the meeting to {when}."
        )
    text = f"{head} {answerer.where(minutes, item, lang)}: {sentence}"
    sources, dates = [answerer.source(minutes, item, sentence)], [AnswerDate(day, KIND, day_text)]
    return Answer(query.question, query.intent, True, text, 0.85 if decided else 0.65, sources, dates, lang)


def _asked_days(query: Query) -> tuple[dt.date, dt.date]:
    if query.day is not None:
        return query.day, query.day
    if query.period is not None:
        return query.period.start, query.period.end
    return dt.date.min, dt.date.max
