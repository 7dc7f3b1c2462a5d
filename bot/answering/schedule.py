""" "Hvornår er næste møde?", "Hvad skal på dagsordenen?", "Hvilke mødedatoer er der i 2027?".

Meetings are answered from the committee's meeting calendar (what secretaries added, moved
or cancelled) where it has one, else from the minutes: a stored meeting on or after today
first, then dates other minutes give ("næste møde den …", a Mødekalender item).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import groupby

from bot.answering.index import MeetingEvent, committee_key
from bot.answering.meetings import CalendarView
from bot.answering.query import Query
from bot.answering.retrieval import Retrieval
from bot.answering.text import fold_whitespace, split_sentences, unique
from bot.answering.types import Answer, AnswerDate, Source, period_label
from bot.calendar.model import (
    SOURCE_GRAPH,
    SOURCE_IMPORT,
    SOURCE_MINUTES,
    SOURCE_SECRETARY,
    STATUS_CANCELLED,
    CalendarMeeting,
)
from bot.minutes.model import AgendaItem, DateKind, DateMention, Minutes, Outcome, SectionKind
from bot.words import format_date


@dataclass(frozen=True, slots=True)
class _CalendarLine:
    when: str  # "19. januar 2027 kl. 09.00-12.00, Regionshuset Kystvig"
    origin: str  # "fra referatet af 10. november 2026, punkt 7", "importeret fra kalender"
    listed: str  # the list line: ``when`` with notes, "… (aflyst)", "… (ændret af sekretariatet)"
    source: Source
    date: AnswerDate


# Where the calendar has a meeting from, as an answer says it ("… er 26. januar 2027 (ifølge …)").
_CALENDAR_ORIGINS = {
    "da": {
        SOURCE_MINUTES: "ifølge mødekalenderen",
        SOURCE_SECRETARY: "ifølge mødekalenderen, ændret af sekretariatet",
        SOURCE_IMPORT: "importeret fra kalender",
        SOURCE_GRAPH: "importeret fra gruppens Outlook-kalender",
    },
    "en": {
        SOURCE_MINUTES: "according to the meeting calendar",
        SOURCE_SECRETARY: "according to the meeting calendar, changed by the secretariat",
        SOURCE_IMPORT: "imported from a calendar",
        SOURCE_GRAPH: "imported from the group's Outlook calendar",
    },
}


_NO_UPCOMING = {
    "da": "Der er ingen kommende møder i mødekalenderen.",
    "en": "There are no upcoming meetings in the meeting calendar.",
}


# The same as a list line's note ("• 26. januar 2027 (ændret af sekretariatet)").
_CALENDAR_NOTES = {
    "da": {
        SOURCE_SECRETARY: "ændret af sekretariatet",
        SOURCE_IMPORT: "importeret fra kalender",
        SOURCE_GRAPH: "importeret fra gruppens Outlook-kalender",
    },
    "en": {
        SOURCE_SECRETARY: "changed by the secretariat",
        SOURCE_IMPORT: "imported from a calendar",
        SOURCE_GRAPH: "imported from the group's Outlook calendar",
    },
}


# The ``document`` of a source that is the committee's meeting calendar rather than minutes.
CALENDAR_DOCUMENT = "mødekalender"


def _with_notes(line: str, notes: list[str]) -> str:
    """ "19. januar 2027 (aflyst)": a line with its notes in parentheses, if any."""
    return f"{line} ({'; '.join(notes)})" if notes else line


def _and_list(words: list[str], language: str) -> str:
    """ "a", "a og b", "a, b og c" (English "and")."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {'og' if language == 'da' else 'and'} {words[-1]}"


def _clock_text(start: dt.time, end: dt.time | None, language: str) -> str:
    """Local wall-clock times as " kl. 9.00-12.00" / " at 09:00-12:00"."""
    fmt, word = ("%H.%M", "kl.") if language == "da" else ("%H:%M", "at")
    if end is not None:
        return f" {word} {start.strftime(fmt)}-{end.strftime(fmt)}"
    return f" {word} {start.strftime(fmt)}"


