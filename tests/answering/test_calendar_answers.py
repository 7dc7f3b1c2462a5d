"""Meeting questions answered from the meeting calendar, handed to the Answerer as plain objects.

The minutes are the hand-built ones (Fokusgruppen: calendar lines for 11 February and 27 May 2021;
Følgegruppen for uddannelse: next meeting 13 April 2021); the calendar says what a secretary or an
import changed since.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answering import Answerer
from bot.answering import intents as it
from bot.answering.answer import CALENDAR_DOCUMENT
from bot.answering.meetings import MeetingCalendar
from bot.calendar.model import (
    SOURCE_GRAPH,
    SOURCE_IMPORT,
    SOURCE_MINUTES,
    SOURCE_SECRETARY,
    STATUS_CANCELLED,
    STATUS_PLANNED,
    CalendarMeeting,
    local_instant,
)
from bot.clock import COMMITTEE_TZ
from tests.answering.handmade import FOKUS, UDD, fokus_minutes, udd_minutes

TODAY = dt.date(2021, 2, 15)
NOW = dt.datetime(2021, 2, 15, 12, 0, tzinfo=COMMITTEE_TZ)


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return Answerer([fokus_minutes(), udd_minutes()])


def meeting(
    committee: str,
    day: dt.date,
    start: dt.time | None = None,
    end: dt.time | None = None,
    *,
    place: str | None = None,
    source: str = SOURCE_MINUTES,
    status: str = STATUS_PLANNED,
) -> CalendarMeeting:
    return CalendarMeeting(
        id=None,
        committee=committee,
        starts_at=local_instant(day, start),
        ends_at=local_instant(day, end) if start and end else None,
        all_day=start is None,
        place=place,
        source=source,
        status=status,
        uid=f"{day.isoformat()}-{len(committee)}@test",
    )


def from_minutes() -> list[CalendarMeeting]:
    """What syncing the hand-built minutes puts in the calendar."""
    return [
        meeting(FOKUS, dt.date(2020, 9, 2), dt.time(9), dt.time(12), place="Byrådssalen, Rådhusgade 2, Lemvig"),
        meeting(FOKUS, dt.date(2021, 2, 11), dt.time(8, 30), dt.time(12), place="HEV"),
        meeting(FOKUS, dt.date(2021, 5, 27), dt.time(12, 30), dt.time(16), place="Lemvig"),
        meeting(UDD, dt.date(2021, 2, 9)),
        meeting(UDD, dt.date(2021, 4, 13)),
    ]


def calendar(
    meetings: list[CalendarMeeting],
    *,
    start: dt.date = TODAY,
    end: dt.date = dt.date.max,
    committees: frozenset[str] = frozenset({FOKUS, UDD}),
    now: dt.datetime = NOW,
) -> MeetingCalendar:
    """The calendar as Knowledge.ask hands it over: the meetings of the days [start, end]."""
    shown = tuple(m for m in meetings if start <= m.local_date <= end)
    return MeetingCalendar(shown, committees, start, end, now)


def replaced(meetings: list[CalendarMeeting], day: dt.date, *new: CalendarMeeting) -> list[CalendarMeeting]:
    return [m for m in meetings if m.local_date != day] + list(new)


def test_a_calendar_filled_from_minutes_gives_the_minutes_answer_and_says_so(answerer: Answerer) -> None:
    plain = answerer.answer("Hvornår er næste møde?", today=TODAY, committee=FOKUS)
    result = answerer.answer("Hvornår er næste møde?", today=TODAY, committee=FOKUS, calendar=calendar(from_minutes()))

    assert result.answer == (
        f"Næste møde i {FOKUS} er 27. maj 2021 kl. 12.30-16.00, Lemvig (fra referatet af 2. september 2020, punkt 10)."
    )
    # The quoted source is the minutes' calendar line, as without the calendar.
    assert result.sources == plain.sources
    assert result.sources[0].quote == "Torsdag d 27. maj 2021 kl 12.30-16.00 (Lemvig)"
    assert [(d.date, d.kind) for d in result.dates] == [(dt.date(2021, 5, 27), "next_meeting")]


def test_a_meeting_the_secretary_moved_gives_the_new_date(answerer: Answerer) -> None:
    moved = replaced(
        from_minutes(),
        dt.date(2021, 5, 27),
        meeting(FOKUS, dt.date(2021, 6, 3), dt.time(12, 30), dt.time(16), place="Lemvig", source=SOURCE_SECRETARY),
    )

    result = answerer.answer("Hvornår er næste møde i fokusgruppen?", today=TODAY, calendar=calendar(moved))

    assert result.answered and result.intent == it.NEXT_MEETING
    assert result.answer == (
        f"Næste møde i {FOKUS} er 3. juni 2021 kl. 12.30-16.00, Lemvig "
        "(ifølge mødekalenderen, ændret af sekretariatet)."
    )
    assert "27. maj" not in result.answer
    assert [d.date for d in result.dates] == [dt.date(2021, 6, 3)]
    source = result.sources[0]
    assert (source.document, source.committee, source.meeting_date, source.item_number) == (
        CALENDAR_DOCUMENT,
        FOKUS,
        dt.date(2021, 6, 3),
        None,
    )


def test_a_meeting_the_secretary_added_comes_first(answerer: Answerer) -> None:
    added = [*from_minutes(), meeting(UDD, dt.date(2021, 3, 1), dt.time(13), source=SOURCE_SECRETARY)]

    result = answerer.answer("Hvornår er næste møde?", today=TODAY, committee=UDD, calendar=calendar(added))

    assert result.answer == (
        f"Næste møde i {UDD} er 1. marts 2021 kl. 13.00 (ifølge mødekalenderen, ændret af sekretariatet)."
    )
    assert [d.date for d in result.dates] == [dt.date(2021, 3, 1)]


@pytest.mark.parametrize(
    ("source", "language", "origin"),
    [
        (SOURCE_SECRETARY, "da", "ifølge mødekalenderen, ændret af sekretariatet"),
        (SOURCE_IMPORT, "da", "importeret fra kalender"),
        (SOURCE_GRAPH, "da", "importeret fra gruppens Outlook-kalender"),
        (SOURCE_GRAPH, "en", "imported from the group's Outlook calendar"),
        # From minutes the index does not hold (loaded by another replica meanwhile).
        (SOURCE_MINUTES, "da", "ifølge mødekalenderen"),
        (SOURCE_MINUTES, "en", "according to the meeting calendar"),
    ],
)
def test_the_answer_says_who_set_the_meeting(answerer: Answerer, source: str, language: str, origin: str) -> None:
    added = [*from_minutes(), meeting(UDD, dt.date(2021, 3, 1), source=source)]
    result = answerer.answer(
        "Hvornår er næste møde?", today=TODAY, committee=UDD, language=language, calendar=calendar(added)
    )
    when = "1. marts 2021" if language == "da" else "1 March 2021"
    assert result.answer.endswith(f" {when} ({origin}).")
    assert result.sources[0].document == CALENDAR_DOCUMENT


def may_cancelled(*more: CalendarMeeting) -> list[CalendarMeeting]:
    """Fokusgruppen's 27 May meeting cancelled by the secretary, and 7 September imported."""
    return replaced(
        from_minutes(),
        dt.date(2021, 5, 27),
        meeting(
            FOKUS,
            dt.date(2021, 5, 27),
            dt.time(12, 30),
            dt.time(16),
            place="Lemvig",
            source=SOURCE_SECRETARY,
            status=STATUS_CANCELLED,
        ),
        meeting(FOKUS, dt.date(2021, 9, 7), dt.time(8, 30), dt.time(12), place="HEV", source=SOURCE_IMPORT),
        *more,
    )


