"""A committee's meetings as iCalendar (RFC 5545), and back.

Timed meetings are written in local time with TZID=Europe/Copenhagen and a VTIMEZONE, so that
Outlook shows 09:00 whatever the season; all-day meetings are DATE values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar

from bot.calendar.model import (
    STATUS_CANCELLED,
    CalendarMeeting,
    MalformedCalendar,
    local_instant,
)
from bot.clock import COMMITTEE_TZ

PRODID = "-//Moedeassistent//Moedekalender//DA"


@dataclass(frozen=True, slots=True)
class ImportedEvent:
    """One VEVENT read from a file: instants UTC, as CalendarMeeting has them."""

    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    all_day: bool
    place: str | None
    cancelled: bool


def to_ics(committee: str, meetings: list[CalendarMeeting], *, stamp: dt.datetime) -> bytes:
    """The meetings as one VCALENDAR.

    Args:
        committee: the committee's name, the calendar's name.
        meetings: the meetings; cancelled ones are written with STATUS:CANCELLED so subscribers drop them.
        stamp: DTSTAMP for every event (the clock's now, UTC).
    """
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


def from_ics(data: bytes) -> list[ImportedEvent]:
    """Read the VEVENTs of an .ics file.

    Raises:
        MalformedCalendar: the file is not iCalendar, or an event lacks a UID or start; the
            message (Danish) names the problem.
    """
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError) as error:
        raise MalformedCalendar(f"Filen kan ikke læses som iCalendar (.ics): {error}") from None
    if not calendars or calendars[0].name != "VCALENDAR":
        raise MalformedCalendar("Filen er ikke en iCalendar-kalender: den begynder ikke med BEGIN:VCALENDAR.")
    events: list[ImportedEvent] = []
    for calendar in calendars:
        for number, event in enumerate(calendar.walk("VEVENT"), start=1):
            events.append(_event(event, number))
    return events


def _event(event: icalendar.Event, number: int) -> ImportedEvent:
    uid = str(event.get("uid") or "").strip()
    if not uid:
        raise MalformedCalendar(f"Begivenhed nr. {number} i filen mangler UID.")
    if event.get("dtstart") is None:
        raise MalformedCalendar(f"Begivenhed nr. {number} ({uid}) mangler starttidspunkt (DTSTART).")
    try:
        start = event.decoded("dtstart")
        end = event.decoded("dtend") if event.get("dtend") is not None else None
    except (ValueError, TypeError, KeyError) as error:
        raise MalformedCalendar(f"Begivenhed nr. {number} ({uid}) har et ugyldigt tidspunkt: {error}") from None
    location = str(event.get("location") or "").strip() or None
    cancelled = str(event.get("status") or "").upper() == "CANCELLED"
    if not isinstance(start, dt.datetime):
        return ImportedEvent(uid, local_instant(start, None), None, True, location, cancelled)
    starts_at = _instant(start)
    ends_at = _instant(end) if isinstance(end, dt.datetime) else None
    return ImportedEvent(uid, starts_at, ends_at, False, location, cancelled)


def _instant(value: dt.datetime) -> dt.datetime:
    # A floating time (no TZID, no Z) is a local time where the committee meets.
    if value.tzinfo is None:
        value = value.replace(tzinfo=COMMITTEE_TZ)
    return value.astimezone(dt.UTC)
