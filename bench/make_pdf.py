"""Build a PDF from plain text, for tests and benchmarks.

Real minutes arrive as PDFs; building one from known text lets tests check what comes back
out of the extractor, and lets the benchmark make documents of any length.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue

# DejaVuSans covers Danish letters, typographic quotes, dashes and most bullet glyphs.
_FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
    Path("/usr/local/share/fonts/DejaVuSans.ttf"),
    Path("/Library/Fonts/DejaVuSans.ttf"),
)
_FONT_SIZE = 10
_LINE_HEIGHT = 5
# Private-use bullets from Word's Symbol font (U+F0B7) are not in DejaVu; a real PDF shows
# them as a bullet, so draw one.
_GLYPH_STAND_INS = {"\uf0b7": "\u2022", "\uf0a7": "\u25aa", "\uf0d8": "\u2022"}
# Stand-ins for the core font, which only knows latin-1.
_LATIN1_STAND_INS = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2022": "-",
    "\u2026": "...",
    "\u25aa": "-",
}


def find_unicode_font() -> Path | None:
    """Return the path of an installed DejaVuSans TTF, or None when there is none."""
    return next((p for p in _FONT_CANDIDATES if p.is_file()), None)


def _to_latin1(text: str) -> str:
    for char, stand_in in _LATIN1_STAND_INS.items():
        text = text.replace(char, stand_in)
    return text.encode("latin-1", errors="replace").decode("latin-1")


def _new_pdf() -> tuple[FPDF, bool]:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(20, 15, 20)
    font = find_unicode_font()
    if font is not None:
        pdf.add_font("DejaVu", fname=str(font))
        pdf.set_font("DejaVu", size=_FONT_SIZE)
        return pdf, True
    pdf.set_font("Helvetica", size=_FONT_SIZE)
    return pdf, False


def _prepare(text: str, unicode_font: bool) -> list[str]:
    for char, stand_in in _GLYPH_STAND_INS.items():
        text = text.replace(char, stand_in)
    if not unicode_font:
        text = _to_latin1(text)
    return [line.rstrip() or " " for line in text.splitlines()]


def _line_height(pdf: FPDF, line: str) -> float:
    return pdf.multi_cell(0, _LINE_HEIGHT, line, dry_run=True, output=MethodReturnValue.HEIGHT)


def text_to_pdf(text: str, path: Path, *, pages: int | None = None) -> Path:
    """Write ``text`` as a simple A4 PDF.

    Args:
        text: the text, one PDF line per text line (long lines wrap).
        path: where to write the PDF; parent folders must exist.
        pages: when given, the PDF has exactly this many pages: the text is repeated
            (continuing on the same page) until the last page is full, or cut off there
            when it is longer.

    Returns:
        ``path``.

    Raises:
        ValueError: ``pages`` is given but below 1, or the text is empty.
    """
    if pages is not None and pages < 1:
        raise ValueError(f"pages must be at least 1, got {pages}")
    pdf, unicode_font = _new_pdf()
    pdf.add_page()
    lines = _prepare(text, unicode_font)
    if pages is None:
        for line in lines:
            pdf.multi_cell(0, _LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
    else:
        if not text.strip():
            raise ValueError("cannot fill pages with empty text")
        index = 0
        while True:
            line = lines[index % len(lines)]
            # Stop before the line that would open page pages + 1.
            if pdf.page_no() == pages and pdf.will_page_break(_line_height(pdf, line)):
                break
            pdf.multi_cell(0, _LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
            index += 1
    pdf.output(str(path))
    return path
