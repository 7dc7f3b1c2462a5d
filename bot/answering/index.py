"""A BM25 search index over agenda items, plus date look-ups.

Design for ~100,000 items with queries under 10 ms:

* Documents are agenda items. Field weights fold title (x3), presenter and sections into
  one weighted term frequency per (term, item) (a BM25F simplification).
* BM25 impacts are precomputed at build time and stored per term in compact arrays sorted
  by document id (``array('i')`` / ``array('f')``), so a query only adds numbers.
* Documents are numbered grouped by committee, so "search this committee first" is a
  binary-searched id range in every posting list.
* Rare terms are scored by walking their postings; common terms (long lists) only add to
  the candidates the rare terms found, via binary search (a max-score style shortcut).
  When every query term is common, the per-term top impacts precomputed at build time
  stand in for the full list.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.answering.compact import CompactMinutes, compacted
from bot.answering.snapshot import decode_snapshot, encode_snapshot, fingerprint
from bot.answering.text import CompoundSplitter, is_content_token, stem, tokenize
from bot.minutes.model import AgendaItem, DateKind, DateMention, Minutes, SectionKind

_K1 = 1.2
_B = 0.75
_TITLE_WEIGHT = 3.0
_PRESENTER_WEIGHT = 1.0
_BILAG_WEIGHT = 0.3
_PART_WEIGHT = 0.5  # compound parts count for less than the word itself
# Posting lists longer than this are "common": walked only through their top impacts.
_WALK_LIMIT = 2_000
# Candidates kept when common terms are added by look-up.
_RESCORE_LIMIT = 300
# The longest period a deadline mention can span ("inden udgangen af 2027"), so that a
# mention whose representative day has passed but whose period has not can still be found.
_LONGEST_PERIOD = dt.timedelta(days=366)


@dataclass(slots=True)
class Hit:
    """One scored agenda item."""

    doc: int
    score: float


@dataclass(slots=True)
class MeetingEvent:
    """A known or announced meeting of a committee (local date)."""

    date: dt.date
    kind: str  # "meeting" (minutes of it exist), "next_meeting", "calendar_meeting"
    minutes_index: int  # the minutes that state it
    mention: DateMention | None


def committee_key(name: str | None) -> str:
    """A comparison key for committee names (case and spacing folded)."""
    return " ".join(tokenize(name or ""))


class MinutesIndex:
    """Search structures over a list of minutes.

    Args:
        minutes: the parsed minutes, taken one at a time (an iterator is never held whole). Their
            order does not matter; the index keeps its own order (by committee, then meeting date)
            and holds each in compact form (``CompactMinutes``: the items compressed).
    """

    def __init__(self, minutes: Iterable[Minutes | CompactMinutes], *, snapshot: bytes | None = None) -> None:
        self.minutes: list[CompactMinutes] = sorted(
            compacted(minutes),
            key=lambda m: (committee_key(m.meeting.committee), m.meeting.date or dt.date.min, m.source_name),
        )
        # Items are numbered minutes by minutes in this order: minutes ``mi`` has the document
        # ids first_doc[mi] up to first_doc[mi + 1] (two ints a minutes, not a tuple an item).
        self._first_doc = array("i", [0])
        self.committee_names: dict[str, str] = {}  # key -> name as written
        self.committee_ranges: dict[str, tuple[int, int]] = {}
        self.committee_minutes: dict[str, list[int]] = defaultdict(list)
        self._by_name: dict[str, list[CompactMinutes]] = defaultdict(list)
        for minutes in self.minutes:
            self._by_name[minutes.source_name].append(minutes)
        self._number_documents()
        self.doc_count = self._first_doc[-1]
        # Whether the postings came from ``snapshot`` (it matched these minutes) or were built here.
        self.from_snapshot = snapshot is not None and self._restore(snapshot)
        if not self.from_snapshot:
            self._build_postings()
        self._build_dates()

    # ------------------------------------------------------------------ building

    def _number_documents(self) -> None:
        for mi, minutes in enumerate(self.minutes):
            key = committee_key(minutes.meeting.committee)
            start = self._first_doc[-1]
            if key not in self.committee_names:
                self.committee_names[key] = minutes.meeting.committee or ""
                self.committee_ranges[key] = (start, start)
            self.committee_minutes[key].append(mi)
            self._first_doc.append(start + minutes.item_count)
            lo, _ = self.committee_ranges[key]
            self.committee_ranges[key] = (lo, start + minutes.item_count)

    def _build_postings(self) -> None:
        # Every item's (surface token id, weight) pairs in two flat arrays, item after item:
        # far less memory than two small arrays per item.
        vocab: dict[str, int] = {}
        token_ids = array("i")
        token_weights = array("f")
        ends = array("i")
        for minutes in self.minutes:
            for item in minutes.expand_items():  # not kept: one meeting expanded at a time
                weights: dict[int, float] = defaultdict(float)
                for text, weight in _weighted_fields(item):
                    for token in tokenize(text):
                        if not is_content_token(token):
                            continue
                        tid = vocab.get(token)
                        if tid is None:
                            tid = vocab[token] = len(vocab)
                        weights[tid] += weight
                token_ids.extend(weights.keys())
                token_weights.extend(weights.values())
                ends.append(len(token_ids))

        surface = list(vocab)
        del vocab
        stems = [stem(token) for token in surface]
        self.known_stems: set[str] = set(stems)
        self.splitter = CompoundSplitter(self.known_stems)
        # Index-time decompounding lets a question about "smerter" find "rygsmerter".
        parts = [self.splitter.split(token) if len(token) >= 8 else () for token in surface]

        docs_of: dict[str, array] = {}
        tfs_of: dict[str, array] = {}
        self.doc_length = array("f")
        begin = 0
        for doc, end in enumerate(ends):
            term_tf: dict[str, float] = defaultdict(float)
            for i in range(begin, end):
                tid, weight = token_ids[i], token_weights[i]
                term_tf[stems[tid]] += weight
                for part in parts[tid]:
                    term_tf[part] += weight * _PART_WEIGHT
            begin = end
            length = 0.0
            for term, tf in term_tf.items():
                length += tf
                if term not in docs_of:
                    docs_of[term] = array("i")
                    tfs_of[term] = array("f")
                docs_of[term].append(doc)
                tfs_of[term].append(tf)
            self.doc_length.append(length)
        del token_ids, token_weights, ends

        avg = (sum(self.doc_length) / max(self.doc_count, 1)) or 1.0
        norm = array("d", (_K1 * (1 - _B + _B * dl / avg) for dl in self.doc_length))
        self.postings: dict[str, tuple[array, array]] = {}
        for term in list(docs_of):
            docs, tfs = docs_of.pop(term), tfs_of.pop(term)  # freed term by term: no second copy of all
            idf = _idf(self.doc_count, len(docs))
            self.postings[term] = (
                docs,
                array("f", (idf * tf * (_K1 + 1) / (tf + norm[d]) for d, tf in zip(docs, tfs))),
            )
        self.top_impacts: dict[str, tuple[array, array]] = {}
        for term, (docs, impacts) in self.postings.items():
            if len(docs) > _WALK_LIMIT:
                order = sorted(range(len(docs)), key=impacts.__getitem__, reverse=True)[:_WALK_LIMIT]
                self.top_impacts[term] = (array("i", (docs[i] for i in order)), array("f", (impacts[i] for i in order)))
        self._derive()

    def _derive(self) -> None:
        self.idf: dict[str, float] = {t: _idf(self.doc_count, len(docs)) for t, (docs, _) in self.postings.items()}

    def snapshot(self) -> bytes:
        """The built postings as bytes, for ``MinutesIndex(minutes, snapshot=…)`` over the same minutes."""
        return encode_snapshot(
            fingerprint(m.digest for m in self.minutes),
            self.doc_count,
            self.known_stems,
            self.doc_length,
            self.postings,
            self.top_impacts,
        )

    def _restore(self, data: bytes) -> bool:
        """Take the postings from a snapshot of these very minutes; False (and nothing taken) otherwise."""
        restored = decode_snapshot(data, fingerprint(m.digest for m in self.minutes), self.doc_count)
        if restored is None:
            return False
        self.known_stems, self.doc_length, self.postings, self.top_impacts = restored
        self.splitter = CompoundSplitter(self.known_stems)
        self._derive()
        return True

    def _build_dates(self) -> None:
        deadlines: list[tuple[dt.date, int, int]] = []
        self.meeting_events: dict[str, list[MeetingEvent]] = defaultdict(list)
        self.meeting_dates: list[tuple[dt.date, int]] = []
        for mi, minutes in enumerate(self.minutes):
            key = committee_key(minutes.meeting.committee)
            events = self.meeting_events[key]
            if minutes.meeting.date is not None:
                events.append(MeetingEvent(minutes.meeting.date, "meeting", mi, None))
                self.meeting_dates.append((minutes.meeting.date, mi))
            for di, mention in enumerate(minutes.dates):
                if mention.kind == DateKind.DEADLINE:
                    deadlines.append((mention.on, mi, di))
                elif mention.kind in (DateKind.NEXT_MEETING, DateKind.CALENDAR_MEETING):
                    events.append(MeetingEvent(mention.on, str(mention.kind), mi, mention))
        deadlines.sort()
        self.deadlines = deadlines
        self._deadline_days = [d for d, _, _ in deadlines]
        for events in self.meeting_events.values():
            events.sort(key=lambda e: (e.date, e.kind != "meeting"))
        self._event_days = {key: [e.date for e in events] for key, events in self.meeting_events.items()}
        self.meeting_dates.sort()
        # committee_minutes lists are in meeting-date order (minutes are sorted so).
        self._minutes_days = {
            key: [self.minutes[mi].meeting.date or dt.date.min for mi in indices]
            for key, indices in self.committee_minutes.items()
        }

    def first_event_on_or_after(self, committee: str, day: dt.date) -> MeetingEvent | None:
        """The committee's first known meeting on or after ``day`` (local dates)."""
        events = self.meeting_events.get(committee, [])
        i = bisect_left(self._event_days.get(committee, []), day)
        return events[i] if i < len(events) else None

    def minutes_held_by(self, committee: str, day: dt.date) -> list[int]:
        """Indices of the committee's minutes of meetings held on or before ``day``, oldest first."""
        indices = self.committee_minutes.get(committee, [])
        return indices[: bisect_right(self._minutes_days.get(committee, []), day)]

    # ------------------------------------------------------------------ look-ups

    def minutes_named(self, source_name: str) -> list[CompactMinutes]:
        """The minutes stored from a document of that name (one, or none)."""
        return self._by_name.get(source_name, [])

    def minutes_index(self, doc: int) -> int:
        """The index (in ``minutes``) of the minutes that hold the item ``doc``."""
        if not 0 <= doc < self.doc_count:
            raise IndexError(doc)
        return bisect_right(self._first_doc, doc) - 1

    def item(self, doc: int) -> tuple[CompactMinutes, AgendaItem]:
        """The minutes and agenda item behind a document id."""
        mi = self.minutes_index(doc)
        minutes = self.minutes[mi]
        return minutes, minutes.item_at(doc - self._first_doc[mi])

    def contains(self, doc: int, term: str) -> bool:
        """Whether the item ``doc`` contains the stem ``term`` (or has it as a compound part)."""
        posting = self.postings.get(term)
        if posting is None:
            return False
        docs = posting[0]
        i = bisect_left(docs, doc)
        return i < len(docs) and docs[i] == doc

    def df(self, term: str) -> int:
        """How many items contain the stem."""
        posting = self.postings.get(term)
        return len(posting[0]) if posting else 0

    def deadlines_between(self, start: dt.date, end: dt.date) -> list[tuple[int, DateMention]]:
        """Deadline mentions whose representative day lies in [start, end], by date."""
        lo = bisect_left(self._deadline_days, start)
        hi = bisect_right(self._deadline_days, end)
        return [(mi, self.minutes[mi].dates[di]) for _, mi, di in self.deadlines[lo:hi]]

    def deadlines_open_on(self, day: dt.date) -> Iterator[tuple[int, DateMention]]:
        """Deadline mentions not passed on ``day`` (their period ends on or after it), by date.

        Args:
            day: a local date; "senest uge 50" is still open on the Wednesday of week 50.

        Yields:
            (minutes index, mention) pairs in order of the mention's representative day.
        """
        lo = bisect_left(self._deadline_days, day - _LONGEST_PERIOD)
        for i in range(lo, len(self.deadlines)):
            _, mi, di = self.deadlines[i]
            mention = self.minutes[mi].dates[di]
            if mention.end >= day:
                yield mi, mention

    def deadlines_passed_by(self, day: dt.date) -> Iterator[tuple[int, DateMention]]:
        """Deadline mentions whose period ended before ``day`` (local date), latest first."""
        hi = bisect_left(self._deadline_days, day)
        for i in range(hi - 1, -1, -1):
            _, mi, di = self.deadlines[i]
            mention = self.minutes[mi].dates[di]
            if mention.end < day:
                yield mi, mention

    def events_between(self, committee: str, start: dt.date, end: dt.date) -> list[MeetingEvent]:
        """The committee's known and announced meetings in [start, end] (local dates), by date."""
        days = self._event_days.get(committee, [])
        events = self.meeting_events.get(committee, [])
        return events[bisect_left(days, start) : bisect_right(days, end)]

    def doc_for_item(self, minutes_index: int, item_number: str | None) -> int | None:
        """The document id of an item given its minutes and number, if indexed."""
        if item_number is None:
            return None
        numbers = self.minutes[minutes_index].item_numbers()
        return self._first_doc[minutes_index] + numbers.index(item_number) if item_number in numbers else None

    # ------------------------------------------------------------------ search

    def search(
        self,
        terms: list[tuple[str, float]],
        *,
        committee: str | None = None,
        k: int = 10,
    ) -> list[Hit]:
        """Rank agenda items for weighted query stems.

        Args:
            terms: (stem, weight) pairs; unknown stems are ignored.
            committee: a committee key (see ``committee_key``) to restrict the search to.
            k: how many hits to return.

        Returns:
            Up to k hits, best first; ties go to the later meeting.
        """
        lo, hi = (0, self.doc_count)
        if committee is not None:
            if committee not in self.committee_ranges:
                return []
            lo, hi = self.committee_ranges[committee]
        known = [(t, w) for t, w in terms if t in self.postings and w > 0]
        known.sort(key=lambda tw: len(self.postings[tw[0]][0]))
        acc: dict[int, float] = defaultdict(float)
        for term, weight in known:
            docs, impacts = self.postings[term]
            start = bisect_left(docs, lo)
            stop = bisect_left(docs, hi)
            if stop - start <= _WALK_LIMIT:
                for i in range(start, stop):
                    acc[docs[i]] += weight * impacts[i]
            elif len(acc) < k:
                # Every term so far was common too: use the precomputed best postings.
                top_docs, top_impacts = self.top_impacts[term]
                for d, imp in zip(top_docs, top_impacts):
                    if lo <= d < hi:
                        acc[d] += weight * imp
                if len(acc) < k:
                    for i in range(start, min(stop, start + _WALK_LIMIT)):
                        acc.setdefault(docs[i], weight * impacts[i])
            else:
                if len(acc) > _RESCORE_LIMIT:
                    # Only the leading candidates can still reach the top k.
                    acc = defaultdict(float, heapq.nlargest(_RESCORE_LIMIT, acc.items(), key=lambda kv: kv[1]))
                for d in list(acc):
                    i = bisect_left(docs, d, start, stop)
                    if i < stop and docs[i] == d:
                        acc[d] += weight * impacts[i]
        best = heapq.nlargest(k, acc.items(), key=lambda kv: (kv[1], kv[0]))
        return [Hit(doc, score) for doc, score in best]

    def max_score(self, terms: list[tuple[str, float]]) -> float:
        """An upper bound of a document's score for these terms (for normalising)."""
        return sum(w * self.idf.get(t, 0.0) * (_K1 + 1) for t, w in terms)


def _idf(doc_count: int, df: int) -> float:
    n = max(doc_count, 1)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _weighted_fields(item: AgendaItem) -> list[tuple[str, float]]:
    fields: list[tuple[str, float]] = [(item.title, _TITLE_WEIGHT)]
    if item.presenter:
        fields.append((item.presenter, _PRESENTER_WEIGHT))
    for section in item.sections:
        fields.append((section.text, _BILAG_WEIGHT if section.kind == SectionKind.BILAG else 1.0))
    return fields
