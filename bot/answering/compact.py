"""Minutes as the answerer holds them: the meeting and its dates as objects, the items compressed.

Ten thousand meetings as the parser's objects take over 200 MiB, most of it the items' text, yet a
question reads a few dozen items (the candidates', and those of the meetings it names). So the index
keeps the items as zlib-compressed marshal of plain values, about a fifth of the size, a few
neighbouring items (``_CHUNK`` bytes) a piece, and expands one when it is read, keeping the last
``_EXPANDED`` expanded. So small a piece compresses poorly alone, so the minutes of one batch share a
preset dictionary: the first ``_DICTIONARY`` bytes of the batch's own items (see ``compacted``).

What stays an object: the header (``meeting``), every date mention (``dates``, which the deadline and
calendar look-ups walk) and the names. An expanded item's ``dates`` are these very mention objects,
but the item itself is a new object each time it is expanded again: nothing may key on an item's
``id`` without keeping the item. The bytes are made and read in this process only (never stored), so
marshal is safe.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache

from bot.answering.snapshot import minutes_digest
from bot.minutes.model import AgendaItem, DateMention, DocumentKind, Meeting, Minutes, Outcome, Section, SectionKind

# Expanded items kept: a question reads a few dozen, and several threads answer at once.
_EXPANDED = 1_024
# The preset dictionary's size (zlib's window): larger compresses better, and costs each expansion more.
_DICTIONARY = 32_768
# Level 1: a quarter larger than level 6 for a third of the time (every start compacts every meeting).
_LEVEL = 1
# Items compressed together (marshal bytes): an item over this is a chunk of its own.
_CHUNK = 4_096
_SEPARATOR = "\x1f"
_SECTION_KINDS = {kind.value: kind for kind in SectionKind}
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


class CompactMinutes:
    """One minutes document with its items compressed; reads like ``Minutes`` (``items`` expands them).

    Made by ``compacted``; ``digest`` is the snapshot fingerprint's part for these minutes.
    """

    __slots__ = (
        "_chunks", "_count", "_dictionary", "_numbers", "_other", "_sizes",
        "content_sha256", "dates", "digest", "kind", "meeting", "source_name", "warnings",
    )  # fmt: skip

    source_name: str
    content_sha256: str
    meeting: Meeting
    dates: list[DateMention]
    warnings: list[str]
    kind: DocumentKind
    digest: bytes

    @property
    def items(self) -> tuple[AgendaItem, ...]:
        """The agenda items, expanded (shared with other readers while kept: read only)."""
        return tuple(_expanded(self, i) for i in range(self._count))

    @property
    def item_count(self) -> int:
        return self._count

    def item_at(self, position: int) -> AgendaItem:
        """The item at that position (0 is the first), expanded."""
        if not 0 <= position < self._count:
            raise IndexError(position)
        return _expanded(self, position)

    def item_numbers(self) -> list[str]:
        """The items' numbers in order, without expanding the items."""
        return self._numbers.split(_SEPARATOR) if self._count else []

    def item(self, number: str) -> AgendaItem | None:
        numbers = self.item_numbers()
        return _expanded(self, numbers.index(number)) if number in numbers else None

    def expand_items(self) -> list[AgendaItem]:
        """Every item as a new object, none kept (for one pass over every meeting)."""
        return [self._item(row) for chunk in range(len(self._chunks)) for row in self._rows_of(chunk)]

    def item_mentions(self) -> tuple[DateMention, ...]:
        """Every mention an item can hold: ``dates`` and any kept apart."""
        return (*self.dates, *self._other)

    def _expand(self, position: int) -> AgendaItem:
        chunk = 0
        while position >= self._sizes[chunk]:  # a few chunks a meeting
            position -= self._sizes[chunk]
            chunk += 1
        return self._item(self._rows_of(chunk)[position])

    def _rows_of(self, chunk: int) -> tuple[bytes, ...]:
        return marshal.loads(zlib.decompressobj(zdict=self._dictionary).decompress(self._chunks[chunk]))

    def _item(self, row: bytes) -> AgendaItem:
        number, title, case, presenter, slot, duration, sections, outcome, sentence, source, refs = marshal.loads(row)
        return AgendaItem(
            number,
            title,
            case,
            presenter,
            slot,
            duration,
            [Section(_SECTION_KINDS[kind], heading, text) for kind, heading, text in sections],
            _OUTCOMES[outcome],
            sentence,
            None if source is None else _SECTION_KINDS[source],
            [self.dates[r] if r >= 0 else self._other[-1 - r] for r in refs],
        )

    def __repr__(self) -> str:
        return f"CompactMinutes({self.source_name!r}, {self.meeting.committee!r}, {self.meeting.date})"


