"""The FirstAgenda reader, field by field, on one real meeting of every Greve committee.

The expected values are read from the raw JSON here with the json module and a tiny tag
stripper, not with the reader's own helpers, so a field the reader loses, cuts or invents fails.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.minutes.model import DocumentKind, SectionKind
from bot.minutes.read import read_minutes

GREVE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "greve"
# One held meeting per committee, each with someone away.
SAMPLE = [
    "byraad-2022-2025_2022-06-20.json",
    "klima-teknik-og-miljoeudvalget_2023-04-27.json",
    "kultur-og-fritidsudvalget_2022-09-14.json",
    "oekonomiudvalget_2022-11-28.json",
    "plan-og-tryghedsudvalget_2023-09-12.json",
    "skole-boerne-og-ungeudvalget_2022-09-13.json",
    "social-og-handicapudvalget_2022-08-15.json",
]

pytestmark = pytest.mark.skipif(not GREVE.is_dir(), reason="shared corpus not present")


def _words(markup_or_text: str) -> list[str]:
    """The words of a text or an HTML fragment, in order; numbering and bullets do not count."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup_or_text))
    return [w for w in re.findall(r"\w+", text) if any(c.isalpha() for c in w)]


def _decision_markup(entry: dict) -> str | None:
    """The markup under the item's "Beslutning" heading, up to the next heading."""
    markup = " ".join(f.get("Html") or "" for f in entry.get("Felter") or [])
    parts = re.split(r"<h[1-4][^>]*>(.*?)</h[1-4]>", markup, flags=re.S)
    for k in range(1, len(parts) - 1, 2):
        if " ".join(_words(parts[k])) == "Beslutning":
            return parts[k + 1]
    return None


@pytest.fixture(scope="module", params=SAMPLE)
def meeting(request):
    path = GREVE / request.param
    return json.loads(path.read_text(encoding="utf-8")), read_minutes(path)


def test_meeting_fields(meeting) -> None:
    raw, minutes = meeting
    held = raw["Moede"]
    start = dt.datetime.fromisoformat(held["Dato"]).astimezone(ZoneInfo("Europe/Copenhagen"))
    away = [p["Name"] for p in held["Moededeltagere"] if p["Absent"] or p["ParticipationCancelled"]]
    present = [p["Name"] for p in held["Moededeltagere"] if p["Name"] not in away]
    assert minutes.kind == DocumentKind.MINUTES
    assert minutes.meeting.committee == raw["Udvalg"]["Navn"]
    assert (minutes.meeting.date, minutes.meeting.start_time) == (start.date(), start.time().replace(tzinfo=None))
    assert minutes.meeting.place == held["Sted"]
    assert minutes.meeting.absentees == away
    assert minutes.meeting.attendees == present


def test_every_item_number_title_and_case_number(meeting) -> None:
    raw, minutes = meeting
    entries = sorted(raw["Dagsordenpunkter"], key=lambda e: e["Sorting"])
    assert [(i.number, i.title, i.case_number) for i in minutes.items] == [
        (e["Punktnummer"], " ".join(e["Navn"].split()), e["SagsNummer"] or None) for e in entries
    ]


def test_every_decision_text(meeting) -> None:
    raw, minutes = meeting
    entries = sorted(raw["Dagsordenpunkter"], key=lambda e: e["Sorting"])
    decided = 0
    for entry, item in zip(entries, minutes.items, strict=True):
        expected = _decision_markup(entry)
        section = item.section(SectionKind.REFERAT)
        if expected is None or not _words(expected):
            assert section is None or not _words(section.text), item.number
            continue
        decided += 1
        assert section is not None, item.number
        assert _words(section.text) == _words(expected), item.number
    assert decided >= len(entries) // 2


def test_the_whole_corpus_reads() -> None:
    failures = []
    for path in sorted(GREVE.glob("*.json")):
        try:
            minutes = read_minutes(path)
        except Exception as error:
            failures.append(f"{path.name}: {error}")
            continue
        if not minutes.items or minutes.meeting.committee is None or minutes.meeting.date is None:
            failures.append(f"{path.name}: incomplete")
    assert failures == []
    assert len(list(GREVE.glob("*.json"))) == 298


@pytest.mark.parametrize(
    ("name", "absent"),
    [("byraad-2022-2025_2023-05-15.json", ["Tina Rottbøll"]), ("oekonomiudvalget_2022-06-13.json", [])],
)
def test_away_under_most_items_is_away_from_the_meeting(name: str, absent: list[str]) -> None:
    raw = json.loads((GREVE / name).read_text(encoding="utf-8"))
    listed = [p["Name"] for e in raw["Dagsordenpunkter"] for p in e.get("ExternalAgendaItemAttendees") or []]
    assert listed  # the portal lists someone away under some items of both meetings
    minutes = read_minutes(GREVE / name)
    assert minutes.meeting.absentees == absent
    assert not set(absent) & set(minutes.meeting.attendees)
