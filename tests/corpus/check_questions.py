#!/usr/bin/env python3
"""Mechanical check of tests/corpus/questions.jsonl against the real corpus.

Usage (from /work/main):

    python3 tests/corpus/check_questions.py [--questions Q.jsonl] [--corpus ../shared/corpus] [-v]

Stdlib only. Exit code 0 when every line passes, 1 otherwise.

What is checked for every line:

* format: unique ids corpus-001.., a known kind, minimum counts per kind, "doc" exists,
  "items" is a list of strings or null, "date"/"today" are ISO dates;
* (a) every number in "items" is an agenda item of "doc" -- or, when the same answer
  sits in another meeting under another number, that number is backed by an entry in the
  optional field "also": [[doc, item], ...] naming the other meeting and its item;
* (b) for every listed item (in "doc" or via "also"), at least one "any" string occurs in the
  item's text (title + all fields, HTML tags stripped, entities unescaped, case-insensitive,
  whitespace collapsed); when "items" is null, somewhere in the whole document; for kind
  "place" the string must be in the meeting's place (Moede.Sted / Aarhus "Mødested") and for
  kind "attendance" it must be a participant marked Absent/ParticipationCancelled or a name
  written after "Afbud"/"Fraværende"/"Ikke til stede";
* (c) "date" (when given): written in the listed items in some form ("1. marts 2023",
  "1. marts", "27. og 28. august", "01-03-2023", "1.3.2023", "1/3 2023", "2023-03-01");
  for lines with "today" (next meeting) the date must instead be the first meeting date of
  that committee, among the corpus file names, after "today", and "doc" must be that meeting;
* (d) abstain lines: none of the lowercase stems in "grep" occurs in any corpus file (raw
  JSON/HTML and its tag-stripped, entity-unescaped text, case-insensitive).
"""

import argparse
import html
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_Q = os.path.join(HERE, "questions.jsonl")
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpus"))

KINDS_MIN = {
    "decision": 10,
    "reason": 10,
    "date": 6,
    "deadline": 6,
    "figure": 8,
    "attendance": 6,
    "place": 5,
    "next_meeting": 5,
    "agenda": 6,
    "english": 20,
    "abstain": 20,
}
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


def norm(s):
    return re.sub(r"\s+", " ", s).strip().lower()


def strip_html(h):
    h = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", h or "", flags=re.S | re.I)
    h = re.sub(r"<[^>]+>", " ", h)
    return norm(html.unescape(h))


class Doc:
    """One meeting: items {number: text}, header text, place, absentees, full text."""

    def __init__(self, path):
        self.path = path
        raw = Path(path).read_text(encoding="utf-8")
        self.items, self.place, self.absent, self.date = {}, "", [], None
        if path.endswith(".json"):
            d = json.loads(raw)
            m = d.get("Moede") or {}
            self.place = norm(m.get("Sted") or "")
            self.date = (m.get("Dato") or "")[:10]
            self.committee = (d.get("Udvalg") or {}).get("Navn")
            for p in m.get("Moededeltagere") or []:
                if p.get("Absent") or p.get("ParticipationCancelled"):
                    self.absent.append(norm(p.get("Name") or ""))
            for it in d.get("Dagsordenpunkter") or []:
                num = str(it.get("Punktnummer")).strip().rstrip(".")
                txt = (it.get("Navn") or "") + " " + " ".join(f.get("Html") or "" for f in it.get("Felter") or [])
                self.items[num] = strip_html(txt)
            self.full = (
                norm(html.unescape(json.dumps(d, ensure_ascii=False)))
                + " "
                + " ".join(self.items.values())
                + " "
                + self.place
            )
        else:
            m = re.search(r'class="sted">([^<]*)<', raw)
            self.place = norm(html.unescape(m.group(1))) if m else ""
            rows = raw.split('<tr class="punktrow"')
            for r in rows[1:]:
                n = re.search(r'label label-default">\s*([^<]*?)\s*<', r)
                if n:
                    self.items[n.group(1).strip().rstrip(".")] = strip_html("<x " + r)
            self.full = strip_html(raw) + " " + norm(html.unescape(raw))

    def item_text(self, num):
        return self.items.get(num)


