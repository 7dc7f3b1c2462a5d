""" "Hvornår …?": the date in the matching item, the end of a period, the day an agenda has it.

Tense is no filter: a past or a future date answers alike, with a preference for dates ahead
of the meeting when the question says skal/kan (``free`` scores that). An item whose best
sentence has no date is quoted by its best dated sentence; "hvornår sluttede …" gives a
period's last day; "hvornår skal byrådet behandle X" over an agenda gives the day of the
meeting whose agenda has X.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.answering.query import Query
from bot.answering.retrieval import Retrieval, _Passage
from bot.answering.types import Answer, AnswerDate
from bot.words import format_date

# How much lower an item ranks for "hvornår" when its best sentence has no date.
_UNDATED_BEST = 0.1
DATE_IN_TEXT_RE = re.compile(
    r"\b\d{1,2}\.\s*(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\b"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b",
    re.I,
)
TREATS_RE = re.compile(
    r"\b(behandl\w*|drøft\w*|tage[rs]? stilling|tog stilling|vedtage\w*|vedtog|beslutte\w*|"
    r"på dagsordenen|discuss\w*|consider\w*|decide[ds]?|debate[ds]?|on the agenda)\b"
)


def asks_treatment(query: Query) -> bool:
    """Whether the question asks when something is treated ("behandle", "tage stilling til")."""
    return bool(TREATS_RE.search(query.search_text))


def agenda_day_answer(r: Retrieval, query: Query, passages: list[_Passage]) -> Answer:
    """When an agenda's item is up: the day of the meeting whose agenda has it, not yet decided."""
    best = passages[0]
    day = best.minutes.meeting.date
    shown = format_date(day, query.language)
    if query.language == "da":
        head = f"Punktet er på dagsordenen til mødet {shown} og er endnu ikke besluttet."
    else:
        head = f"The item is on the agenda for the meeting on {shown} and has not been decided yet."
    text = f"{head} {r.where(best.minutes, best.item, query.language)}"
    source = r.source(best.minutes, best.item, best.item.title)
    dates = [AnswerDate(day, "meeting", shown)] if day else []
    confidence = round(0.9 * r.confidence(best, passages[1] if len(passages) > 1 else None), 3)
    return Answer(query.question, query.intent, True, text, confidence, [source], dates, query.language)


def dated_passages(r: Retrieval, query: Query, passages: list[_Passage]) -> list[_Passage]:
    """The passages whose quote has a date; an item whose best sentence has none is quoted
    by its best dated sentence instead ("Endelig vedtagelse af Lokalplan 1246" is the item,
    "fremlagt fra 21. maj til 26. juni 2025" the answer), ranked a little lower."""
    out = []
    for p in passages:
        if DATE_IN_TEXT_RE.search(p.quote) or r.mentions_in(p.item, p.quote):
            out.append(p)
            continue
        title = r.title_stems(p.doc)
        best: tuple[float, str] | None = None
        for _, sentence, stems in r.item_sentences(p.doc):
            if not (DATE_IN_TEXT_RE.search(sentence) or r.mentions_in(p.item, sentence)):
                continue
            match = r.sentence_match(query.words, stems | title)
            if match > 0 and (best is None or match > best[0]):
                best = (match, sentence)
        if best is not None:
            p.quote = best[1]
            p.total -= _UNDATED_BEST
            out.append(p)
    out.sort(key=lambda p: p.total, reverse=True)
    return out


def when_dates(r: Retrieval, query: Query, best: _Passage, today: dt.date) -> tuple[list[AnswerDate], str]:
    """The dates of the quote, and the answer's lead when it asks a period's end (before ``today``: "sluttede")."""
    mentions = r.mentions_in(best.item, best.quote)
    dates = [AnswerDate(d.on, str(d.kind), d.text) for d in mentions]
    ranges = [d for d in mentions if d.end > d.start] if query.asks_end else []
    if not ranges:
        return dates, ""
    # "fra den 20. juli til 9. august" answers "hvornår sluttede …" with its last day.
    end = ranges[0].end
    dates = [AnswerDate(end, str(ranges[0].kind), ranges[0].text), *dates]
    day = format_date(end, query.language)
    past = end < today
    if query.language == "da":
        return dates, f"Perioden {'sluttede' if past else 'slutter'} {day}. "
    return dates, f"The period {'ended' if past else 'ends'} on {day}. "