def _stated_next(minutes: Minutes) -> DateMention | None:
    """The next meeting the minutes set ("næste møde den 13. april"), else the first calendar
    date after the meeting; None when they name neither."""
    after = minutes.meeting.date or dt.date.min
    stated = [
        d for d in minutes.dates if d.kind == DateKind.NEXT_MEETING and (minutes.meeting.date is None or d.on > after)
    ]
    if not stated:
        stated = [d for d in minutes.dates if d.kind == DateKind.CALENDAR_MEETING and d.on > after]
    return min(stated, key=lambda d: d.on) if stated else None


def _listed_points(item: AgendaItem) -> list[str]:
    """The points a "Punkter til næste møde" item lists (its referat, else its text)."""
    for kinds in ((SectionKind.REFERAT,), (SectionKind.DESCRIPTION, SectionKind.INDSTILLING)):
        points = []
        for section in item.sections:
            if section.kind in kinds:
                points.extend(
                    s
                    for s in split_sentences(section.text)
                    if not re.match(r"^(det indstilles|beslutter punkter)", s, re.I)
                )
        if points:
            return points
    return []


_NEXT_MEETING_ITEM_RE = re.compile(r"\b(punkter|emner|forslag)\b.*\b(næste|kommende)\s+møde", re.I)


_TAKEN_UP_RE = re.compile(
    r"\b(tages op|tage op|følges op|drøftes|behandles|genoptages|inviteres)\b[^.]*\b(næste|kommende)\s+(\w+\s+)?møde"
    r"|\b(til|på) (det )?(næste|kommende) møde\b",
    re.I,
)


# The trailing "(Regionshuset Kystvig)" of a line in a meeting calendar.
_CALENDAR_PLACE_RE = re.compile(r"\(([^()]{2,80})\)\s*$")


# Meetings listed per committee for a period (a year has 4-12 in practice).
_MEETINGS_SHOWN = 12


def committees_in_scope(
    r: Retrieval, named: list[str], preferred: str | None, calendar: CalendarView | None = None
) -> list[str]:
    if named:
        return named
    if preferred is not None:
        return [preferred]
    return meeting_committees(r, calendar)


def meeting_committees(r: Retrieval, calendar: CalendarView | None) -> list[str]:
    """Every committee with known meetings: in the minutes, and in the calendar (one added by hand)."""
    if calendar is None:
        return sorted(r.index.meeting_events)
    return sorted(set(r.index.meeting_events) | set(calendar.names))


def committee_name(r: Retrieval, key: str, calendar: CalendarView | None, language: str) -> str:
    name = r.index.committee_names.get(key) or (calendar.names.get(key) if calendar is not None else None)
    return name or ("udvalget" if language == "da" else "the committee")


