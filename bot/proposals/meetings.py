"""Which meetings a committee has (the one place that says): its calendar's planned meetings, and those its
stored minutes give that the calendar has no row for. Dates and times are local wall-clock values.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar.model import STATUS_PLANNED
from storage.calendar_repository import meetings_of
from storage.proposals_repository import MeetingSource, meeting_sources


@dataclass(frozen=True, slots=True)
class KnownMeeting:
    """A meeting known by its day, with its start time and place when written."""

    date: dt.date
    start_time: dt.time | None = None
    place: str | None = None


async def known_meetings(session: AsyncSession, committee: str) -> list[KnownMeeting]:
    """The committee's meetings known by day, oldest first.

    A calendar row that came from minutes covers the day the minutes gave even when a secretary moved or
    cancelled it.
    """
    from_minutes = merge_meeting_sources(await meeting_sources(session, committee))
    calendar = await meetings_of(session, committee)
    covered = {stored.origin_date for stored in calendar if stored.origin_date is not None}
    by_date: dict[dt.date, KnownMeeting] = {m.date: m for m in from_minutes if m.date not in covered}
    for stored in calendar:
        meeting = stored.meeting
        if meeting.status != STATUS_PLANNED:
            continue
        day = meeting.local_date
        known = by_date.get(day)
        by_date[day] = KnownMeeting(
            date=day,
            start_time=meeting.local_start or (known.start_time if known else None),
            place=meeting.place or (known.place if known else None),
        )
    return [by_date[day] for day in sorted(by_date)]


def merge_meeting_sources(sources: list[MeetingSource]) -> list[KnownMeeting]:
    """One KnownMeeting per date, its time and place from the most reliable source that has them: the meeting's
    own minutes, then calendar lines, then next-meeting mentions; within a kind, the most recent minutes."""
    rank = {"minutes": 0, "calendar": 1, "next_meeting": 2}
    by_date: dict[dt.date, list[MeetingSource]] = {}
    for source in sources:
        by_date.setdefault(source.date, []).append(source)
    meetings = []
    for day in sorted(by_date):
        ordered = sorted(by_date[day], key=lambda s: (rank[s.kind], -(s.written_on or dt.date.min).toordinal()))
        start_time = next((s.start_time for s in ordered if s.start_time is not None), None)
        place = next((p for s in ordered if (p := _place(s)) is not None), None)
        meetings.append(KnownMeeting(date=day, start_time=start_time, place=place))
    return meetings


def _place(source: MeetingSource) -> str | None:
    if source.kind == "minutes":
        return source.place
    if source.kind == "calendar" and source.sentence and source.text:
        return calendar_place(source.sentence, source.text)
    return None


_TIME_AFTER = re.compile(
    r"^\s*,?\s*(?:kl\.?|klokken)?\s*\d{1,2}(?:[.:]\d{2})?(?:\s*(?:-|–|—)\s*\d{1,2}(?:[.:]\d{2})?)?",
    re.IGNORECASE,
)
_PLACE_INTRO = re.compile(r"^\s*(?:[,;:–—-]\s*)*(?:(?:møde)?sted\s*:\s*|på\s+|i\s+)?", re.IGNORECASE)
_PARENTHESISED = re.compile(r"^\(([^()]{2,80})\)")
# Another date on the same line is not a place.
_DATE_WORD = re.compile(
    r"\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|januar|februar|marts|april|maj|juni|juli|"
    r"august|september|oktober|november|december)\b|\d{1,2}\.\s*\d{1,2}\.",
    re.IGNORECASE,
)


def calendar_place(sentence: str, date_text: str) -> str | None:
    """The place a calendar line names after its date (``date_text``, as written) and time, if any.

    "Torsdag d 11. februar 2021 kl 8.30-12.00 (HEV)" gives "HEV"; "… kl. 9-12, Regionshuset Vejle"
    gives "Regionshuset Vejle".
    """
    start = sentence.find(date_text)
    if start < 0:
        return None
    rest = sentence[start + len(date_text) :]
    rest = _TIME_AFTER.sub("", rest, count=1)
    rest = _PLACE_INTRO.sub("", rest, count=1).strip()
    parenthesised = _PARENTHESISED.match(rest)
    if parenthesised:
        rest = parenthesised.group(1)
    rest = rest.strip().rstrip(" .;,")
    # A long remainder is a sentence, not a place.
    if not rest or len(rest) > 80 or not any(ch.isalpha() for ch in rest) or "(" in rest:
        return None
    return None if _DATE_WORD.search(rest) else rest
