"""Reminder rules and planning: DST, working days, cut-off, seed deadlines, stable keys, texts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.minutes.model import DateKind, Precision
from bot.minutes.read import read_minutes
from bot.reminders.due import (
    Deadline,
    plan_reminders,
    reminder_text,
)
from bot.reminders.rules import (
    COMMITTEE_TZ,
    DEFAULT_RULES,
    InvalidRule,
    ReminderRule,
    occurrence,
    rules_with,
)
from tests.seeds import dated

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
UTC = dt.UTC
DAY_BEFORE = ReminderRule("day_before", 1, dt.time(9, 0), working_days=False)
COMMITTEE = "Følgegruppen for uddannelse og arbejde"


@dataclass(frozen=True)
class FakeMeeting:
    committee: str
    starts_at: dt.datetime
    uid: str
    place: str | None = "Regionshuset Viborg, lokale F6"
    all_day: bool = False
    status: str = "confirmed"


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=COMMITTEE_TZ)


@pytest.mark.parametrize(
    ("meeting_day", "expected"),
    [
        # Spring forward on Sun 28 March 2021: 09:00 that day is CEST (UTC+2).
        (dt.date(2021, 3, 29), dt.datetime(2021, 3, 28, 7, 0, tzinfo=UTC)),
        # The day before that change is still CET (UTC+1).
        (dt.date(2021, 3, 28), dt.datetime(2021, 3, 27, 8, 0, tzinfo=UTC)),
        # Fall back on Sun 31 October 2021: 09:00 that day is CET (UTC+1).
        (dt.date(2021, 11, 1), dt.datetime(2021, 10, 31, 8, 0, tzinfo=UTC)),
        (dt.date(2021, 10, 31), dt.datetime(2021, 10, 30, 7, 0, tzinfo=UTC)),
    ],
)
def test_day_before_fires_at_nine_local_across_dst(meeting_day: dt.date, expected: dt.datetime) -> None:
    start = dt.datetime.combine(meeting_day, dt.time(10, 0), tzinfo=COMMITTEE_TZ)
    due = occurrence(DAY_BEFORE, meeting_start_local=start)
    assert due == expected
    assert due.astimezone(COMMITTEE_TZ).time() == dt.time(9, 0)


@pytest.mark.parametrize(
    ("falls_on", "working_day"),
    [
        (dt.date(2021, 3, 6), dt.date(2021, 3, 5)),  # Saturday -> Friday
        (
            dt.date(2021, 4, 5),
            dt.date(2021, 3, 31),
        ),  # Easter Monday, weekend, Good Friday, Maundy Thursday
        (
            dt.date(2023, 5, 5),
            dt.date(2023, 5, 4),
        ),  # Store Bededag, still a holiday in 2023
        (
            dt.date(2024, 4, 26),
            dt.date(2024, 4, 26),
        ),  # its date in 2024, a working day since
        (dt.date(2023, 6, 5), dt.date(2023, 6, 2)),  # Grundlovsdag (a Monday) -> Friday
        (dt.date(2021, 3, 3), dt.date(2021, 3, 3)),  # an ordinary Wednesday stays
    ],
)
def test_working_days_move_to_previous_working_day(falls_on: dt.date, working_day: dt.date) -> None:
    rule = ReminderRule("deadline", 2, dt.time(9, 0), working_days=True)
    due = occurrence(rule, deadline_date=falls_on + dt.timedelta(days=2))
    assert due is not None
    assert due.astimezone(COMMITTEE_TZ) == local(working_day.year, working_day.month, working_day.day, 9, 0)
    # Without working days the reminder stays on the day it falls on.
    calendar = occurrence(replace(rule, working_days=False), deadline_date=falls_on + dt.timedelta(days=2))
    assert calendar is not None and calendar.astimezone(COMMITTEE_TZ).date() == falls_on


def test_call_for_items_counts_back_from_the_cutoff() -> None:
    rule = next(r for r in DEFAULT_RULES if r.kind == "call_for_items")
    start = local(2021, 4, 13, 9, 0)  # Tuesday; cut-off (10 days) Saturday 3 April
    due = occurrence(rule, meeting_start_local=start, cutoff_days=10)
    assert due is not None
    # 3 days before the cut-off is Wednesday 31 March, a working day (Easter starts on 1 April).
    assert due.astimezone(COMMITTEE_TZ) == local(2021, 3, 31, 9, 0)
    # A 2-day cut-off (Sunday 11 April) puts it on Thursday 8 April.
    later = occurrence(rule, meeting_start_local=start, cutoff_days=2)
    assert later is not None and later.astimezone(COMMITTEE_TZ) == local(2021, 4, 8, 9, 0)


def test_invalid_rules_are_refused() -> None:
    with pytest.raises(InvalidRule):
        ReminderRule("weekly", 1, dt.time(9), working_days=False)  # type: ignore[arg-type]  # a kind the type does not allow, on purpose
    with pytest.raises(InvalidRule):
        ReminderRule("agenda", -1, dt.time(9), working_days=False)


def test_seed_deadline_gets_a_reminder_a_few_days_before() -> None:
    minutes = dated(read_minutes(SEEDS / "000_ff41c34304ad259a.txt"))
    # The day-precise deadlines, as storage reads them for the delivery engine (deadlines_between).
    deadlines = [
        Deadline(minutes.meeting.committee, mention.on, mention.sentence, mention.item_number, minutes.meeting.date)
        for mention in minutes.dates
        if mention.kind == DateKind.DEADLINE and mention.precision == Precision.DAY
    ]
    questionnaire = [d for d in deadlines if d.on == dt.date(2021, 2, 22)]
    assert questionnaire and "spørgeskema" in questionnaire[0].sentence
    planned = plan_reminders(
        [],
        deadlines,
        DEFAULT_RULES,
        now_utc=local(2021, 2, 5, 12, 0),
        horizon=dt.timedelta(days=30),
    )
    mine = [p for p in planned if p.deadline is not None and p.deadline.on == dt.date(2021, 2, 22)]
    assert len(mine) == 1
    due_local = mine[0].due_at.astimezone(COMMITTEE_TZ)
    # 3 days before Monday 22 February is Friday 19 February.
    assert due_local == local(2021, 2, 19, 9, 0)
    assert "22. februar 2021" in reminder_text(mine[0], "da")
    assert "22 February 2021" in reminder_text(mine[0], "en")
    assert "spørgeskema" in reminder_text(mine[0], "en")


MEETINGS = [
    FakeMeeting(COMMITTEE, local(2021, 4, 13, 9, 0), "uid-april"),
    FakeMeeting(COMMITTEE, local(2021, 6, 8, 13, 0), "uid-june"),
    FakeMeeting(
        "Fokusgruppen Sundhed & Beskæftigelse",
        local(2021, 4, 20, 10, 0),
        "uid-focus",
        status="cancelled",
    ),
]
DEADLINES = [
    Deadline(
        COMMITTEE,
        dt.date(2021, 4, 9),
        "Svar senest den 9. april.",
        "3",
        dt.date(2021, 2, 4),
    ),
    # The same deadline repeated in later minutes is planned once.
    Deadline(
        COMMITTEE,
        dt.date(2021, 4, 9),
        "Svar senest den 9. april.",
        "2",
        dt.date(2021, 3, 1),
    ),
]


def test_planning_is_stable_and_filtered_by_window() -> None:
    now = local(2021, 3, 25, 12, 0)
    first = plan_reminders(MEETINGS, DEADLINES, DEFAULT_RULES, now_utc=now, horizon=dt.timedelta(days=30))
    again = plan_reminders(
        list(reversed(MEETINGS)),
        list(reversed(DEADLINES)),
        DEFAULT_RULES,
        now_utc=now,
        horizon=dt.timedelta(days=30),
    )
    assert [p.key for p in first] == [p.key for p in again]
    assert first == again
    assert len({p.key for p in first}) == len(first)
    kinds = [(p.kind, p.meeting_uid) for p in first]
    assert ("call_for_items", "uid-april") in kinds
    assert ("agenda", "uid-april") in kinds
    assert ("day_before", "uid-april") in kinds
    assert [p.kind for p in first].count("deadline") == 1
    assert all(p.meeting_uid != "uid-focus" for p in first)  # cancelled
    assert all(p.meeting_uid != "uid-june" for p in first)  # beyond the horizon
    assert all(now <= p.due_at < now + dt.timedelta(days=30) for p in first)
    assert [p.due_at for p in first] == sorted(p.due_at for p in first)
    # A key names the committee, the kind, the meeting and the due instant.
    day_before = next(p for p in first if p.kind == "day_before")
    assert (
        day_before.key == f"følgegruppen for uddannelse og arbejde:day_before:uid-april:{day_before.due_at.isoformat()}"
    )


def test_now_excludes_past_reminders_unless_looked_back() -> None:
    after_day_before = local(2021, 4, 12, 9, 30)
    planned = plan_reminders(
        MEETINGS,
        [],
        DEFAULT_RULES,
        now_utc=after_day_before,
        horizon=dt.timedelta(hours=1),
    )
    assert planned == []
    missed = plan_reminders(
        MEETINGS,
        [],
        DEFAULT_RULES,
        now_utc=after_day_before,
        horizon=dt.timedelta(hours=1),
        lookback=dt.timedelta(hours=1),
    )
    assert [p.kind for p in missed] == ["day_before"]
    # Once the meeting has started, nothing is reminded of it, even looking back.
    started = plan_reminders(
        MEETINGS[:1],
        [],
        DEFAULT_RULES,
        now_utc=local(2021, 4, 13, 9, 5),
        horizon=dt.timedelta(days=1),
        lookback=dt.timedelta(days=2),
    )
    assert started == []


def test_committee_rules_override_and_disable() -> None:
    rules = {
        COMMITTEE.upper(): rules_with(
            [
                ReminderRule("day_before", 1, dt.time(8, 0), working_days=False),
                ReminderRule("agenda", 7, dt.time(9), True, enabled=False),
            ]
        )
    }
    planned = plan_reminders(
        MEETINGS,
        [],
        rules,
        now_utc=local(2021, 3, 25, 12, 0),
        horizon=dt.timedelta(days=30),
    )
    assert "agenda" not in [p.kind for p in planned]
    day_before = next(p for p in planned if p.kind == "day_before")
    assert day_before.due_at.astimezone(COMMITTEE_TZ) == local(2021, 4, 12, 8, 0)


def test_texts_in_both_languages() -> None:
    planned = plan_reminders(
        MEETINGS,
        [],
        DEFAULT_RULES,
        now_utc=local(2021, 3, 25, 12, 0),
        horizon=dt.timedelta(days=30),
    )
    by_kind = {p.kind: p for p in planned}
    day_before = by_kind["day_before"]
    da, en = reminder_text(day_before, "da"), reminder_text(day_before, "en")
    assert "tirsdag den 13. april 2021 kl. 9.00" in da and "Regionshuset Viborg" in da and "dagsorden" in da
    assert "Tuesday 13 April 2021 at 9:00" in en and "Regionshuset Viborg" in en and "draft agenda" in en
    call = by_kind["call_for_items"]
    assert "lørdag den 3. april 2021" in reminder_text(call, "da")
    assert "Saturday 3 April 2021" in reminder_text(call, "en")
    no_place = replace(day_before, place=None)
    assert "Mødestedet kendes endnu ikke" in reminder_text(no_place, "da")


def test_calendar_meetings_plan_directly() -> None:
    from bot.calendar.model import CalendarMeeting

    all_day = CalendarMeeting(
        id=1,
        committee=COMMITTEE,
        starts_at=local(2021, 4, 13, 0, 0).astimezone(UTC),
        ends_at=None,
        all_day=True,
        place=None,
        source="minutes",
        status="planned",
        uid="cal-1",
    )
    planned = plan_reminders(
        [all_day],
        [],
        DEFAULT_RULES,
        now_utc=local(2021, 4, 11, 12, 0),
        horizon=dt.timedelta(days=2),
    )
    assert [p.kind for p in planned] == ["day_before"]
    text = reminder_text(planned[0], "da")
    assert "tirsdag den 13. april 2021." in text and "kl." not in text.split("Mødestedet")[0]
