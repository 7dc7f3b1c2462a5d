"""Reminder rules and when one falls due: pure functions, computed in Europe/Copenhagen.

A rule says how many days before an anchor a reminder goes out and at what local time of day.
The anchor depends on the kind: the proposal cut-off ("call_for_items"), the meeting day
("agenda", "day_before") or a deadline written in the minutes ("deadline").

Time semantics: anchors are local Europe/Copenhagen dates; the local time of day is wall-clock
time; results are timezone-aware UTC instants. Because the local date and time are combined in
the zone first, a 09:00 rule fires at 09:00 local time on both sides of a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

import holidays as holidays_lib

from bot.clock import COMMITTEE_TZ

ReminderKind = Literal["call_for_items", "agenda", "day_before", "deadline"]
KINDS: tuple[ReminderKind, ...] = ("call_for_items", "agenda", "day_before", "deadline")

DEFAULT_CUTOFF_DAYS = 10  # as bot.proposals: proposals close this many days before a meeting
MAX_OFFSET_DAYS = 60


class InvalidRule(ValueError):
    """A reminder rule a secretary asked for cannot be used (the message says why, in Danish)."""


@dataclass(frozen=True, slots=True)
class ReminderRule:
    """When one kind of reminder goes out.

    Attributes:
        kind: "call_for_items" (before the proposal cut-off), "agenda" (the agenda before the
            meeting), "day_before" (time, place and draft agenda) or "deadline" (a deadline
            written in the minutes).
        offset_days: days before the anchor (cut-off, meeting day or deadline day).
        at: local Europe/Copenhagen wall-clock time of day the reminder goes out.
        working_days: when the day falls on a weekend or Danish holiday, move it to the
            previous working day.
        enabled: False switches this kind off for the committee.
    """

    kind: ReminderKind
    offset_days: int
    at: dt.time
    working_days: bool
    enabled: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidRule(f"Ukendt påmindelse »{self.kind}«; kendte: {', '.join(KINDS)}.")
        if not 0 <= self.offset_days <= MAX_OFFSET_DAYS:
            raise InvalidRule(f"Antal dage skal være 0–{MAX_OFFSET_DAYS}, ikke {self.offset_days}.")
        if self.at.tzinfo is not None:
            raise InvalidRule("Klokkeslættet er lokal tid og må ikke have en tidszone.")


DEFAULT_RULES: tuple[ReminderRule, ...] = (
    ReminderRule("call_for_items", 3, dt.time(9, 0), working_days=True),
    ReminderRule("agenda", 7, dt.time(9, 0), working_days=True),
    # "The day before" means the calendar day before, also a Sunday before a Monday meeting.
    ReminderRule("day_before", 1, dt.time(9, 0), working_days=False),
    ReminderRule("deadline", 3, dt.time(9, 0), working_days=True),
)


def rules_with(
    overrides: Iterable[ReminderRule], base: Iterable[ReminderRule] = DEFAULT_RULES
) -> tuple[ReminderRule, ...]:
    """The base rules with each kind replaced by its override, in the order of ``KINDS``."""
    by_kind = {rule.kind: rule for rule in base}
    by_kind.update({rule.kind: rule for rule in overrides})
    return tuple(by_kind[kind] for kind in KINDS if kind in by_kind)


def danish_holidays(years: Iterable[int]) -> frozenset[dt.date]:
    """Danish public holidays plus the days public offices close (5 June, 24 and 31 December).

    Store Bededag is included up to 2023, its last year as a holiday (the package knows this).
    1 May is left out: many workplaces work on it.
    """
    wanted = sorted(set(years))
    public = holidays_lib.Denmark(years=wanted)
    optional = holidays_lib.Denmark(years=wanted, categories=("optional",))
    days = set(public)
    days.update(day for day in optional if (day.month, day.day) != (5, 1))
    return frozenset(days)


def previous_working_day(day: dt.date, holidays: Collection[dt.date]) -> dt.date:
    """``day`` itself when it is a weekday and no holiday, else the nearest such day before it."""
    while day.weekday() >= 5 or day in holidays:
        day -= dt.timedelta(days=1)
    return day


def anchor_date(
    rule: ReminderRule,
    *,
    meeting_date: dt.date | None = None,
    deadline_date: dt.date | None = None,
    cutoff_days: int = DEFAULT_CUTOFF_DAYS,
) -> dt.date | None:
    """The local date a rule counts back from, or None when the rule does not apply.

    Args:
        rule: the rule.
        meeting_date: the meeting's local date (for call_for_items, agenda, day_before).
        deadline_date: the deadline's local date (for deadline).
        cutoff_days: proposals close this many days before the meeting.
    """
    if rule.kind == "deadline":
        return deadline_date
    if meeting_date is None:
        return None
    if rule.kind == "call_for_items":
        return meeting_date - dt.timedelta(days=cutoff_days)
    return meeting_date


def occurrence(
    rule: ReminderRule,
    *,
    meeting_start_local: dt.datetime | dt.date | None = None,
    deadline_date: dt.date | None = None,
    cutoff_days: int = DEFAULT_CUTOFF_DAYS,
    holidays: Collection[dt.date] | None = None,
) -> dt.datetime | None:
    """The instant (timezone-aware UTC) the rule's reminder is due, or None if it does not apply.

    The day is the anchor minus ``offset_days``, moved to the previous working day when the
    rule says working days; the time is ``rule.at`` on that day in Europe/Copenhagen.
    A disabled rule still has an occurrence: filtering is the planner's job.

    Args:
        rule: the rule.
        meeting_start_local: the meeting's local start (a naive local datetime, an aware
            datetime in any zone, or a local date); for the meeting kinds.
        deadline_date: the deadline's local date; for "deadline".
        cutoff_days: proposals close this many days before the meeting ("call_for_items").
        holidays: non-working days; by default Danish holidays of the years concerned.
    """
    meeting_date: dt.date | None
    if isinstance(meeting_start_local, dt.datetime):
        local = meeting_start_local
        if local.tzinfo is not None:
            local = local.astimezone(COMMITTEE_TZ)
        meeting_date = local.date()
    else:
        meeting_date = meeting_start_local
    anchor = anchor_date(
        rule,
        meeting_date=meeting_date,
        deadline_date=deadline_date,
        cutoff_days=cutoff_days,
    )
    if anchor is None:
        return None
    day = anchor - dt.timedelta(days=rule.offset_days)
    if rule.working_days:
        if holidays is None:
            holidays = danish_holidays((day.year - 1, day.year))
        day = previous_working_day(day, holidays)
    return local_instant(day, rule.at)


def local_instant(day: dt.date, at: dt.time) -> dt.datetime:
    """The UTC instant of local wall-clock ``at`` on ``day`` in Europe/Copenhagen.

    In the hour skipped in spring, zoneinfo reads the time with the offset before the change
    (fold=0); in the repeated hour in autumn, the first of the two.
    """
    return dt.datetime.combine(day, at, tzinfo=COMMITTEE_TZ).astimezone(dt.UTC)
