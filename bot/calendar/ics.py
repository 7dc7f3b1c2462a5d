"""A committee's meetings as iCalendar (RFC 5545).

Timed meetings are written in local time with TZID=Europe/Copenhagen and a VTIMEZONE, so that
Outlook shows 09:00 whatever the season; all-day meetings are DATE values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar

from bot.calendar.model import STATUS_CANCELLED, CalendarMeeting
from bot.clock import COMMITTEE_TZ

PRODID = "-//Moedeassistent//Moedekalender//DA"


@dataclass(frozen=True, slots=True)
class ImportedEvent:
    """One event of a group calendar (bot/graph/sync.py): instants UTC, as CalendarMeeting has them."""

    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    all_day: bool
    place: str | None
    cancelled: bool


def to_ics(committee: str, meetings: list[CalendarMeeting], *, stamp: dt.datetime) -> bytes:
    """The meetings as one VCALENDAR named for the committee; cancelled ones say so, so subscribers drop them."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Møder: {committee}")
    calendar.add("x-wr-timezone", str(COMMITTEE_TZ))
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", meeting.uid)
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("summary", f"Møde i {committee}")
        if meeting.all_day:
            event.add("dtstart", meeting.local_date)
        else:
            event.add("dtstart", meeting.starts_at.astimezone(COMMITTEE_TZ))
            if meeting.ends_at is not None:
                event.add("dtend", meeting.ends_at.astimezone(COMMITTEE_TZ))
        if meeting.place:
            event.add("location", meeting.place)
        event.add("status", "CANCELLED" if meeting.status == STATUS_CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
