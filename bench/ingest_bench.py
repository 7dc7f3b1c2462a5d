"""Benchmark: reading, parsing and storing minutes, one document at a time.

Run from the repo root: python bench/ingest_bench.py [--runs N]

For each seed in ../shared/seeds, each example in examples/ and a 30-page PDF built from
each seed, prints the median of N runs (default 5) of: text extraction (read), parsing
(parse) and saving into a fresh SQLite file (store, migrations excluded, commit included).
Then compares pypdfium2 with pypdf on the 30-page PDFs when pypdf is installed.
Prints figures only; no assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from bench.make_pdf import text_to_pdf  # noqa: E402
from bot.minutes.model import Minutes  # noqa: E402
from bot.minutes.read import read_text  # noqa: E402
from bot.minutes.structure import parse_minutes  # noqa: E402
from storage.database import create_engine, session_factory, upgrade  # noqa: E402
from storage.minutes_repository import save_minutes  # noqa: E402

SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
EXAMPLES = ROOT / "examples"
PDF_PAGES = 30
# A fixed instant: the benchmark does not depend on when it runs.
INGESTED_AT = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)

T = TypeVar("T")


@dataclass
class Row:
    document: str
    pages: int | None
    chars: int
    items: int
    dates: int
    read_ms: float
    parse_ms: float
    store_ms: float | None
    note: str = ""


def _median_ms(runs: int, work: Callable[[], T]) -> tuple[float, T]:
    """Run ``work`` ``runs`` times; return the median wall time in ms and the last result."""
    times: list[float] = []
    result: T
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


async def _store_once(minutes: Minutes, db_file: Path) -> float:
    """Save into a fresh, migrated SQLite file; return the ms for save plus commit."""
    engine = create_engine(f"sqlite:///{db_file}")
    try:
        await upgrade(engine)  # schema creation is start-up cost, not ingestion cost
        sessions = session_factory(engine)
        start = time.perf_counter()
        async with sessions() as session, session.begin():
            await save_minutes(session, minutes, ingested_at=INGESTED_AT)
        return (time.perf_counter() - start) * 1000
    finally:
        await engine.dispose()


async def _store_median(minutes: Minutes, workdir: Path, label: str, runs: int) -> float:
    times = []
    for run in range(runs):
        times.append(await _store_once(minutes, workdir / f"{label}-{run}.sqlite"))
    return statistics.median(times)


def _pdf_pages(path: Path) -> int | None:
    if path.suffix.lower() != ".pdf":
        return None
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def measure(path: Path, label: str, workdir: Path, runs: int) -> Row:
    """Time read, parse and store for one document."""
    read_ms, text = _median_ms(runs, lambda: read_text(path))
    parse_ms, minutes = _median_ms(runs, lambda: parse_minutes(text, path.name))
    store_ms: float | None = None
    note = ""
    try:
        store_ms = asyncio.run(_store_median(minutes, workdir, label, runs))
    except Exception as error:  # a figure table should survive one document that fails
        note = f"store failed: {type(error).__name__}: {error}"
    return Row(
        document=label,
        pages=_pdf_pages(path),
        chars=len(text),
        items=len(minutes.items),
        dates=len(minutes.dates),
        read_ms=read_ms,
        parse_ms=parse_ms,
        store_ms=store_ms,
        note=note,
    )


def _pypdfium2_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        parts = []
        for page in document:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(parts)
    finally:
        document.close()


def compare_pdf_libraries(pdfs: list[tuple[str, Path]], runs: int) -> None:
    """Print pypdfium2 against pypdf extraction time, or say why pypdf is skipped."""
    try:
        import pypdf
    except ImportError:
        print("\npypdf is not installed: skipping the pypdf vs pypdfium2 comparison.")
        return

    def pypdf_text(path: Path) -> str:
        reader = pypdf.PdfReader(path)
        return "\n".join(page.extract_text() or "" for page in reader.pages)

    print(f"\nPDF text extraction, median of {runs} runs (pypdf {pypdf.__version__}, pypdfium2 {pdfium.PYPDFIUM_INFO})")
    header = f"{'document':<40} {'pages':>5} {'pypdfium2 ms':>13} {'chars':>8} {'pypdf ms':>10} {'chars':>8}"
    print(header)
    print("-" * len(header))
    for label, path in pdfs:
        fast_ms, fast_text = _median_ms(runs, lambda path=path: _pypdfium2_text(path))
        slow_ms, slow_text = _median_ms(runs, lambda path=path: pypdf_text(path))
        print(
            f"{label:<40} {_pdf_pages(path) or 0:>5} {fast_ms:>13.1f} {len(fast_text):>8} "
            f"{slow_ms:>10.1f} {len(slow_text):>8}"
        )


def _documents(workdir: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    """All documents to measure, and the subset that are built PDFs."""
    seeds = sorted(SEEDS.glob("*.txt"))
    examples = sorted(EXAMPLES.glob("*.txt"))
    if not seeds:
        print(f"(no seeds found in {SEEDS})")
    documents = [(f"seed {p.name}", p) for p in seeds] + [(p.name, p) for p in examples]
    pdfs = []
    for seed in seeds:
        pdf = text_to_pdf(seed.read_text(encoding="utf-8"), workdir / f"{seed.stem}_{PDF_PAGES}p.pdf", pages=PDF_PAGES)
        pdfs.append((f"{seed.stem}_{PDF_PAGES}p.pdf", pdf))
    return documents + pdfs, pdfs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure; the median is shown")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ingest_bench_") as tmp:
        workdir = Path(tmp)
        documents, pdfs = _documents(workdir)
        rows = [measure(path, label.replace(" ", "_"), workdir, args.runs) for label, path in documents]

        print(f"Ingestion, median of {args.runs} runs (store = save + commit into a fresh SQLite file)")
        header = (
            f"{'document':<62} {'pages':>5} {'chars':>7} {'items':>5} {'dates':>5} "
            f"{'read ms':>8} {'parse ms':>9} {'store ms':>9}"
        )
        print(header)
        print("-" * len(header))
        for label, row in zip((label for label, _ in documents), rows):
            pages = "-" if row.pages is None else str(row.pages)
            store = "-" if row.store_ms is None else f"{row.store_ms:.1f}"
            print(
                f"{label:<62} {pages:>5} {row.chars:>7} {row.items:>5} {row.dates:>5} "
                f"{row.read_ms:>8.1f} {row.parse_ms:>9.1f} {store:>9}"
            )
            if row.note:
                print(f"    {row.note}")

        compare_pdf_libraries(pdfs, args.runs)


if __name__ == "__main__":
    main()
