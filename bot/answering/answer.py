"""Answering questions from minutes: the entry point and the route to each kind of question.

``Answerer.answer`` parses the question once into a ``Query`` (``query.classify``: language,
intent, period or day, topic words with stems and compound parts), resolves the committees
and the day it names against the corpus, and hands it to the module for its kind: decision,
postponement, deadlines, schedule (next meeting, agenda, meeting dates), who, moved_meeting,
free (when/how many/why/status by the kind of answer asked) and place. They share the
retrieval layer (``retrieval.Retrieval``) that Answerer extends.

The answerer never guesses: a retrieved item must cover the question's content words (or
nearly every, for long questions) and score above a calibrated threshold; otherwise the
answer is a plain "Det kan jeg ikke finde i referaterne.".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import partial

from bot.answering import deadlines, postponement, schedule, who
from bot.answering import intents as it
from bot.answering.compact import CompactMinutes
from bot.answering.decision import answer_decision
from bot.answering.free import answer_free
from bot.answering.index import committee_key
from bot.answering.meetings import CalendarView, MeetingCalendar
from bot.answering.moved_meeting import answer_moved_meeting, asks_moved_meeting
from bot.answering.query import Query, classify
from bot.answering.retrieval import MIN_RELEVANCE, Retrieval
from bot.answering.schedule import CALENDAR_DOCUMENT
from bot.answering.text import fold_whitespace, stem, tokenize
from bot.answering.types import NOT_FOUND, Answer, AnswerDate, Source
from bot.minutes.model import DateMention, Minutes

# The public answering API, as dialogs/ and bot/teams import it from here.
__all__ = [
    "CALENDAR_DOCUMENT", "MIN_RELEVANCE", "NOT_FOUND",
    "Answer", "AnswerDate", "Answerer", "Source",
]  # fmt: skip  # names packed, one list


# A question in two parts: "Hvornår er temadagen, og hvornår er der frist for tilmelding?"
_PARTS_RE = re.compile(  # over whitespace-folded text: single spaces, no runs to rescan
    r",? (?:og|and) (?=(?:hvornår|hvad|hvem|hvor|hvorfor|hvilke|when|what|who|where|why|which)\b)", re.I
)


class Answerer(Retrieval):
    """Answers questions over a fixed set of minutes.

    Args:
        minutes: every parsed minutes document to answer from, taken one at a time (see
            ``MinutesIndex``). The index is built once here; answering does not touch the
            corpus beyond the few candidate items.
        snapshot: ``index.snapshot()`` of an earlier Answerer: used when it was made from these
            same minutes, which saves the build; ignored otherwise.
    """

    def __init__(self, minutes: Iterable[Minutes | CompactMinutes], *, snapshot: bytes | None = None) -> None:
        super().__init__(minutes, snapshot=snapshot)
        self._handlers = {
            it.DECISION: lambda query, _today, named, preferred: answer_decision(self, query, named, preferred),
            it.POSTPONEMENT: partial(postponement.postponement, self),
            it.DEADLINE: partial(deadlines.deadline, self),
            it.DEADLINES_IN_PERIOD: partial(deadlines.deadlines_in_period, self),
            it.UPCOMING_DEADLINES: partial(deadlines.upcoming_deadlines, self),
            it.MEETINGS_IN_PERIOD: partial(schedule.meetings_in_period, self),
            it.NEXT_MEETING: partial(schedule.next_meeting, self),
            it.NEXT_MEETING_AGENDA: partial(schedule.next_meeting_agenda, self),
            it.ATTENDANCE: partial(who.attendance, self),
            it.FREE: partial(answer_free, self),
        }

    # ------------------------------------------------------------------ public

    def answer(
        self,
        question: str,
        *,
        today: dt.date,
        committee: str | None = None,
        language: str | None = None,
        calendar: MeetingCalendar | None = None,
    ) -> Answer:
        """Answer one question.

        Args:
            question: the question as typed (Danish or English).
            today: the local (Europe/Copenhagen) date the question is asked on; "next
                meeting" means on or after this day.
            committee: a preferred committee name (e.g. the one a Teams channel is
                linked to); it is searched first.
            language: "da" or "en" for the answer text; None detects it from the question.
            calendar: the meeting calendar of the days ``calendar_days`` names. Questions about
                meetings are answered from it for every committee that has a calendar, and from
                the minutes for the others; None answers them from the minutes alone.

        Returns:
            The answer; ``answered`` is False when the minutes do not hold one.
        """
        query = classify(question, today=today, language=language)
        named = self.named_committees(query)
        self.resolve_day(query, named, today)
        if query.not_before is not None and query.intent == it.NEXT_MEETING:
            today = max(today, query.not_before)  # "første møde efter sommerferien" counts from then
        view = None
        days = _calendar_days(query, today)
        if calendar is not None and days is not None and calendar.covers(*days):
            view = CalendarView(calendar)
        preferred = self._preferred_committee(committee, view)
        handler = self._handlers[query.intent]
        if asks_moved_meeting(query):
            moved = answer_moved_meeting(self, query, named or ([preferred] if preferred else []))
            if moved is not None:
                return moved
        if view is not None:
            result = handler(query, today, named, preferred, calendar=view)
        else:
            result = handler(query, today, named, preferred)
        if result.answered and result.sources and result.sources[0].item_number is not None:
            result = self._with_other_parts(query, result, named)
        elif not result.answered and _split_parts(query.question)[1:]:
            result = self._parts_apart(query, result, today, committee, language, calendar) or result
        return result

    def calendar_days(
        self, question: str, *, today: dt.date, language: str | None = None
    ) -> tuple[dt.date, dt.date] | None:
        """The local days whose calendar meetings the answer to ``question`` would use.

        The caller loads those days into the ``MeetingCalendar`` it passes to ``answer``.

        Args:
            today: the local (Europe/Copenhagen) date the question is asked on.

        Returns:
            (first, last) local days, inclusive (``dt.date.max`` for "from first on"); None when
            the question is not about when meetings are.
        """
        query = classify(question, today=today, language=language)
        if query.not_before is not None and query.intent == it.NEXT_MEETING:
            today = max(today, query.not_before)
        return _calendar_days(query, today)

    def _parts_apart(
        self,
        query: Query,
        result: Answer,
        today: dt.date,
        committee: str | None,
        language: str | None,
        calendar: MeetingCalendar | None,
    ) -> Answer | None:
        """A two-part question whose parts lie in different items: each part answered on its
        own, but only when every part is (half an answer would read as the whole)."""
        answers = [
            self.answer(part, today=today, committee=committee, language=language or query.language, calendar=calendar)
            for part in _split_parts(query.question)
        ]
        if not all(a.answered for a in answers):
            return None
        text = "\n".join(a.answer for a in answers)
        sources = [s for a in answers for s in a.sources]
        dates = [d for a in answers for d in a.dates]
        confidence = min(a.confidence for a in answers)
        return Answer(query.question, query.intent, True, text, confidence, sources, dates, query.language)

    # ------------------------------------------------------------------ committees

    def _preferred_committee(self, committee: str | None, calendar: CalendarView | None = None) -> str | None:
        if not committee:
            return None
        key = committee_key(committee)
        if key in self.index.committee_ranges or (calendar is not None and calendar.keeps(key)):
            return key
        wanted = {stem(t) for t in tokenize(committee) if len(t) > 2}
        best = max(self.committee_stems.items(), key=lambda kv: len(kv[1] & wanted), default=None)
        if best and len(best[1] & wanted) >= max(1, len(wanted) // 2):
            return best[0]
        return None

    # ------------------------------------------------------------------ retrieval

    # ------------------------------------------------------------------ composing

    # ------------------------------------------------------------------ intents

    # ------------------------------------------------------------------ lists

    # ------------------------------------------------------------------ two-part questions

    def _with_other_parts(self, query: Query, result: Answer, named: list[str]) -> Answer:
        """Answer the other "when" part of a two-part question from the same item.

        "Hvornår er temadagen om mental sundhed, og hvornår er der frist for tilmelding?" is
        answered by the deadline sentence; the item that gives it usually dates the day
        itself too, so that sentence is quoted alongside.
        """
        parts = _split_parts(query.question)
        if len(parts) < 2:
            return result
        top = result.sources[0]
        doc = self._doc_of(top)
        if doc is None:
            return result
        minutes, item = self.index.item(doc)
        names = frozenset().union(*(self.committee_stems[k] for k in named)) if named else frozenset()
        extras: list[tuple[int, str, list[DateMention]]] = []  # (part position, sentence, dates)
        main_position = None
        for position, part in enumerate(parts):
            sub = classify(part, today=dt.date.min, language=query.language)
            if sub.intent == query.intent and main_position is None:
                main_position = position
                continue
            if not sub.asks_when:
                continue
            words = [w for w in sub.words if w.required and w.stem not in names]
            if not words:
                continue
            wants_deadline = sub.intent == it.DEADLINE
            best: tuple[float, str, list[DateMention]] | None = None
            for _, sentence, stems in self.item_sentences(doc):
                if sentence == top.quote or sentence in top.quote:
                    continue
                mentions = [d for d in self.mentions_in(item, sentence) if deadlines.is_deadline(d) == wants_deadline]
                if not mentions:
                    continue
                match = self.sentence_match(words, stems)
                if match >= 0.4 and (best is None or match > best[0]):
                    best = (match, sentence, mentions)
            if best is not None:
                extras.append((position, best[1], best[2]))
        if not extras or main_position is None:
            return result
        where = self.where(minutes, item, query.language)
        prefix = result.answer.split(where, 1)[0] if where in result.answer else ""
        quotes = sorted([(main_position, top.quote)] + [(p, s) for p, s, _ in extras])
        text = f"{prefix}{where}:\n" + "\n".join(f"• {q}" for _, q in quotes)
        sources = [top] + [self.source(minutes, item, s) for _, s, _ in extras] + result.sources[1:]
        dates = list(result.dates)
        for _, _, mentions in extras:
            dates.extend(AnswerDate(d.on, str(d.kind), d.text) for d in mentions)
        return Answer(result.question, result.intent, True, text, result.confidence, sources, dates, result.language)

    def _doc_of(self, source: Source) -> int | None:
        """The document id of a source's item."""
        for mi in self.index.committee_minutes.get(committee_key(source.committee), []):
            minutes = self.index.minutes[mi]
            if minutes.source_name == source.document and minutes.meeting.date == source.meeting_date:
                return self.index.doc_for_item(mi, source.item_number)
        return None


def _calendar_days(query: Query, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The local days whose calendar meetings answer the query; None for a question not about them."""
    if query.intent == it.MEETINGS_IN_PERIOD and query.period is not None:
        return query.period.start, query.period.end
    upcoming = query.intent in (it.NEXT_MEETING, it.MEETINGS_IN_PERIOD)
    if upcoming or (query.intent == it.NEXT_MEETING_AGENDA and query.day is None):
        return today, dt.date.max
    return None


def _split_parts(question: str) -> list[str]:
    """The parts of "Hvornår er X, og hvornår er Y?" (one part for a plain question)."""
    parts = [p.strip(" ,?") for p in _PARTS_RE.split(fold_whitespace(question)) if p.strip(" ,?")]
    return [p + "?" for p in parts] if len(parts) > 1 else parts
