"""Cold ``python -m bot ask --db FILE --json …`` wall time, one fresh process per call.

    python bench/cli_bench.py [--runs 3]

Builds two SQLite databases once in a temporary folder (the two seeds of ../shared/seeds, and the 298
Greve meetings of ../shared/corpus/greve), then times each ``ask`` from process start to exit and prints
the best and the spread: as a cold ``ask`` runs (the index's snapshot, stored by ``ingest``, loaded), and
with the snapshot deleted before each run (the index built, and its snapshot stored again).
Figures only; no assertions.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
CORPORA = {
    "seeds (2 meetings)": (
        sorted((SHARED / "seeds").glob("*.txt")),
        "Hvornår er fristen for besvarelse af spørgeskemaerne?",
    ),
    "greve (298 meetings)": (sorted((SHARED / "corpus" / "greve").glob("*.json")), "Hvad blev besluttet om skolerne?"),
}


def _bot(*args: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="cold asks per database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="moedeassistent-cli-bench-") as folder:
        for name, (files, question) in CORPORA.items():
            db = str(Path(folder) / f"{name.split()[0]}.db")
            _bot("ingest", "--db", db, *map(str, files))
            for how in ("snapshot loaded", "index built"):
                times = []
                for _ in range(args.runs):
                    if how == "index built":
                        with sqlite3.connect(db) as connection:
                            connection.execute("DELETE FROM index_snapshots")
                    times.append(_bot("ask", "--db", db, "--json", question))
                print(
                    f"cold ask, {name:22} {how:15}: best {min(times):.2f} s, "
                    f"spread {min(times):.2f}-{max(times):.2f} s ({args.runs} runs)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
