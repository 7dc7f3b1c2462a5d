"""What reminders are due: a pure function of the meetings, the deadlines, the rules and ``now``.

Delivery sends each :class:`PlannedReminder` once per ``key``, which planning the same data again repeats.
Instants are aware UTC; deadline dates are local.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.reminders.rules import (
    COMMITTEE_TZ,
    DEFAULT_CUTOFF_DAYS,
    DEFAULT_RULES,
    ReminderKind,
    ReminderRule,
    danish_holidays,
    occurrence,
)
from bot.words import committee_key, format_long_date, format_time, is_english

CANCELLED_STATUSES = frozenset({"cancelled", "canceled", "aflyst"})


class MeetingLike(Protocol):
    """What planning reads of a calendar meeting (bot.calendar's CalendarMeeting has these)."""

    committee: str
    starts_at: dt.datetime  # UTC instant
    all_day: bool
    place: str | None
    status: str
    uid: str


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline written in a committee's minutes (``meeting_date``: the meeting's)."""

    committee: str
    on: dt.date
    sentence: str
    item_number: str | None = None
    meeting_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    """One reminder to send, with what its text needs; ``key`` is the delivery engine's exactly-once key."""

    key: str
    kind: ReminderKind
    due_at: dt.datetime
    committee: str
    meeting_uid: str | None = None
    meeting_starts_at: dt.datetime | None = None
    all_day: bool = False
    place: str | None = None
    cutoff_date: dt.date | None = None
    deadline: Deadline | None = None


RulesArg = Sequence[ReminderRule] | Mapping[str, Sequence[ReminderRule]]
CutoffArg = int | Mapping[str, int]


def plan_reminders(
    meetings: Iterable[MeetingLike],
    deadlines: Iterable[Deadline],
    rules: RulesArg = DEFAULT_RULES,
    *,
    cutoff_days: CutoffArg = DEFAULT_CUTOFF_DAYS,
    now_utc: dt.datetime,
    horizon: dt.timedelta,
    lookback: dt.timedelta = dt.timedelta(0),
    holidays: Collection[dt.date] | None = None,
) -> list[PlannedReminder]:
    """The reminders due in ``[now_utc - lookback, now_utc + horizon)``, ordered by due time and key.

    Left out: disabled rules, cancelled meetings, and meetings started or deadline days ended by
    ``now_utc`` (a late wake-up must not remind of the past). A deadline repeated in several minutes is
    planned once. ``rules`` and ``cutoff_days`` are for all committees or by committee name.
    """
    now_utc = now_utc.astimezone(dt.UTC)
    start, end = now_utc - lookback, now_utc + horizon
    if holidays is None:
        first = (start - dt.timedelta(days=400)).year  # an anchor may lie after the window
        holidays = danish_holidays(range(first, end.year + 2))
    planned: dict[str, PlannedReminder] = {}

    for meeting in meetings:
        if meeting.status.casefold() in CANCELLED_STATUSES or meeting.starts_at <= now_utc:
            continue
        ck = committee_key(meeting.committee)
        local_start = meeting.starts_at.astimezone(COMMITTEE_TZ)
        cutoff = _for_committee(cutoff_days, ck, DEFAULT_CUTOFF_DAYS)
        for rule in _rules_for(rules, ck):
            if rule.kind == "deadline" or not rule.enabled:
                continue
            due = occurrence(
                rule,
                meeting_start_local=local_start,
                cutoff_days=cutoff,
                holidays=holidays,
            )
            if due is None or not start <= due < end:
                continue
            key = f"{ck}:{rule.kind}:{meeting.uid}:{due.isoformat()}"
            planned[key] = PlannedReminder(
                key=key,
                kind=rule.kind,
                due_at=due,
                committee=meeting.committee,
                meeting_uid=meeting.uid,
                meeting_starts_at=meeting.starts_at.astimezone(dt.UTC),
                all_day=meeting.all_day,
                place=meeting.place,
                cutoff_date=local_start.date() - dt.timedelta(days=cutoff) if rule.kind == "call_for_items" else None,
            )

    for deadline in deadlines:
        day_ends = dt.datetime.combine(deadline.on + dt.timedelta(days=1), dt.time(), tzinfo=COMMITTEE_TZ)
        if day_ends <= now_utc:
            continue
        ck = committee_key(deadline.committee)
        for rule in _rules_for(rules, ck):
            if rule.kind != "deadline" or not rule.enabled:
                continue
            due = occurrence(rule, deadline_date=deadline.on, holidays=holidays)
            if due is None or not start <= due < end:
                continue
            digest = hashlib.sha256(" ".join(deadline.sentence.casefold().split()).encode()).hexdigest()[:12]
            key = f"{ck}:deadline:{deadline.on.isoformat()}:{digest}:{due.isoformat()}"
            # Keep the earliest minutes' copy so the choice does not depend on input order.
            kept = planned.get(key)
            if kept is not None and kept.deadline is not None and _older_or_same(kept.deadline, deadline):
                continue
            planned[key] = PlannedReminder(
                key=key,
                kind="deadline",
                due_at=due,
                committee=deadline.committee,
                deadline=deadline,
            )

    return sorted(planned.values(), key=lambda reminder: (reminder.due_at, reminder.key))