def compacted(minutes: Iterable[Minutes | CompactMinutes]) -> Iterator[CompactMinutes]:
    """Each minutes in compact form, in order, one at a time (compact ones as they are).

    The first minutes are held until their items fill the preset dictionary of the rest.
    """
    waiting: list[tuple[Minutes | CompactMinutes, list[bytes]]] = []
    size = 0
    dictionary: bytes | None = None
    for m in minutes:
        if dictionary is not None:
            yield m if isinstance(m, CompactMinutes) else _compact(m, _rows(m), dictionary)
            continue
        rows = [] if isinstance(m, CompactMinutes) else _rows(m)
        waiting.append((m, rows))
        size += sum(map(len, rows))
        if size >= _DICTIONARY:
            dictionary = _dictionary(waiting)
            yield from _compact_all(waiting, dictionary)
            waiting.clear()
    if waiting:
        yield from _compact_all(waiting, _dictionary(waiting))


def _compact_all(
    waiting: list[tuple[Minutes | CompactMinutes, list[bytes]]], dictionary: bytes
) -> Iterator[CompactMinutes]:
    for m, rows in waiting:
        yield m if isinstance(m, CompactMinutes) else _compact(m, rows, dictionary)


def _dictionary(waiting: list[tuple[Minutes | CompactMinutes, list[bytes]]]) -> bytes:
    # zlib reaches back at most 32 KiB, and the dictionary's end is nearest: the first items' last bytes.
    return b"".join(row for _, rows in waiting for row in rows)[-_DICTIONARY:]


def _rows(minutes: Minutes) -> list[bytes]:
    """Each item as marshal bytes; its mentions as positions in ``minutes.dates`` (negative: kept apart)."""
    position = {id(mention): i for i, mention in enumerate(minutes.dates)}
    other = 0
    rows = []
    for item in minutes.items:
        refs = []
        for mention in item.dates:
            at = position.get(id(mention))
            if at is None:
                other += 1
                at = -other
            refs.append(at)
        row = (
            item.number,
            item.title,
            item.case_number,
            item.presenter,
            item.time_slot,
            item.duration_minutes,
            tuple((str(s.kind), s.heading, s.text) for s in item.sections),
            str(item.outcome),
            item.outcome_sentence,
            None if item.outcome_source is None else str(item.outcome_source),
            tuple(refs),
        )
        rows.append(marshal.dumps(row))
    return rows


def _compact(minutes: Minutes, rows: list[bytes], dictionary: bytes) -> CompactMinutes:
    self = CompactMinutes()
    self.source_name = minutes.source_name
    self.content_sha256 = minutes.content_sha256
    self.meeting = minutes.meeting
    self.dates = minutes.dates
    self.warnings = minutes.warnings
    self.kind = minutes.kind
    self.digest = minutes_digest(minutes)
    self._numbers = _SEPARATOR.join(item.number for item in minutes.items)
    self._count = len(rows)
    # Neighbouring items compressed together up to _CHUNK bytes: fewer, larger pieces compress
    # faster and smaller, and expanding one item inflates no more than its chunk.
    chunks: list[tuple[bytes, ...]] = [()]
    size = 0
    for row in rows:
        if chunks[-1] and (size + len(row) > _CHUNK or len(chunks[-1]) == 255):
            chunks.append(())
            size = 0
        chunks[-1] += (row,)
        size += len(row)
    self._chunks = tuple(_deflate(marshal.dumps(chunk), dictionary) for chunk in chunks if chunk)
    self._sizes = bytes(len(chunk) for chunk in chunks if chunk)
    self._dictionary = dictionary
    # In the order _rows numbered them (-1, -2, …).
    known = {id(mention) for mention in minutes.dates}
    self._other = tuple(d for item in minutes.items for d in item.dates if id(d) not in known)
    return self


def _deflate(row: bytes, dictionary: bytes) -> bytes:
    # Setting the dictionary takes longer than compressing an item: copy a compressor that has it.
    deflate = _compressor(dictionary).copy()
    return deflate.compress(row) + deflate.flush()


@lru_cache(maxsize=1)
def _compressor(dictionary: bytes):
    return zlib.compressobj(_LEVEL, zdict=dictionary)


@lru_cache(maxsize=_EXPANDED)
def _expanded(minutes: CompactMinutes, position: int) -> AgendaItem:
    # Keyed by the object (no __eq__: identity) and position; functools' cache is thread-safe.
    return minutes._expand(position)
