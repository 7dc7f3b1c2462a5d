"""Score the answerer on a question file in one process (the fast twin of shared/tools/qa_eval.py).

Reads every corpus document once, builds one ``Answerer`` and the meeting calendar that ingest
fills from the minutes, and answers each question the way ``python -m bot ask --json [--today]``
would, then scores with qa_eval's own ``score()``.

    python bench/qa_inprocess.py --questions ../shared/corpus/questions_dev.jsonl \
        --docs ../shared/corpus/greve [-v] [--only KIND] [--dump out.jsonl]

Prints accuracy by kind, the failures, and the median answer time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.answering.answer import Answerer
from bot.answering.meetings import MeetingCalendar
from bot.calendar.model import SOURCE_MINUTES, STATUS_PLANNED, CalendarMeeting, local_instant
from bot.calendar.service import _planned_from
from bot.clock import COMMITTEE_TZ
from bot.minutes.errors import UnreadableDocument
from bot.minutes.model import Minutes
from bot.minutes.read import read_minutes
from bot.minutes.structure import committee_from_file_name

QA_EVAL = Path(__file__).resolve().parents[2] / "shared" / "tools" / "qa_eval.py"


def load_qa_eval():
    """qa_eval.py as a module, so scoring is exactly the real check's."""
    spec = importlib.util.spec_from_file_location("qa_eval", QA_EVAL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_corpus(paths: list[str], expand) -> list[Minutes]:
    """Every document as ``Knowledge.ingest`` reads it (committee from the file name when missing)."""
    corpus = []
    for name in expand(paths):
        try:
            minutes = read_minutes(Path(name))
        except UnreadableDocument as error:
            print(f"unreadable: {name}: {error}", file=sys.stderr)
            continue
        if not minutes.meeting.committee:
            minutes.meeting.committee = committee_from_file_name(minutes.source_name) or Path(minutes.source_name).stem
        corpus.append(minutes)
    return corpus


def calendar_from(corpus: list[Minutes]) -> list[CalendarMeeting]:
    """The meeting calendar that ingesting the corpus fills (``Calendar.sync_from_minutes``):
    per committee and day, the first minutes to give the day, a meeting's own minutes
    setting its time and place."""
    by_day: dict[tuple[str, dt.date], CalendarMeeting] = {}
    for minutes in corpus:
        committee = minutes.meeting.committee or ""
        for item in _planned_from(minutes):
            key = (committee, item.day)
            stored = by_day.get(key)
            if stored is not None and not item.own:
                continue
            by_day[key] = CalendarMeeting(
                None,
                committee,
                local_instant(item.day, item.start),
                local_instant(item.day, item.end) if item.start and item.end else None,
                item.start is None,
                item.place or (stored.place if stored else None),
                SOURCE_MINUTES,
                STATUS_PLANNED,
                f"{item.day}-{committee}",
            )
    return list(by_day.values())


def answer_all(
    answerer: Answerer, questions: list[dict], calendar: list[CalendarMeeting] | None = None
) -> list[tuple[dict, dict, float]]:
    """(question, the CLI's JSON answer, seconds) for each question; with ``calendar``, the
    calendar is handed over as ``Knowledge.ask`` does (for the days the question is about)."""
    results = []
    committees = frozenset(m.committee for m in calendar or [])
    for q in questions:
        today = dt.date.fromisoformat(q["today"]) if q.get("today") else dt.date.today()
        start = time.perf_counter()
        view = None
        days = answerer.calendar_days(q["q"], today=today) if calendar else None
        if days is not None:
            first, last = days
            shown = tuple(m for m in calendar if first <= m.local_date <= last)
            now = dt.datetime.combine(today, dt.time(12), COMMITTEE_TZ)
            view = MeetingCalendar(shown, committees, first, last, now)
        answer = answerer.answer(q["q"], today=today, calendar=view)
        results.append((q, answer.to_json(), time.perf_counter() - start))
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", nargs="+", required=True)
    parser.add_argument("--docs", nargs="+", required=True)
    parser.add_argument("--only", help="only questions of this kind")
    parser.add_argument("--no-calendar", action="store_true", help="answer without the calendar ingest fills")
    parser.add_argument("--dump", help="write question, answer and verdict as JSON lines here")
    parser.add_argument("-v", action="store_true", help="print passes too, and failing answers")
    args = parser.parse_args()
    qa_eval = load_qa_eval()
    start = time.perf_counter()
    corpus = read_corpus(args.docs, qa_eval.expand_docs)
    answerer = Answerer(corpus)
    calendar = None if args.no_calendar else calendar_from(corpus)
    print(f"{len(corpus)} documents read and indexed in {time.perf_counter() - start:.1f}s")
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None  # noqa: SIM115 — closed at the end, written per question
    for path in args.questions:
        questions = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
        if args.only:
            questions = [q for q in questions if q.get("kind") == args.only]
        kinds: dict[str, list[int]] = {}
        good_total = 0
        times = []
        for q, res, seconds in answer_all(answerer, questions, calendar):
            good, why = qa_eval.score(q, res)
            good_total += good
            times.append(seconds)
            tally = kinds.setdefault(q.get("kind") or "-", [0, 0])
            tally[0] += good
            tally[1] += 1
            if args.v or not good:
                print(f"{'PASS' if good else 'FAIL'} {q['id']} [{q.get('kind')}] {q['q']} -> {why}")
                if args.v and not good:
                    top = res["sources"][0] if res["sources"] else {}
                    print(f"     {res['intent']} conf={res['confidence']} answer={res['answer'][:300]!r}")
                    if top:
                        print(
                            f"     top {top['document']} #{top['item_number']} {top['item_title']!r}: {top['quote'][:200]!r}"
                        )
            if dump:
                dump.write(json.dumps({"q": q, "res": res, "good": good, "why": why}, ensure_ascii=False) + "\n")
        n = len(questions) or 1
        times.sort()
        print(
            f"{path}: accuracy {good_total}/{len(questions)} = {good_total / n:.2f}; "
            f"median ask {1000 * times[len(times) // 2] if times else 0:.1f} ms, max {1000 * (times[-1] if times else 0):.0f} ms"
        )
        for kind, (good, total) in sorted(kinds.items()):
            print(f"  {kind:13s} {good}/{total} = {good / total:.2f}")
    if dump:
        dump.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
