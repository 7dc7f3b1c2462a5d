""""Hvor mange/hvor meget/hvad koster …": the number with its unit.

The quote is the sentence (or table row: tables are read as lines) that has a number right
before a word of the question ("84 tilmeldte børn"), or an amount with its unit ("2,5 mio.
kr.") when the question asks about money. A year alone is no answer to "how much".
"""

from __future__ import annotations

import re

from bot.answering.query import Query
from bot.answering.text import stem, tokenize

AMOUNT_RE = re.compile(r"\d[\d.,]*\s*(?:mio\.?|mia\.?|millioner|milliarder|kr\.?|kroner|%|procent)(?!\w)", re.I)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")


def count_bonus(query: Query, sentence: str) -> float:
    """How well a sentence answers "how many/how much" (0 to 0.5)."""
    tokens = tokenize(sentence)
    wanted = {w.stem for w in query.words}
    for i, token in enumerate(tokens):
        if token.isdigit() and not _YEAR_RE.fullmatch(token) and any(stem(t) in wanted for t in tokens[i + 1 : i + 3]):
            return 0.5  # "84 børn" for "hvor mange børn"
    if AMOUNT_RE.search(sentence):
        # "2,5 mio. kr.", "550.363 kr.": the answer to what something costs, less so to a count.
        return 0.45 if query.asks_amount else 0.25
    return 0.15 if any(t.isdigit() and not _YEAR_RE.fullmatch(t) for t in tokens) else 0.0
