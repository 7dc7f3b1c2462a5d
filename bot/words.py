"""The one home of language and time words: the reply's language, month and weekday names, and how a local
date or time of day is written in Danish and in English."""

from __future__ import annotations

import datetime as dt
import unicodedata

DANISH = "da"
ENGLISH = "en"

MONTHS_DA = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip  # a table kept compact
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip  # a table kept compact
WEEKDAYS_DA = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def language_of(locale: str | None) -> str:
    """The reply language for a client locale or language code: English for "en…", else Danish."""
    return ENGLISH if (locale or "").strip().lower().startswith("en") else DANISH


def is_english(language: str | None) -> bool:
    """Whether a locale or language code ("en", "en-GB", "da-DK") means English."""
    return language_of(language) == ENGLISH


def format_date(day: dt.date | None, language: str | None = DANISH) -> str:
    """ "13. april 2021" or "13 April 2021"; an unknown date says so."""
    english = is_english(language)
    if day is None:
        return "(date unknown)" if english else "(dato ukendt)"
    if english:
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.day}. {MONTHS_DA[day.month - 1]} {day.year}"


def format_long_date(day: dt.date, language: str | None = DANISH) -> str:
    """ "tirsdag den 13. april 2021" or "Tuesday 13 April 2021"."""
    if is_english(language):
        return f"{WEEKDAYS_EN[day.weekday()]} {format_date(day, language)}"
    return f"{WEEKDAYS_DA[day.weekday()]} den {format_date(day, language)}"


def format_time(time: dt.time, language: str | None = DANISH) -> str:
    """ "8.30" or "8:30"."""
    return f"{time.hour}{':' if is_english(language) else '.'}{time.minute:02d}"


def format_days(count: int, language: str | None = DANISH) -> str:
    """ "1 dag", "3 dage"; "1 day", "3 days"."""
    if is_english(language):
        return f"{count} day" if count == 1 else f"{count} days"
    return f"{count} dag" if count == 1 else f"{count} dage"


def committee_key(name: str) -> str:
    """A committee name's identity, as storage compares names: Unicode-normalised, casefolded,
    whitespace folded ("Fokusgruppen  Sundhed" and "fokusgruppen sundhed" are one committee)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())
