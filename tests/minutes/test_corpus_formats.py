"""Real corpus meetings rebuilt as the files other systems publish: a PDF with running headers
and footers, an Acadre-style Word file with its header table, and a portal page with navigation.

Each document is written from the raw FirstAgenda JSON with the json module and a tiny tag
stripper; the reader must then find the same committee, date, place, items, full titles, case
numbers and decisions as the JSON holds, and no page furniture anywhere.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.minutes.model import SectionKind
from bot.minutes.read import read_minutes
from tests.minutes.conftest import unicode_font as find_font

GREVE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "greve"
MEETINGS = ["kultur-og-fritidsudvalget_2022-09-14.json", "plan-og-tryghedsudvalget_2023-09-12.json"]
MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
FURNITURE = ("Side ", "Hent som PDF", "Forside", "www.greve.dk/politik", "Udskriv")

pytestmark = pytest.mark.skipif(not GREVE.is_dir(), reason="shared corpus not present")


def _text(markup: str) -> str:
    """Markup as paragraphs: block ends become line breaks, tags go, entities are decoded."""
    markup = re.sub(r"(?i)<br\s*/?>|</(?:p|div|li|h\d|tr)>", "\n", markup)
    return "\n".join(" ".join(html.unescape(line).split()) for line in re.sub(r"<[^>]+>", " ", markup).splitlines())


def _sections(entry: dict) -> list[tuple[str, str]]:
    """(heading, text) of the item's h3 sections."""
    markup = " ".join(f.get("Html") or "" for f in entry.get("Felter") or [])
    parts = re.split(r"<h3[^>]*>(.*?)</h3>", markup, flags=re.S)
    out = []
    for k in range(1, len(parts) - 1, 2):
        heading, body = _text(parts[k]).strip(), _text(parts[k + 1]).strip()
        body = "\n".join(line for line in body.splitlines() if line)
        if heading and body:
            out.append((heading, body))
    return out


class Meeting:
    """What the JSON says, ready to be written in any format."""

    def __init__(self, name: str) -> None:
        raw = json.loads((GREVE / name).read_text(encoding="utf-8"))
        held = raw["Moede"]
        start = dt.datetime.fromisoformat(held["Dato"]).astimezone(ZoneInfo("Europe/Copenhagen"))
        self.committee = raw["Udvalg"]["Navn"]
        self.date, self.time = start.date(), start.time().replace(tzinfo=None)
        self.place = held["Sted"]
        self.away = [p["Name"] for p in held["Moededeltagere"] if p["Absent"] or p["ParticipationCancelled"]]
        self.present = [p["Name"] for p in held["Moededeltagere"] if p["Name"] not in self.away]
        entries = sorted(raw["Dagsordenpunkter"], key=lambda e: e["Sorting"])
        self.items = [(e["Punktnummer"], " ".join(e["Navn"].split()), e["SagsNummer"], _sections(e)) for e in entries]

    @property
    def when(self) -> str:
        return f"{self.date.day}. {MONTHS[self.date.month - 1]} {self.date.year} kl. {self.time:%H.%M}"

    def body_lines(self) -> list[str]:
        lines = []
        for number, title, case, sections in self.items:
            lines += ["", f"{number}. {title}", f"Sagsnr.: {case}"]
            for heading, text in sections:
                lines += [heading, *text.splitlines()]
        return lines

    def decisions(self) -> dict[str, list[str]]:
        return {n: _words(t) for n, _, _, sections in self.items for h, t in sections if h == "Beslutning"}


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text) if any(c.isalpha() for c in w)]


def _check(minutes, meeting: Meeting) -> None:
    assert minutes.meeting.committee == meeting.committee
    assert (minutes.meeting.date, minutes.meeting.start_time) == (meeting.date, meeting.time)
    assert minutes.meeting.place == meeting.place
    assert minutes.meeting.absentees == meeting.away
    assert minutes.meeting.attendees == meeting.present
    assert [(i.number, i.title, i.case_number) for i in minutes.items] == [(n, t, c) for n, t, c, _ in meeting.items]
    decisions = meeting.decisions()
    assert decisions
    for item in minutes.items:
        section = item.section(SectionKind.REFERAT)
        if item.number in decisions:
            assert section is not None and _words(section.text) == decisions[item.number], item.number
    texts = [minutes.meeting.committee, *minutes.meeting.attendees, *minutes.meeting.absentees]
    texts += [t for i in minutes.items for t in (i.title, *(s.text for s in i.sections))]
    for text in texts:
        for word in FURNITURE:
            assert word not in text, (word, text[:80])


