"""Danish text handling for retrieval: tokens, stems, stop words and compound splitting.

Danish forms long compounds ("hjernerystelsesprojektet") that rarely occur verbatim in
the minutes, so a query word that the index does not know is split into parts that it
does know, allowing the linking letters -s- and -e- between parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from functools import lru_cache

import Stemmer

from bot.limits import MAX_WORD_CHARS, SPLIT_CACHE_SIZE, STEM_CACHE_SIZE

_TOKEN_RE = re.compile(r"[0-9a-zæøåäöüé]+")
_SPACE_RE = re.compile(r"\s+")

# Danish function words plus question words. Kept short and deliberate: a word here can
# never be searched for.
DANISH_STOP_WORDS = frozenset([
    "af", "alle", "alt", "andet", "andre", "at", "bare", "blev", "blive", "bliver", "da", "de", "dem", "den",
    "denne", "dens", "der", "deres", "det", "dette", "dig", "din", "dine", "disse", "dit", "dog", "du", "efter",
    "eller", "en", "end", "er", "et", "for", "fordi", "fra", "før", "ham", "han", "hans", "har", "havde", "have",
    "hende", "hendes", "her", "hos", "hun", "hvad", "hvem", "hvilke", "hvilken", "hvilket", "hvis", "hvor",
    "hvordan", "hvornår", "hvorfor", "hvorledes", "i", "igen", "ikke", "ind", "indtil", "jeg", "jer", "jo", "kan",
    "kunne", "man", "mange", "med", "meget", "mellem", "men", "mere", "mig", "min", "mine", "mit", "mod", "må",
    "ned", "noget", "nogle", "nok", "nu", "når", "og", "også", "om", "op", "os", "over", "på", "sådan", "samme",
    "sammen", "selv", "sig", "sin", "sine", "sit", "skal", "skulle", "som", "så", "til", "ud", "uden", "under",
    "var", "vi", "vil", "ville", "vor", "vore", "vores", "være", "været", "ved", "mon", "hhv", "bl.a", "evt", "fx",
    "dvs", "ift", "ifm", "blevet", "gjort", "gøre", "gør", "får", "få", "fik",
])  # fmt: skip  # a table kept compact
ENGLISH_STOP_WORDS = frozenset([
    "a", "about", "above", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "had", "has", "have",
    "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "me",
    "more", "most", "my", "no", "nor", "not", "of", "on", "or", "our", "ours", "out", "over", "own", "same", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "many",
    "much", "must", "need", "needs", "shall", "get", "got", "us",
])  # fmt: skip  # a table kept compact
STOP_WORDS = DANISH_STOP_WORDS | ENGLISH_STOP_WORDS

# Linking letters allowed between the parts of a compound (fug).
_LINKS = ("s", "e")
_MIN_PART = 4

_stemmer = Stemmer.Stemmer("danish")


def fold_whitespace(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def normalise(text: str) -> str:
    """Lower-case and unify the characters that PDF extraction varies.

    "aa" is deliberately *not* turned into "å" (Aabenraa, Haarby are written both ways
    but "aa" also occurs inside ordinary words); æ, ø and å are kept.
    """
    text = unicodedata.normalize("NFC", text).lower()
    return text.replace("\u00ad", "").replace("’", "'")


def tokenize(text: str) -> list[str]:
    """Split text into lower-case word tokens; hyphens and punctuation separate tokens."""
    return _TOKEN_RE.findall(normalise(text))


def stem(word: str) -> str:
    """Return the Snowball Danish stem of a lower-case word (cached); a word over
    ``MAX_WORD_CHARS`` letters is its own stem.

    Latin loan words are stemmed inconsistently ("kommissorium" vs "kommissoriet"), so a
    trailing "-ium" is reduced to "-i" as the inflected forms are.
    """
    if len(word) > MAX_WORD_CHARS:
        return word
    return _stem(word)


@lru_cache(maxsize=STEM_CACHE_SIZE)
def _stem(word: str) -> str:
    result = _stemmer.stemWord(word)
    if result.endswith("ium") and len(result) > 5:
        result = result[:-2]
    return result


def stem_cache_size() -> int:
    return _stem.cache_info().currsize


def is_content_token(token: str) -> bool:
    """True for tokens worth searching for (not stop words, not single letters)."""
    if token in STOP_WORDS:
        return False
    return len(token) > 1 or token.isdigit()


class CompoundSplitter:
    """Splits compounds into parts whose stems ``known_stems`` all know (keeps "begræns" + "ninger" out)."""

    def __init__(self, known_stems: Collection[str]) -> None:
        # Per index (the known stems decide the result), bounded like the stem cache; it wraps a
        # separate object, not a method of this one, so the cache makes no reference cycle.
        self._cached_split = lru_cache(maxsize=SPLIT_CACHE_SIZE)(_Parts(known_stems).best)

    def split(self, word: str) -> tuple[str, ...]:
        """The part stems of ``word`` left to right, fewest then longest parts ("hjernerystelsesprojektet" ->
        ("hjerneryst", "projek")); () when no known compound or over ``MAX_WORD_CHARS`` letters."""
        if not 2 * _MIN_PART <= len(word) <= MAX_WORD_CHARS:
            return ()
        return self._cached_split(word)

    def cache_size(self) -> int:
        return self._cached_split.cache_info().currsize


class _Parts:
    """The search for a compound's parts among the known stems (uncached)."""

    def __init__(self, known_stems: Collection[str]) -> None:
        self._known = known_stems

    def best(self, word: str) -> tuple[str, ...]:
        best = self._split(word, depth=0)
        return best if best is not None and len(best) > 1 else ()

    def _known_part(self, part: str) -> str | None:
        if len(part) >= _MIN_PART and (s := stem(part)) in self._known:
            return s
        return None

    def _split(self, word: str, depth: int) -> tuple[str, ...] | None:
        # The last part carries the inflection, so it is stemmed as a whole word.
        whole = self._known_part(word)
        if whole is not None and depth > 0:
            return (whole,)
        if depth >= 3:
            return None
        best: tuple[str, ...] | None = None
        # Longest left part first so that "sundhedschef" prefers "sundhed|s|chef".
        for cut in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
            left, right = word[:cut], word[cut:]
            left_stem = self._left_part(left)
            if left_stem is None:
                continue
            rest = self._split(right, depth + 1)
            if rest is None:
                continue
            candidate = (left_stem, *rest)
            if best is None or len(candidate) < len(best):
                best = candidate
                if len(best) == 2:
                    break
        return best

    def _left_part(self, left: str) -> str | None:
        found = self._known_part(left)
        if found is not None:
            return found
        for link in _LINKS:
            if left.endswith(link):
                found = self._known_part(left[: -len(link)])
                if found is not None:
                    return found
        # A bare first part ("hjerne" in "hjernerystelse") is known only as a whole word.
        if left in self._known:
            return left
        return None


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------------- sentences

