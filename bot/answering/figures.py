""" "Hvor mange/hvor meget/hvad koster …": the number with its unit.

The quote is the sentence (or table row: tables are read as lines, "a | b | c") that has a
number right before the thing counted ("Hvor mange høringssvar" → "221 høringssvar") or
another word of the question ("84 tilmeldte børn"), or an amount with its unit ("2,5 mio.
kr.") when the question asks about money. A year alone is no answer to "how much", nor is
a number that names something ("Lokalplan 1246", "punkt 3", "etape 3").
"""

from __future__ import annotations

import re

from bot.answering.query import Query
from bot.answering.text import stem, tokenize
from bot.answering.vocabulary import ALL_MONTHS

AMOUNT_RE = re.compile(r"\d[\d.,]*\s*(?:mio\.?|mia\.?|millioner|milliarder|kr\.?|kroner|%|procent)(?!\w)", re.I)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
# Words after which a number is a name or a reference, not a figure.
_IDENTIFIER_WORDS = frozenset([
    "lokalplan", "lokalplanen", "lokalplanforslag", "nr", "pkt", "punkt", "punkterne", "etape", "bilag", "kl",
    "side", "uge", "paragraf", "kommuneplantillæg", "tillæg", "sag", "sagsnr", "journalnr", "vej", "gade",
])  # fmt: skip  # a table kept compact


_SHARE_WORDS = frozenset({"procent", "pct", "percent"})
# Measures: "hvor store/lange/høje …" is answered by a number with its unit.
_SIZE_RE = re.compile(
    r"\b(hvor (?:stor|store|lang|lange|høj|høje|bred|brede|dyb|dybe)|how (?:big|large|long|high|tall|wide|deep))\b"
)
_UNITS = frozenset(
    ["kvm", "m2", "m²", "m", "meter", "km", "ha", "hektar", "cm", "mm", "etager", "etage", "liter", "ton", "tons"]
)
# Nouns that are amounts of money: the sentence with the amount and the noun answers "hvad er huslejen".
_MONEY_NOUN_RE = re.compile(
    r"(husleje|leje|takst|gebyr|udgift|pris|beløb|bevilling|anlægsbevilling|tilskud|bidrag|løn|forskel|rent|fee|price)"
)
_PARTITIVE = frozenset({"de", "dem", "disse", "the", "them", "these"})


def count_bonus(query: Query, sentence: str) -> float:
    """How well a sentence answers "how many/how much" (0 to 0.55)."""
    tokens = tokenize(sentence)
    wanted = {w.stem for w in query.words} | {stem(a) for w in query.words for a in w.alternatives}
    counted = _counted(query)
    asked_numbers = {w.token for w in query.words if w.token.isdigit()}
    sizes = bool(_SIZE_RE.search(query.search_text))
    money_nouns = {w.stem for w in query.words if _MONEY_NOUN_RE.match(w.token)}
    wants_share = bool(re.search(r"\b(procent|andel|share|percent\w*)", query.search_text))
    best = 0.0
    for i, token in enumerate(tokens):
        if not token[0].isdigit() or _YEAR_RE.fullmatch(token) or (i > 0 and tokens[i - 1] in _IDENTIFIER_WORDS):
            continue
        if token in asked_numbers:
            continue  # the question's own number names something ("Grønlykkeparken 39"), it is not the answer
        # The two words after the number, past "af de" ("49 af de hjemløse borgere").
        j = i + 1
        if tokens[j : j + 1] == ["af"] and tokens[j + 1 : j + 2] and tokens[j + 1] in _PARTITIVE:
            j += 2
        following = [stem(t) for t in tokens[j : j + 2]]
        if following and following[0] in _SHARE_WORDS and not wants_share:
            continue  # "62 procent af de hjemløse" is a share, not how many
        if i + 1 < len(tokens) and tokens[i + 1] in ALL_MONTHS:
            continue  # "5. september 2024" is a date
        if counted and any(_same(f, counted) for f in following):
            return 0.55  # "221 høringssvar" for "hvor mange høringssvar"
        if any(_same(f, w) for f in following for w in wanted):
            best = 0.5  # "84 tilmeldte" for "hvor mange børn meldte sig"
        if sizes and following and following[0] in _UNITS:
            best = max(best, 0.5)  # "700 kvm" for "hvor store skal grundene være"
    if best:
        return best
    if AMOUNT_RE.search(sentence) and money_nouns and any(stem(t).startswith(n) for t in tokens for n in money_nouns):
        return 0.55  # "Huslejen er 5.622 kr." for "hvad er huslejen": the amount of the thing asked about
    if AMOUNT_RE.search(sentence):
        # "2,5 mio. kr.", "550.363 kr.": the answer to what something costs, less so to a count.
        return 0.45 if query.asks_amount else 0.25
    return 0.15 if any(t[0].isdigit() and not _YEAR_RE.fullmatch(t) for t in tokens) else 0.0


def _same(token_stem: str, wanted: str) -> bool:
    """The stem is the word, or a compound ending in it ("tilmeld" for "meld")."""
    return token_stem == wanted or (len(wanted) >= 4 and token_stem.endswith(wanted))


def _counted(query: Query) -> str | None:
    """The stem of what "hvor mange …"/"how many …" counts: the word right after it."""
    m = re.search(r"\b(?:hvor mange|how many|antal(?:let)?(?: af)?|number of)\s+(\w+)", query.search_text)
    return stem(m.group(1)) if m else None