def test_a_cancelled_next_meeting_is_mentioned_with_the_one_after(answerer: Answerer) -> None:
    meetings = may_cancelled()

    result = answerer.answer("Hvornår er næste møde i fokusgruppen?", today=TODAY, calendar=calendar(meetings))

    assert result.answer == (
        f"Mødet i {FOKUS} den 27. maj 2021 er aflyst; "
        "næste møde er 7. september 2021 kl. 08.30-12.00, HEV (importeret fra kalender)."
    )
    assert [d.date for d in result.dates] == [dt.date(2021, 9, 7)]
    # The next meeting's source first, then the cancellation's.
    assert [s.meeting_date for s in result.sources] == [dt.date(2021, 9, 7), dt.date(2021, 5, 27)]
    assert result.sources[1].quote == "27. maj 2021 kl. 12.30-16.00, Lemvig (aflyst)"


def test_a_cancelled_next_meeting_in_english(answerer: Answerer) -> None:
    meetings = replaced(
        from_minutes(),
        dt.date(2021, 4, 13),
        meeting(UDD, dt.date(2021, 4, 13), source=SOURCE_SECRETARY, status=STATUS_CANCELLED),
        meeting(UDD, dt.date(2021, 6, 10), dt.time(9), dt.time(11), place="Regionshuset", source=SOURCE_SECRETARY),
    )

    result = answerer.answer("When is the next meeting?", today=TODAY, committee=UDD, calendar=calendar(meetings))

    assert result.language == "en"
    assert result.answer == (
        f"The meeting of {UDD} on 13 April 2021 is cancelled; the next meeting is on 10 June 2021 at 09:00-11:00, "
        "Regionshuset (according to the meeting calendar, changed by the secretariat)."
    )


