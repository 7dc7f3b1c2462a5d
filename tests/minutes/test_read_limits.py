"""Files over the reader's limits (size, .docx expansion, PDF pages) are refused before parsing, naming the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bot.minutes.errors import UnreadableDocument
from bot.minutes.read import ReadLimits, read_minutes
from bot.settings import Settings
from tests.minutes.conftest import SEED_000, make_docx, make_pdf, seed_text

MB = 1024 * 1024


def docx_bomb(path: Path, source: Path, *, expand_to: int) -> Path:
    """A copy of a real .docx whose word/document.xml expands to ``expand_to`` bytes of XML (spaces inside the body)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            data = original.read(info)
            if info.filename != "word/document.xml":
                bomb.writestr(info, data)
                continue
            head, _, tail = data.partition(b"<w:body>")
            with bomb.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head + b"<w:body>")
                chunk = b" " * MB
                for _ in range(expand_to // MB):
                    part.write(chunk)
                part.write(tail)
    return path


@pytest.fixture
def real_docx(tmp_path: Path) -> Path:
    return make_docx(seed_text(SEED_000), tmp_path / "referat.docx")


def test_docx_expanding_past_the_uncompressed_limit_is_refused(tmp_path: Path, real_docx: Path) -> None:
    bomb = docx_bomb(tmp_path / "bombe.docx", real_docx, expand_to=60 * MB)
    assert bomb.stat().st_size < MB  # small on disk, 60 MB of XML declared inside
    with pytest.raises(UnreadableDocument) as caught:
        read_minutes(bomb, ReadLimits(docx_max_ratio=10**9))
    assert caught.value.document == "bombe.docx"
    assert "pakker ud til" in caught.value.reason


def test_docx_with_a_high_compression_ratio_is_refused(tmp_path: Path, real_docx: Path) -> None:
    bomb = docx_bomb(tmp_path / "tæt.docx", real_docx, expand_to=5 * MB)  # under 50 MB, but ~1000:1
    with pytest.raises(UnreadableDocument, match=r"tæt\.docx: Word-filen pakker ud"):
        read_minutes(bomb)


def test_an_ordinary_docx_is_within_the_limits(real_docx: Path) -> None:
    assert read_minutes(real_docx).items


def test_pdf_over_the_page_limit_is_refused(tmp_path: Path) -> None:
    pdf = make_pdf("\n".join(f"Linje {n}" for n in range(200)), tmp_path / "lang.pdf")
    with pytest.raises(UnreadableDocument, match=r"lang.pdf: PDF'en har \d+ sider, og der læses højst 2"):
        read_minutes(pdf, ReadLimits(pdf_max_pages=2))


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "stor.txt"
    big.write_bytes(b"x" * (2 * MB))
    with pytest.raises(UnreadableDocument, match=r"stor.txt: Filen er for stor \(2,0 MB; højst 1,0 MB\)"):
        read_minutes(big, ReadLimits(max_file_bytes=MB))


def test_limits_come_from_the_environment() -> None:
    env = {"READ_MAX_FILE_MB": "7", "DOCX_MAX_UNCOMPRESSED_MB": "20", "DOCX_MAX_RATIO": "40", "PDF_MAX_PAGES": "9"}
    limits = Settings.from_env(env, database_url="sqlite+aiosqlite:///:memory:").read_limits
    assert limits == ReadLimits(7 * MB, 20 * MB, 40, 9)
    assert Settings.from_env({}, database_url="sqlite+aiosqlite:///:memory:").read_limits == ReadLimits()
