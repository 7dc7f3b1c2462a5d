"""Read a meeting as a FirstAgenda portal serves it (``GET <portal>/api/agenda/dagsorden/<id>``, JSON).

The structure is given (``Moede``, ``Dagsordenpunkter`` with the item text as HTML in
``Felter[].Html``, whose <h2>/<h3> headings are the sections), so nothing is guessed from layout;
dates and outcomes are read from the item text as for any other minutes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from bot.clock import COMMITTEE_TZ
from bot.minutes.clean import clean_lines
from bot.minutes.errors import UnreadableDocument
from bot.minutes.html import html_to_text
from bot.minutes.model import AgendaItem, DocumentKind, Meeting, Minutes, Section, SectionKind
from bot.minutes.outcomes import read_outcomes
from bot.minutes.structure import date_items, section_kind

_HEADING_RE = re.compile(r"<h([1-4])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")
# A heading longer than this, or ending a sentence, is text set in a heading tag (a table
# pasted into an <h3>), not a section heading.
_MAX_HEADING = 60


def parse_firstagenda(raw: bytes, source_name: str) -> Minutes:
    """One FirstAgenda meeting; UnreadableDocument when not JSON, not a meeting, or without items."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UnreadableDocument(source_name, f"Filen er ikke gyldig JSON ({type(exc).__name__}).") from exc
    if not (isinstance(data, dict) and isinstance(data.get("Dagsordenpunkter"), list) and "Moede" in data):
        raise UnreadableDocument(
            source_name,
            "JSON-filen er ikke et møde fra FirstAgenda (felterne Moede og Dagsordenpunkter mangler). "
            "Gem referatet som PDF, Word eller HTML i stedet.",
        )
    meeting_data = _dict(data.get("Moede"))
    committee = _text(_dict(data.get("Udvalg")).get("Navn"))
    meeting, warnings = _meeting(meeting_data, committee)
    entries = _items_in_order(data["Dagsordenpunkter"])
    items = [_item(entry) for entry in entries]
    items = [item for item in items if item is not None]
    _absent_from_most_items(meeting, entries)
    if not items:
        raise UnreadableDocument(source_name, "Mødet i JSON-filen har ingen dagsordenspunkter.")
    date_items(items, meeting.date)
    dates = [mention for item in items for mention in item.dates]
    held = meeting_data.get("Afsluttet") is True
    if held:  # an agenda's items are not decided yet: no outcome, not even from the Indstilling
        read_outcomes(items)
    return Minutes(
        source_name=source_name,
        content_sha256=hashlib.sha256(raw).hexdigest(),
        meeting=meeting,
        items=items,
        dates=dates,
        warnings=warnings,
        kind=DocumentKind.MINUTES if held else DocumentKind.AGENDA,
    )


def _meeting(data: dict[str, Any], committee: str | None) -> tuple[Meeting, list[str]]:
    warnings: list[str] = []
    meeting = Meeting(committee=committee, date=None, date_confidence=0.0, date_evidence="")
    for field in ("Dato", "MeetingBeginUtc"):
        start = _instant(data.get(field))
        if start is not None:
            meeting.date, meeting.start_time = start.date(), start.time().replace(second=0, microsecond=0)
            meeting.date_confidence = 1.0
            meeting.date_evidence = f"Moede.{field} i FirstAgenda-data: {data[field]}"
            break
    end = _instant(data.get("MeetingEndUtc"))
    if end is not None and meeting.date is not None and end.date() == meeting.date:
        meeting.end_time = end.time().replace(second=0, microsecond=0)
    if meeting.date is None:
        warnings.append("Ingen mødedato i FirstAgenda-data (Moede.Dato mangler).")
    if meeting.start_time == dt.time(0, 0):
        meeting.start_time = None  # a date without a time of day
    meeting.place = _text(data.get("Sted"))
    for person in data.get("Moededeltagere") or []:
        person = _dict(person)
        name = _text(person.get("Name"))
        if not name:
            continue
        away = person.get("Absent") is True or person.get("ParticipationCancelled") is True
        (meeting.absentees if away else meeting.attendees).append(name)
    return meeting, warnings


