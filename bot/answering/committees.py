"""Which stored committee a question names.

A formal committee's name ends in a head word ("-udvalget", "Byråd"); the question names it
when it has that head (alone or inside a compound: "skoleudvalget", "byrådsmødet") with,
close by, one of the name's own words ("Skole-", "Social- og Handicap-"). English names
are matched through the same words in Danish ("the Social and Disability Committee").
Groups without such a head ("Følgegruppen for …") are left to the answerer's word overlap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.answering.text import STOP_WORDS, stem, tokenize

# Head words of formal committee names, as stems.
HEADS = frozenset({"udvalg", "byråd", "regionsråd", "kommunalbestyr", "bestyr", "nævn", "råd"})
# Heads that end compounds ("handicapudvalget"), longest first.
_SUFFIX_HEADS = ("regionsråd", "udvalg", "byråd")
# Words whose stems say "committee" without naming one.
_GENERIC = frozenset(stem(w) for w in (
    "udvalg", "udvalget", "gruppe", "gruppen", "følgegruppe", "fokusgruppe", "styregruppe", "arbejdsgruppe",
    "committee", "group", "kommune", "greve",
))  # fmt: skip  # a table kept compact
# How many tokens before (and after) the head the committee's own words may stand.
_BEFORE, _AFTER = 5, 2


@dataclass(frozen=True, slots=True)
class NamedCommittees:
    """The committees a question names, best match(es), and the question tokens that named them."""

    keys: list[str]
    tokens: frozenset[str]
    generic: bool  # named only by a generic word ("følgegruppen"), which may mean a group in an item


class CommitteeMatcher:
    """Matches questions against the committee names (key -> name) of a corpus, using its compound splitter."""

    def __init__(self, names: dict[str, str], split: Callable[[str], tuple[str, ...]]) -> None:
        self._split = split
        self._heads: dict[str, frozenset[str]] = {}
        self._own: dict[str, frozenset[str]] = {}
        for key, name in names.items():
            parts: set[str] = set()
            heads: set[str] = set()
            for token in tokenize(name):
                if token.isdigit() or token in STOP_WORDS:
                    continue
                token_parts = self._parts(token)
                heads |= token_parts & HEADS
                parts |= token_parts
            self._heads[key] = frozenset(heads)
            self._own[key] = frozenset(p for p in parts if p not in HEADS and p not in _GENERIC and len(p) > 2)

    def _parts(self, token: str) -> set[str]:
        whole = stem(token)
        parts = {whole, *self._split(token)}
        # A head at the end of a compound the corpus cannot split ("skoleudvalget" where no
        # item writes "udvalg"): the head and the stem of what stands before it.
        for head in _SUFFIX_HEADS:
            if whole.endswith(head) and len(whole) > len(head) + 2:
                parts |= {head, stem(whole[: -len(head)].removesuffix("s"))}
                break
        return parts

    def named(self, text: str) -> NamedCommittees:
        """The committees ``text`` (a question, English committee words already in Danish) names."""
        tokens = tokenize(text)
        parts = [self._parts(t) for t in tokens]
        scores: dict[str, float] = {}
        naming: dict[str, set[str]] = {}
        for key, heads in self._heads.items():
            own = self._own[key]
            best, used = 0.0, set()
            if heads:  # groups without a head word are matched by the answerer's word overlap
                for i, token_parts in enumerate(parts):
                    if not token_parts & heads or self._other_body(tokens[i], token_parts & heads, own):
                        continue
                    window = range(max(0, i - _BEFORE), min(len(tokens), i + _AFTER + 1))
                    matched = {p for j in window for p in parts[j] & own}
                    if own and not matched:
                        continue
                    score = len(matched) / len(own) if own else 0.5
                    if score > best:
                        best = score
                        used = {tokens[j] for j in window if parts[j] & (own | heads)}
            if best > 0:
                scores[key] = best
                naming[key] = used
        if not scores:
            return NamedCommittees([], frozenset(), False)
        top = max(scores.values())
        keys = sorted(k for k, v in scores.items() if v == top)
        used_tokens = frozenset().union(*(naming[k] for k in keys))
        return NamedCommittees(keys, used_tokens, False)

    def _other_body(self, token: str, heads: set[str], own: frozenset[str]) -> bool:
        """Whether a compound ending in the head names another body: "ungebyrådet" (Børne- og
        ungebyrådet) or "sundhedsrådet" is not the Byråd, "skoleudvalget" is Skole-, Børne- og
        Ungeudvalget because "skole" is a word of its name."""
        whole = stem(token)
        for head in heads:
            if whole == head or not whole.endswith(head):
                return False  # the head itself ("byrådet") or first in the compound ("byrådsmødet")
            modifier = whole[: -len(head)]
            words = {stem(modifier), stem(modifier.removesuffix("s")), *self._split(modifier)}
            if words & own:
                return False
        return True

    def is_formal(self, key: str) -> bool:
        """True when the committee's name has a head word ("-udvalget", "Byråd")."""
        return bool(self._heads.get(key))