def next_meeting(
    r: Retrieval,
    query: Query,
    today: dt.date,
    named: list[str],
    preferred: str | None,
    calendar: CalendarView | None = None,
) -> Answer:
    da = query.language == "da"
    lang = query.language
    # (upcoming first, then by date) so that committees with a known next meeting lead
    # and stale ones ("… ligger før i dag") follow.
    entries: list[tuple[tuple[int, dt.date], str, list[Source], list[AnswerDate]]] = []
    confidence = 0.0
    for key in committees_in_scope(r, named, preferred, calendar):
        name = committee_name(r, key, calendar, lang)
        if calendar is not None and calendar.keeps(key):
            entry = calendar_next_meeting(r, key, name, calendar, today, lang)
            if entry is not None:
                entries.append(entry)
                confidence = max(confidence, 0.9)
                continue
        else:
            upcoming = first_meeting_on_or_after(r, key, today)
            if upcoming is not None:
                # Every event of that day: the calendar line has the time and place.
                events = r.index.events_between(key, upcoming.date, upcoming.date)
                when, source, date = meeting_line(r, upcoming.date, events, today, lang)
                line = f"Næste møde i {name} er {when}." if da else f"The next meeting of {name} is on {when}."
                dates = [AnswerDate(date.date, "next_meeting", date.text)]
                entries.append(((0, upcoming.date), line, [source], dates))
                confidence = max(confidence, 0.9)
                continue
        stated = stated_next_meeting(r, key)
        if stated is None or stated[1].on >= today:
            continue
        minutes, mention = stated
        when = format_date(mention.on, lang)
        held = format_date(minutes.meeting.date, lang)
        line = (
            f"Det seneste referat fra {name} ({held}) nævner næste møde {when}; den dato ligger før i dag ({format_date(today, lang)}), så der kendes ingen kommende mødedato."
            if da
            else f"The latest minutes of {name} ({held}) give the next meeting as {when}; that date is in the past relative to today ({format_date(today, lang)}), so no upcoming date is known."
        )
        item = minutes.item(mention.item_number) if mention.item_number else None
        source = r.source(minutes, item, fold_whitespace(mention.sentence))
        entries.append(((1, mention.on), line, [source], [AnswerDate(mention.on, "next_meeting", mention.text)]))
        confidence = max(confidence, 0.6)
    if not entries:
        if calendar is not None and any(
            calendar.keeps(key) for key in committees_in_scope(r, named, preferred, calendar)
        ):
            return r.not_found(query, _NO_UPCOMING[lang])
        return r.not_found(query)
    entries.sort(key=lambda e: e[0][0])  # stable: committees keep their order within each group
    lines = [e[1] for e in entries]
    sources = [s for e in entries for s in e[2]]
    dates = [d for e in entries for d in e[3]]
    return Answer(query.question, query.intent, True, "\n".join(lines), confidence, sources, dates, lang)


def first_meeting_on_or_after(r: Retrieval, key: str, day: dt.date) -> MeetingEvent | None:
    """The committee's first meeting on or after ``day`` (local date); a meeting whose own minutes are
    stored outranks a date other minutes planned (it may have moved, or be read into the wrong year)."""
    for event in r.index.events_between(key, day, dt.date.max):
        if event.kind == "meeting":
            return event
    return r.index.first_event_on_or_after(key, day)


def _held_rather_than_planned(
    r: Retrieval, key: str, calendar: CalendarView, meeting: CalendarMeeting | None, today: dt.date
) -> CalendarMeeting | None:
    """The calendar's next meeting, unless only minutes planned it and a later meeting's own minutes
    are stored with nothing in the calendar for its day: then that stored meeting."""
    if meeting is None or meeting.source != SOURCE_MINUTES:
        return meeting
    held = next((e for e in r.index.events_between(key, today, dt.date.max) if e.kind == "meeting"), None)
    if held is None or held.date <= meeting.local_date:
        return meeting
    stored = [m for m in calendar.between(key, held.date, held.date) if m.status != STATUS_CANCELLED]
    return stored[0] if stored else meeting


def calendar_next_meeting(
    r: Retrieval, key: str, name: str, calendar: CalendarView, today: dt.date, language: str
) -> tuple[tuple[int, dt.date], str, list[Source], list[AnswerDate]] | None:
    """The committee's next meeting by its calendar, with the meetings cancelled before it;
    None when the calendar has nothing ahead."""
    da = language == "da"
    cancelled, meeting = calendar.ahead(key)
    meeting = _held_rather_than_planned(r, key, calendar, meeting, today)
    if meeting is None and not cancelled:
        return None
    lead = ""
    sources: list[Source] = []
    if cancelled:
        days = _and_list([format_date(m.local_date, language) for m in cancelled], language)
        several = len(cancelled) > 1
        if da:
            lead = f"{'Møderne' if several else 'Mødet'} i {name} den {days} er aflyst"
        else:
            noun = "meetings" if several else "meeting"
            lead = f"The {noun} of {name} on {days} {'are' if several else 'is'} cancelled"
        sources = [calendar_line(r, key, m, today, language).source for m in cancelled]
    if meeting is None:
        line = (
            f"{lead}; der er ikke planlagt flere møder i mødekalenderen."
            if da
            else f"{lead}; no further meeting is planned in the meeting calendar."
        )
        return (0, cancelled[0].local_date), line, sources, []
    shown = calendar_line(r, key, meeting, today, language)
    when = f"{shown.when} ({shown.origin})"
    if lead:
        line = f"{lead}; næste møde er {when}." if da else f"{lead}; the next meeting is on {when}."
    else:
        line = f"Næste møde i {name} er {when}." if da else f"The next meeting of {name} is on {when}."
    date = AnswerDate(shown.date.date, "next_meeting", shown.date.text)
    # The next meeting's own source first: it is what the answer is about.
    return (0, meeting.local_date), line, [shown.source, *sources], [date]