def test_a_cancelled_last_meeting_says_none_is_planned(answerer: Answerer) -> None:
    meetings = replaced(
        from_minutes(),
        dt.date(2021, 4, 13),
        meeting(UDD, dt.date(2021, 4, 13), source=SOURCE_SECRETARY, status=STATUS_CANCELLED),
    )

    result = answerer.answer("Hvornår er næste møde?", today=TODAY, committee=UDD, calendar=calendar(meetings))

    assert result.answer == (
        f"Mødet i {UDD} den 13. april 2021 er aflyst; der er ikke planlagt flere møder i mødekalenderen."
    )
    assert result.dates == []


def test_english_next_meeting_from_minutes(answerer: Answerer) -> None:
    result = answerer.answer("When is the next meeting?", today=TODAY, committee=UDD, calendar=calendar(from_minutes()))
    assert result.answer == (
        f"The next meeting of {UDD} is on 13 April 2021 (from the minutes of 9 February 2021, item 4.1)."
    )


@pytest.mark.parametrize(
    ("local_time", "next_day"),
    # 10:00 on the day of the 8.30 meeting: it has begun, the next one is in May; at 8:00 it is still next.
    [(dt.time(10), dt.date(2021, 5, 27)), (dt.time(8), dt.date(2021, 2, 11))],
)
def test_a_meeting_that_has_begun_is_not_next(answerer: Answerer, local_time: dt.time, next_day: dt.date) -> None:
    today = dt.date(2021, 2, 11)
    now = dt.datetime.combine(today, local_time, tzinfo=COMMITTEE_TZ)
    result = answerer.answer(
        "Hvornår er næste møde?",
        today=today,
        committee=FOKUS,
        calendar=calendar(from_minutes(), start=today, now=now),
    )
    assert [d.date for d in result.dates] == [next_day]


