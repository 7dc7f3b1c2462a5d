"""Shared fixtures for the minutes tests: the seed minutes and document builders."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.minutes.model import Minutes
from bot.minutes.structure import parse_minutes
from tests.seeds import dated

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
SEED_000 = "000_ff41c34304ad259a.txt"
SEED_002 = "002_d275c62a07e34f7d.txt"
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed000() -> Minutes:
    return dated(parse_minutes(seed_text(SEED_000), SEED_000))


@pytest.fixture(scope="session")
def seed002() -> Minutes:
    return parse_minutes(seed_text(SEED_002), SEED_002)


def unicode_font() -> Path:
    for path in FONT_CANDIDATES:
        if path.is_file():
            return path
    pytest.skip("no DejaVuSans.ttf for building PDF fixtures")


def make_pdf(text: str, path: Path, *, password: str | None = None) -> Path:
    """Write ``text`` one line per PDF line (A4 landscape, so seed lines do not wrap)."""
    from fpdf import FPDF

    font = unicode_font()

    class _Pdf(FPDF):
        def footer(self) -> None:  # page furniture the cleaner must drop
            self.set_y(-10)
            self.set_font("DejaVu", size=7)
            self.cell(0, 5, f"Side {self.page_no()}/{{nb}}", align="C")

    pdf = _Pdf(orientation="L", format="A4")
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", size=7)
    for line in text.replace("\uf0b7", "•").splitlines():  # the private-use glyph is not in DejaVu
        pdf.cell(0, 3.5, line.rstrip(), new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password="ejer", user_password=password)
    pdf.output(str(path))
    return path


def make_docx(text: str, path: Path) -> Path:
    """Write ``text`` as Word paragraphs, one per line."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line.rstrip())
    document.save(str(path))
    return path


def item_keys(minutes: Minutes) -> list[tuple[object, ...]]:
    """What must not change when the same minutes come from another file format."""
    return [
        (
            i.number,
            i.title,
            i.presenter,
            i.time_slot,
            i.duration_minutes,
            i.outcome,
            i.outcome_sentence,
            [s.kind for s in i.sections],
        )
        for i in minutes.items
    ]
