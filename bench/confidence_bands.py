"""Is the answer's confidence calibrated? Accuracy by confidence band on question files.

    python bench/confidence_bands.py --questions ../shared/corpus/questions_dev.jsonl \
        --docs ../shared/corpus/greve

Answers every question in one process (as bench/qa_inprocess.py), scores it with
qa_eval's own score(), and prints, per confidence band of the answered questions, how many
fell in the band and how many of those were right; abstentions are counted apart (right
when the question had no answer). A calibrated bot is right about as often as it says.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa_inprocess import answer_all, calendar_from, load_qa_eval, read_corpus

from bot.answering.answer import Answerer

BANDS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", nargs="+", required=True)
    parser.add_argument("--docs", nargs="+", required=True)
    args = parser.parse_args()
    qa_eval = load_qa_eval()
    corpus = read_corpus(args.docs, qa_eval.expand_docs)
    answerer = Answerer(corpus)
    calendar = calendar_from(corpus)
    questions = [
        json.loads(line)
        for path in args.questions
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    bands = {band: [0, 0] for band in BANDS}
    abstained = [0, 0]
    for q, res, _ in answer_all(answerer, questions, calendar):
        good, _ = qa_eval.score(q, res)
        if not res["answered"]:
            abstained[0] += good
            abstained[1] += 1
            continue
        band = next(b for b in BANDS if b[0] <= res["confidence"] < b[1])
        bands[band][0] += good
        bands[band][1] += 1
    print(f"{len(questions)} questions")
    print("confidence    answered  right  accuracy")
    for (low, high), (good, total) in bands.items():
        accuracy = f"{good / total:.2f}" if total else "-"
        print(f"[{low:.2f}, {min(high, 1.0):.2f})  {total:8d}  {good:5d}  {accuracy:>8s}")
    accuracy = f"{abstained[0] / abstained[1]:.2f}" if abstained[1] else "-"
    print(f"abstained     {abstained[1]:8d}  {abstained[0]:5d}  {accuracy:>8s}  (right = the question had no answer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