def _absent_from_most_items(meeting: Meeting, entries: list[dict[str, Any]]) -> None:
    """A member the portal lists as away ("Fraværende", "Afbud") under most items, the first among
    them, missed the meeting; an absence from a few items stays in those items' text."""
    counts: dict[str, int] = {}
    first: set[str] = set()
    for position, entry in enumerate(entries):
        for person in entry.get("ExternalAgendaItemAttendees") or []:
            name = _text(_dict(person).get("Name"))
            if name:
                counts[name] = counts.get(name, 0) + 1
                if position == 0:
                    first.add(name)
    for name, count in counts.items():
        if name in first and 2 * count >= len(entries) and name not in meeting.absentees:
            meeting.absentees.append(name)
            if name in meeting.attendees:
                meeting.attendees.remove(name)


def _instant(value: object) -> dt.datetime | None:
    """A FirstAgenda timestamp as local Copenhagen time (they carry their offset)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment  # already local wall-clock time
    return moment.astimezone(COMMITTEE_TZ).replace(tzinfo=None)


def _items_in_order(entries: list[Any]) -> list[dict[str, Any]]:
    items = [_dict(e) for e in entries if isinstance(e, dict)]
    return sorted(items, key=lambda e: e.get("Sorting") if isinstance(e.get("Sorting"), int) else 0)


def _item(entry: dict[str, Any]) -> AgendaItem | None:
    number = (_text(entry.get("Punktnummer")) or _text(entry.get("Number")) or "").rstrip(".")
    title = _text(entry.get("Navn")) or _text(entry.get("Caption"))
    if not number or not title:
        return None
    item = AgendaItem(
        number=number,
        title=title,
        case_number=_text(entry.get("SagsNummer")) or _text(entry.get("CaseNumber")),
    )
    for field in entry.get("Felter") or []:
        markup = _dict(field).get("Html")
        if isinstance(markup, str) and markup.strip():
            item.sections.extend(_sections(markup))
    attachments = [_text(_dict(b).get("Navn")) for b in entry.get("Bilag") or []]
    attachments = [a for a in attachments if a]
    if attachments and not item.section(SectionKind.BILAG):
        item.sections.append(Section(kind=SectionKind.BILAG, heading="Bilag", text="\n".join(attachments)))
    return item


def _sections(markup: str) -> list[Section]:
    """The item's HTML cut at its section headings (<h2>/<h3>), each part as clean text."""
    sections: list[Section] = []
    kind, heading, position = SectionKind.DESCRIPTION, "", 0
    pending: list[str] = []  # text of the current section, possibly several HTML pieces

    def flush() -> None:
        text = _paragraphs("\n".join(pending))
        if text:
            sections.append(Section(kind=kind, heading=heading, text=text))

    for match in _HEADING_RE.finditer(markup):
        label = " ".join(_TAG_RE.sub(" ", match.group(2)).split())
        label = html_to_text(label).strip() if "&" in label else label
        found = section_kind(label) if label and len(label) <= _MAX_HEADING else None
        if found is None:
            continue  # not a section heading: its text stays with the section around it
        pending.append(markup[position : match.start()] and html_to_text(markup[position : match.start()]))
        flush()
        pending = []
        kind, heading, position = found, label.rstrip(":. "), match.end()
    pending.append(html_to_text(markup[position:]))
    flush()
    # An <h3>Fremstilling</h3> that only wraps <h2> parts leaves an empty shell.
    return [s for s in sections if s.text.strip()]


def _paragraphs(text: str) -> str:
    out: list[str] = []
    for line in clean_lines(text):
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    folded = " ".join(value.split())
    return folded or None
