"""The retrieval layer every kind of question shares.

``Retrieval`` holds the search index over all items, finds the committees a question names,
ranks candidate items for a query and picks each one's quote with a scorer that the kind
of question supplies (a decision wants the Beslutning, a "why" the reason clause, "how
much" an amount), and composes the common answer: where it is from and what it quotes.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.answering import intents as it
from bot.answering.committees import CommitteeMatcher
from bot.answering.compact import CompactMinutes
from bot.answering.index import MinutesIndex, committee_key
from bot.answering.query import Query, QueryWord
from bot.answering.reason import reason_unit
from bot.answering.text import fold_whitespace, normalise, split_sentences, stem, tokenize
from bot.answering.types import NOT_FOUND, Answer, AnswerDate, Source
from bot.answering.vocabulary import GENERIC_COMMITTEE_WORDS
from bot.minutes.model import AgendaItem, DateMention, Minutes, SectionKind
from bot.words import format_date

# Calibrated on the seed questions: a passage below this normalised BM25 score, or an item
# that leaves a content word uncovered, is not an answer.
MIN_RELEVANCE = 0.12
# How much an item of a meeting outside the period a question names ranks below one inside.
_OUTSIDE_PERIOD = 0.15
_CANDIDATES = 8
_TITLE_CHARS = 70
_GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_COMMITTEE_WORDS)
# Items whose split sentences are kept: a question reads at most a few hundred candidates, and
# each cached item holds its text a second time (sentences and their stems).
_SENTENCE_CACHE = 2_000
# A sentence shorter than this is quoted with its neighbour ("Vi afventer.").
_SHORT_SENTENCE = 40
# How much a decision sentence counts as covering the words its item's title has.
_DECISION_IN_CONTEXT = 0.7
# How much lower an item ranks whose title names another year than the question's subject.
_OTHER_YEAR = 0.15
# A compound at least this long must have its parts together to be covered by them.
_LONG_COMPOUND = 10


@dataclass(slots=True)
class _Passage:
    """A scored candidate item with its chosen quote."""

    doc: int
    minutes: Minutes
    item: AgendaItem
    relevance: float  # BM25 normalised by the query's maximum
    coverage: float  # share of required words the item covers
    quote: str
    quote_score: float
    total: float
    mentions: list[DateMention] = field(default_factory=list)


class Retrieval:
    """Search, coverage and quoting over a fixed set of minutes.

    Args:
        minutes: every minutes document to answer from, taken one at a time and held compact
            (see ``MinutesIndex``). The index is built once here; answering expands only the
            few candidate items.
        snapshot: ``index.snapshot()`` of an earlier index; its postings are used when it was
            made from these same minutes (see ``MinutesIndex``), and ignored otherwise.
    """

    def __init__(self, minutes: Iterable[Minutes | CompactMinutes], *, snapshot: bytes | None = None) -> None:
        self.index = MinutesIndex(minutes, snapshot=snapshot)
        self._sentences: dict[int, list[tuple[SectionKind, str, frozenset[str]]]] = {}
        self.committee_stems = {
            key: frozenset(stem(t) for t in tokenize(name) if len(t) > 2 and t not in {"for", "og", "the", "and"})
            for key, name in self.index.committee_names.items()
        }
        self._committees = CommitteeMatcher(self.index.committee_names, self.index.splitter.split)
        # Only an item with dates can have one ahead of its meeting (``dates_ahead``): its meeting's day
        # is found by its first mention, an object the index keeps (items are expanded anew, mentions not).
        self._meeting_day = {id(d): m.meeting.date for m in self.index.minutes for d in m.item_mentions()}
        self._sorted_stems = sorted(self.index.postings)
        self._formal = frozenset(k for k, name in self.index.committee_names.items() if self._committees.is_formal(k))

    def resolve_day(self, query: Query, named: list[str], today: dt.date) -> None:
        """Give a year-less day ("mødet den 13. april") the year of a meeting the minutes hold.

        The parser reads such a day in today's year; when no meeting was held that day but
        meetings (of the named committees, if any) were held on the same day and month in other
        years, the one nearest to today is meant.
        """
        day = query.day
        if day is None or query.day_has_year:
            return
        held = [
            d
            for d, mi in self.index.meeting_dates
            if (d.month, d.day) == (day.month, day.day)
            and (not named or committee_key(self.index.minutes[mi].meeting.committee) in named)
        ]
        if held and day not in held:
            query.day = min(held, key=lambda d: abs((d - today).days))

    def named_committees(self, query: Query) -> list[str]:
        """Committees the question names ("Økonomiudvalget", "i fokusgruppen"), best match(es) only.

        Formal committees (a name with a head word: "-udvalget", "Byråd") are matched by
        ``CommitteeMatcher``; groups without one by their name's words. The words that named
        the committee are dropped from the query's subject words.
        """
        found = self._committees.named(query.search_text or query.question)
        if found.keys:
            query.committee_named_generically = found.generic
            query.words = [w for w in query.words if w.token not in found.tokens]
            return found.keys
        stems = {stem(t) for t in tokenize(query.search_text or query.question) if not t.isdigit()}
        scores: dict[str, float] = {}
        generic = True
        for key, name_stems in self.committee_stems.items():
            if key in self._formal:
                continue
            shared = name_stems & stems
            if not shared:
                continue
            generic = generic and shared <= _GENERIC_STEMS
            # A word shared by many committee names ("følgegruppen") names none of them alone.
            spread = {s: sum(s in other for other in self.committee_stems.values()) for s in shared}
            scores[key] = sum(1.0 / n for n in spread.values())
        if not scores:
            return []
        # Ties (a word several committee names share equally) keep every tied committee.
        top = max(scores.values())
        query.committee_named_generically = generic
        named = sorted(k for k, v in scores.items() if v == top)
        names = frozenset().union(*(self.committee_stems[k] for k in named))
        # Words that only name the committee are not the subject of the question.
        query.words = [w for w in query.words if w.stem not in names]
        return named

    @staticmethod
    def forms(word: QueryWord) -> list[tuple[str, str]]:
        """(token, stem) of the word and of its glossary alternatives, one per stem."""
        out = [(word.token, word.stem)]
        for token in word.alternatives:
            token_stem = stem(token)
            if all(token_stem != s for _, s in out):
                out.append((token, token_stem))
        return out

    def terms(self, words: list[QueryWord]) -> list[tuple[str, float]]:
        terms: list[tuple[str, float]] = []
        for word in words:
            for n, (token, word_stem) in enumerate(self.forms(word)):
                known = word_stem in self.index.postings
                if n > 0 and not known:
                    continue  # another form the minutes never write only dilutes the search
                if known:
                    terms.append((word_stem, word.weight))
                parts = self.index.splitter.split(token)
                for part in parts:
                    terms.append((part, word.weight * (0.5 if known else 0.8)))
        return terms

    def covered(self, doc: int, word: QueryWord) -> bool:
        """Whether the item covers the word: the word itself, or all its compound parts together.

        The parts of a long compound count only when they stand together: all in one sentence,
        the first part in the title, or the compound inside a longer one ("sparetiltag" in
        "energisparetiltag"). "vandlandet" is not covered by "varmvandsbassin" in one sentence
        and "Tyskland" in another. Short words are split unreliably ("fort|sætte"), so any
        parts of them anywhere in the item do.
        """
        for token, word_stem in self.forms(word):
            if self.index.contains(doc, word_stem):
                return True
            if len(token) == 1:
                # A party letter ("Ø" for Enhedslisten) is not indexed; the item's sentences have it.
                if any(token in stems for _, _, stems in self.item_sentences(doc)):
                    return True
                continue
            parts = self.index.splitter.split(token)
            if parts and all(self.index.contains(doc, p) for p in parts):
                if len(token) < _LONG_COMPOUND or self._parts_together(doc, word_stem, parts):
                    return True
        root = verb_root(word.token)
        if root is not None:
            # Another form of the same verb ("indført" ~ "indføres", "beskæftige" ~ "beskæftigelse").
            if any(s.startswith(root) for s in self.title_stems(doc)) or any(
                s.startswith(root) for _, _, stems in self.item_sentences(doc) for s in stems
            ):
                return True
        return False

    def _parts_together(self, doc: int, word_stem: str, parts: tuple[str, ...]) -> bool:
        # The first part names what the compound is about; an item whose title has it is
        # about that ("reformsager" under the title "Reform - …", however it is split).
        if parts[0] in self.title_stems(doc):
            return True
        wanted = frozenset(parts)
        for _, sentence, stems in self.item_sentences(doc):
            if wanted <= stems or word_stem in sentence.lower():
                return True
        return False

    def word_stems(self, word: QueryWord) -> tuple[str, ...]:
        stems: list[str] = []
        for token, word_stem in self.forms(word):
            stems.append(word_stem)
            stems.extend(self.index.splitter.split(token))
        return tuple(stems)

    def item_sentences(self, doc: int) -> list[tuple[SectionKind, str, frozenset[str]]]:
        cached = self._sentences.get(doc)
        if cached is not None:
            return cached
        _, item = self.index.item(doc)
        out: list[tuple[SectionKind, str, frozenset[str]]] = []
        for section in item.sections:
            if section.kind == SectionKind.BILAG:
                continue
            for sentence in split_sentences(section.text):
                stems: set[str] = set()
                for token in tokenize(sentence):
                    stems.add(stem(token))
                    if len(token) >= 6 and token.endswith("ede"):
                        # The past tense the stemmer leaves apart: "erklærede" is "erklære".
                        stems.add(stem(token[:-2]))
                    if len(token) >= 8:
                        stems.update(self.index.splitter.split(token))
                out.append((section.kind, sentence, frozenset(stems)))
        if len(self._sentences) > _SENTENCE_CACHE:
            self._sentences.clear()
        self._sentences[doc] = out
        return out

    def title_stems(self, doc: int) -> frozenset[str]:
        _, item = self.index.item(doc)
        stems: set[str] = set()
        for token in tokenize(item.title):
            stems.add(stem(token))
            if len(token) >= 8:
                stems.update(self.index.splitter.split(token))
        return frozenset(stems)

    def sentence_match(self, words: list[QueryWord], stems: frozenset[str]) -> float:
        total = sum(self.word_weight(w) for w in words) or 1.0
        hit = 0.0
        for word in words:
            for token, word_stem in self.forms(word):
                parts = () if word_stem in stems else self.index.splitter.split(token)
                if word_stem in stems or (parts and all(p in stems for p in parts)):
                    hit += self.word_weight(word)
                    break
        return hit / total

    def unknown(self, word: QueryWord) -> bool:
        """Whether no form of the word, nor all the parts of it, occur anywhere in the corpus."""
        for token, word_stem in self.forms(word):
            if word_stem in self.index.postings or len(token) == 1:
                return False  # (a party letter is not indexed: the coverage check reads the sentences)
            parts = self.index.splitter.split(token)
            if parts and all(p in self.index.postings for p in parts):
                return False
        root = verb_root(word.token)
        if root is not None:
            i = bisect_left(self._sorted_stems, root)
            if i < len(self._sorted_stems) and self._sorted_stems[i].startswith(root):
                return False  # another form of the verb is written ("indføres" for "indført")
        return True

    def word_weight(self, word: QueryWord) -> float:
        best = 0.0
        for token, word_stem in self.forms(word):
            idf = self.index.idf.get(word_stem)
            if idf is None:
                parts = self.index.splitter.split(token)
                idf = max((self.index.idf.get(p, 0.0) for p in parts), default=0.0)
            best = max(best, idf)
        return word.weight * (best or 1.0)

    def minutes_filter(self, query: Query) -> set[int] | None:
        """Minutes whose meeting the question dates ("mødet den 2. september 2020")."""
        if query.day is not None:
            found = {mi for d, mi in self.index.meeting_dates if d == query.day}
            if found:
                return found
        if query.period is not None and query.intent != it.DEADLINES_IN_PERIOD:
            found = {mi for d, mi in self.index.meeting_dates if query.period.start <= d <= query.period.end}
            if found:
                return found
        return None

    def passages(self, query: Query, preferred: str | None, named: list[str], sentence_score) -> list[_Passage]:
        """Rank candidate items and choose each one's quote; best first, answerable only."""
        words = query.words
        if not any(w.required for w in words):
            return []
        terms = self.terms(words)
        if not terms:
            return []
        max_score = self.index.max_score([(t, w) for t, w in terms]) or 1.0
        only = self.minutes_filter(query)
        # A named day picks the meeting; a period ("i 2025", "i april 2023") may date the
        # meeting or the subject ("talent- og elitestøtte i 2025" was decided in 2024), so
        # items outside it stay candidates, ranked below those inside.
        soft = only is not None and query.day is None
        k = 200 if only is not None else _CANDIDATES
        scopes: list[str | None] = []
        if named:
            scopes.extend(named)
            if query.committee_named_generically:
                # "følgegruppen for hjernerystelsesprojektet" may be a project's group, not
                # the committee of that name: search everywhere when the committee has nothing.
                scopes.append(None)
        elif preferred is not None:
            scopes.extend([preferred, None])
        else:
            scopes.append(None)
        # The years the subject is named by ("Topmøde 2024"); a period no meeting was held in
        # ("budgettet for 2026-29" asked in 2025) names the subject's years too.
        years = {w.token for w in words if _YEAR_RE.fullmatch(w.token)}
        if query.period is not None and only is None:
            years |= {str(y) for y in range(query.period.start.year, query.period.end.year + 1)}
        for scope in scopes:
            hits = self.index.search(terms, committee=scope, k=k)
            if only is not None:
                inside = [h for h in hits if self.index.minutes_index(h.doc) in only][:_CANDIDATES]
                hits = inside + [h for h in hits[:_CANDIDATES] if h not in inside] if soft else inside
            passages = [
                p for h in hits if (p := self.passage(query, h.doc, h.score / max_score, sentence_score, years))
            ]
            if soft:
                for p in passages:
                    if self.index.minutes_index(p.doc) not in only:
                        p.total -= _OUTSIDE_PERIOD
            passages.sort(key=lambda p: (p.total, p.minutes.meeting.date or dt.date.min), reverse=True)
            if passages:
                return passages
        return []

    def passage(
        self, query: Query, doc: int, relevance: float, sentence_score, years: frozenset[str] | set[str] = frozenset()
    ) -> _Passage | None:
        required = [w for w in query.words if w.required]
        covered = sum(self.covered(doc, w) for w in required)
        # A Danish word the minutes never write (not even as parts of a compound) is a
        # subject they do not cover: "Airbnb-udlejning" is not answered from "udlejning".
        if query.language == "da" and any(self.unknown(w) for w in required):
            return None
        coverage = covered / len(required)
        needed = 1.0 if len(required) <= 3 else 0.75
        if coverage < needed or relevance < MIN_RELEVANCE:
            return None
        minutes, item = self.index.item(doc)
        best: tuple[float, str, int] | None = None
        sentences = self.item_sentences(doc)
        title_stems = self.title_stems(doc)
        for position, (kind, sentence, stems) in enumerate(sentences):
            # The title is context for every sentence of the item ("status" under a title
            # about concussions is about concussions). The decision speaks of the item's
            # subject without naming it ("Udvalget udpeger Annie Ejstrup" under "Bystrategisk
            # Råd, nyt medlem"), so there the title nearly counts as the sentence. A reason
            # is not taken from it for that alone: "idet …" in a decision may explain another thing.
            in_context = self.sentence_match(query.words, stems | title_stems)
            match = 0.75 * self.sentence_match(query.words, stems) + 0.25 * in_context
            if kind in (SectionKind.REFERAT, SectionKind.NOTE_AFTER) and not query.asks_why:
                match = max(match, _DECISION_IN_CONTEXT * in_context)
            if query.asks_why:
                # A reason is read with the sentence that gives it: "… kan blive udskudt. Det
                # skyldes, at …", "… gav klagerne medhold. Derfor er der udarbejdet …".
                sentence = reason_unit(sentences, position)
            score = sentence_score(query, item, kind, sentence, match)
            if score is None:
                continue
            if best is None or score > best[0]:
                best = (score, sentence, position)
        if best is None:
            return None
        quote_score, quote, position = best
        quote = _with_continuation(quote, sentences, position)
        # An item whose title names the subject is about it, not merely mentioning it.
        title_match = self.sentence_match(query.words, title_stems)
        total = 0.5 * min(relevance * 2, 1.0) + 0.4 * min(quote_score, 1.0) + 0.1 * title_match
        if _other_year(years, item.title):
            total -= _OTHER_YEAR  # "hjemløsetællingen 2022" is not the "2024 count" asked about
        return _Passage(doc, minutes, item, relevance, coverage, quote, quote_score, total)

    def source(self, minutes: Minutes, item: AgendaItem | None, quote: str) -> Source:
        return Source(
            document=minutes.source_name,
            committee=minutes.meeting.committee or "",
            meeting_date=minutes.meeting.date,
            item_number=item.number if item else None,
            item_title=item.title if item else None,
            quote=quote,
        )

    def where(self, minutes: Minutes, item: AgendaItem | None, language: str) -> str:
        parts = []
        if minutes.meeting.committee:
            parts.append(minutes.meeting.committee)
        word = "møde" if language == "da" else "meeting"
        parts.append(f"{word} {format_date(minutes.meeting.date, language)}")
        if item is not None:
            title = fold_whitespace(item.title)
            if len(title) > _TITLE_CHARS:
                title = title[: _TITLE_CHARS - 1].rstrip() + "…"
            label = "punkt" if language == "da" else "item"
            parts.append(f"{label} {item.number} «{title}»")
        return ", ".join(parts)

    def not_found(self, query: Query, text: str | None = None) -> Answer:
        return Answer(
            query.question, query.intent, False, text or NOT_FOUND[query.language], 0.0, [], [], query.language
        )

    def confidence(self, passage: _Passage, runner_up: _Passage | None) -> float:
        margin = 1.0 if runner_up is None else min(1.0, 0.5 + (passage.total - runner_up.total) * 2)
        value = (0.35 + 0.65 * passage.total) * passage.coverage * (0.8 + 0.2 * margin)
        return round(max(0.0, min(1.0, value)), 3)

    def mentions_in(self, item: AgendaItem, quote: str) -> list[DateMention]:
        """The item's date mentions written inside the quote, without repeats.

        A mention whose text lies inside another one's ("2021" in "januar 2021") is the
        same date read twice and is left out.
        """
        folded = normalise(quote)
        found = [d for d in item.dates if normalise(fold_whitespace(d.text)) in folded]
        texts = [normalise(fold_whitespace(d.text)) for d in found]
        out: list[DateMention] = []
        for i, mention in enumerate(found):
            text = texts[i]
            if any(text != other and text in other for other in texts):
                continue
            if any(text == texts[j] and mention.on == found[j].on for j in range(i)):
                continue
            out.append(mention)
        return out

    def retrieval_answer(
        self, query: Query, passages: list[_Passage], dates: list[AnswerDate], prefix: str = ""
    ) -> Answer:
        best = passages[0]
        quote = best.quote
        text = f"{prefix}{self.where(best.minutes, best.item, query.language)}: {quote}"
        sources = [self.source(best.minutes, best.item, quote)]
        for other in passages[1:3]:
            if other.total >= best.total * 0.8 and other.doc != best.doc:
                sources.append(self.source(other.minutes, other.item, other.quote))
        return Answer(
            query.question,
            query.intent,
            True,
            text,
            self.confidence(best, passages[1] if len(passages) > 1 else None),
            sources,
            dates,
            query.language,
        )

    def dates_ahead(self, item: AgendaItem, sentence: str) -> bool:
        """Whether the sentence has a date on or after the meeting that discussed the item."""
        held = self._meeting_day.get(id(item.dates[0])) if item.dates else None
        return held is not None and any(d.on >= held for d in self.mentions_in(item, sentence))

    def with_short_neighbours(self, doc: int, quote: str) -> str:
        """A short sentence ("Vi afventer.") is quoted with the sentence next to it."""
        sentences = self.item_sentences(doc)
        for i, (kind, sentence, _) in enumerate(sentences):
            if sentence != quote:
                continue
            after = sentences[i + 1] if i + 1 < len(sentences) else None
            before = sentences[i - 1] if i > 0 else None
            # A short next sentence completes this one ("… projektet. Vi afventer."); a short
            # quote is itself the completion of the one before.
            if after is not None and after[0] == kind and len(after[1]) < _SHORT_SENTENCE:
                return f"{quote} {after[1]}"
            if before is not None and before[0] == kind and len(quote) < _SHORT_SENTENCE:
                return f"{before[1]} {quote}"
            break
        return quote

    def meetings_for(self, query: Query, named: list[str], preferred: str | None, today: dt.date) -> list[int]:
        only = self.minutes_filter(query)
        scope = named or ([preferred] if preferred else [])
        if only is not None:
            chosen = sorted(only)
            if scope:
                chosen = [
                    mi for mi in chosen if committee_key(self.index.minutes[mi].meeting.committee) in scope
                ] or chosen
            return chosen[:5]
        if query.day is not None or query.period is not None:
            return []  # the question dates a meeting we do not have
        latest = self.latest_minutes(scope or sorted(self.index.committee_minutes), today)
        if not scope and latest:
            # Nobody said which meeting: the most recent ones first; the caller takes the
            # first that records what is asked.
            latest.sort(key=lambda mi: self.index.minutes[mi].meeting.date or dt.date.min, reverse=True)
        return latest

    def latest_minutes(self, scope: list[str], today: dt.date) -> list[int]:
        """Per committee in scope, the latest minutes of a meeting held on or before today."""
        chosen = []
        for key in scope:
            indices = self.index.committee_minutes.get(key, [])
            held = self.index.minutes_held_by(key, today)
            if held or indices:
                chosen.append((held or indices)[-1])
        return chosen


