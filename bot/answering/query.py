"""The question parsed once into the ``Query`` every answerer is handed: intent, language, period or
day, what it asks for, and its content words with stems, weights and glossary alternatives."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from bot.answering import intents as it
from bot.answering.intents import (
    HOW_MUCH_RE,
    MEETING_RE,
    STATUS_RE,
    WHERE_RE,
    WHO_RE,
    WHY_RE,
    asks_which_day,
    intent_of,
    role_of,
)
from bot.answering.text import is_content_token, normalise, stem, tokenize
from bot.answering.vocabulary import (
    ALL_MONTHS,
    DANISH_MARKERS,
    ENGLISH_MARKERS,
    FRAMING_WORDS,
    GLOSSARY_EN_DA,
    MONTH_RE,
    ORDINAL_QUARTER,
    PARTY_LETTERS,
    PHRASE_RES,
    QUESTION_VERBS,
    SOFT_ENGLISH_WORDS,
    SOFT_WORDS,
    SYNONYMS_DA,
)


@dataclass(slots=True)
class QueryWord:
    token: str  # as written (lower case, English words translated)
    stem: str
    required: bool  # must be covered by the passage for the question to be answered
    weight: float
    alternatives: tuple[str, ...] = ()  # other Danish words for it ("sygehus" for "hospital")


@dataclass(slots=True)
class Period:
    """An inclusive local date range named in a question."""

    start: dt.date
    end: dt.date
    text: str


@dataclass(slots=True)
class Query:
    question: str
    intent: str
    language: str
    words: list[QueryWord] = field(default_factory=list)
    period: Period | None = None
    day: dt.date | None = None
    day_has_year: bool = False  # the question wrote the day's year ("13. april 2021", not "13. april")
    role: str | None = None  # for ATTENDANCE
    search_text: str = ""  # normalised, English committee vocabulary translated to Danish
    asks_status: bool = False  # "hvad sker der med …", "status på …": wants the latest state
    about_meeting: bool = False  # names a meeting, its day or a role only meetings have
    # Set by the answerer: the committee the question names was named only by a generic
    # word ("følgegruppen"), which may also mean a group inside an item.
    committee_named_generically: bool = False
    asks_when: bool = False
    asks_how_many: bool = False
    asks_where: bool = False
    asks_who: bool = False
    asks_why: bool = False
    asks_amount: bool = False  # money: what something costs, a grant, "hvor meget"
    asks_vote: bool = False  # "Hvordan stemte …", "who voted against"
    asks_ahead: bool = False  # "Hvornår skal/kan/vil …": a date ahead of the meeting that discussed it
    asks_end: bool = False  # "Hvornår sluttede høringsperioden": the last day of a period, not its first
    # "første møde efter sommerferien": the local day from which "next" counts (None: today).
    not_before: dt.date | None = None


# Asking when a period ends ("sluttede høringsperioden", "frem til hvornår", "until when").
_END_RE = re.compile(r"\b(slut\w*|udløb\w*|afslutte\w*|frem til|indtil|ends?|ended|until|expir\w*|closes?|closed)\b")


# Holidays a committee breaks for, by the first day after them (month, day): "første møde efter
# sommerferien" is the first meeting from August on.
_HOLIDAYS = (
    (re.compile(r"\b(efter|after)\s+(sommerferien|sommeren|the summer(?: holidays?| break| vacation)?)\b"), (8, 1)),
    (re.compile(r"\b(efter|after)\s+(juleferien|jul|nytår|christmas|the new year)\b"), (1, 1)),
)


def _after_holiday(text: str, today: dt.date) -> dt.date | None:
    """The first day after a holiday the (normalised) question names, the next one from today."""
    for pattern, (month, day) in _HOLIDAYS:
        if pattern.search(text):
            first = dt.date(today.year, month, day)
            return first if first > today else dt.date(today.year + 1, month, day)
    return None


def detect_language(question: str, default: str = "da") -> str:
    """Return "en" when the question reads as English, "da" when it reads as Danish, else ``default``
    (a client's language: "IPS?" says nothing either way).

    An English question may name a Danish body ("Greve's noise council (Støjrådet)"), so
    æ, ø and å decide only when the English words do not clearly outnumber the Danish ones.
    """
    tokens = tokenize(question)
    en = sum(t in ENGLISH_MARKERS for t in tokens)
    da = sum(t in DANISH_MARKERS for t in tokens)
    if any(ch in question.lower() for ch in "æøå") and not (en >= 3 and en > 2 * da):
        return "da"
    if en != da:
        return "en" if en > da else "da"
    return default


def parse_day(question: str, today: dt.date) -> dt.date | None:
    """Find one calendar day written in the question ("2. september 2020", "2/9-2020").

    A day without a year is taken in the year of ``today``.
    """
    text = normalise(question)
    m = re.search(rf"\b(\d{{1,2}})\.?\s+({MONTH_RE})\b\.?(?:\s+(\d{{4}}))?", text)
    if m:
        return _safe_date(m.group(3), ALL_MONTHS[m.group(2)], m.group(1), today)
    m = re.search(rf"\b({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", text)
    if m:
        return _safe_date(m.group(3), ALL_MONTHS[m.group(1)], m.group(2), today)
    m = re.search(r"\b(\d{1,2})[./](\d{1,2})(?:[./ -]+(\d{2,4}))?\b", text)
    if m and not re.search(r"\b\d+[./]\d+[./]\d+[./]", text):
        return _safe_date(m.group(3), m.group(2), m.group(1), today)
    return None


def _writes_year(question: str) -> bool:
    """Whether the day in the question carries its year ("13. april 2021", "13/4-21")."""
    text = normalise(question)
    return bool(
        re.search(rf"\b\d{{1,2}}\.?\s+(?:{MONTH_RE})\b\.?\s+\d{{4}}\b", text)
        or re.search(rf"\b(?:{MONTH_RE})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", text)
        or re.search(r"\b\d{1,2}[./]\d{1,2}[./ -]+\d{2,4}\b", text)
    )


def _safe_date(year: str | None, month: int | str, day: str, today: dt.date) -> dt.date | None:
    y = int(year) if year else today.year
    if y < 100:
        y += 2000
    try:
        return dt.date(y, int(month), int(day))
    except ValueError:
        return None


# Seasons by their first and last month.
SEASONS = {
    "foråret": (3, 5), "forår": (3, 5), "spring": (3, 5), "sommeren": (6, 8), "summer": (6, 8),
    "efteråret": (9, 11), "efterår": (9, 11), "autumn": (9, 11), "fall": (9, 11),
    "vinteren": (12, 2), "winter": (12, 2),
}  # fmt: skip  # a table kept compact
_SEASON_RE = "|".join(sorted(SEASONS, key=len, reverse=True))


def parse_period(question: str, today: dt.date) -> Period | None:
    """Find a month, quarter, half year or year in the question.

    Understands "februar 2021", "i august", "3. kvartal 2021", "Q1 2021", "third quarter
    2021", "i efteråret 2023", "in spring 2024", "i 2021", "denne/næste måned", "this/next month". A month without a year is
    taken in the year of ``today``.
    """
    text = normalise(question)
    m = re.search(r"\b([1-4])\.\s*kvartal(?:\s+(\d{4}))?|\bq([1-4])(?:\s+(\d{4}))?\b", text)
    quarter = year = None
    if m:
        quarter = int(m.group(1) or m.group(3))
        year = m.group(2) or m.group(4)
    else:
        m = re.search(
            r"\b(første|andet|anden|tredje|fjerde|first|second|third|fourth)\s+(?:kvartal|quarter)(?:\s+(?:of\s+)?(\d{4}))?",
            text,
        )
        if m:
            quarter = ORDINAL_QUARTER[m.group(1)]
            year = m.group(2)
    if quarter is not None:
        y = int(year) if year else today.year
        start = dt.date(y, 3 * quarter - 2, 1)
        end_month = 3 * quarter
        end = dt.date(y, end_month, calendar.monthrange(y, end_month)[1])
        return Period(start, end, m.group(0))
    m = re.search(rf"\b({MONTH_RE})\b(?:\s+(\d{{4}}))?", text)
    if m and not re.search(rf"\d\.?\s+{m.group(1)}\b", text):
        y = int(m.group(2)) if m.group(2) else today.year
        month = ALL_MONTHS[m.group(1)]
        return Period(dt.date(y, month, 1), dt.date(y, month, calendar.monthrange(y, month)[1]), m.group(0))
    m = re.search(rf"\b({_SEASON_RE})\b(?:\s+(?:of\s+)?(\d{{4}}))?", text)
    if m:
        # "i efteråret 2023", "in spring 2024": the season's months.
        y = int(m.group(2)) if m.group(2) else today.year
        first, last = SEASONS[m.group(1)]
        end_year = y + 1 if last < first else y  # winter runs into the next year
        end = dt.date(end_year, last, calendar.monthrange(end_year, last)[1])
        return Period(dt.date(y, first, 1), end, m.group(0))
    m = re.search(r"\b(denne|næste|this|next)\s+(måned|month)\b", text)
    if m:
        first = today.replace(day=1)
        if m.group(1) in ("næste", "next"):
            first = (first + dt.timedelta(days=32)).replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return Period(first, last, m.group(0))
    m = re.search(r"\b(?:i|in|for|during|året|year)\s+(\d{4})\b", text)
    if m:
        y = int(m.group(1))
        return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), m.group(0))
    return None


# The help card's "spørg …" / "ask …" command word in front of a question.
_COMMAND_RE = re.compile(r"^\s*(?:spørg|spoerg|ask)\b[\s:,\-–]*(?=\S)", re.IGNORECASE)


def strip_command(question: str) -> str:
    """The question without a leading "spørg"/"ask" command word ("spørg Hvornår er …?")."""
    return _COMMAND_RE.sub("", question, count=1).strip()


def classify(question: str, *, today: dt.date, language: str | None = None) -> Query:
    """The question as a ``Query``; ``today`` places periods without a year, ``language`` None detects it."""
    question = strip_command(question)
    text = normalise(question)
    period = parse_period(question, today)
    intent = intent_of(text, period)
    lang = language or detect_language(question)
    day = parse_day(question, today)
    query = Query(
        question=question,
        intent=intent,
        language=lang,
        period=period,
        day=day,
        day_has_year=day is not None and _writes_year(question),
        role=role_of(text) if intent == it.ATTENDANCE else None,
        search_text=translate(question, lang),
        about_meeting=bool(MEETING_RE.search(text)) or day is not None or period is not None,
        asks_when=bool(re.search(r"\b(hvornår|when|dato|date|tidspunkt)\b", text) or asks_which_day(text)),
        asks_how_many=bool(HOW_MUCH_RE.search(text)),
        asks_where=bool(WHERE_RE.search(text)),
        asks_who=bool(WHO_RE.search(text)),
        asks_why=bool(WHY_RE.search(text)),
        asks_amount=bool(
            re.search(
                r"\b(hvor meget|how much|koste\w*|pris\w*|beløb\w*|\w*bevilling\w*|budget\w*|kr|kroner|cost\w*|spent|spend|"
                r"husleje\w*|lejen|takst\w*|gebyr\w*|udgift\w*|rent|fees?|price)\b|hvor stor",
                text,
            )
        ),
        asks_vote=bool(re.search(r"\b(stemte|stemme|stemmer|afstemning\w*|voted?|voting)\b", text)),
        asks_ahead=bool(re.search(r"\b(skal|kan|vil|bliver|forventes|will|can|shall|should|is expected)\b", text)),
        asks_end=bool(_END_RE.search(text)),
        not_before=_after_holiday(text, today),
    )
    # A status question wants the latest state of a subject; asking when, how many or who
    # wants a particular fact instead ("Hvornår gives næste status om …?").
    query.asks_status = (
        intent in (it.FREE, it.DECISION)
        and bool(STATUS_RE.search(text))
        and not (query.asks_when or query.asks_how_many or query.asks_who)
    )
    query.words = content_words(question, lang)
    return query


def translate(question: str, language: str) -> str:
    """The question normalised, with English committee phrases and words in Danish.

    Danish questions come back normalised only. English ones get their phrases ("focus
    group", "general practice") and glossary words replaced, so that they can name a
    committee and be matched against Danish minutes; other words pass through.
    """
    if language != "en":
        return normalise(question)
    return " ".join(GLOSSARY_EN_DA.get(t, t).split("|")[0] for t in tokenize(_phrases_in_danish(question)))


def _phrases_in_danish(question: str) -> str:
    text = normalise(question)
    for pattern, danish in PHRASE_RES:
        text = pattern.sub(danish, text)
    return text


_PERIOD_TOKENS = (
    frozenset(ALL_MONTHS)
    | frozenset(ORDINAL_QUARTER)
    | frozenset(SEASONS)
    | {"kvartal", "quarter", "måned", "month", "år", "året", "year"}
)


def content_words(question: str, language: str) -> list[QueryWord]:
    """The question's content words with stems, weights and whether they must be covered.

    English phrases ("working group") and domain words are translated first; a glossary
    word may bring Danish alternatives ("hospital" or "sygehus"). Framing words
    ("besluttet", "frist", "næste møde") are dropped; generic committee words are kept
    with a low weight and never required.
    """
    words: list[QueryWord] = []
    seen: set[str] = set()
    text = _phrases_in_danish(question) if language == "en" else question
    # Words written with a capital inside the question are names ("Venstres"), never verb forms.
    proper = {w.lower() for w in re.findall(r"(?<!^)(?<![.?!]\s)\b[A-ZÆØÅ]\w+", question)}
    for token in tokenize(text):
        alternatives: tuple[str, ...] = ()
        english_soft = language == "en" and token in SOFT_ENGLISH_WORDS
        if language == "en":
            token, *others = GLOSSARY_EN_DA.get(token, token).split("|")
            alternatives = tuple(others)
        elif token in SYNONYMS_DA:
            alternatives = tuple(SYNONYMS_DA[token].split("|"))
        else:
            alternatives = present_forms(token)
        if language == "da" and len(token) >= 5 and token.endswith("s") and not token.endswith("ss"):
            alternatives = (*alternatives, token[:-1])  # the genitive: "Industris" is "industri"
        if language == "da" and token.startswith("aller") and len(token) > 8:
            alternatives = (*alternatives, token[5:])  # "allerførste" is "første"
        if token in PARTY_LETTERS:
            alternatives = (*alternatives, PARTY_LETTERS[token])
        if not is_content_token(token) or token in FRAMING_WORDS:
            continue
        if token in _PERIOD_TOKENS and not (token in ORDINAL_QUARTER and not _is_quarter_ordinal(question, token)):
            # Ordinals stay content words unless they count a quarter ("arbejdsgruppens første møde").
            continue
        if re.fullmatch(r"(19|20)\d\d", token):
            # A year belongs to the period ("i 2024"), unless it is part of a name
            # ("Topmøde 2024", "the 2024 count"): then it helps find that one, never required.
            if _names_year(normalise(question), token):
                words.append(QueryWord(token, token, required=False, weight=0.5))
            continue
        if re.fullmatch(r"\d{1,2}", token):
            # Day numbers belong to the day, which is matched separately.
            # A bare number is kept only when it cannot be a day ("60 borgere").
            if _is_day_number(question, token):
                continue
        s = stem(token)
        if s in seen:
            continue
        seen.add(s)
        soft = token in SOFT_WORDS
        verb_form = language == "da" and _VERB_FORM_RE.search(token) and token not in proper
        if english_soft or token in QUESTION_VERBS or verb_form:
            # A passive or past-tense verb says what was done in words the minutes vary
            # ("reguleres" for "følger nettoprisindekset"): it ranks, the nouns must be covered.
            # Searched for with some weight, but never required.
            words.append(QueryWord(token, s, required=False, weight=0.5, alternatives=alternatives))
            continue
        words.append(QueryWord(token, s, required=not soft, weight=0.3 if soft else 1.0, alternatives=alternatives))
    return words


_VERB_FORM_RE = re.compile(r"^\w{4,}(?:es|ede)$")


def present_forms(token: str) -> tuple[str, ...]:
    """Other forms of a Danish past-tense verb, which the stemmer leaves apart: the question's
    "udpegede" is the decision's "udpeger"/"udpege", "meldte" the case's "melder"."""
    if len(token) >= 6 and token.endswith("ede"):
        return (token[:-3] + "er", token[:-3] + "e")
    if len(token) >= 6 and token.endswith("te") and token[-3] not in "aeiouyæøå":
        return (token[:-2] + "er", token[:-2] + "e")
    return ()


# Words before a year that make it a period ("i 2024", "in 2024", "budget for 2026-29").
_PERIOD_BEFORE_YEAR = frozenset([
    "i", "in", "for", "during", "året", "year", "fra", "til", "from", "to", "since", "siden", "of", "af", "inden",
    "før", "efter", "before", "after", "by", "og", "and", "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december", "january", "february", "march", "may", "june",
    "july", "october",
])  # fmt: skip  # a table kept compact


def _names_year(text: str, year: str) -> bool:
    """Whether the year in the (lower-case) question is part of a name ("Topmøde 2024", a
    budget period "2026-2029")."""
    if re.search(rf"\b{year}\s*[-–]\s*\d{{2,4}}\b|\b(?:19|20)\d\d\s*[-–]\s*{year}\b", text):
        return True
    m = re.search(rf"\b(\w+)\W+{year}\b", text)  # from word starts only: linear in long words
    return bool(m) and m.group(1) not in _PERIOD_BEFORE_YEAR and not m.group(1).isdigit()


def _is_quarter_ordinal(question: str, ordinal: str) -> bool:
    return bool(re.search(rf"\b{ordinal}\s+(kvartal|quarter)", normalise(question)))


def _is_day_number(question: str, number: str) -> bool:
    return bool(re.search(rf"\b{number}\.?\s+({MONTH_RE})\b", normalise(question)))