def calendar_line(r: Retrieval, key: str, meeting: CalendarMeeting, today: dt.date, language: str) -> _CalendarLine:
    """A calendar meeting's day, time and place, sourced to the minutes that announce it, else the calendar."""
    da = language == "da"
    day = meeting.local_date
    when = format_date(day, language)
    if meeting.local_start is not None:
        when += _clock_text(meeting.local_start, meeting.local_end, language)
    if meeting.place:
        when += f", {fold_whitespace(meeting.place)}"
    events = r.index.events_between(key, day, day)
    notes = []
    if meeting.status == STATUS_CANCELLED:
        notes.append("aflyst" if da else "cancelled")
    elif day < today and any(e.kind == "meeting" for e in events):
        notes.append("afholdt" if da else "held")
    if meeting.source == SOURCE_MINUTES and events:
        _, source, date = meeting_line(r, day, events, today, language)
        number = f", {'punkt' if da else 'item'} {source.item_number}" if source.item_number else ""
        minutes_of = format_date(source.meeting_date, language)
        origin = f"fra referatet af {minutes_of}{number}" if da else f"from the minutes of {minutes_of}{number}"
        return _CalendarLine(when, origin, _with_notes(when, notes), source, date)
    origin = _CALENDAR_ORIGINS[language].get(meeting.source, _CALENDAR_ORIGINS[language][SOURCE_MINUTES])
    if meeting.source in _CALENDAR_NOTES[language] and meeting.status != STATUS_CANCELLED:
        notes.append(_CALENDAR_NOTES[language][meeting.source])
    listed = _with_notes(when, notes)
    source = Source(
        document=CALENDAR_DOCUMENT, committee=meeting.committee, meeting_date=day, item_number=None,
        item_title=None, quote=listed if notes else f"{when} ({origin})",
    )  # fmt: skip  # keyword arguments grouped by meaning
    return _CalendarLine(when, origin, listed, source, AnswerDate(day, "meeting", format_date(day, language)))


def stated_next_meeting(r: Retrieval, key: str) -> tuple[Minutes, DateMention] | None:
    """The next meeting the committee's latest minutes state (may lie in the past)."""
    for mi in reversed(r.index.committee_minutes.get(key, [])):
        minutes = r.index.minutes[mi]
        stated = _stated_next(minutes)
        if stated is not None:
            return minutes, stated
    return None


def held_on(r: Retrieval, key: str, day: dt.date) -> list[int]:
    """Indices of the committee's minutes of a meeting held on ``day`` (local date)."""
    return [e.minutes_index for e in r.index.events_between(key, day, day) if e.kind == "meeting"]


def agenda_points(r: Retrieval, candidates: list[int], language: str) -> tuple[list[str], list[Source]]:
    """What the minutes set for their next meeting: listed points, postponed items, items taken up again."""
    da = language == "da"
    listed_lines, postponed_lines, taken_up_lines = [], [], []
    listed_sources, postponed_sources, taken_up_sources = [], [], []
    prefix = "Punkt" if da else "Item"
    for mi in candidates:
        minutes = r.index.minutes[mi]
        for item in minutes.items:
            title = fold_whitespace(item.title)
            if _NEXT_MEETING_ITEM_RE.search(item.title):
                listed = _listed_points(item)
                listed_lines.extend(listed)
                if listed:
                    listed_sources.append(r.source(minutes, item, "; ".join(listed)))
                continue
            if item.outcome == Outcome.POSTPONED:
                label = "udskudt" if da else "postponed"
                postponed_lines.append(f"{prefix} {item.number} «{title}» ({label})")
                postponed_sources.append(r.source(minutes, item, fold_whitespace(item.outcome_sentence or title)))
                continue
            for section in item.sections:
                if section.kind not in (SectionKind.REFERAT, SectionKind.NOTE_AFTER):
                    continue
                for sentence in split_sentences(section.text):
                    if _TAKEN_UP_RE.search(sentence):
                        taken_up_lines.append(f"{prefix} {item.number} «{title}»: {sentence}")
                        taken_up_sources.append(r.source(minutes, item, sentence))
    lines = unique(listed_lines + postponed_lines + taken_up_lines)
    return lines, listed_sources + postponed_sources + taken_up_sources


