"""A committee's meeting calendar, as plain Python types.

Time semantics: ``starts_at``/``ends_at`` are instants, timezone-aware UTC. A meeting known only
by its day (``all_day``) starts at local midnight (Europe/Copenhagen) of that day and has no end.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from bot.clock import COMMITTEE_TZ

SOURCE_MINUTES = "minutes"
SOURCE_SECRETARY = "secretary"
SOURCE_IMPORT = "import"
SOURCE_GRAPH = "graph"  # a Microsoft 365 group calendar, through Microsoft Graph
SOURCES = (SOURCE_MINUTES, SOURCE_SECRETARY, SOURCE_IMPORT, SOURCE_GRAPH)

STATUS_PLANNED = "planned"
STATUS_CANCELLED = "cancelled"


class CalendarError(Exception):
    """A calendar request that cannot be done; the message (Danish) says what to do."""


class NotSecretary(CalendarError):
    """Only a committee's secretary may change its calendar."""


class UnknownMeeting(CalendarError):
    """No planned meeting of the committee on that day (which the dialog says in the user's language)."""

    def __init__(self, committee: str, day: dt.date):
        super().__init__(f"Der er intet planlagt møde i {committee} den {day.day}.{day.month}.{day.year}.")
        self.committee = committee
        self.day = day


class MalformedCalendar(CalendarError):
    """An .ics file that cannot be read; the message names the problem."""


@dataclass(frozen=True, slots=True)
class CalendarMeeting:
    """One meeting in a committee's calendar; ``source`` says who last said when it is, ``uid`` is its iCalendar UID."""

    id: int | None
    committee: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    all_day: bool
    place: str | None
    source: str
    status: str
    uid: str

    @property
    def local_date(self) -> dt.date:
        return self.starts_at.astimezone(COMMITTEE_TZ).date()

    @property
    def local_start(self) -> dt.time | None:
        return None if self.all_day else self.starts_at.astimezone(COMMITTEE_TZ).time()

    @property
    def local_end(self) -> dt.time | None:
        return None if self.ends_at is None else self.ends_at.astimezone(COMMITTEE_TZ).time()


def local_instant(day: dt.date, time: dt.time | None) -> dt.datetime:
    """The UTC instant of a local wall-clock time (midnight when no time)."""
    local = dt.datetime.combine(day, time or dt.time(0, 0), tzinfo=COMMITTEE_TZ)
    return local.astimezone(dt.UTC)


_SLUG_MAP = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "&": " og "})


def committee_slug(name: str) -> str:
    """The committee's name for URLs: "Fokusgruppen Sundhed & Beskæftigelse" → "fokusgruppen-sundhed-og-beskaeftigelse"."""
    text = name.casefold().translate(_SLUG_MAP)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