_BULLET_RE = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2013\u2014*\-o\uf000-\uf8ff]|\d{1,2}[.)])\s+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"“”«(])")
_SHORT_LINE = 50
_ABBREVIATIONS = frozenset([
    "d.", "f.eks.", "eks.", "bl.a.", "evt.", "ca.", "nr.", "jf.", "jvf.", "kl.", "pkt.", "dvs.", "mht.", "vedr.",
    "inkl.", "ift.", "mv.", "m.m.", "st.", "dr.", "v.", "ph.d.", "afd.",
])  # fmt: skip  # a table kept compact


def split_sentences(text: str) -> list[str]:
    """Split section text into sentences, whitespace folded, bullets removed.

    Section text separates paragraphs by blank lines (the model's contract), and a
    paragraph never continues across one. Inside a paragraph PDF extraction wraps lines
    mid-sentence, so a single line break only ends a sentence when the line ends with
    punctuation, the next line is a bullet, or the line is short and the next starts
    with a capital.
    """
    segments: list[str] = []
    current: list[str] = []
    previous = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current:
                segments.append(" ".join(current))
                current = []
            continue
        bullet = _BULLET_RE.match(line)
        if bullet:
            line = line[bullet.end() :].strip()
        starts_new = (
            bullet is not None
            or not current
            or previous.endswith((".", "!", "?", ":", ";"))
            or (len(previous) < _SHORT_LINE and line[:1].isupper())
        )
        if starts_new and current:
            segments.append(" ".join(current))
            current = []
        if current and current[-1].endswith("-") and line[:1].islower():
            current[-1] = current[-1] + line  # a word hyphenated across lines
        else:
            current.append(line)
        previous = line
    if current:
        segments.append(" ".join(current))
    sentences: list[str] = []
    for segment in segments:
        for piece in _split_on_punctuation(fold_whitespace(segment)):
            if len(piece) > 1:
                sentences.append(piece)
    return sentences


def _split_on_punctuation(segment: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(segment):
        before = segment[start : m.start()]
        last_word = before.rsplit(" ", 1)[-1]
        # Abbreviations and initials ("Lene W. Antonsen") do not end a sentence.
        if last_word.lower() in _ABBREVIATIONS or (len(last_word) == 2 and last_word[0].isupper()):
            continue
        pieces.append(before.strip())
        start = m.end()
    pieces.append(segment[start:].strip())
    return [p for p in pieces if p]
