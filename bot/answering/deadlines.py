""" "Hvornår er fristen for …?", "Hvilke frister er der i marts?", "Hvilke frister har vi?".

A deadline question quotes the sentence whose date is a deadline (frist, senest, inden) in
the item that covers the question's words; without a subject, the deadlines ahead of today.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from bot.answering.index import committee_key
from bot.answering.query import Query, QueryWord
from bot.answering.retrieval import Retrieval
from bot.answering.text import fold_whitespace, normalise, stem, tokenize
from bot.answering.types import Answer, AnswerDate, Source, period_label
from bot.minutes.model import AgendaItem, DateKind, DateMention, Precision, SectionKind
from bot.words import MONTHS_DA, MONTHS_EN, format_date

# How many upcoming deadlines a bare "Hvilke frister har vi?" lists, and how far it looks.
_UPCOMING_SHOWN = 5
_UPCOMING_SCANNED = 200


def is_deadline(mention: DateMention) -> bool:
    return mention.kind == DateKind.DEADLINE or bool(
        re.search(r"\b(frist\w*|deadline\w*|senest)\b", mention.sentence, re.I)
    )


def _deadline_when(mention: DateMention, language: str) -> str:
    """A deadline's day as written precisely enough: "1. december 2026", "uge 50 2026", "december 2026"."""
    if mention.precision == Precision.WEEK:
        week = mention.on.isocalendar().week
        return f"uge {week} {mention.on.year}" if language == "da" else f"week {week}, {mention.on.year}"
    if mention.precision == Precision.MONTH:
        names = MONTHS_DA if language == "da" else MONTHS_EN
        return f"{names[mention.on.month - 1]} {mention.on.year}"
    return format_date(mention.on, language)


def deadline(r: Retrieval, query: Query, today: dt.date, named: list[str], preferred: str | None) -> Answer:
    if not any(w.required for w in query.words):
        # "Hvornår er fristen?" names no subject: the deadlines ahead answer it.
        return upcoming_deadlines(r, query, today, named, preferred)

    def score(q: Query, item: AgendaItem, kind: SectionKind, sentence: str, match: float) -> float | None:
        mentions = [d for d in r.mentions_in(item, sentence) if is_deadline(d)]
        if not mentions:
            return None
        return 0.5 + 0.5 * match

    passages = r.passages(query, preferred, named, score)
    passages = [p for p in passages if r.sentence_match(query.words, frozenset(stem(t) for t in tokenize(p.quote))) > 0]
    if not passages:
        return r.not_found(query)
    best = passages[0]
    mentions = [d for d in r.mentions_in(best.item, best.quote) if is_deadline(d)]
    mentions.sort(key=lambda d: d.kind != DateKind.DEADLINE)
    dates = [AnswerDate(d.on, "deadline", d.text) for d in mentions[:1]]
    prefix = ""
    if dates:
        when = _deadline_when(mentions[0], query.language)
        prefix = f"Fristen er {when}. " if query.language == "da" else f"The deadline is {when}. "
    return r.retrieval_answer(query, passages, dates, prefix)


def deadlines_in_period(r: Retrieval, query: Query, today: dt.date, named: list[str], preferred: str | None) -> Answer:
    period = query.period
    assert period is not None  # the intent requires one
    found = r.index.deadlines_between(period.start, period.end)
    scope = named or ([preferred] if preferred else [])
    if scope:
        scoped = [(mi, d) for mi, d in found if committee_key(r.index.minutes[mi].meeting.committee) in scope]
        found = scoped if (scoped or named) else found
    required = [w for w in query.words if w.required]
    if required:
        found = [(mi, d) for mi, d in found if mention_covers(r, mi, d, required)]
    label = period_label(period, query.language)
    if not found:
        text = (
            f"Jeg kan ikke finde nogen frister i {label} i referaterne."
            if query.language == "da"
            else f"I can't find any deadlines in {label} in the minutes."
        )
        return r.not_found(query, text)
    more = len(found) - 10
    if query.language == "da":
        head = f"Frister i {label}:" if len(found) > 1 else f"Frist i {label}:"
        tail = f"\n… og {more} flere." if more > 0 else ""
    else:
        head = f"Deadlines in {label}:" if len(found) > 1 else f"Deadline in {label}:"
        tail = f"\n… and {more} more." if more > 0 else ""
    return _deadline_list(r, query, found[:10], head, tail)


