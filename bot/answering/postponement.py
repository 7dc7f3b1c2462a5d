""" "Hvorfor blev punktet udskudt?", "Hvilke punkter blev udskudt?": postponed items.

With a subject, the sentence that postpones it with its reason; without one, per committee
the items its latest minutes postponed. A meeting moved to another day is
``moved_meeting``'s.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.answering.index import committee_key
from bot.answering.query import Query
from bot.answering.reason import REASON_RE as _REASON_RE
from bot.answering.retrieval import Retrieval
from bot.answering.text import fold_whitespace, split_sentences
from bot.answering.types import Answer, AnswerDate, Source
from bot.minutes.model import AgendaItem, Minutes, Outcome, SectionKind

# ", da …" after a comma is "because" ("udskudt til næste møde, da leverandøren …").
POSTPONE_RE = re.compile(
    r"\b(udskyde\w*|udskud\w*|udsat\w*|udsætte\w*|flyttes|flyttet|udgår|udgik|aflys\w*|kommende møde|næste \w*møde)\b",
    re.I,
)


def _postponed_in(minutes: Minutes) -> list[tuple[AgendaItem, str]]:
    """The minutes' postponed items, each with the sentence that says why (else that it was)."""
    found = []
    for item in minutes.items:
        if item.outcome != Outcome.POSTPONED:
            continue
        sentences = [
            s
            for kinds in (
                (SectionKind.REFERAT, SectionKind.NOTE_AFTER),
                (SectionKind.DESCRIPTION, SectionKind.SAGSFREMSTILLING),
            )
            for section in item.sections
            if section.kind in kinds
            for s in split_sentences(section.text)
        ]
        reason = next((s for s in sentences if POSTPONE_RE.search(s) and _REASON_RE.search(s)), None)
        if reason is None:
            outcome = fold_whitespace(item.outcome_sentence or "")
            at = next((i for i, s in enumerate(sentences) if outcome and outcome in s), None)
            if at is None:
                at = next((i for i, s in enumerate(sentences) if POSTPONE_RE.search(s)), None)
            if at is not None:
                reason = sentences[at]
                # "Punktet udskydes. Årsagen er …": the reason may be the next sentence.
                if at + 1 < len(sentences) and _REASON_RE.search(sentences[at + 1]):
                    reason = f"{reason} {sentences[at + 1]}"
            else:
                reason = outcome or fold_whitespace(item.title)
        found.append((item, reason))
    return found


def postponement(r: Retrieval, query: Query, today: dt.date, named: list[str], preferred: str | None) -> Answer:
    if not any(w.required for w in query.words):
        # No subject ("Hvilke punkter blev udskudt, og hvorfor?"): list them.
        return postponed_items(r, query, today, named, preferred)

    def score(q: Query, item: AgendaItem, kind: SectionKind, sentence: str, match: float) -> float | None:
        value = 0.3 * match
        if _REASON_RE.search(sentence):
            value += 0.35
        if POSTPONE_RE.search(sentence):
            value += 0.35
        if kind in (SectionKind.REFERAT, SectionKind.NOTE_AFTER):
            value += 0.1
        if item.outcome == Outcome.POSTPONED:
            value += 0.2
        return value

    passages = r.passages(query, preferred, named, score)
    passages = [p for p in passages if POSTPONE_RE.search(p.quote) or p.item.outcome == Outcome.POSTPONED]
    if not passages:
        return r.not_found(query)
    best = passages[0]
    dates = [AnswerDate(d.on, str(d.kind), d.text) for d in r.mentions_in(best.item, best.quote)]
    return r.retrieval_answer(query, passages, dates)


def postponed_items(r: Retrieval, query: Query, today: dt.date, named: list[str], preferred: str | None) -> Answer:
    """ "Hvilke punkter blev udskudt, og hvorfor?": per committee, the postponed items of
    its latest minutes (or of the dated meeting) with the sentence that gives the reason."""
    da = query.language == "da"
    lang = query.language
    only = r.minutes_filter(query)
    if query.day is not None or query.period is not None:
        if only is None:
            return r.not_found(query)
    scope = named or ([preferred] if preferred else sorted(r.index.committee_minutes))
    blocks: list[tuple[dt.date, str]] = []
    sources: list[Source] = []
    for key in scope:
        if only is not None:
            chosen = [mi for mi in sorted(only) if committee_key(r.index.minutes[mi].meeting.committee) == key]
        else:
            # Minutes of meetings after today (a test clock, a misdated file) are not "latest".
            held = r.index.minutes_held_by(key, today)
            chosen = held[-1:]
        for mi in chosen:
            minutes = r.index.minutes[mi]
            found = _postponed_in(minutes)
            lead = ""
            if not found and only is None:
                # The latest meeting postponed nothing: say so, and show the latest that did.
                earlier = next((m for m in reversed(held[:-1]) if _postponed_in(r.index.minutes[m])), None)
                if earlier is None:
                    continue
                lead = (
                    f"{r.where(minutes, None, lang)}: intet punkt blev udskudt. Senest udskudt:\n"
                    if da
                    else f"{r.where(minutes, None, lang)}: no item was postponed. Most recently postponed:\n"
                )
                minutes = r.index.minutes[earlier]
                found = _postponed_in(minutes)
            if not found:
                continue
            label = "punkt" if da else "item"
            lines = []
            for item, reason in found:
                lines.append(f"• {label.capitalize()} {item.number} «{fold_whitespace(item.title)}»: {reason}")
                sources.append(r.source(minutes, item, reason))
            head = f"{lead}{r.where(minutes, None, lang)}:"
            blocks.append((minutes.meeting.date or dt.date.min, head + "\n" + "\n".join(lines)))
    if not blocks:
        text = (
            "Jeg kan ikke finde udskudte punkter i referaterne."
            if da
            else "I can't find any postponed items in the minutes."
        )
        return r.not_found(query, text)
    # The most recent meeting first.
    blocks.sort(key=lambda b: b[0], reverse=True)
    text = "\n".join(block for _, block in blocks)
    return Answer(query.question, query.intent, True, text, 0.85, sources, [], lang)