def test_meetings_in_a_period_mark_cancelled_and_changed_meetings(answerer: Answerer) -> None:
    meetings = may_cancelled(
        meeting(FOKUS, dt.date(2021, 6, 3), dt.time(12, 30), dt.time(16), place="Lemvig", source=SOURCE_SECRETARY),
    )
    question = "Hvilke møder er der i 2021 i fokusgruppen?"
    days = answerer.calendar_days(question, today=TODAY)
    assert days == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))

    result = answerer.answer(question, today=TODAY, calendar=calendar(meetings, start=days[0], end=days[1]))

    assert result.answer.splitlines() == [
        f"Møder i {FOKUS} i 2021:",
        "• 11. februar 2021 kl. 08.30-12.00, HEV",
        "• 27. maj 2021 kl. 12.30-16.00, Lemvig (aflyst)",
        "• 3. juni 2021 kl. 12.30-16.00, Lemvig (ændret af sekretariatet)",
        "• 7. september 2021 kl. 08.30-12.00, HEV (importeret fra kalender)",
    ]
    english = answerer.answer(
        "What meetings are there in 2021 in the focus group?",
        today=TODAY,
        calendar=calendar(meetings, start=days[0], end=days[1]),
    )
    assert "• 27 May 2021 at 12:30-16:00, Lemvig (cancelled)" in english.answer.splitlines()
    assert "• 3 June 2021 at 12:30-16:00, Lemvig (changed by the secretariat)" in english.answer.splitlines()


def test_the_agenda_of_the_next_meeting_carries_the_calendar_date(answerer: Answerer) -> None:
    moved = replaced(
        from_minutes(),
        dt.date(2021, 5, 27),
        meeting(FOKUS, dt.date(2021, 6, 3), dt.time(12, 30), dt.time(16), source=SOURCE_SECRETARY),
    )
    question = "Hvad skal vi drøfte på næste møde?"
    result = answerer.answer(question, today=TODAY, committee=FOKUS, calendar=calendar(moved))
    assert result.answered
    assert result.answer.startswith(f"Til næste møde i {FOKUS} (3. juni 2021) står")
    assert [d.date for d in result.dates] == [dt.date(2021, 6, 3)]


def test_a_committee_without_a_calendar_is_answered_from_its_minutes(answerer: Answerer) -> None:
    only_fokus = [m for m in from_minutes() if m.committee == FOKUS]
    moved = replaced(only_fokus, dt.date(2021, 5, 27), meeting(FOKUS, dt.date(2021, 6, 3), source=SOURCE_SECRETARY))

    only_fokus_calendar = calendar(moved, committees=frozenset({FOKUS}))
    result = answerer.answer("Hvornår er næste møde?", today=TODAY, calendar=only_fokus_calendar)

    assert {(d.date, result.sources[i].committee) for i, d in enumerate(result.dates)} == {
        (dt.date(2021, 6, 3), FOKUS),
        (dt.date(2021, 4, 13), UDD),  # from the minutes, as without a calendar
    }


def test_without_calendar_rows_the_answer_is_the_minutes_answer(answerer: Answerer) -> None:
    empty = MeetingCalendar((), frozenset(), TODAY, dt.date.max, NOW)
    for question in ("Hvornår er næste møde?", "Hvilke møder er der fra i dag?", "When is the next meeting?"):
        assert answerer.answer(question, today=TODAY, calendar=empty) == answerer.answer(question, today=TODAY)


def test_a_calendar_that_does_not_cover_the_days_asked_about_is_not_used(answerer: Answerer) -> None:
    # Meetings from today on say nothing about 2020: the minutes answer.
    question = "Hvilke møder var der i 2020?"
    result = answerer.answer(question, today=TODAY, calendar=calendar([]))
    assert result == answerer.answer(question, today=TODAY)
    assert result.answered


def test_calendar_days_name_what_a_question_needs(answerer: Answerer) -> None:
    assert answerer.calendar_days("Hvornår er næste møde?", today=TODAY) == (TODAY, dt.date.max)
    assert answerer.calendar_days("Hvad skal vi drøfte på næste møde?", today=TODAY) == (TODAY, dt.date.max)
    assert answerer.calendar_days("Hvilke møder er der i maj 2021?", today=TODAY) == (
        dt.date(2021, 5, 1),
        dt.date(2021, 5, 31),
    )
    assert answerer.calendar_days("Hvad blev besluttet om IPS?", today=TODAY) is None