def next_meeting_agenda(
    r: Retrieval,
    query: Query,
    today: dt.date,
    named: list[str],
    preferred: str | None,
    calendar: CalendarView | None = None,
) -> Answer:
    if query.day is not None:
        return dated_meeting_agenda(r, query, today, named, preferred)
    da = query.language == "da"
    scope = committees_in_scope(r, named, preferred)
    candidates = r.latest_minutes(scope, today)
    if not named and preferred is None and candidates:
        # Nobody said which group: the most recent minutes speak for "vi".
        candidates = [max(candidates, key=lambda mi: r.index.minutes[mi].meeting.date or dt.date.min)]
    lines, sources = agenda_points(r, candidates, query.language)
    if not lines:
        return r.not_found(query)
    dates, notes = [], []
    for mi in candidates:
        minutes = r.index.minutes[mi]
        key = committee_key(minutes.meeting.committee)
        # "Next" is the committee's first known meeting on or after today, not the one
        # right after the source meeting, which may already have been held.
        if calendar is not None and calendar.keeps(key):
            _, meeting = calendar.ahead(key)
            if meeting is not None:
                shown = calendar_line(r, key, meeting, today, query.language)
                dates.append(AnswerDate(shown.date.date, "next_meeting", shown.date.text))
        else:
            upcoming = first_meeting_on_or_after(r, key, today)
            if upcoming is not None:
                text = (
                    upcoming.mention.text
                    if upcoming.mention
                    else fold_whitespace(r.index.minutes[upcoming.minutes_index].meeting.date_evidence)
                )
                dates.append(AnswerDate(upcoming.date, "next_meeting", text))
        stated = _stated_next(minutes)
        if stated is not None and stated.on < today and not held_on(r, key, stated.on):
            when = format_date(stated.on, query.language)
            notes.append(
                f"Bemærk: punkterne blev sat til mødet {when}, hvis referat ikke er indlæst."
                if da
                else f"Note: the points were set for the meeting on {when}, whose minutes are not loaded."
            )
    minutes = r.index.minutes[candidates[0]]
    name = minutes.meeting.committee or ("udvalget" if da else "the committee")
    when = f" ({format_date(dates[0].date, query.language)})" if dates else ""
    held = format_date(minutes.meeting.date, query.language)
    head = (
        f"Til næste møde i {name}{when} står ifølge referatet fra {held}:"
        if da
        else f"For the next meeting of {name}{when}, the minutes of {held} list:"
    )
    text = head + "\n" + "\n".join(f"• {line}" for line in lines)
    if notes:
        text += "\n" + "\n".join(unique(notes))
    confidence = 0.85 if not notes else 0.7
    return Answer(query.question, query.intent, True, text, confidence, sources, dates, query.language)


