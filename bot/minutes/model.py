"""What a set of minutes says, as plain Python types: the contract between reading, storage and answering.

Meeting dates and times are *local* Europe/Copenhagen wall-clock values as written; storage converts instants to UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Precision(StrEnum):
    """How exactly a written date pins down the day."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


class DateKind(StrEnum):
    """What a date in the minutes is for."""

    DEADLINE = "deadline"  # frist, deadline, senest, inden
    NEXT_MEETING = "next_meeting"  # "næste møde den 13. april"
    CALENDAR_MEETING = "calendar_meeting"  # a line in "Mødetider i 2021" / "Mødekalender"
    STATUS_DUE = "status_due"  # "Der gives næste status i 3. kvartal 2021"
    EVENT = "event"  # anything else that happened or will happen on a date


class DocumentKind(StrEnum):
    """Whether a document records a held meeting or announces one."""

    MINUTES = "minutes"  # referat, beslutningsprotokol: the items carry decisions
    AGENDA = "agenda"  # dagsorden before the meeting: items and recommendations, no decisions


class SectionKind(StrEnum):
    """The standard parts of an agenda item."""

    DESCRIPTION = "description"  # text before any heading
    INDSTILLING = "indstilling"
    SAGSFREMSTILLING = "sagsfremstilling"
    REFERAT = "referat"  # also "Beslutning"
    BILAG = "bilag"
    NOTE_AFTER = "note_after"  # "Notat efter mødet", "Status efter mødet"


class Outcome(StrEnum):
    """How the meeting dealt with an agenda item."""

    APPROVED = "approved"  # godkendt
    NOTED = "noted"  # taget til efterretning
    POSTPONED = "postponed"  # udskudt, flyttet, udgår
    DISCUSSED = "discussed"  # drøftet
    REJECTED = "rejected"  # afvist
    RECOMMENDED = "recommended"  # anbefales: passed on to the body that decides (Byrådet)
    REFERRED = "referred"  # sendt tilbage til administrationen, oversendt til et andet udvalg
    DECIDED = "decided"  # besluttet (something else than plain approval)
    UNKNOWN = "unknown"  # no referat, or nothing that says


OUTCOME_LABELS_DA = {
    Outcome.APPROVED: "godkendt",
    Outcome.NOTED: "taget til efterretning",
    Outcome.POSTPONED: "udskudt",
    Outcome.DISCUSSED: "drøftet",
    Outcome.REJECTED: "afvist",
    Outcome.RECOMMENDED: "anbefalet",
    Outcome.REFERRED: "sendt videre eller tilbage",
    Outcome.DECIDED: "besluttet",
    Outcome.UNKNOWN: "ikke angivet",
}
OUTCOME_LABELS_EN = {
    Outcome.APPROVED: "approved",
    Outcome.NOTED: "noted",
    Outcome.POSTPONED: "postponed",
    Outcome.DISCUSSED: "discussed",
    Outcome.REJECTED: "rejected",
    Outcome.RECOMMENDED: "recommended",
    Outcome.REFERRED: "referred back or on",
    Outcome.DECIDED: "decided",
    Outcome.UNKNOWN: "not stated",
}


@dataclass(slots=True)
class DateMention:
    """A date or period written in the minutes (local dates and times)."""

    on: dt.date  # the representative day: the day, the 31 December of "inden årets udgang", the first of "uge 5"
    start: dt.date  # start..end: the period covered, inclusive
    end: dt.date
    precision: Precision
    kind: DateKind
    text: str  # as written, e.g. "d. 13. april"
    sentence: str  # whitespace folded
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    item_number: str | None = None  # set by the parser; None outside items


@dataclass(slots=True)
class Section:
    kind: SectionKind
    heading: str  # as written, e.g. "Referat", "Beslutning", "Notat efter mødet"
    text: str  # cleaned text, paragraphs separated by blank lines


@dataclass(slots=True)
class AgendaItem:
    """One numbered point on the agenda ("3.1", "4")."""

    number: str
    title: str
    case_number: str | None = None  # the secretariat's filing number, e.g. "22-011409"
    presenter: str | None = None
    time_slot: str | None = None  # as written: "20 min", "Kl. 9.00-9.10"
    duration_minutes: int | None = None
    sections: list[Section] = field(default_factory=list)
    outcome: Outcome = Outcome.UNKNOWN
    outcome_sentence: str | None = None
    # The section the outcome was read from: REFERAT (what the meeting did), INDSTILLING
    # (the referat is absent or silent, so the proposal is taken as followed), None when UNKNOWN.
    outcome_source: SectionKind | None = None
    dates: list[DateMention] = field(default_factory=list)

    def section(self, kind: SectionKind) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)


@dataclass(slots=True)
class Meeting:
    """The meeting the minutes record. Times are local (Europe/Copenhagen)."""

    committee: str | None
    date: dt.date | None
    date_confidence: float  # 1.0 when written as the meeting time; lower when inferred
    date_evidence: str  # the line or reasoning the date came from
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str | None = None
    chair: str | None = None  # mødeleder
    minute_taker: str | None = None  # referent
    attendees: list[str] = field(default_factory=list)  # deltagere
    absentees: list[str] = field(default_factory=list)  # afbud


@dataclass(slots=True)
class Minutes:
    """A parsed minutes document: the meeting, its items and every date found."""

    source_name: str  # file name as given, shown in errors and sources
    content_sha256: str  # of the extracted text, for idempotent ingestion
    meeting: Meeting
    items: list[AgendaItem]
    dates: list[DateMention]  # all dates, those inside items included
    warnings: list[str] = field(default_factory=list)  # e.g. "no meeting date found"
    kind: DocumentKind = DocumentKind.MINUTES

    def date_meeting(self, day: dt.date, how: str) -> None:
        """Give minutes that state no meeting date the date a person settled (``how`` says who and where)."""
        if self.meeting.date is not None:
            return  # what the document states stands
        self.meeting.date, self.meeting.date_confidence = day, 1.0
        self.meeting.date_evidence = f"{how}; referatet angiver ingen mødedato."
        self.warnings = [w for w in self.warnings if not w.startswith("Referatet angiver ingen mødedato")]

    def item(self, number: str) -> AgendaItem | None:
        return next((i for i in self.items if i.number == number), None)