@pytest.mark.parametrize("name", MEETINGS)
def test_pdf_with_running_header_and_footer(name: str, tmp_path: Path) -> None:
    from fpdf import FPDF

    unicode_font = find_font()
    meeting = Meeting(name)

    class Minutes(FPDF):
        def header(self) -> None:
            self.cell(0, 5, f"{meeting.committee} - Referat - {meeting.date:%d-%m-%Y}", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.cell(0, 5, f"www.greve.dk/politik Side {self.page_no()} af {{nb}}")

    pdf = Minutes(format="A4")
    pdf.add_font("DejaVu", fname=str(unicode_font))
    pdf.set_font("DejaVu", size=10)
    pdf.set_margins(25, 15, 25)  # a narrow column: long titles wrap onto a second line
    pdf.add_page()
    header = [
        "Referat",
        meeting.committee,
        f"Mødedato: {meeting.when}",
        f"Mødested: {meeting.place}",
        f"Deltagere: {', '.join(meeting.present)}",
        f"Afbud: {', '.join(meeting.away)}",
    ]
    for line in header + meeting.body_lines():
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / name.replace(".json", ".pdf")
    pdf.output(str(path))
    _check(read_minutes(path), meeting)


@pytest.mark.parametrize("name", MEETINGS)
def test_word_file_with_a_header_table_and_numbered_headings(name: str, tmp_path: Path) -> None:
    import docx

    meeting = Meeting(name)
    document = docx.Document()
    document.add_heading(f"Referat - {meeting.committee}", level=1)
    table = document.add_table(rows=0, cols=2)
    for label, value in (
        ("Udvalg", meeting.committee),
        ("Mødedato", meeting.when),
        ("Mødested", meeting.place),
        ("Medlemmer", ", ".join(meeting.present + meeting.away)),
        ("Fraværende", ", ".join(meeting.away)),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    # Item headings numbered by Word's list numbering, as Acadre writes them: "1." is not in the text.
    assert [n for n, *_ in meeting.items] == [str(k) for k in range(1, len(meeting.items) + 1)]
    for _, title, case, sections in meeting.items:
        document.add_paragraph(title, style="List Number")
        document.add_paragraph(f"Sagsnr.: {case}")
        for heading, text in sections:
            for line in [heading, *text.splitlines()]:
                document.add_paragraph(line)
    path = tmp_path / name.replace(".json", ".docx")
    document.save(str(path))
    _check(read_minutes(path), meeting)


@pytest.mark.parametrize("name", MEETINGS)
def test_portal_page_with_navigation(name: str, tmp_path: Path) -> None:
    meeting = Meeting(name)
    esc = html.escape
    items = []
    for number, title, case, sections in meeting.items:
        body = "".join(
            f"<h3>{esc(h)}</h3>" + "".join(f"<p>{esc(line)}</p>" for line in text.splitlines()) for h, text in sections
        )
        items.append(
            f'<tr><td><span class="label">{number}</span></td><td><button class="toggle"><h2>{esc(title)}</h2>'
            f'</button><div class="details"><span class="case">{esc(case)}</span>{body}</div></td>'
            f'<td><ul class="dropdown-menu" role="menu"><li><a>Hent som PDF</a></li></ul></td></tr>'
        )
    page = (
        '<html><head><title>Forside</title></head><body><nav role="navigation"><a href="/">Forside</a>'
        '<a href="/politik">www.greve.dk/politik</a></nav>'
        f"<h1>Referat {meeting.when}</h1><h2>{esc(meeting.committee)}</h2>"
        f"<table><tr><td>Udvalg:</td><td>{esc(meeting.committee)}</td></tr>"
        f"<tr><td>Mødedato:</td><td>{esc(meeting.when)}</td></tr><tr><td>Mødested:</td><td>{esc(meeting.place)}</td></tr>"
        f"<tr><td>Deltagere:</td><td>{esc(', '.join(meeting.present))}</td></tr>"
        f"<tr><td>Afbud:</td><td>{esc(', '.join(meeting.away))}</td></tr></table>"
        f"<table><thead><tr><th>Punkt</th><th>Titel</th><th></th></tr></thead><tbody>{''.join(items)}</tbody></table>"
        '<footer><button class="btn">Udskriv</button></footer></body></html>'
    )
    path = tmp_path / name.replace(".json", ".html")
    path.write_text(page, encoding="utf-8")
    _check(read_minutes(path), meeting)
