"""A committee portal's page saved from the browser: Aarhus Byråd's agenda of 8 October 2025.

Expected values are taken from the page's markup with plain regular expressions, not from
our reader, so the test fails if the reader loses, cuts or invents anything.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from bot.minutes.html import html_to_text
from bot.minutes.model import DocumentKind, Outcome, SectionKind
from bot.minutes.read import read_minutes

PAGE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "aarhus" / "aarhus-byraad_dagsorden_2025-10-08.html"
FURNITURE = (
    "Hent som PDF",
    "Kopier link",
    "Tilbage til forsiden",
    "Tip en ven",
    "Hent hele dagsordenen",
    "Der opstod en fejl",
)

pytestmark = pytest.mark.skipif(not PAGE.exists(), reason="shared corpus not present")


def _markup_items() -> list[tuple[str, str, str]]:
    """(number, title, case number) of each agenda row, straight from the markup."""
    markup = PAGE.read_text(encoding="utf-8")
    rows = re.findall(
        r'<tr class="punktrow".*?<span class="label label-default">(\d+)</span>.*?'
        r'<h2 class="overskrift[^"]*"[^>]*>(.*?)</h2>.*?<span class="sagsnummer">(.*?)</span>',
        markup,
        re.S,
    )
    return [(n, " ".join(html.unescape(t).split()), c.strip()) for n, t, c in rows]


@pytest.fixture(scope="module")
def page():
    return read_minutes(PAGE)


def test_header_fields_come_from_the_page_header(page) -> None:
    meeting = page.meeting
    assert meeting.committee == "Aarhus Byråd"
    assert (meeting.date, meeting.start_time) == (dt.date(2025, 10, 8), dt.time(16, 0))
    assert meeting.date_confidence == 1.0 and "8. oktober 2025" in meeting.date_evidence
    assert meeting.place == "Byrådssalen"
    assert meeting.attendees == [] and meeting.absentees == []  # the page lists none


def test_every_item_with_its_whole_title_and_case_number(page) -> None:
    expected = _markup_items()
    assert len(expected) == 33
    assert [(i.number, i.title, i.case_number) for i in page.items] == expected


def test_an_agenda_has_recommendations_and_no_decisions(page) -> None:
    assert page.kind == DocumentKind.AGENDA
    assert all(item.outcome == Outcome.UNKNOWN for item in page.items)
    assert not any(s.kind == SectionKind.REFERAT for item in page.items for s in item.sections)
    windmills = next(i for i in page.items if "vindmøller" in i.title)
    recommendation = windmills.section(SectionKind.INDSTILLING)
    assert recommendation is not None and "Det indstilles" in recommendation.text


def test_portal_furniture_is_never_content(page) -> None:
    texts = [page.meeting.committee or "", page.meeting.place or "", *page.meeting.attendees]
    for item in page.items:
        texts += [item.title, *(s.text for s in item.sections)]
    for text in texts:
        for word in FURNITURE:
            assert word not in text
    assert not any(item.title.startswith(("Punkt", "Titel")) for item in page.items)


def test_layout_rows_and_controls_in_any_portal() -> None:
    markup = """
    <nav role="navigation"><a href="/">Forside</a> <a href="/udvalg">Udvalg</a></nav>
    <h1>Referat</h1><h2>Teknisk Udvalg</h2>
    <table><tr><th>Punkt</th><th>Titel</th></tr>
      <tr><td>3</td><td><button class="toggle"><h3>Vejbelysning på Strandvej</h3></button>
          <div><p>Beslutning</p><p>Godkendt.</p></div></td>
          <td><ul class="dropdown-menu"><li>Hent som PDF</li></ul><span class="badge">2</span></td></tr>
    </table>
    <table><tr><td>Beløb</td><td>1,2 mio. kr.</td></tr></table>
    <div class="modal" role="dialog"><h4>Tip en ven</h4><p>Din e-mail</p></div>
    <p>Med <b>venlig</b> hilsen<br>Sekretariatet</p>
    """
    lines = [line for line in html_to_text(markup).splitlines() if line]
    assert lines == [
        "Referat",
        "Teknisk Udvalg",
        "Punkt | Titel",
        "3. Vejbelysning på Strandvej",
        "Beslutning",
        "Godkendt.",
        "Beløb: 1,2 mio. kr.",
        "Med venlig hilsen",
        "Sekretariatet",
    ]
