"""The search index's postings as bytes, so that a fresh process loads them instead of re-reading every item.

Building the postings tokenizes, stems and splits the text of every agenda item: seconds for a few
thousand items. A snapshot keeps the result: the stems, each item's length and each stem's posting
list (document ids and BM25 impacts). It is only valid for exactly the minutes it was built from
and for this version of the code that builds it, so it carries a fingerprint of both and is refused
when either differs (a new document, a replaced one, another tokenizer or stemmer).

The format is plain data that anyone can read and nobody can make run code (no pickle): a magic
line, then zlib-compressed a JSON header (the stems and counts) followed by little-endian int32 and
float32 arrays. zlib's own checksum makes a damaged snapshot fail to decode instead of giving wrong
numbers; a failed decode means "build the index", never an error. The arrays are used in place
(memoryviews over the one decompressed buffer), so loading copies nothing term by term.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from bot.minutes.model import Minutes

_MAGIC = b"moedeassistent-index-1\n"
# The modules whose code decides what the postings hold (compact.py: the text the index reads back
# from the compact minutes): a change to them makes old snapshots stale.
_CODE = ("index.py", "text.py", "snapshot.py", "compact.py")
_code_digest: bytes | None = None

Postings = Mapping[str, tuple[Sequence[int], Sequence[float]]]


def minutes_digest(m: Minutes) -> bytes:
    """A digest of what the postings take from one minutes document (``fingerprint`` joins them)."""
    # Unit and record separators keep "ab"+"c" apart from "a"+"bc".
    parts = [m.source_name, "\x1e"]
    for item in m.items:
        parts += [item.title, "\x1f", item.presenter or "", "\x1f"]
        for section in item.sections:
            parts += [section.kind, "\x1f", section.text, "\x1f"]
        parts.append("\x1e")
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogatepass")).digest()


def fingerprint(digests: Iterable[bytes]) -> str:
    """A digest of everything the postings are built from (``minutes_digest`` of each minutes, in the
    index's order) and of the code that builds them."""
    digest = hashlib.sha256(_code())
    for part in digests:
        digest.update(part)
    return digest.hexdigest()


def encode_snapshot(
    key: str,
    doc_count: int,
    known_stems: Iterable[str],
    doc_length: Sequence[float],
    postings: Postings,
    top_impacts: Postings,
) -> bytes:
    """The snapshot of a built index (see ``decode_snapshot`` for the reverse)."""
    terms = list(postings)
    top_terms = list(top_impacts)
    header = {
        "key": key,
        "doc_count": doc_count,
        "terms": terms,
        # Stems of the vocabulary that no posting list is kept for (the compound splitter knows them).
        "other_stems": sorted(set(known_stems).difference(terms)),
        "top_terms": top_terms,
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # Compressed piece by piece: never a second whole copy of the postings in memory.
    compressor = zlib.compressobj(1)
    out = [_MAGIC, compressor.compress(struct.pack("<I", len(head)) + head)]
    pieces: list[Iterable[Sequence]] = [
        [doc_length],
        [array("i", (len(postings[t][0]) for t in terms))],
        (postings[t][0] for t in terms),
        (postings[t][1] for t in terms),
        [array("i", (len(top_impacts[t][0]) for t in top_terms))],
        (top_impacts[t][0] for t in top_terms),
        (top_impacts[t][1] for t in top_terms),
    ]
    for values in itertools.chain.from_iterable(pieces):
        out.append(compressor.compress(_little_endian(values)))
    out.append(compressor.flush())
    return b"".join(out)


def decode_snapshot(
    data: bytes, key: str, doc_count: int
) -> tuple[set[str], Sequence[float], dict[str, tuple[Sequence[int], Sequence[float]]], Postings] | None:
    """The parts of an index from a snapshot: (known stems, item lengths, postings, top impacts).

    Returns:
        None when the snapshot is not of these minutes (``key`` differs), is of another format,
        or is damaged.
    """
    try:
        return _decode(data, key, doc_count)
    except (ValueError, TypeError, KeyError, IndexError, struct.error, zlib.error):
        return None  # (json's and UnicodeDecodeError are ValueErrors)


def _decode(data: bytes, key: str, doc_count: int):
    if not data.startswith(_MAGIC):
        return None
    body = zlib.decompress(memoryview(data)[len(_MAGIC) :])
    (head_length,) = struct.unpack_from("<I", body)
    header = json.loads(body[4 : 4 + head_length].decode("utf-8"))
    if header["key"] != key or header["doc_count"] != doc_count:
        return None
    reader = _Reader(body, 4 + head_length)
    terms: list[str] = header["terms"]
    top_terms: list[str] = header["top_terms"]
    doc_length = reader.take("f", doc_count)
    dfs = reader.take("i", len(terms))
    docs = reader.take("i", sum(dfs))
    impacts = reader.take("f", len(docs))
    top_lengths = reader.take("i", len(top_terms))
    top_docs = reader.take("i", sum(top_lengths))
    top_values = reader.take("f", len(top_docs))
    if not reader.at_end():
        return None
    postings = dict(zip(terms, _split(docs, impacts, dfs), strict=True))
    top_impacts = dict(zip(top_terms, _split(top_docs, top_values, top_lengths), strict=True))
    known_stems = set(terms)
    known_stems.update(header["other_stems"])
    return known_stems, doc_length, postings, top_impacts


class _Reader:
    """Consecutive little-endian arrays of a buffer, as views (copies on a big-endian machine)."""

    def __init__(self, body: bytes, offset: int) -> None:
        self._view = memoryview(body)
        self._offset = offset

    def take(self, typecode: str, count: int) -> Sequence:
        size = struct.calcsize(typecode)
        end = self._offset + count * size
        if count < 0 or end > len(self._view):
            raise ValueError("snapshot too short")
        chunk = self._view[self._offset : end]
        self._offset = end
        if sys.byteorder == "little":
            return chunk.cast(typecode)
        values = array(typecode, chunk.tobytes())
        values.byteswap()
        return values

    def at_end(self) -> bool:
        return self._offset == len(self._view)


def _split(docs: Sequence[int], values: Sequence[float], lengths: Sequence[int]):
    start = 0
    for length in lengths:
        yield docs[start : start + length], values[start : start + length]
        start += length


def _little_endian(values: Sequence) -> bytes:
    """The values' bytes, little-endian; an array when built, a memoryview when loaded."""
    if sys.byteorder == "little":
        return values.tobytes()
    swapped = array(values.typecode if isinstance(values, array) else values.format, values.tobytes())
    swapped.byteswap()
    return swapped.tobytes()


def _code() -> bytes:
    global _code_digest
    if _code_digest is None:
        here = Path(__file__).parent
        _code_digest = hashlib.sha256(b"".join((here / name).read_bytes() for name in _CODE)).digest()
    return _code_digest