def date_patterns(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    mon = MONTHS[m - 1]
    pats = [
        rf"(?<!\d){d}\.(?:\s*(?:og|-|–|til)\s*\d{{1,2}}\.)?\s*{mon}",  # 1. marts (2023), 27. og 28. august
        rf"(?<!\d)0?{d}\.\s?0?{m}\.\s?(?:{y}|{y % 100:02d})(?!\d)",  # 1.3.2023, 31.10.2023
        rf"(?<!\d)0?{d}-0?{m}-{y}(?!\d)",  # 01-03-2023
        rf"(?<!\d)0?{d}/0?{m}[ -]?(?:{y})?(?!\d)",  # 1/3 2023, 1/3-2023, 1/3
        rf"{y}-{m:02d}-{d:02d}",  # ISO
    ]
    return [re.compile(p, re.I) for p in pats]


def has_date(text, iso):
    return any(p.search(text) for p in date_patterns(iso))


def has_any(text, anys):
    return [a for a in anys if norm(a) in text]


def attendance_ok(doc, anys):
    for a in anys:
        a2 = norm(a)
        if any(a2 in p for p in doc.absent):
            return True
        for m in re.finditer(re.escape(a2), doc.full):
            ctx = doc.full[max(0, m.start() - 60) : m.start()]
            if re.search(r"(afbud|fraværende|ikke til stede|deltog ikke)[^.]{0,50}$", ctx):
                return True
    return False


def committee_slug(docname):
    base = os.path.basename(docname)
    return re.sub(r"_\d{4}-\d{2}-\d{2}(_\d+)?\.(json|html)$", "", base)


def file_date(docname):
    m = re.search(r"_(\d{4}-\d{2}-\d{2})(?:_\d+)?\.(?:json|html)$", docname)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", default=DEFAULT_Q)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()

    lines = [line for line in Path(a.questions).read_text(encoding="utf-8").splitlines() if line.strip()]
    qs = [json.loads(line) for line in lines]
    cache = {}

    def doc(name):
        if name not in cache:
            cache[name] = Doc(os.path.join(a.corpus, name))
        return cache[name]

    # every corpus file, raw and stripped, for the abstain check and meeting dates
    all_files = []
    for sub in sorted(os.listdir(a.corpus)):
        p = os.path.join(a.corpus, sub)
        if os.path.isdir(p):
            for n in sorted(os.listdir(p)):
                if not n.startswith("."):
                    all_files.append(sub + "/" + n)
    blobs = {}
    for f in all_files:
        raw = Path(a.corpus, f).read_text(encoding="utf-8")
        blobs[f] = (
            raw.lower()
            + " "
            + html.unescape(raw).lower()
            + " "
            + strip_html(raw)
            + " "
            + norm(html.unescape(json.dumps(json.loads(raw), ensure_ascii=False)))
            if f.endswith(".json")
            else raw.lower() + " " + html.unescape(raw).lower() + " " + strip_html(raw)
        )

    errors, kinds = [], Counter()
    ids = [q.get("id") for q in qs]
    for i, qid in enumerate(ids, 1):
        if qid != f"corpus-{i:03d}":
            errors.append(f"line {i}: id {qid!r}, expected corpus-{i:03d}")
    for q in qs:
        qid = q.get("id")

        def err(message: str, qid: str | None = qid) -> None:
            errors.append(f"{qid}: {message}")

        kind = q.get("kind")
        kinds[kind] += 1
        if kind not in KINDS_MIN:
            err(f"unknown kind {kind!r}")
        if not q.get("q"):
            err("empty question")
        for k in ("date", "today"):
            if k in q and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(q[k])):
                err(f"{k} is not ISO: {q[k]!r}")
        if q.get("abstain"):
            if q.get("doc") is not None or q.get("items") or q.get("any") or q.get("date"):
                err("abstain line should have doc null and no items/any/date")
            stems = q.get("grep") or []
            if not stems:
                err("abstain line without grep stems")
            for s in stems:
                if s != s.lower():
                    err(f"grep stem not lowercase: {s!r}")
                hits = [f for f in all_files if s.lower() in blobs[f]]
                if hits:
                    err(f"(d) abstain stem {s!r} occurs in {len(hits)} file(s), e.g. {hits[:2]}")
            continue
        name = q.get("doc")
        if not name or not os.path.exists(os.path.join(a.corpus, name)):
            err(f"doc missing: {name!r}")
            continue
        D = doc(name)
        items, anys, date = q.get("items"), q.get("any") or [], q.get("date")
        if not anys and not date:
            err("neither any nor date")
        if "any" in q and (not isinstance(anys, list) or not all(isinstance(x, str) and x.strip() for x in anys)):
            err("any must be a list of non-empty strings")
        # next meeting
        if q.get("today"):
            slug = committee_slug(name)
            dates = sorted({file_date(f) for f in all_files if committee_slug(f) == slug})
            later = [d for d in dates if d > q["today"]]
            if not later or later[0] != date:
                err(f"(c) next meeting of {slug} after {q['today']} is {later[:1]}, not {date}")
            if file_date(name) != date:
                err(f"(c) doc {name} is not the meeting of {date}")
            if items:
                err("next_meeting line should have items null")
            continue
        if items is None:
            if date:
                err("date given with items null")
            found = has_any(D.full, anys)
            if not found:
                err(f"(b) none of {anys} anywhere in {name}")
            if kind == "place" and not has_any(D.place, anys):
                err(f"(b) none of {anys} in the meeting place {D.place!r}")
            if kind == "attendance" and not attendance_ok(D, anys):
                err(f"(b) none of {anys} marked absent / after Afbud/Fraværende in {name}")
            if a.v:
                print(f"ok {qid} header: {found}")
            continue
        if not isinstance(items, list) or not items or not all(isinstance(x, str) for x in items):
            err("items must be a non-empty list of strings or null")
            continue
        also = q.get("also") or []
        backed = {}
        for entry in also:
            if not (isinstance(entry, list) and len(entry) == 2):
                err(f"bad also entry {entry!r}")
                continue
            adoc, anum = entry
            if not os.path.exists(os.path.join(a.corpus, adoc)):
                err(f"also doc missing: {adoc}")
                continue
            if anum not in items:
                err(f"also item {anum} ({adoc}) not listed in items")
            t = doc(adoc).item_text(anum)
            if t is None:
                err(f"(a) also item {anum} not in {adoc}")
                continue
            okb = bool((not anys or has_any(t, anys)) and (not date or has_date(t, date)))
            if not okb:
                err(f"(b/c) also {adoc} #{anum} lacks the answer")
            backed.setdefault(anum, []).append(okb)
        main_ok = 0
        for n in items:
            t = D.item_text(n)
            good_here = bool(t is not None and (not anys or has_any(t, anys)) and (not date or has_date(t, date)))
            main_ok += good_here
            if t is None and n not in backed:
                err(f"(a) item {n} not in {name} and not backed by an also entry")
            elif not good_here and not any(backed.get(n, [])):
                what = []
                if anys and (t is None or not has_any(t, anys)):
                    what.append(f"none of {anys}")
                if date and (t is None or not has_date(t, date)):
                    what.append(f"date {date}")
                err(f"(b/c) item {n} of {name} lacks {' and '.join(what)} and no also entry backs it")
        if not main_ok:
            err(f"(b/c) no listed item of {name} itself holds the answer")
        if a.v:
            print(f"ok {qid} items {items}")

    for k, mn in KINDS_MIN.items():
        if kinds[k] < mn:
            errors.append(f"kind {k}: {kinds[k]} lines, minimum {mn}")
    eng_abstain = sum(
        1
        for q in qs
        if q.get("abstain") and re.search(r"\b(what|did|is|are|has|have|when|how|who|why|where|which)\b", q["q"], re.I)
    )
    if eng_abstain < 4:
        errors.append(f"only {eng_abstain} English abstain lines, minimum 4")

    print(f"{len(qs)} questions; by kind: " + ", ".join(f"{k} {kinds[k]}" for k in KINDS_MIN))
    for e in errors:
        print("FAIL", e)
    print("all checks passed" if not errors else f"{len(errors)} problem(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