def dated_meeting_agenda(r: Retrieval, query: Query, today: dt.date, named: list[str], preferred: str | None) -> Answer:
    """ "Hvad skal på dagsordenen til mødet den 19. januar 2027?": the points the minutes
    before that meeting set for it, or the meeting's own items when its minutes exist."""
    day = query.day
    assert day is not None  # the caller checks
    da = query.language == "da"
    lang = query.language
    scope = committees_in_scope(r, named, preferred)
    # The meeting's own minutes: its agenda is its items.
    for key in scope:
        for mi in held_on(r, key, day):
            minutes = r.index.minutes[mi]
            titles = [
                f"{'Punkt' if da else 'Item'} {item.number} «{fold_whitespace(item.title)}»" for item in minutes.items
            ]
            if not titles:
                continue
            name = minutes.meeting.committee or ("udvalget" if da else "the committee")
            head = (
                f"Dagsordenen for mødet i {name} {format_date(day, lang)}:"
                if da
                else f"The agenda of the meeting of {name} on {format_date(day, lang)}:"
            )
            quote = "; ".join(fold_whitespace(item.title) for item in minutes.items)
            dates = [AnswerDate(day, "meeting", fold_whitespace(minutes.meeting.date_evidence))]
            text = head + "\n" + "\n".join(f"• {t}" for t in titles)
            return Answer(query.question, query.intent, True, text, 0.9, [r.source(minutes, None, quote)], dates, lang)
    candidates: list[int] = []
    elsewhere: list[tuple[Minutes, DateMention]] = []  # the latest minutes set points for another meeting
    for key in scope:
        if not any(e.mention is not None for e in r.index.events_between(key, day, day)):
            continue  # no minutes of this committee name that meeting
        before = r.index.minutes_held_by(key, day - dt.timedelta(days=1))
        if not before:
            continue
        latest = r.index.minutes[before[-1]]
        stated = _stated_next(latest)
        if stated is not None and stated.on == day:
            candidates.append(before[-1])
        elif stated is not None:
            elsewhere.append((latest, stated))
    when = format_date(day, lang)
    if not candidates:
        if elsewhere:
            minutes, stated = elsewhere[0]
            name = minutes.meeting.committee or ("udvalget" if da else "the committee")
            held = format_date(minutes.meeting.date, lang)
            other = format_date(stated.on, lang)
            text = (
                f"Referaterne siger endnu ikke, hvad der skal på dagsordenen til mødet {when}: det seneste referat fra {name} ({held}) sætter punkter til mødet {other}."
                if da
                else f"The minutes do not yet say what is on the agenda for the meeting on {when}: the latest minutes of {name} ({held}) set points for the meeting on {other}."
            )
            return r.not_found(query, text)
        text = (
            f"Jeg kender intet møde den {when} i referaterne."
            if da
            else f"I know of no meeting on {when} in the minutes."
        )
        return r.not_found(query, text)
    lines, sources = agenda_points(r, candidates, lang)
    minutes = r.index.minutes[candidates[0]]
    name = minutes.meeting.committee or ("udvalget" if da else "the committee")
    held = format_date(minutes.meeting.date, lang)
    if not lines:
        text = (
            f"Referatet fra {name} ({held}) nævner mødet {when}, men ingen punkter til det."
            if da
            else f"The minutes of {name} ({held}) mention the meeting on {when} but no points for it."
        )
        return r.not_found(query, text)
    stated = _stated_next(minutes)
    dates = [AnswerDate(day, "next_meeting", stated.text if stated else when)]
    head = (
        f"Til mødet i {name} {when} står ifølge referatet fra {held}:"
        if da
        else f"For the meeting of {name} on {when}, the minutes of {held} list:"
    )
    text = head + "\n" + "\n".join(f"• {line}" for line in lines)
    return Answer(query.question, query.intent, True, text, 0.85, sources, dates, lang)


