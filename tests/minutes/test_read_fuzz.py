"""Fuzzing the minutes reader with mutated real files: a result or a clear error naming the file, never a hang.

The seeds are the two real minutes (../shared/seeds), a Greve FirstAgenda JSON, the head of Aarhus' agenda
page, and Word and PDF files made from a seed. Each generated case flips, deletes, inserts, repeats or
splices bytes of one of them (now and then under another format's suffix) and reads the result with
``read_minutes`` in a worker process with a memory cap; each read must end within its time limit with
minutes or an ``UnreadableDocument`` whose message names the file. Derandomized, so CI is deterministic.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.minutes.errors import UnreadableDocument
from bot.minutes.read import SUPPORTED_SUFFIXES, read_minutes
from tests.minutes.conftest import SEED_002, SEEDS, make_docx, make_pdf, seed_text

CORPUS = SEEDS.parent / "corpus"
EXAMPLES = 1_000
READ_SECONDS = 30  # generous on a shared 2-core machine; a hang is a read that never ends
WORKER_MEMORY = 2 * 1024**3


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))


def read_in_worker(path: str) -> tuple[str, str]:
    """("minutes", item count), ("unreadable", message) or ("crash", what went wrong): run in the worker."""
    try:
        minutes = read_minutes(Path(path))
    except UnreadableDocument as error:
        return "unreadable", str(error)
    except BaseException as error:  # anything else is what this test looks for
        return "crash", f"{type(error).__name__}: {error}"[:500]
    return "minutes", str(len(minutes.items))


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("originals")
    text = seed_text(SEED_002)
    short = text[:6000]  # small inputs keep each read quick
    return {
        ".txt": short.encode(),
        ".md": text[6000:12000].encode("cp1252", "replace"),
        ".docx": make_docx(short, folder / "seed.docx").read_bytes(),
        ".pdf": make_pdf(text[:3000], folder / "seed.pdf").read_bytes(),
        ".html": (CORPUS / "aarhus" / "aarhus-byraad_dagsorden_2025-10-08.html").read_bytes()[:40_000],
        ".json": (CORPUS / "greve" / "oekonomiudvalget_2025-01-29.json").read_bytes(),
    }


@pytest.fixture(scope="module")
def worker() -> Iterator[multiprocessing.pool.Pool]:
    pool = multiprocessing.get_context("fork").Pool(1, initializer=_cap_memory)
    yield pool
    pool.terminate()
    pool.join()


@st.composite
def mutations(draw: st.DrawFn, sources: list[str]) -> tuple[str, str, list[tuple]]:
    """(the source's suffix, the suffix to save under, the byte edits)."""
    source = draw(st.sampled_from(sources))
    suffix = source if draw(st.integers(0, 5)) != 3 else draw(st.sampled_from(SUPPORTED_SUFFIXES))
    position = st.floats(0, 1)
    edit = st.one_of(
        st.tuples(st.just("flip"), position, st.integers(1, 255)),
        st.tuples(st.just("delete"), position, st.integers(1, 2_000)),
        st.tuples(st.just("insert"), position, st.binary(min_size=1, max_size=64)),
        st.tuples(st.just("repeat"), position, st.integers(1, 200), st.integers(2, 50)),
        st.tuples(st.just("truncate"), position),
        st.tuples(st.just("splice"), position, st.sampled_from(sources), position, st.integers(1, 4_000)),
    )
    return source, suffix, draw(st.lists(edit, min_size=1, max_size=6))


def mutate(data: bytes, edits: list[tuple], originals: dict[str, bytes]) -> bytes:
    out = bytearray(data)
    for edit in edits:
        at = int(edit[1] * len(out)) if out else 0
        match edit:
            case ("flip", _, mask):
                if out:
                    out[min(at, len(out) - 1)] ^= mask
            case ("delete", _, length):
                del out[at : at + length]
            case ("insert", _, blob):
                out[at:at] = blob
            case ("repeat", _, length, times):
                out[at:at] = bytes(out[at : at + length]) * times
            case ("truncate", _):
                del out[at:]
            case ("splice", _, other, where, length):
                start = int(where * len(originals[other]))
                out[at:at] = originals[other][start : start + length]
    return bytes(out)


def test_mutated_minutes_files_are_read_or_refused_by_name_never_hang(
    originals: dict[str, bytes], worker: multiprocessing.pool.Pool, tmp_path: Path
) -> None:
    outcomes: dict[str, int] = {}
    counter = iter(range(10**9))

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(mutations(sorted(originals)))
    def read_one(case: tuple[str, str, list[tuple]]) -> None:
        source, suffix, edits = case
        path = tmp_path / f"mutant-{next(counter)}{suffix}"
        path.write_bytes(mutate(originals[source], edits, originals))
        try:
            kind, detail = worker.apply_async(read_in_worker, (str(path),)).get(READ_SECONDS)
        except multiprocessing.TimeoutError:
            pytest.fail(f"reading {path.name} (from {source}, edits {edits!r}) did not end in {READ_SECONDS} s")
        outcomes[kind] = outcomes.get(kind, 0) + 1
        assert kind != "crash", f"{path.name} (from {source}, edits {edits!r}): {detail}"
        if kind == "unreadable":
            assert detail.startswith(f"{path.name}: ") and len(detail) > len(path.name) + 10, detail
        path.unlink()

    read_one()
    print(f"minutes reader fuzz: {sum(outcomes.values())} files, {outcomes}")
    assert sum(outcomes.values()) >= EXAMPLES
    assert outcomes.get("minutes", 0) > 0 and outcomes.get("unreadable", 0) > 0