def _deadline_list(r: Retrieval, query: Query, found: list[tuple[int, DateMention]], head: str, tail: str) -> Answer:
    lines, sources, dates = zip(*(deadline_line(r, mi, mention, query.language) for mi, mention in found), strict=True)
    text = head + "\n" + "\n".join(f"• {line}" for line in lines) + tail
    return Answer(query.question, query.intent, True, text, 0.9, list(sources), list(dates), query.language)


def mention_covers(r: Retrieval, mi: int, mention: DateMention, required: list[QueryWord]) -> bool:
    doc = r.index.doc_for_item(mi, mention.item_number)
    stems = frozenset(stem(t) for t in tokenize(mention.sentence))
    return all(
        any(s in stems for s in r.word_stems(word)) or (doc is not None and r.covered(doc, word)) for word in required
    )


def pick_deadlines(
    r: Retrieval, mentions: Iterator[tuple[int, DateMention]], scope: list[str], required: list[QueryWord], limit: int
) -> list[tuple[int, DateMention]]:
    """Up to ``limit`` deadline mentions in the committees of ``scope`` (all when empty)
    that cover the required words, the same deadline stated twice kept once."""
    picked: list[tuple[int, DateMention]] = []
    seen: set[tuple[str, dt.date, str]] = set()
    for mi, mention in mentions:
        key = committee_key(r.index.minutes[mi].meeting.committee)
        if scope and key not in scope:
            continue
        if required and not mention_covers(r, mi, mention, required):
            continue
        marker = (key, mention.on, normalise(fold_whitespace(mention.sentence)))
        if marker in seen:
            continue
        seen.add(marker)
        picked.append((mi, mention))
        if len(picked) >= limit:
            break
    return picked


def deadline_line(r: Retrieval, mi: int, mention: DateMention, language: str) -> tuple[str, Source, AnswerDate]:
    minutes = r.index.minutes[mi]
    item = minutes.item(mention.item_number) if mention.item_number else None
    quote = fold_whitespace(mention.sentence)
    line = f"{_deadline_when(mention, language)}: {quote} ({r.where(minutes, item, language)})"
    return line, r.source(minutes, item, quote), AnswerDate(mention.on, "deadline", mention.text)


def upcoming_deadlines(r: Retrieval, query: Query, today: dt.date, named: list[str], preferred: str | None) -> Answer:
    """ "Hvilke frister har vi?": the deadlines not yet passed, soonest first; else the latest past one."""
    da = query.language == "da"
    required = [w for w in query.words if w.required]
    scopes = [named] if named else ([[preferred], []] if preferred else [[]])
    found: list[tuple[int, DateMention]] = []
    for scope in scopes:
        found = pick_deadlines(r, r.index.deadlines_open_on(today), scope, required, _UPCOMING_SCANNED)
        if found:
            break
    since = format_date(today, query.language)
    if found:
        more = len(found) - _UPCOMING_SHOWN
        if da:
            head = f"Kommende frister (fra {since}):" if len(found) > 1 else f"Kommende frist (fra {since}):"
            tail = f"\n… og {more}{'+' if len(found) >= _UPCOMING_SCANNED else ''} flere." if more > 0 else ""
        else:
            head = f"Upcoming deadlines (from {since}):" if len(found) > 1 else f"Upcoming deadline (from {since}):"
            tail = f"\n… and {more}{'+' if len(found) >= _UPCOMING_SCANNED else ''} more." if more > 0 else ""
        return _deadline_list(r, query, found[:_UPCOMING_SHOWN], head, tail)
    past: list[tuple[int, DateMention]] = []
    for scope in scopes:
        past = pick_deadlines(r, r.index.deadlines_passed_by(today), scope, required, 1)
        if past:
            break
    if not past:
        text = "Jeg kan ikke finde nogen frister i referaterne." if da else "I can't find any deadlines in the minutes."
        return r.not_found(query, text)
    line, source, date = deadline_line(r, *past[0], query.language)
    text = (
        f"Der er ingen kommende frister i referaterne (pr. {since}). Den seneste frist var {line}."
        if da
        else f"There are no upcoming deadlines in the minutes (as of {since}). The latest deadline was {line}."
    )
    return Answer(query.question, query.intent, True, text, 0.6, [source], [date], query.language)
