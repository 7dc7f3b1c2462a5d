"""A static check that a regular expression cannot backtrack super-linearly in its text.

Python's ``re`` backtracks. Matching time grows faster than the text only where the engine can
split the same characters between two repeats in many ways, or rescans a long stretch from every
start of a search. The check reads the parsed pattern (``re._parser``) and reports those shapes:

- **ambiguous repeats**: an unbounded, backtracking repeat (``.*``, ``.+?``, ``\\s+``) followed,
  anywhere in the rest of the pattern, by another unbounded repeat that can match some of the same
  characters (``.*?\\s*[.!]*$``, ``(.+?)\\s+til\\s+(.+)``, ``(a+)+``): on a failing text each
  position of the first is retried with a long run of the second, n × n;
- **rescans**: in a pattern that is searched (not anchored with ``^``), an unbounded repeat that
  can run over the characters a match starts with (``<[^>]*>`` over ``<<<<``, ``\\s+og`` over long
  runs of spaces): each start of the search scans the same stretch again.

A repeat of word characters right after ``\\b`` (``\\b\\w*møde``) is exempt: it stays inside one
word, and a search restarts only at word starts. Possessive repeats and atomic groups do not
backtrack. Character classes are compared on a sample alphabet of the characters that matter.
"""

from __future__ import annotations

import re
from re import (
    _constants as c,  # type: ignore[attr-defined]  # the regex parser's private modules: the test reads parsed patterns
)
from re import (
    _parser as sre,  # type: ignore[attr-defined]  # the regex parser's private modules: the test reads parsed patterns
)

SAMPLE = frozenset("aeimnostgkdrlæøåéAEMZÆ0159 \t\n.,!?:;-–()[]{}<>/\\\"'»«&*+%@#_")
_CATEGORIES = {
    c.CATEGORY_DIGIT: r"\d",
    c.CATEGORY_NOT_DIGIT: r"\D",
    c.CATEGORY_SPACE: r"\s",
    c.CATEGORY_NOT_SPACE: r"\S",
    c.CATEGORY_WORD: r"\w",
    c.CATEGORY_NOT_WORD: r"\W",
}
WORD = frozenset(ch for ch in SAMPLE if re.match(r"\w", ch))
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
_BOUNDARY = (c.AT, c.AT_BOUNDARY)


def _cased(chars: set[str], flags: int) -> frozenset[str]:
    if flags & re.IGNORECASE:
        chars = chars | {ch.lower() for ch in chars} | {ch.upper() for ch in chars}
    return frozenset(chars & SAMPLE)


def _single(op: object, av: object, flags: int) -> frozenset[str] | None:
    """The sample characters a one-character node matches; None for any other node."""
    if op is c.LITERAL:
        return _cased({chr(av)}, flags)  # type: ignore[arg-type]  # the parser's operand is an int here
    if op is c.NOT_LITERAL:
        return SAMPLE - _cased({chr(av)}, flags)  # type: ignore[arg-type]  # the parser's operand is an int here
    if op is c.ANY:
        return SAMPLE if flags & re.DOTALL else SAMPLE - {"\n"}
    if op is c.IN:
        found: set[str] = set()
        negate = False
        for item, value in av:  # type: ignore[attr-defined]  # the parser's operand is a list of pairs here
            if item is c.NEGATE:
                negate = True
            elif item is c.LITERAL:
                found.add(chr(value))
            elif item is c.RANGE:
                found |= {ch for ch in SAMPLE if value[0] <= ord(ch) <= value[1]}
            elif item is c.CATEGORY:
                found |= {ch for ch in SAMPLE if re.match(_CATEGORIES[value], ch)}
        chars = _cased(found, flags)
        return SAMPLE - chars if negate else chars
    return None


def _first(seq: list, flags: int) -> tuple[frozenset[str], bool]:
    """The characters a match of ``seq`` can start with, and whether it can match nothing."""
    chars: set[str] = set()
    for op, av in seq:
        one = _single(op, av, flags)
        if one is not None:
            return frozenset(chars | one), False
        if op is c.SUBPATTERN:
            first, empty = _first(list(av[3]), flags)
        elif op is c.ATOMIC_GROUP:
            first, empty = _first(list(av), flags)
        elif op is c.BRANCH:
            firsts = [_first(list(alt), flags) for alt in av[1]]
            first = frozenset().union(*(f for f, _ in firsts))
            empty = any(e for _, e in firsts)
        elif op in _REPEATS:
            first, empty = _first(list(av[2]), flags)
            empty = empty or av[0] == 0
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            first, empty = frozenset(), True
        else:  # group references and the like: anything
            first, empty = SAMPLE, True
        chars |= first
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True


def _starts_at_word(seq: list) -> bool:
    """Whether every match begins with ``\\b`` followed by a word character."""
    if not seq:
        return False
    op, av = seq[0]
    if op is c.AT and av is c.AT_BEGINNING:
        return True  # anchored: no restarts at all
    if op is c.AT and av is c.AT_BOUNDARY:
        rest, _ = _first(seq[1:], 0)
        return bool(rest) and rest <= WORD
    if op is c.BRANCH:
        return all(_starts_at_word(list(alt)) for alt in av[1])
    if op is c.SUBPATTERN:
        return _starts_at_word(list(av[3]) + seq[1:])
    return False