def reminder_text(reminder: PlannedReminder, language: str = "da") -> str:
    english = is_english(language)
    committee = reminder.committee
    if reminder.kind == "deadline":
        deadline = reminder.deadline
        assert deadline is not None
        day = format_long_date(deadline.on, language)
        written = f" ({_from_minutes(deadline, language)})" if deadline.meeting_date else ""
        if english:
            return f"Reminder for {committee}: a deadline falls due on {day}{written}: “{deadline.sentence}”"
        return f"Påmindelse til {committee}: der er en frist {day}{written}: »{deadline.sentence}«"

    when = _when(reminder, language)
    place = reminder.place
    if reminder.kind == "call_for_items":
        cutoff = format_long_date(reminder.cutoff_date, language) if reminder.cutoff_date else ""
        if english:
            return (
                f"{committee} meets {when}. Proposals for the agenda can be sent until {cutoff}: "
                "write “propose <title>” to the bot."
            )
        return (
            f"{committee} holder møde {when}. Forslag til dagsordenen kan sendes til og med {cutoff}: "
            "skriv »forslag <titel>« til botten."
        )
    where = (f" at {place}" if english else f" i/på {place}") if place else ""
    if reminder.kind == "agenda":
        if english:
            return f"{committee} meets {when}{where}. Write “draft agenda” to see the agenda."
        return f"{committee} holder møde {when}{where}. Skriv »udkast til dagsorden« for at se dagsordenen."
    # day_before
    if english:
        place_text = f" Place: {place}." if place else " The place is not known yet."
        return (
            f"Reminder: {committee} meets tomorrow, {when}.{place_text} "
            "The draft agenda is ready: write “draft agenda” to see it."
        )
    place_text = f" Sted: {place}." if place else " Mødestedet kendes endnu ikke."
    return (
        f"Påmindelse: {committee} holder møde i morgen, {when}.{place_text} "
        "Udkastet til dagsorden er klar: skriv »udkast til dagsorden« for at se det."
    )


def _when(reminder: PlannedReminder, language: str) -> str:
    if reminder.meeting_starts_at is None:
        return ""
    local = reminder.meeting_starts_at.astimezone(COMMITTEE_TZ)
    day = format_long_date(local.date(), language)
    if reminder.all_day:
        return day
    at = "at" if is_english(language) else "kl."
    return f"{day} {at} {format_time(local.time(), language)}"


def _from_minutes(deadline: Deadline, language: str) -> str:
    assert deadline.meeting_date is not None
    day = format_long_date(deadline.meeting_date, language)
    if is_english(language):
        return f"from the minutes of {day}"
    return f"fra referatet af {day}"


def _older_or_same(kept: Deadline, other: Deadline) -> bool:
    return (kept.meeting_date or dt.date.max, kept.sentence) <= (
        other.meeting_date or dt.date.max,
        other.sentence,
    )


def _rules_for(rules: RulesArg, ck: str) -> Sequence[ReminderRule]:
    if isinstance(rules, Mapping):
        for name, committee_rules in rules.items():
            if committee_key(name) == ck:
                return committee_rules
        return DEFAULT_RULES
    return rules


def _for_committee(value: CutoffArg, ck: str, default: int) -> int:
    if isinstance(value, Mapping):
        return next((days for name, days in value.items() if committee_key(name) == ck), default)
    return value