_BREAKDOWN_RE = re.compile(r"(heraf|deraf|af disse|af dem|heriblandt|of these|of whom)\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


_VERB_ENDINGS = ("ede", "ete", "te", "et", "es", "er", "e", "t")
_MIN_ROOT = 5


def verb_root(token: str) -> str | None:
    """The root of a Danish verb form ("indført" → "indfør", "beskæftige" → "beskæftig"), when
    long enough to stand for the verb; None for short words and for words with digits."""
    if not token.isalpha():
        return None
    for ending in _VERB_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= _MIN_ROOT:
            return token[: -len(ending)]
    return None


def _other_year(asked: frozenset[str] | set[str], title: str) -> bool:
    """Whether the item's title dates it to other years than the ones the question names its
    subject by ("Topmøde 2024", "the 2024 count")."""
    if not asked:
        return False
    written = set(_YEAR_RE.findall(title))
    return bool(written) and not written & asked


def _with_continuation(quote: str, sentences: list[tuple[SectionKind, str, frozenset[str]]], position: int) -> str:
    """A sentence that ends in a colon (or "følgende …;") introduces what follows: quote the next ones too.
    A next sentence that breaks the quote's figure down ("Heraf er 49 …") is quoted with it."""
    if not (quote.endswith(":") or (quote.endswith(";") and "følgende" in quote.lower())):
        following = sentences[position + 1] if position + 1 < len(sentences) else None
        if following is not None and following[0] == sentences[position][0] and _BREAKDOWN_RE.match(following[1]):
            return f"{quote} {following[1]}"
        return quote
    kind = sentences[position][0]
    parts = [quote]
    length = len(quote)
    for next_kind, sentence, _ in sentences[position + 1 : position + 4]:
        if next_kind != kind or length > 300:
            break
        parts.append(sentence)
        length += len(sentence)
    return " ".join(parts)