def _first_nodes(seq: list, after: list, boundary: bool = False) -> list:
    """The one-character nodes and repeats a match of ``seq`` (then ``after``) can begin with, each
    with whether a \\b comes right before it."""
    out: list = []
    for op, av in seq:
        if op is c.SUBPATTERN:
            inner = list(av[3])
        elif op is c.ATOMIC_GROUP:
            inner = list(av)
        elif op is c.BRANCH:
            for alt in av[1]:
                out += _first_nodes(list(alt), [], boundary)
            if not any(_first(list(alt), 0)[1] for alt in av[1]):
                return out
            continue
        elif op is c.AT:
            boundary = av is c.AT_BOUNDARY
            continue
        elif op in (c.ASSERT, c.ASSERT_NOT):
            continue
        elif op in _REPEATS:
            low, _high, body = av
            out.append(((op, av), boundary)) if len(body) == 1 else out.extend(_first_nodes(list(body), [], boundary))
            if low > 0 and not _first(list(body), 0)[1]:
                return out
            boundary = False
            continue
        else:
            out.append(((op, av), boundary))
            return out
        out += _first_nodes(inner, [], boundary)
        if not _first(inner, 0)[1]:
            return out
        boundary = False
    return out + after


class _Scan:
    """Walks a parsed pattern and reports its super-linear repeats."""

    def __init__(self, flags: int, word_start: bool, start: frozenset[str]) -> None:
        self.flags, self.word_start, self.start = flags, word_start, start
        self.found: list[str] = []

    def walk(self, seq: list, after: list, atomic: bool, in_word: bool, anchored: bool) -> None:
        """Scan ``seq``, which the nodes ``after`` may follow. ``in_word``: inside one word from a
        \\b; ``anchored``: after a ``^``, so a search does not start here again."""
        for i, (op, av) in enumerate(seq):
            following = _first_nodes(seq[i + 1 :], after)
            if op is c.SUBPATTERN:
                self.walk(list(av[3]), following, atomic, in_word, anchored)
            elif op is c.ATOMIC_GROUP:
                self.walk(list(av), following, True, in_word, anchored)
            elif op is c.BRANCH:
                for alt in av[1]:
                    self.walk(list(alt), following, atomic, in_word, anchored)
            elif op in (c.ASSERT, c.ASSERT_NOT):
                self.walk(list(av[1]), [], True, False, True)
            elif op in _REPEATS:
                self.repeat(op, av, following, atomic, in_word, anchored)
            in_word = _word_step(op, av, in_word, self.flags)
            anchored = anchored or (op is c.AT and av is c.AT_BEGINNING)

    def repeat(self, op: object, av: tuple, following: list, atomic: bool, in_word: bool, anchored: bool) -> None:
        low, high, body = av
        body = list(body)
        if len(body) != 1 or _single(*body[0], self.flags) is None:
            # A repeated group: what may follow its last part includes its own beginning.
            again = _first_nodes(body, following) if high > 1 else following
            self.walk(body, again, atomic or op is c.POSSESSIVE_REPEAT, in_word, anchored)
            return
        chars = _single(*body[0], self.flags)
        if high != c.MAXREPEAT or (in_word and chars <= WORD):
            return  # bounded, or inside one word
        text = _describe(op, body, low)
        if not atomic and op is not c.POSSESSIVE_REPEAT:
            for (kind, value), after_boundary in following:
                if kind in _REPEATS and value[1] == c.MAXREPEAT:
                    other = _single(*list(value[2])[0], self.flags)
                    if other is None or (after_boundary and other <= WORD):
                        continue  # a repeat inside the next word cannot take over this one's run
                    if other & chars:
                        self.found.append(f"ambiguous: {text}, then {_describe(kind, list(value[2]), value[0])}")
                        break
        # A search starting only at word starts never starts inside a run of word characters.
        restarts = not anchored and not (self.word_start and chars <= WORD)
        if restarts and following and chars & self.start:
            self.found.append(f"rescans: {text} can run over where a search starts")


def _word_step(op: object, av: object, in_word: bool, flags: int) -> bool:
    """Whether the match is still inside one word (from a \\b) after the node."""
    if op is c.AT:
        return av is c.AT_BOUNDARY
    one = _single(op, av, flags)
    if one is not None:
        return in_word and one <= WORD
    if op in _REPEATS and len(av[2]) == 1:
        inner = _single(*list(av[2])[0], flags)
        return in_word and inner is not None and inner <= WORD
    return False


def _describe(op: object, body: list, low: int) -> str:
    kind = {c.MAX_REPEAT: "greedy", c.MIN_REPEAT: "lazy", c.POSSESSIVE_REPEAT: "possessive"}[op]
    return f"{kind} {{{low},}} of {body[0][0]} {body[0][1]}"


def problems(pattern: re.Pattern[str]) -> list[str]:
    """What makes ``pattern`` super-linear in its text; empty when nothing does."""
    tree = list(sre.parse(pattern.pattern, pattern.flags))
    scan = _Scan(pattern.flags, _starts_at_word(tree), _first(tree, pattern.flags)[0])
    scan.walk(tree, [], False, False, False)
    return sorted(set(scan.found))
