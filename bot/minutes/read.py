"""Read minutes documents (PDF, Word, HTML, text) into text and into `Minutes`.

Every failure a secretary can meet (missing file, empty or scanned PDF, password, broken
file, unsupported format) becomes `UnreadableDocument` with a Danish message that names the
file and says what to do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from bot.minutes.errors import UnreadableDocument
from bot.minutes.firstagenda import parse_firstagenda
from bot.minutes.html import html_to_text, row_line
from bot.minutes.limits import DEFAULT_READ_LIMITS, ReadLimits
from bot.minutes.model import Minutes
from bot.minutes.structure import parse_minutes
from bot.minutes.word_numbering import ListNumbers

# Every format a secretary may send; uploads and folder sync accept exactly these.
SUPPORTED_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md", ".json")
_SUPPORTED = ".pdf, .docx, .html, .htm, .txt, .md og FirstAgenda-.json"
_PDFIUM_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
_MB = 1024 * 1024


def read_text(path: Path, limits: ReadLimits = DEFAULT_READ_LIMITS) -> str:
    """The document's text in reading order (.txt/.md as UTF-8, else Windows-1252; Word tables one line
    per row); UnreadableDocument for a missing, empty, textless, broken, locked, unsupported or too big file."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    readers = {
        ".txt": _read_plain,
        ".md": _read_plain,
        ".pdf": _read_pdf,
        ".docx": _read_docx,
        ".html": _read_html,
        ".htm": _read_html,
    }
    reader = readers.get(suffix)
    if reader is None:
        kind = f"Filtypen {suffix}" if suffix else "En fil uden filtype"
        raise UnreadableDocument(name, f"{kind} kan ikke læses. Gem referatet som {_SUPPORTED} og prøv igen.")
    _check_file(path, limits)
    text = reader(path, limits)
    if not text.strip():
        hint = (
            "PDF'en indeholder ingen tekst, formentlig fordi den er scannet. Gem referatet som "
            "PDF direkte fra Word, eller kør tekstgenkendelse (OCR) på den først."
            if suffix == ".pdf"
            else "Filen indeholder ingen tekst. Tjek at det er det rigtige dokument."
        )
        raise UnreadableDocument(name, hint)
    return text


def read_minutes(path: Path, limits: ReadLimits = DEFAULT_READ_LIMITS) -> Minutes:
    """Read and parse a minutes document; see `read_text` and `parse_minutes`."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        _check_file(path, limits)
        return parse_firstagenda(path.read_bytes(), path.name)
    return parse_minutes(read_text(path, limits), path.name)


def _check_file(path: Path, limits: ReadLimits) -> None:
    if not path.is_file():
        raise UnreadableDocument(path.name, "Filen findes ikke. Tjek navnet og at den er uploadet helt.")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableDocument(path.name, "Filen er tom (0 byte). Upload referatet igen.")
    if size > limits.max_file_bytes:
        raise UnreadableDocument(
            path.name,
            f"Filen er for stor ({_mib(size)}; højst {_mib(limits.max_file_bytes)}). "
            "Del referatet op, eller gem det uden billeder.",
        )


def _mib(size: int) -> str:
    return f"{size / _MB:.1f} MB".replace(".", ",")


def _check_docx_zip(path: Path, limits: ReadLimits) -> None:
    """Refuse a .docx whose zip directory declares more than the limits allow (a zip bomb), before parsing."""
    try:
        with zipfile.ZipFile(path) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableDocument(
            path.name,
            "Word-filen er beskadiget eller ikke en .docx-fil. Åbn den i Word, gem den igen som .docx og upload den.",
        ) from exc
    ratio = declared / max(path.stat().st_size, 1)
    if declared > limits.docx_max_uncompressed_bytes or ratio > limits.docx_max_ratio:
        raise UnreadableDocument(
            path.name,
            f"Word-filen pakker ud til {_mib(declared)} (højst {_mib(limits.docx_max_uncompressed_bytes)}, "
            f"og højst {limits.docx_max_ratio} gange filens størrelse), så den læses ikke. "
            "Åbn den i Word, gem den igen som .docx eller PDF, og upload den.",
        )


def _read_plain(path: Path, _limits: ReadLimits) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_pdf(path: Path, limits: ReadLimits) -> str:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR:
            raise UnreadableDocument(
                path.name,
                "PDF'en er beskyttet med adgangskode. Fjern beskyttelsen (gem en kopi uden "
                "adgangskode) og upload den igen.",
            ) from exc
        raise UnreadableDocument(
            path.name, "PDF'en er beskadiget eller ikke en rigtig PDF. Gem den igen fra Word og upload den."
        ) from exc
    try:
        if len(pdf) > limits.pdf_max_pages:
            raise UnreadableDocument(
                path.name,
                f"PDF'en har {len(pdf)} sider, og der læses højst {limits.pdf_max_pages}. "
                "Upload kun referatet, uden bilag.",
            )
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            # PDFium marks a hyphen at a line end with U+FFFE (or U+0002) and drops the
            # line break; restore both and let the cleaner decide whether the word was split.
            text = textpage.get_text_range()
            pages.append(text.replace("\ufffe", "-\n").replace("\x02", "-\n"))
            textpage.close()
            page.close()
        return "\n".join(pages)
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(path.name, "Teksten i PDF'en kan ikke læses. Gem den igen fra Word.") from exc
    finally:
        pdf.close()


def _read_docx(path: Path, limits: ReadLimits) -> str:
    _check_docx_zip(path, limits)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableDocument(
            path.name,
            "Word-filen er beskadiget eller ikke en .docx-fil. Åbn den i Word, gem den igen som .docx og upload den.",
        ) from exc
    except Exception as exc:  # lxml and zip errors vary with how the file is broken
        raise UnreadableDocument(path.name, f"Word-filen kan ikke læses ({type(exc).__name__}). Gem den igen.") from exc
    numbers = ListNumbers(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            label = numbers.label(block) if block.text.strip() else ""
            lines.append(label + block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
            lines.append("")
    return "\n".join(lines)


def _table_lines(table: object) -> list[str]:
    """One line per row of a Word table."""
    out: list[str] = []
    for row in table.rows:  # type: ignore[attr-defined]  # python-docx yields tables and paragraphs as one union
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.strip() for p in cell.text.splitlines() if p.strip())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        line = row_line(cells)
        if line:
            out.append(line)
    return out


def _read_html(path: Path, limits: ReadLimits) -> str:
    return html_to_text(_read_plain(path, limits))
