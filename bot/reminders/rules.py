"""Reminder rules and when one falls due: pure functions of local Europe/Copenhagen dates and wall-clock times.

Local date and time are combined in the zone before converting to UTC, so a 09:00 rule fires at 09:00
local time on both sides of a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

import holidays as holidays_lib

from bot.calendar.model import local_instant
from bot.clock import COMMITTEE_TZ

ReminderKind = Literal["call_for_items", "agenda", "day_before", "deadline"]
KINDS: tuple[ReminderKind, ...] = ("call_for_items", "agenda", "day_before", "deadline")

DEFAULT_CUTOFF_DAYS = 10  # as bot.proposals: proposals close this many days before a meeting
MAX_OFFSET_DAYS = 60


class InvalidRule(ValueError):
    """A reminder rule a secretary asked for cannot be used (the message says why, in Danish)."""


@dataclass(frozen=True, slots=True)
class ReminderRule:
    """``offset_days`` before the anchor (cut-off, meeting day or deadline) at local time ``at``; with
    ``working_days`` a weekend or Danish holiday moves it to the previous working day."""

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
    """Danish public holidays plus 5 June, 24 and 31 December; not 1 May, which many workplaces work on."""
    wanted = sorted(set(years))
    public = holidays_lib.Denmark(years=wanted)
    optional = holidays_lib.Denmark(years=wanted, categories=("optional",))
    days = set(public)
    days.update(day for day in optional if (day.month, day.day) != (5, 1))
    return frozenset(days)


def previous_working_day(day: dt.date, holidays: Collection[dt.date]) -> dt.date:
    while day.weekday() >= 5 or day in holidays:
        day -= dt.timedelta(days=1)
    return day


def occurrence(
    rule: ReminderRule,
    *,
    meeting_start_local: dt.datetime | None = None,
    deadline_date: dt.date | None = None,
    cutoff_days: int = DEFAULT_CUTOFF_DAYS,
    holidays: Collection[dt.date] | None = None,
) -> dt.datetime | None:
    """The UTC instant the rule's reminder is due, or None without its anchor (enabled or not).

    The anchor (the deadline, the meeting day, or for call_for_items the proposal cut-off) less
    ``offset_days``, moved back to a working day if the rule says so, at ``rule.at`` local time.
    """
    if rule.kind == "deadline":
        anchor = deadline_date
    elif meeting_start_local is None:
        return None
    else:
        anchor = meeting_start_local.astimezone(COMMITTEE_TZ).date()
        if rule.kind == "call_for_items":
            anchor -= dt.timedelta(days=cutoff_days)
    if anchor is None:
        return None
    day = anchor - dt.timedelta(days=rule.offset_days)
    if rule.working_days:
        if holidays is None:
            holidays = danish_holidays((day.year - 1, day.year))
        day = previous_working_day(day, holidays)
    return local_instant(day, rule.at)
