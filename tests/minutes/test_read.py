"""read_text/read_minutes on real file formats built from the seeds, and on bad files."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from bot.minutes.errors import UnreadableDocument
from bot.minutes.read import read_minutes, read_text
from bot.minutes.structure import parse_minutes
from tests.minutes.conftest import SEED_000, SEED_002, item_keys, make_docx, make_pdf, seed_text


@pytest.mark.parametrize("seed", [SEED_000, SEED_002])
def test_pdf_parses_like_the_text(tmp_path: Path, seed: str) -> None:
    text = seed_text(seed)
    pdf = make_pdf(text, tmp_path / "referat.pdf")
    from_pdf = read_minutes(pdf)
    from_txt = parse_minutes(text, seed)
    assert item_keys(from_pdf) == item_keys(from_txt)
    assert from_pdf.meeting == from_txt.meeting
    assert from_pdf.source_name == "referat.pdf"
    assert "Side 1/" not in "\n".join(s.text for i in from_pdf.items for s in i.sections)


@pytest.mark.parametrize("seed", [SEED_000, SEED_002])
def test_docx_parses_like_the_text(tmp_path: Path, seed: str) -> None:
    text = seed_text(seed)
    path = make_docx(text, tmp_path / "referat.docx")
    from_docx = read_minutes(path)
    from_txt = parse_minutes(text, seed)
    assert item_keys(from_docx) == item_keys(from_txt)
    assert from_docx.meeting == from_txt.meeting


def test_docx_keeps_tables_in_document_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Før tabellen")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    document.add_paragraph("Efter tabellen")
    path = tmp_path / "t.docx"
    document.save(str(path))
    lines = [line for line in read_text(path).splitlines() if line]
    assert lines == ["Før tabellen", "r0c0 | r0c1 | r0c2", "r1c0 | r1c1 | r1c2", "Efter tabellen"]


def test_txt_in_cp1252_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gammel.txt"
    path.write_bytes("1. Velkomst\nReferat: Godkendt – med bemærkning fra Søren.\n".encode("cp1252"))
    assert "Søren" in read_text(path) and "–" in read_text(path)


def test_md_is_read(tmp_path: Path) -> None:
    path = tmp_path / "referat.md"
    path.write_text(seed_text(SEED_002), encoding="utf-8")
    assert len(read_minutes(path).items) == 11


def _assert_unreadable(path: Path, *words: str) -> None:
    with pytest.raises(UnreadableDocument) as info:
        read_minutes(path)
    message = str(info.value)
    assert path.name in message
    assert info.value.document == path.name
    for word in words:
        assert word.lower() in message.lower(), message


def test_missing_file(tmp_path: Path) -> None:
    _assert_unreadable(tmp_path / "findes_ikke.pdf", "findes ikke")


def test_empty_txt(tmp_path: Path) -> None:
    path = tmp_path / "tom.txt"
    path.write_bytes(b"")
    _assert_unreadable(path, "tom")


def test_whitespace_only_txt(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n \t\n", encoding="utf-8")
    _assert_unreadable(path, "ingen tekst")


def test_empty_pdf_file(tmp_path: Path) -> None:
    path = tmp_path / "tom.pdf"
    path.write_bytes(b"")
    _assert_unreadable(path, "tom")


def test_pdf_without_text_is_treated_as_scanned(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a drawing, no text: like a scanned page
    path = tmp_path / "scannet.pdf"
    pdf.output(str(path))
    _assert_unreadable(path, "scannet", "OCR")


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "ødelagt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(2048))
    _assert_unreadable(path, "beskadiget")


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "støj.pdf"
    path.write_bytes(os.urandom(4096))
    _assert_unreadable(path, "beskadiget")


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = make_pdf(seed_text(SEED_002), tmp_path / "beskyttet.pdf", password="hemmelig")
    _assert_unreadable(path, "adgangskode")


def test_truncated_docx(tmp_path: Path) -> None:
    whole = make_docx(seed_text(SEED_002), tmp_path / "hel.docx").read_bytes()
    path = tmp_path / "afkortet.docx"
    path.write_bytes(whole[: len(whole) // 2])
    _assert_unreadable(path, "Word")


def test_docx_zip_without_word_document(tmp_path: Path) -> None:
    path = tmp_path / "forkert.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "ikke word")
    _assert_unreadable(path, "Word")


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "mødeplan.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    _assert_unreadable(path, ".xlsx", ".pdf", ".docx")


def test_text_without_agenda(tmp_path: Path) -> None:
    path = tmp_path / "noter.txt"
    path.write_text(
        "Husk at købe kaffe til kontoret.\nVi ses i morgen kl. 9 i kantinen.\nDer er 2 pakker tilbage og 14 kopper.\n",
        encoding="utf-8",
    )
    _assert_unreadable(path, "dagsordenspunkter")


def test_html_entities_and_scripts(tmp_path: Path) -> None:
    path = tmp_path / "x.htm"
    path.write_text(
        "<html><head><script>var a='<p>nej</p>';</script></head><body>"
        "<h2>1. Godkendelse &amp; velkomst</h2><p>Beslutning:<br>Godkendt.</p></body></html>",
        encoding="utf-8",
    )
    text = read_text(path)
    assert "Godkendelse & velkomst" in text and "nej" not in text
    minutes = read_minutes(path)
    assert [(i.number, i.title) for i in minutes.items] == [("1", "Godkendelse & velkomst")]


def test_thirty_page_pdf_is_read_and_parsed(tmp_path: Path) -> None:
    # About 30 pages: the seed repeated with renumbered items. Correctness only; no timing.
    blocks = []
    for k in range(8):
        blocks.append(seed_text(SEED_000).replace("Dagsorden", f"Dagsorden del {k}"))
    pdf = make_pdf("\n".join(blocks), tmp_path / "lang.pdf")
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    assert len(document) >= 25
    document.close()
    minutes = read_minutes(pdf)
    assert minutes.items[0].number == "1"
    assert len(minutes.items) >= 14


def test_committee_system_export_as_pdf_parses_like_the_text(tmp_path: Path) -> None:
    from tests.minutes.test_structure_genre import FIRSTAGENDA, REGION

    for name, text in (("firstagenda", FIRSTAGENDA), ("region", REGION)):
        from_pdf = read_minutes(make_pdf(text, tmp_path / f"{name}.pdf"))
        from_txt = parse_minutes(text, f"{name}.pdf")
        assert item_keys(from_pdf) == item_keys(from_txt), name
        assert from_pdf.meeting == from_txt.meeting, name


def test_html_ordered_list_keeps_its_numbers(tmp_path: Path) -> None:
    path = tmp_path / "liste.html"
    path.write_text(
        "<ol start='3'><li>Tredje</li><li>Fjerde<ul><li>Under</li></ul></li></ol><ul><li>Punkt</li></ul>",
        encoding="utf-8",
    )
    lines = [line.strip() for line in read_text(path).splitlines() if line.strip()]
    assert lines == ["3. Tredje", "4. Fjerde", "- Under", "- Punkt"]


def test_word_list_numbering_gives_items_their_numbers(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Referat")
    for title in ("Godkendelse af dagsorden", "Trafikplan", "Eventuelt"):
        document.add_paragraph(title, style="List Number")  # Word draws "1.", "2.", "3."
        document.add_paragraph("Beslutning: Godkendt.")
        document.add_paragraph("en bemærkning", style="List Bullet")
    path = tmp_path / "auto.docx"
    document.save(str(path))
    lines = [line for line in read_text(path).splitlines() if line]
    assert lines[1:4] == ["1. Godkendelse af dagsorden", "Beslutning: Godkendt.", "- en bemærkning"]
    assert [(i.number, i.title) for i in read_minutes(path).items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Trafikplan"),
        ("3", "Eventuelt"),
    ]
