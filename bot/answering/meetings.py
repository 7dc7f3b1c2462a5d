"""The committees' meeting calendar as the answerer sees it: plain data ``Knowledge.ask`` loads and hands
in, so the answerer never reads the database. The calendar (a secretary may have added, moved or cancelled
a meeting) outranks the minutes; a committee without calendar meetings is answered from its minutes.

``CalendarMeeting.starts_at`` is a UTC instant; days are local Europe/Copenhagen dates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from bot.answering.index import committee_key
from bot.calendar.model import STATUS_CANCELLED, STATUS_PLANNED, CalendarMeeting
from bot.clock import COMMITTEE_TZ


@dataclass(frozen=True, slots=True)
class MeetingCalendar:
    """The calendar meetings one question may use."""

    meetings: tuple[CalendarMeeting, ...]  # planned and cancelled, of every committee, local days [start, end]
    committees: frozenset[str]  # every committee with calendar meetings on any day; the others answer from minutes
    start: dt.date  # the local days ``meetings`` covers
    end: dt.date  # dt.date.max for "from start on"
    now: dt.datetime  # timezone-aware; a meeting that has begun is not "next"

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Whether every calendar meeting of the local days [start, end] is here."""
        return self.start <= start and end <= self.end


class CalendarView:
    """A ``MeetingCalendar`` by committee, for the answerer (committees keyed by ``index.committee_key``)."""

    def __init__(self, calendar: MeetingCalendar) -> None:
        self.calendar = calendar
        self.names = {committee_key(name): name for name in calendar.committees}
        self._meetings: dict[str, list[CalendarMeeting]] = defaultdict(list)
        for meeting in sorted(calendar.meetings, key=lambda m: (m.starts_at, m.id or 0)):
            self._meetings[committee_key(meeting.committee)].append(meeting)
        self._today = calendar.now.astimezone(COMMITTEE_TZ).date()

    def keeps(self, key: str) -> bool:
        """Whether the committee has a calendar (then its meetings are the calendar's, not the minutes')."""
        return key in self.names

    def between(self, key: str, start: dt.date, end: dt.date) -> list[CalendarMeeting]:
        """The committee's calendar meetings, planned and cancelled, on the local days [start, end], by start."""
        return [m for m in self._meetings.get(key, []) if start <= m.local_date <= end]

    def ahead(self, key: str) -> tuple[list[CalendarMeeting], CalendarMeeting | None]:
        """(cancelled, next): the next planned meeting after now (or None), and the meetings cancelled
        before it (all cancelled ones ahead when none is planned)."""
        cancelled: list[CalendarMeeting] = []
        for meeting in self._meetings.get(key, []):
            if not self._ahead(meeting):
                continue
            if meeting.status == STATUS_PLANNED:
                return cancelled, meeting
            if meeting.status == STATUS_CANCELLED:
                cancelled.append(meeting)
        return cancelled, None

    def _ahead(self, meeting: CalendarMeeting) -> bool:
        # A day-only meeting is ahead all of its day; a timed one until it begins.
        if meeting.all_day:
            return meeting.local_date >= self._today
        return meeting.starts_at >= self.calendar.now
