"""The one place that knows what time it is. Inject a Clock wherever "now" matters."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

COMMITTEE_TZ = ZoneInfo("Europe/Copenhagen")


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, timezone-aware UTC."""


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FixedClock:
    """A clock that says what it is told; tests move it by hand."""

    def __init__(self, now: dt.datetime):
        if now.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._now = now.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, delta: dt.timedelta) -> None:
        self._now += delta


def local_today(clock: Clock) -> dt.date:
    """Today's date in the committees' zone (Europe/Copenhagen)."""
    return clock.now().astimezone(COMMITTEE_TZ).date()
