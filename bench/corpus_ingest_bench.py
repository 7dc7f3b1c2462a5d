"""Benchmark: ingesting the whole shared corpus into a fresh SQLite file.

Run from the repo root: python bench/corpus_ingest_bench.py

Reads every file of ../shared/corpus/greve and ../shared/corpus/aarhus (read and parse), then
stores each through ``Knowledge.ingest_minutes`` (the path ``python -m bot ingest`` takes) into a
fresh SQLite file. Prints documents, meetings, items, wall time, time per document, the read/parse
versus store split and peak memory (ru_maxrss). Documents that cannot be read are counted and
named, not raised. Prints figures only; no assertions.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.clock import SystemClock  # noqa: E402
from bot.knowledge import Knowledge  # noqa: E402
from bot.minutes.errors import UnreadableDocument  # noqa: E402
from bot.minutes.read import read_minutes  # noqa: E402
from storage.database import create_engine, session_factory, upgrade  # noqa: E402

CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
FOLDERS = ("greve", "aarhus")


def _peak_memory_mb() -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


async def main() -> None:
    files = sorted(path for folder in FOLDERS for path in (CORPUS / folder).iterdir() if path.is_file())
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'corpus.db'}")
        try:
            await upgrade(engine)  # schema creation is start-up cost, not ingestion cost
            # A no-op index builder: this measures ingestion, not building the answer index.
            knowledge = Knowledge(
                session_factory(engine), SystemClock(), build_answerer=lambda minutes, snapshot=None: None
            )
            read_s = store_s = 0.0
            meetings = items = 0
            failed: list[str] = []
            start = time.perf_counter()
            for path in files:
                began = time.perf_counter()
                try:
                    minutes = read_minutes(path)
                except UnreadableDocument as error:
                    failed.append(f"{path.name}: {error}")
                    continue
                finally:
                    read_s += time.perf_counter() - began
                if not minutes.meeting.committee:
                    minutes.meeting.committee = path.stem  # as knowledge.ingest falls back to the file name
                began = time.perf_counter()
                try:
                    result = await knowledge.ingest_minutes(minutes)
                except UnreadableDocument as error:
                    failed.append(f"{path.name}: {error}")
                    continue
                finally:
                    store_s += time.perf_counter() - began
                meetings += result.status != "unchanged"
                items += len(minutes.items)
            wall_s = time.perf_counter() - start
        finally:
            await engine.dispose()
    print(f"documents        {len(files)}")
    print(f"meetings stored  {meetings}")
    print(f"items            {items}")
    print(f"failed           {len(failed)}")
    for line in failed:
        print(f"  {line}")
    print(f"wall time        {wall_s:.2f} s")
    print(f"per document     {wall_s / max(len(files), 1) * 1000:.1f} ms")
    print(f"read+parse       {read_s:.2f} s")
    print(f"store            {store_s:.2f} s")
    print(f"peak memory      {_peak_memory_mb():.0f} MB (ru_maxrss)")


if __name__ == "__main__":
    asyncio.run(main())
