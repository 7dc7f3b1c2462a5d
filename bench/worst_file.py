"""The worst files a secretary (or a folder) can hand the bot: handling time and peak memory of reading each.

    python bench/worst_file.py           # every file, read as the bot reads it
    python bench/worst_file.py --quick   # smaller files

Each file is read through ``bot.minutes.worker.read_bounded`` (the worker bounded by READ_MAX_MEMORY_MB and
READ_TIMEOUT_SECONDS, as ingest, uploads and folder sync read) and printed with its outcome, the wall time, the
peak RSS of this process and the worker's peak RSS (ru_maxrss of the children). Files are made in a temporary
folder: a .docx zip bomb (1 GB of XML declared), a .docx just under the declared-size limit, a 45 MB .txt of
one word repeated, 5 MB of one-letter lines, a deeply nested HTML page and a 600-page PDF.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.minutes.errors import UnreadableDocument  # noqa: E402
from bot.minutes.limits import DEFAULT_READ_LIMITS  # noqa: E402
from bot.minutes.worker import READER, read_bounded  # noqa: E402

_DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def _docx(path: Path, paragraphs: int, text: str) -> Path:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for _ in range(paragraphs))
    document = (
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", document)
    return path


def _pdf(path: Path, pages: int) -> Path:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with io.BytesIO() as out:
        writer.write(out)
        path.write_bytes(out.getvalue())
    return path


def files(folder: Path, quick: bool) -> list[Path]:
    scale = 10 if quick else 1
    (folder / "ord.txt").write_bytes(b"ord " * (11_000_000 // scale))
    (folder / "linjer.txt").write_bytes(b"x\n" * (2_500_000 // scale))
    (folder / "dyb.html").write_text("<div>" * (200_000 // scale) + "1. Punkt" + "</div>" * (200_000 // scale))
    return [
        _docx(folder / "bombe.docx", 1_000_000 // scale, "x" * 1000),
        _docx(folder / "stor.docx", 40_000 // scale, "Punkt om økonomi og budget " * 40),
        folder / "ord.txt",
        folder / "linjer.txt",
        folder / "dyb.html",
        _pdf(folder / "sider.pdf", 600),
    ]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_peak_mb() -> str:
    """The live worker's peak RSS (VmHWM); a worker replaced after a refusal is gone: '-'."""
    for pool in READER._pools.values():  # a bench may look inside
        for process in pool._processes.values():
            for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return f"{int(line.split()[1]) / 1024:.0f} M"
    return "-"


async def main(quick: bool) -> None:
    limits = DEFAULT_READ_LIMITS
    print(
        f"limits: {limits.memory_mb} MiB worker memory, {limits.seconds:g} s a file, {limits.max_file_bytes >> 20} MB"
    )
    print(f"{'file':<14}{'size':>10}  {'outcome':<62}{'seconds':>8}{'bot RSS':>9}{'worker':>8}")
    with tempfile.TemporaryDirectory(prefix="worst-file-") as tmp:
        for path in files(Path(tmp), quick):
            start = time.perf_counter()
            try:
                minutes = await read_bounded(path, limits)
                outcome = f"read: {len(minutes.items)} items"
            except UnreadableDocument as error:
                outcome = "refused: " + error.reason[:52]
            seconds = time.perf_counter() - start
            size = f"{path.stat().st_size / 1e6:.1f} MB"
            print(
                f"{path.name:<14}{size:>10}  {outcome:<62}{seconds:>8.2f}{_rss_mb():>7.0f} M{_worker_peak_mb():>8}",
                flush=True,
            )
    READER.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    asyncio.run(main(parser.parse_args().quick))