def meetings_in_period(
    r: Retrieval,
    query: Query,
    today: dt.date,
    named: list[str],
    preferred: str | None,
    calendar: CalendarView | None = None,
) -> Answer:
    """ "Hvilke mødedatoer er der i 2027?": held and announced meetings per committee,
    with times and place where known; without a period, those from today on. A committee
    with a calendar lists the calendar's meetings, cancelled ones marked."""
    da = query.language == "da"
    lang = query.language
    if query.period is not None:
        start, end = query.period.start, query.period.end
        label = ("i " if da else "in ") + period_label(query.period, lang)
    else:
        start, end = today, dt.date.max
        label = ("fra " if da else "from ") + format_date(today, lang)
    everyone = meeting_committees(r, calendar)
    scopes = [named] if named else ([[preferred], everyone] if preferred else [everyone])
    blocks: list[str] = []
    sources: list[Source] = []
    dates: list[AnswerDate] = []
    for scope in scopes:
        for key in scope:
            if calendar is not None and calendar.keeps(key):
                listed = [calendar_line(r, key, m, today, lang) for m in calendar.between(key, start, end)]
                shown = [(line.listed, line.source, line.date) for line in listed]
            else:
                shown = minutes_meeting_lines(r, key, start, end, today, lang)
            if not shown:
                continue
            name = committee_name(r, key, calendar, lang)
            lines = [line for line, _, _ in shown[:_MEETINGS_SHOWN]]
            if len(shown) > _MEETINGS_SHOWN:
                more = len(shown) - _MEETINGS_SHOWN
                lines.append(f"… og {more} flere" if da else f"… and {more} more")
            sources.extend(source for _, source, _ in shown[:_MEETINGS_SHOWN])
            dates.extend(date for _, _, date in shown[:_MEETINGS_SHOWN])
            head = f"Møder i {name} {label}:" if da else f"Meetings of {name} {label}:"
            blocks.append(head + "\n" + "\n".join(f"• {line}" for line in lines))
        if blocks:
            break
    if not blocks:
        text = (
            f"Jeg kender ingen mødedatoer {label} i referaterne."
            if da
            else f"I know of no meeting dates {label} in the minutes."
        )
        return r.not_found(query, text)
    return Answer(query.question, query.intent, True, "\n".join(blocks), 0.9, sources, dates, lang)


def minutes_meeting_lines(
    r: Retrieval, key: str, start: dt.date, end: dt.date, today: dt.date, language: str
) -> list[tuple[str, Source, AnswerDate]]:
    """The committee's meetings in [start, end] as its minutes give them, one line per day."""
    events = r.index.events_between(key, start, end)
    days = groupby(events, key=lambda e: e.date)
    return [meeting_line(r, day, list(group), today, language) for day, group in days]


def meeting_line(
    r: Retrieval, day: dt.date, events: list[MeetingEvent], today: dt.date, language: str
) -> tuple[str, Source, AnswerDate]:
    """One meeting day: its local time and place from its own minutes or the latest that announce it."""
    held = next((e for e in events if e.kind == "meeting"), None)
    announced = [e for e in events if e.mention is not None]
    # The latest minutes know best; a calendar line ("… kl. 9.00-12.00 (Regionshuset)") says most.
    best = max(
        announced,
        key=lambda e: (
            r.index.minutes[e.minutes_index].meeting.date or dt.date.min,
            e.kind == str(DateKind.CALENDAR_MEETING),
        ),
        default=None,
    )
    time, place = "", None
    timed = next((e.mention for e in ([best] if best else []) + announced if e.mention and e.mention.start_time), None)
    if timed is not None:
        time = _clock_text(timed.start_time, timed.end_time, language)
    if held is not None:
        meeting = r.index.minutes[held.minutes_index].meeting
        if not time and meeting.start_time is not None:
            time = _clock_text(meeting.start_time, meeting.end_time, language)
        place = fold_whitespace(meeting.place) if meeting.place else None
    if place is None and best is not None and best.mention is not None:
        sentence = fold_whitespace(best.mention.sentence)
        m = _CALENDAR_PLACE_RE.search(sentence)
        if m and len(sentence) < 120:
            place = m.group(1).strip()
    line = f"{format_date(day, language)}{time}"
    if place:
        line += f", {place}"
    if held is not None and day < today:
        line += " (afholdt)" if language == "da" else " (held)"
    if held is not None:
        minutes = r.index.minutes[held.minutes_index]
        quote = fold_whitespace(minutes.meeting.date_evidence)
        return line, r.source(minutes, None, quote), AnswerDate(day, "meeting", quote)
    assert best is not None and best.mention is not None  # every event is held or announced
    minutes = r.index.minutes[best.minutes_index]
    item = minutes.item(best.mention.item_number) if best.mention.item_number else None
    quote = fold_whitespace(best.mention.sentence)
    return line, r.source(minutes, item, quote), AnswerDate(day, best.kind, best.mention.text)
