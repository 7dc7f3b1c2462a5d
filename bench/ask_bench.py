"""Benchmark: ask latency and peak memory with 10,000 synthetic meetings (~110,000 agenda items).

Two figures, each in its own fresh process so that its peak memory is its own:

* in memory: ``Answerer(minutes)`` built from the generated minutes, handed over one at a time as they
  are made (the answerer holds them compact; no process holds all of them as the parser's objects), then
  asked directly;
* the real path: the meetings are written into a fresh SQLite file through
  ``storage.minutes_repository.save_minutes`` (many meetings per transaction), then a
  ``bot.knowledge.Knowledge`` over that file is asked. Its first ask loads every meeting
  and builds the index (and stores its snapshot); that is reported apart from the per-question
  latency. Then a second fresh process asks again: it loads the stored snapshot instead of building.

Run: python bench/ask_bench.py [--meetings N] [--questions N] [--only memory|db] [--db PATH] [--sequential]

The write goes through the ORM one meeting at a time and takes most of the run (about 5-6
minutes for 10,000 meetings on a 2-core machine); ``--meetings 3000`` or a kept ``--db``
that a rerun reuses keeps it short.
Prints load/build times, p50/p95/max latency per question and peak RSS, then the latency of
questions asked while a background rebuild runs (another replica stored minutes), for each
process. No assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import itertools
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.answering import Answerer  # noqa: E402
from bot.minutes.model import (  # noqa: E402
    AgendaItem,
    DateKind,
    DateMention,
    Meeting,
    Minutes,
    Outcome,
    Precision,
    Section,
    SectionKind,
)

SEEDS = ROOT / ".." / "shared" / "seeds"

COMMITTEES = [
    "Følgegruppen for uddannelse og arbejde",
    "Følgegruppen for forebyggelse",
    "Fokusgruppen Sundhed & Beskæftigelse",
    "Fokusgruppen Sundhed for voksne",
    "Fokusgruppen Børn og unge",
    "Klyngestyregruppen Vest",
    "Praksisplanudvalget",
    "Samordningsudvalget Midt",
]
HEADS = [
    "sundhed",
    "beskæftigelse",
    "uddannelse",
    "forebyggelse",
    "rehabilitering",
    "psykiatri",
    "genoptræning",
    "hjemmepleje",
    "sygepleje",
    "medicin",
    "ernæring",
    "rygning",
    "alkohol",
    "demens",
    "diabetes",
    "kræft",
    "hjerte",
    "lunge",
    "smerte",
    "ryg",
    "angst",
    "depression",
    "stress",
    "søvn",
    "trivsel",
    "motion",
    "kost",
    "tandpleje",
    "jordemoder",
    "fødsel",
    "barsel",
    "skole",
    "dagtilbud",
    "familie",
    "misbrug",
    "bolig",
    "økonomi",
    "job",
    "praktik",
    "virksomhed",
    "kommune",
    "region",
    "hospital",
    "klinik",
    "praksis",
    "læge",
    "sygeplejerske",
    "terapeut",
    "konsulent",
    "leder",
    "data",
    "kvalitet",
    "patient",
    "borger",
    "pårørende",
    "frivillig",
    "forening",
    "netværk",
    "telemedicin",
    "video",
    "journal",
    "registrering",
    "henvisning",
    "udredning",
    "behandling",
    "opfølgning",
    "udskrivning",
    "indlæggelse",
    "akut",
    "vagt",
    "transport",
    "ambulance",
    "laboratorie",
    "røntgen",
    "scanning",
    "vaccination",
    "smitte",
    "hygiejne",
]
TAILS = [
    "aftale",
    "forløb",
    "indsats",
    "plan",
    "gruppe",
    "projekt",
    "model",
    "tilbud",
    "område",
    "team",
    "strategi",
    "program",
    "møde",
    "rapport",
]
VERBS = [
    "drøfter",
    "godkender",
    "vurderer",
    "beskriver",
    "fremlægger",
    "evaluerer",
    "udarbejder",
    "sikrer",
    "understøtter",
    "styrker",
]
FILLER = [
    "der",
    "er",
    "en",
    "et",
    "af",
    "og",
    "til",
    "på",
    "med",
    "for",
    "som",
    "at",
    "det",
    "den",
    "de",
    "i",
    "om",
    "fra",
    "har",
    "vil",
    "kan",
    "skal",
    "ikke",
]
NAMES = [
    "Anne",
    "Bente",
    "Carsten",
    "Dorthe",
    "Erik",
    "Frank",
    "Gitte",
    "Hanne",
    "Ib",
    "Jens",
    "Karen",
    "Lars",
    "Mette",
    "Niels",
    "Ole",
    "Pia",
    "Rikke",
    "Søren",
    "Tine",
    "Ulla",
]
SURNAMES = [
    "Andersen",
    "Berg",
    "Christensen",
    "Dahl",
    "Eriksen",
    "Frandsen",
    "Hansen",
    "Iversen",
    "Jensen",
    "Kristensen",
    "Larsen",
    "Madsen",
    "Nielsen",
]
TOWNS = [
    "Holstebro",
    "Lemvig",
    "Struer",
    "Herning",
    "Vejle",
    "Odense",
    "Fredericia",
    "Middelfart",
    "Billund",
    "Varde",
    "Esbjerg",
    "Tønder",
]
MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def _vocabulary(rng: random.Random) -> list[str]:
    words = list(HEADS) + [h + "s" + t if not h.endswith("s") else h + t for h in HEADS for t in TAILS]
    words += [h + "en" for h in HEADS] + [t + "er" for t in TAILS] + [t + "et" for t in TAILS]
    rng.shuffle(words)
    return words


def _zipf_weights(n: int) -> list[float]:
    return [1.0 / (rank + 1) ** 0.9 for rank in range(n)]


def synthetic_minutes(count: int, seed: int = 20210215) -> list[Minutes]:
    """Deterministic synthetic minutes with varied Danish vocabulary and dates."""
    return list(each_synthetic_minutes(count, seed))


def each_synthetic_minutes(count: int, seed: int = 20210215) -> Iterator[Minutes]:
    """The same minutes as ``synthetic_minutes``, made one at a time."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    weights = _zipf_weights(len(vocab))
    cumulative = []
    acc = 0.0
    for w in weights:
        acc += w
        cumulative.append(acc)

    def words(k: int) -> list[str]:
        return rng.choices(vocab, cum_weights=cumulative, k=k)

    def sentence(k: int) -> str:
        body = []
        for w in words(k):
            body.append(w)
            if rng.random() < 0.5:
                body.append(rng.choice(FILLER))
        text = " ".join(body)
        return text[0].upper() + text[1:] + "."

    def person() -> str:
        return f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"

    start = dt.date(2015, 1, 6)
    for n in range(count):
        committee = COMMITTEES[n % len(COMMITTEES)]
        meeting_date = start + dt.timedelta(days=(n // len(COMMITTEES)) * 3 + rng.randint(0, 2))
        items: list[AgendaItem] = []
        all_dates: list[DateMention] = []
        for i in range(1, 11):
            number = str(i) if rng.random() < 0.7 else f"{i}.{rng.randint(1, 3)}"
            title = " ".join(words(rng.randint(3, 7))).capitalize()
            description = " ".join(sentence(rng.randint(6, 14)) for _ in range(rng.randint(1, 3)))
            indstilling = f"Det indstilles, at gruppen {rng.choice(VERBS)} {' '.join(words(3))}."
            outcome = rng.choices(
                [Outcome.APPROVED, Outcome.NOTED, Outcome.POSTPONED, Outcome.DISCUSSED, Outcome.DECIDED],
                weights=[4, 3, 1, 3, 2],
            )[0]
            # Mostly recorded in the Referat; sometimes only the proposal says (as the parser reads it).
            outcome_source = (
                SectionKind.REFERAT if rng.random() < 0.8 or outcome == Outcome.POSTPONED else SectionKind.INDSTILLING
            )
            dates: list[DateMention] = []
            if outcome == Outcome.POSTPONED:
                reason = rng.choice(["sygdom", "afbud fra oplægsholder", "tidnød", "manglende data"])
                referat = f"Punktet udskydes til næste møde grundet {reason}. {sentence(6)}"
                outcome_sentence = referat.split(". ")[0] + "."
            else:
                referat = " ".join(sentence(rng.randint(5, 12)) for _ in range(rng.randint(1, 3)))
                outcome_sentence = referat.split(". ")[0] + "."
            if rng.random() < 0.15:
                due = meeting_date + dt.timedelta(days=rng.randint(5, 60))
                text = f"{due.day}. {MONTHS[due.month - 1]} {due.year}"
                topic = " ".join(words(2))
                line = f"Der er frist for {topic} den {text}."
                description += " " + line
                dates.append(
                    DateMention(due, due, due, Precision.DAY, DateKind.DEADLINE, text, line, None, None, number)
                )
            if rng.random() < 0.05:
                place = rng.choice(TOWNS)
                referat += f" {person()} repræsenterer {place} Kommune."
            sections = [
                Section(SectionKind.DESCRIPTION, "", description),
                Section(SectionKind.INDSTILLING, "Indstilling", indstilling),
                Section(SectionKind.REFERAT, "Referat", referat),
            ]
            items.append(
                AgendaItem(
                    number,
                    title,
                    presenter=person() if rng.random() < 0.5 else None,
                    sections=sections,
                    outcome=outcome,
                    outcome_sentence=outcome_sentence,
                    outcome_source=outcome_source,
                    dates=dates,
                )
            )
            all_dates.extend(dates)
        nxt = meeting_date + dt.timedelta(days=rng.randint(30, 90))
        text = f"{nxt.day}. {MONTHS[nxt.month - 1]} {nxt.year}"
        line = f"Punkter til næste møde den {text}"
        mention = DateMention(nxt, nxt, nxt, Precision.DAY, DateKind.NEXT_MEETING, text, line, None, None, "11")
        items.append(
            AgendaItem("11", line, sections=[Section(SectionKind.REFERAT, "Referat", sentence(8))], dates=[mention])
        )
        all_dates.append(mention)
        meeting = Meeting(
            committee,
            meeting_date,
            1.0,
            f"Mødetid: {meeting_date.isoformat()}",
            place=f"Mødelokale {rng.randint(1, 9)}, {rng.choice(TOWNS)}",
            chair=person(),
            minute_taker=person(),
            attendees=[person() for _ in range(rng.randint(4, 12))],
            absentees=[person() for _ in range(rng.randint(0, 4))],
        )
        yield Minutes(f"synthetic_{n:05d}.txt", f"sha{n}", meeting, items, all_dates)


def seed_minutes() -> list[Minutes]:
    """The real seed minutes, when the parser and the files are available."""
    try:
        from bot.minutes.read import read_minutes
    except ImportError:
        return []
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        try:
            found.append(read_minutes(path))
        except Exception as exc:  # the parser is someone else's work in progress
            print(f"  (seed {path.name} not parsed: {exc})")
    return found


def questions(minutes: list[Minutes], count: int, seed: int = 7) -> list[tuple[str, str | None]]:
    """Mixed questions: (question, preferred committee or None)."""
    rng = random.Random(seed)
    out: list[tuple[str, str | None]] = []
    templates_item = [
        "Hvad blev besluttet om {w}?",
        "What was decided about {w}?",
        "Hvorfor blev {w} udskudt?",
        "Hvornår er fristen for {w}?",
        "Hvad ved vi om {w}?",
        "Hvor mange {w} er der i {v}?",
        "Hvem repræsenterer {town}?",
    ]
    fixed = [
        "Hvilke frister er der i {month} {year}?",
        "Which deadlines are there in {month_en} {year}?",
        "Hvornår er næste møde?",
        "Hvornår er næste møde i fokusgruppen?",
        "Hvad skal vi drøfte på næste møde?",
        "Hvem var mødeleder?",
        "Hvem havde afbud?",
        "Hvad blev besluttet om parkering ved rådhuset?",
        "Hvornår er fristen for budgettet 2030?",
    ]
    months_en = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    for _ in range(count):
        m = rng.choice(minutes)
        item = rng.choice(m.items)
        title_words = [w for w in item.title.lower().split() if len(w) > 3] or ["sundhed"]
        pool = templates_item if rng.random() < 0.7 else fixed
        template = rng.choice(pool)
        month = rng.randrange(12)
        q = template.format(
            w=" ".join(rng.sample(title_words, min(len(title_words), rng.randint(1, 2)))),
            v=rng.choice(title_words),
            town=rng.choice(TOWNS),
            month=MONTHS[month],
            month_en=months_en[month],
            year=rng.randint(2015, 2022),
        )
        preferred = m.meeting.committee if rng.random() < 0.3 else None
        out.append((q, preferred))
    return out


def _peak_rss_mib() -> float:
    # ru_maxrss is KiB on Linux: the peak of this process only (each phase runs in its own).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mib() -> float | None:
    """The resident set now (Linux), to tell the steady state from the peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _latency_line(latencies: list[float]) -> str:
    latencies = sorted(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    return f"latency ms: p50 {statistics.median(latencies):.2f}  p95 {p95:.2f}  max {latencies[-1]:.2f}"


def corpus(meetings: int) -> list[Minutes]:
    """The synthetic meetings plus the real seed minutes."""
    t0 = time.perf_counter()
    found = synthetic_minutes(meetings)
    seeds = seed_minutes()
    found.extend(seeds)
    items = sum(len(m.items) for m in found)
    print(
        f"  generated {len(found)} minutes ({len(seeds)} real seeds), {items} agenda items in {time.perf_counter() - t0:.1f} s"
    )
    return found


def phase_memory(args: argparse.Namespace) -> None:
    """Answerer built in memory from the generated minutes, handed over one at a time as they are made
    (as a reader or the database load would: the process never holds all of them as the parser's objects)."""
    t0 = time.perf_counter()
    names: list[str] = []

    def made() -> Iterator[Minutes]:
        for m in itertools.chain(each_synthetic_minutes(args.meetings), seed_minutes()):
            names.append(m.source_name)
            yield m

    answerer = Answerer(made())
    items = answerer.index.doc_count
    print(
        f"  generated {len(names)} minutes, {items} agenda items, and built the Answerer from them in "
        f"{time.perf_counter() - t0:.1f} s ({len(answerer.index.postings)} terms)"
    )
    # The questions are drawn from the minutes in the order they were made, as the index holds them.
    held = {m.source_name: m for m in answerer.index.minutes}
    minutes = [held[name] for name in names]
    # Collect the build's garbage now, so that the pending full collection does not land
    # on the first question (a long-running server pays it once at start-up too).
    gc.collect()

    today = dt.date(2021, 2, 15)
    latencies = []
    answered = 0
    by_intent: dict[str, int] = {}
    for question, preferred in questions(minutes, args.questions):
        t = time.perf_counter()
        result = answerer.answer(question, today=today, committee=preferred)
        latencies.append((time.perf_counter() - t) * 1000)
        answered += result.answered
        by_intent[result.intent] = by_intent.get(result.intent, 0) + 1
    print(f"  questions: {len(latencies)}, answered: {answered}, intents: {dict(sorted(by_intent.items()))}")
    print(f"  {_latency_line(latencies)}")
    print(f"  peak RSS: {_peak_rss_mib():.0f} MiB")


async def _write(args: argparse.Namespace) -> None:
    from storage.database import create_engine, session_factory, upgrade
    from storage.minutes_repository import save_minutes

    minutes = corpus(args.meetings)
    Path(args.questions_file).write_text(
        json.dumps(questions(minutes, args.questions), ensure_ascii=False), encoding="utf-8"
    )
    engine = create_engine(args.db)
    try:
        await upgrade(engine)
        sessions = session_factory(engine)
        now = dt.datetime(2021, 2, 15, 11, 0, tzinfo=dt.UTC)
        t0 = time.perf_counter()
        for start in range(0, len(minutes), args.batch):
            async with sessions.begin() as session:
                for m in minutes[start : start + args.batch]:
                    await save_minutes(session, m, ingested_at=now)
        elapsed = time.perf_counter() - t0
    finally:
        await engine.dispose()
    size = Path(args.db).stat().st_size / 2**20
    print(
        f"  wrote {len(minutes)} meetings to {args.db} in {elapsed:.1f} s "
        f"({len(minutes) / elapsed:.0f} meetings/s, {args.batch} per transaction, file {size:.0f} MiB)"
    )


async def _ask(args: argparse.Namespace) -> None:
    import bot.knowledge as knowledge_module
    from bot.clock import FixedClock
    from bot.knowledge import Knowledge
    from storage.database import create_engine, session_factory

    asked = [tuple(q) for q in json.loads(Path(args.questions_file).read_text(encoding="utf-8"))]
    load_seconds: list[float] = []
    build_seconds: list[float] = []
    made: list[Answerer] = []
    original_load = knowledge_module.Knowledge._load_held

    async def timed_load(*a, **kw):  # the first ask's load (and compaction), reported apart from the index build
        t = time.perf_counter()
        loaded = await original_load(*a, **kw)
        load_seconds.append(time.perf_counter() - t)
        return loaded

    def timed_build(minutes, *, snapshot=None):
        t = time.perf_counter()
        made.append(Answerer(minutes, snapshot=snapshot))
        build_seconds.append(time.perf_counter() - t)
        return made[-1]

    knowledge_module.Knowledge._load_held = timed_load
    engine = create_engine(args.db)
    try:
        clock = FixedClock(dt.datetime(2021, 2, 15, 12, 0, tzinfo=dt.UTC))
        knowledge = Knowledge(session_factory(engine), clock, build_answerer=timed_build)
        first_question, first_committee = asked[0]
        t0 = time.perf_counter()
        await knowledge.ask(first_question, committee=first_committee)
        first = time.perf_counter() - t0
        load, build = sum(load_seconds), sum(build_seconds)
        how = (
            "index loaded from the stored snapshot"
            if made[0].index.from_snapshot
            else f"index built, snapshot stored in {first - load - build:.1f} s"
        )
        gc.collect()
        now_rss = _current_rss_mib()
        print(
            f"  first ask: {first:.1f} s (loading the meetings {load:.1f} s, Answerer {build:.1f} s: {how}; "
            f"snapshot {await _snapshot_mib(engine):.0f} MiB); peak RSS so far {_peak_rss_mib():.0f} MiB"
            + (f", RSS after it {now_rss:.0f} MiB" if now_rss is not None else "")
        )
        latencies = []
        answered = 0
        for question, committee in asked[1:]:
            t = time.perf_counter()
            result = await knowledge.ask(question, committee=committee)
            latencies.append((time.perf_counter() - t) * 1000)
            answered += result.answered
        print(f"  questions: {len(latencies)} (after the first), answered: {answered}")
        print(f"  {_latency_line(latencies)}  (each includes the corpus_version check)")
        if args.rebuild:
            await _ask_during_rebuild(args, knowledge, clock, asked)
        print(f"  peak RSS: {_peak_rss_mib():.0f} MiB")
    finally:
        await engine.dispose()


async def _snapshot_mib(engine) -> float:
    from sqlalchemy import func, select

    from storage.models import IndexSnapshotRow

    async with engine.connect() as connection:
        size = await connection.scalar(select(func.length(IndexSnapshotRow.data)))
    return (size or 0) / 2**20


async def _ask_during_rebuild(args: argparse.Namespace, knowledge, clock, asked: list) -> None:
    """Another replica stores minutes; this one keeps answering while it rebuilds in the background."""
    from storage.database import create_engine, session_factory
    from storage.minutes_repository import save_minutes

    other = create_engine(args.db)
    try:
        async with session_factory(other).begin() as session:
            extra = synthetic_minutes(1, seed=99)[0]
            # A new content hash each run, so a kept --db still sees a change (a replaced meeting).
            extra.content_sha256 = f"replica-{time.time_ns()}"
            await save_minutes(session, extra, ingested_at=dt.datetime(2021, 2, 15, 12, 0, tzinfo=dt.UTC))
    finally:
        await other.dispose()
    from bot.knowledge import VERSION_TTL

    # Asks read the corpus version at most every VERSION_TTL: this replica sees the write once it passed.
    clock.advance(VERSION_TTL)
    before = knowledge.index_version
    t0 = time.perf_counter()
    latencies = []
    while knowledge.index_version == before and len(latencies) < 10 * len(asked):
        question, committee = asked[len(latencies) % len(asked)]
        t = time.perf_counter()
        await knowledge.ask(question, committee=committee)
        latencies.append((time.perf_counter() - t) * 1000)
        # A busy chat (about 50 questions a second), not a loop that starves the build of the GIL.
        await asyncio.sleep(0.02)
    await knowledge.wait_for_rebuild()
    print(
        f"  another replica wrote: background rebuild took {time.perf_counter() - t0:.1f} s; "
        f"{len(latencies)} questions answered meanwhile from the previous index"
    )
    print(f"  during the rebuild: {_latency_line(latencies)}")


def _phase_command(phase: str, args: argparse.Namespace, **extra: str) -> list[str]:
    command = [
        sys.executable,
        __file__,
        "--phase",
        phase,
        "--meetings",
        str(args.meetings),
        "--questions",
        str(args.questions),
        "--batch",
        str(args.batch),
    ]
    for name, value in extra.items():
        command += [f"--{name.replace('_', '-')}", value]
    return command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=250, help="meetings per transaction when writing")
    parser.add_argument("--only", choices=("memory", "db"), help="run one of the two figures")
    parser.add_argument(
        "--sequential", action="store_true", help="run the in-memory figure alone, not beside the write"
    )
    parser.add_argument(
        "--db",
        help="SQLite file to write and keep; an earlier run's file is reused "
        "(default: a fresh temporary file, removed after)",
    )
    parser.add_argument("--phase", choices=("memory", "write", "ask"), help=argparse.SUPPRESS)
    parser.add_argument("--questions-file", help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "memory":
        phase_memory(args)
        return
    if args.phase == "write":
        asyncio.run(_write(args))
        return
    if args.phase == "ask":
        asyncio.run(_ask(args))
        return

    t0 = time.perf_counter()
    memory: subprocess.Popen[str] | None = None
    if args.only in (None, "memory"):
        command = _phase_command("memory", args)
        if args.only == "memory" or args.sequential:
            print(f"in memory: Answerer over {args.meetings} synthetic meetings", flush=True)
            subprocess.run(command, check=True)
        else:
            # Runs beside the (storage-bound, one-core) database write to keep the bench
            # short; its output is printed when it is done. --sequential for a quiet machine.
            memory = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    if args.only in (None, "db"):
        with tempfile.TemporaryDirectory(prefix="ask_bench_") as tmp:
            db = args.db or str(Path(tmp) / "bench.db")
            # A kept database (--db) keeps its questions beside it, so a rerun can skip the write.
            questions_file = f"{db}.questions.json" if args.db else str(Path(tmp) / "questions.json")
            print(f"real path: {args.meetings} synthetic meetings in SQLite, asked through Knowledge", flush=True)
            if Path(db).exists() and Path(questions_file).exists():
                print(f"  reusing {db} (written by an earlier run; delete it to measure the write)")
            elif Path(db).exists():
                sys.exit(f"{db} exists without {questions_file}; the bench writes a fresh database")
            else:
                subprocess.run(_phase_command("write", args, db=db, questions_file=questions_file), check=True)
            if memory is not None:
                memory.wait()  # ask on an otherwise idle machine
            # A process that finds no snapshot of the corpus builds the index and stores one; the
            # next (a restart, another replica) loads it. The first process also asks while
            # another replica's write is rebuilt, which stores the snapshot the second loads.
            subprocess.run(
                [*_phase_command("ask", args, db=db, questions_file=questions_file), "--rebuild"], check=True
            )
            print("  a fresh process over the same database (a restart, or another replica):", flush=True)
            subprocess.run(_phase_command("ask", args, db=db, questions_file=questions_file), check=True)
    if memory is not None:
        output, _ = memory.communicate()
        print(f"in memory: Answerer over {args.meetings} synthetic meetings (run beside the write)")
        print(output, end="")
        if memory.returncode:
            sys.exit(memory.returncode)
    print(f"bench total {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
