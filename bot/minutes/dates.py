"""Danish temporal expressions in minutes: "d. 13. april", "uge 5", "3. kvartal 2021".

Dates and times are local wall-clock values as written; nothing here knows "today". A year-less
expression takes the year of `reference` (the meeting date) that fits a written weekday, else
puts it nearest the reference, leaning forward or back with the sentence (næste, frist / blev,
var; a lean triples the cost of the other way); in a meeting calendar a year written earlier
("Mødetider i 2021") wins. With no reference the nearest year written before is used, or the
expression is dropped.

Choices: a bare year counts only after a preposition ("i 2018": YEAR precision); seasons are
QUARTER, vinter = December to February; primo/medio/ultimo cover days 1-10, 11-20, 21-end of a
month; "inden årets udgang", "udgangen af maj" are the last DAY; numeric dates without a year
("12.2.") need "den", "d.", a weekday, "inden" or "senest" before them ("3.1." is an item number).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.minutes.model import DateKind, DateMention, Precision

__all__ = ["extract_dates", "parse_one"]

# (start, end, on) of the period an expression covers in a given year.
_Period = tuple[dt.date, dt.date, dt.date]
_Builder = Callable[[int], _Period]

_MONTH_NUMBERS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip  # a table kept compact
_FULL_MONTHS = {name for name in _MONTH_NUMBERS if len(name) > 4} | {"maj", "juni", "juli"}
_WEEKDAYS = {"mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5, "søndag": 6}
_ORDINALS = {"første": 1, "andet": 2, "anden": 2, "tredje": 3, "fjerde": 4}
_SEASON_MONTHS = {"forår": 3, "sommer": 6, "efterår": 9, "vinter": 12}

_L = "a-zæøåéü"  # letters that may continue a word
# A dot belongs to an abbreviated month ("aug."), never to a full name ("februar.").
_MONTH_RE = (
    rf"(?:(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)"
    rf"(?![{_L}])|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)(?![{_L}])\.?)"
)
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_WEEKDAY = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)"
_DAY_INTRO = r"(?:den\s+|d\.\s*|d\s+)"
_HOUR = r"\d{1,2}(?:[.:]\d{2})?"
_DASH = r"(?:-|–|—)"
_TIME = (
    rf"(?:\s*,?\s*(?:fra\s+)?(?:kl\.?|klokken)\s*(?P<t1>{_HOUR})"
    rf"(?:\s*(?:{_DASH}|til)\s*(?:kl\.?\s*)?(?P<t2>{_HOUR}))?(?![\d.:]\d))?"
)
_START = r"(?<![\w.,/])"  # not inside a word or a number like "9.8.1"

_F = re.IGNORECASE

_DAY_RANGE_RE = re.compile(
    rf"{_START}(?P<fra>fra\s+)?(?:(?P<wd1>{_WEEKDAY})\s*,?\s+)?{_DAY_INTRO}?(?P<d1>\d{{1,2}})\.\s*"
    rf"(?:(?P<m1>{_MONTH_RE})\s*(?P<y1>{_YEAR})?\s*)?"
    rf"(?P<conn>{_DASH}|til(?:\s+og\s+med)?|og|,)\s*(?:(?P<wd2>{_WEEKDAY})\s*,?\s+)?{_DAY_INTRO}?"
    rf"(?P<d2>\d{{1,2}})\.\s*(?P<m2>{_MONTH_RE})(?:\s*(?P<y2>{_YEAR}))?{_TIME}",
    _F,
)
_DAY_MONTH_RE = re.compile(
    rf"{_START}(?:(?P<wd>{_WEEKDAY})\s*,?\s+)?(?P<intro>{_DAY_INTRO})?(?P<d>\d{{1,2}})(?P<dot>\.)?\s*"
    rf"(?P<m>{_MONTH_RE})(?:\s*(?P<y>{_YEAR}))?{_TIME}",
    _F,
)
_NUMERIC_FULL_RE = re.compile(
    rf"{_START}(?:(?P<wd>{_WEEKDAY})\s*,?\s+)?(?P<intro>{_DAY_INTRO})?"
    r"(?:(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?:\s*(?:-|–|til)\s*(?P<rd>\d{1,2})(?P<rsep>[./])(?P<rm>\d{1,2})(?P=rsep)(?P<ry>\d{4}|\d{2}))?"
    r"|(?P<d_>\d{1,2})-(?P<m_>\d{1,2})-(?P<y_>\d{4})"
    r"|(?P<sd>\d{1,2})/(?P<sm>\d{1,2})(?P<ssep>-|\s+)(?P<sy>(?:19|20)\d{2})"  # "4/3-2021", "4/3 2021"
    r"|(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2}))"
    rf"(?![\w%]|[.,/-]\d){_TIME}",
    _F,
)
_NUMERIC_SHORT_RE = re.compile(
    rf"{_START}(?:(?P<wd>{_WEEKDAY})\s*,?\s+(?:{_DAY_INTRO})?|(?P<intro>den|d\.|d|inden|senest"
    rf"|(?:dato|mødedato|møde|mødet|mødetid|tidspunkt):)\s*)"
    rf"(?P<d>\d{{1,2}})[./](?P<m>\d{{1,2}})\.?(?![\d%]|[./,]\d){_TIME}",
    _F,
)
_MONTH_RANGE_RE = re.compile(
    rf"{_START}(?:(?P<prep>fra|i\s+perioden(?:\s+fra)?|perioden(?:\s+fra)?|i)\s+)?"
    rf"(?P<m1>{_MONTH_RE})\s*(?P<y1>{_YEAR})?\s*(?:{_DASH}|til(?:\s+og\s+med)?)\s*"
    rf"(?P<m2>{_MONTH_RE})(?:\s*(?P<y2>{_YEAR}))?",
    _F,
)
_PREP = r"i\s+løbet\s+af|hen\s+over|henover|i|fra|til|indtil|inden|senest|efter|før|siden|omkring"
_MONTH_LIST_RE = re.compile(
    rf"{_START}(?:(?P<prep>{_PREP})\s+)?(?P<first>{_MONTH_RE}(?:\s*{_YEAR})?)"
    rf"(?P<more>(?:\s*(?:,|og|eller)\s*{_MONTH_RE}(?:\s*{_YEAR})?)*)",
    _F,
)
_MONTH_ITEM_RE = re.compile(rf"(?P<m>{_MONTH_RE})(?:\s*(?P<y>{_YEAR}))?", _F)
_PART_RE = re.compile(
    rf"{_START}(?P<part>primo|medio|ultimo|(?:i\s+)?(?:begyndelsen|starten|midten|slutningen|udgangen)\s+af)"
    rf"\s+(?:(?P<m>{_MONTH_RE})(?:\s*(?P<y>{_YEAR}))?|(?P<yo>{_YEAR})|(?P<aret>året))",
    _F,
)
_YEAR_END_RE = re.compile(
    rf"{_START}(?P<prep>inden|før|til|ved|senest\s+ved|omkring)\s+"
    rf"(?:årets\s+udgang|årsskiftet|nytår(?:\s*(?P<y>{_YEAR}))?)(?![{_L}])",
    _F,
)
_PERIOD_RE = re.compile(
    rf"{_START}(?P<n>første|andet|anden|tredje|fjerde|[1-4]\.)\s*(?P<unit>kvartal|kvt\.|halvår)"
    rf"(?:et)?(?![{_L}])(?:\s*(?P<y>{_YEAR}))?"
    rf"|{_START}(?P<code>[qh][1-4])\s*[-/]?\s*(?P<cy>{_YEAR})",
    _F,
)
_WEEK_RE = re.compile(
    rf"{_START}(?:uge|ugerne)\s*(?P<w1>\d{{1,2}})(?:\s*(?:{_DASH}|og|til)\s*(?P<w2>\d{{1,2}}))?"
    rf"(?![\d%]|[.,/]\d)(?:\s*,?\s*(?P<y>{_YEAR}))?",
    _F,
)
_SEASON_RE = re.compile(
    rf"{_START}(?:(?P<prep>i\s+løbet\s+af|hen\s+over|henover|i|fra|til|inden|efter|over)\s+)?"
    rf"(?P<s>forår|sommer|efterår|vinter)(?P<def>en|et)?(?![{_L}])(?:\s*(?P<y>{_YEAR}))?",
    _F,
)
_BARE_YEAR_RE = re.compile(
    rf"{_START}(?P<prep>i\s+løbet\s+af|i|fra|inden|senest|siden|efter|før|indtil)\s+"
    rf"(?P<y>{_YEAR})(?:\s*(?:{_DASH}|til)\s*(?P<y2>{_YEAR}))?(?![%]|[-–][{_L}\d])",
    _F,
)
_ANY_YEAR_RE = re.compile(r"(?:19|20)\d{2}(?!\d)")

# Sentence classification.
_DEADLINE_FAR = re.compile(r"\b(?:[\wæøå]*frist(?:en|er|ens|erne|ernes)?|deadline[\wæøå]*)\b", _F)
_DEADLINE_NEAR = re.compile(r"\b(?:inden|senest)\b", _F)
_NEXT_MEETING = re.compile(r"\b(?:næste|kommende|førstkommende)\s+[\wæøå-]*møde(?:t)?\b", _F)
_STATUS_DUE = re.compile(
    r"\b(?:næste\s+status|(?:gives|gi'?s)\s+(?:en\s+)?(?:ny\s+)?status|ny\s+status|status\s+gives"
    r"|følges\s+op|følge\s+op|tages\s+op|genoptages|forelægges\s+igen|vender\s+tilbage)\b",
    _F,
)
_FORWARD_STRONG = re.compile(r"\b(?:næste|kommende|deadline|frist|svarfrist|senest)\b", _F)
_FORWARD = re.compile(
    r"\b(?:inden|skal|vil|forventes|forventeligt|forventer|planlagt|planlægges|planer|fremover"
    r"|afholdes|igangsættes|påbegyndes|snarest)\b",
    _F,
)
_BACKWARD = re.compile(
    r"\b(?:blev|var|havde|udsendt|afholdt|godkendte|besluttede|besluttet|startede|startet"
    r"|viste|fandt|afsatte|afleveret|modtaget|sendt|gennemført|afsluttet|tidligere|sidste)\b",
    _F,
)
_HAR = re.compile(r"\bhar\b", _F)
_FUTURE_KINDS = (DateKind.NEXT_MEETING, DateKind.STATUS_DUE)
_CLAUSE_BREAK = re.compile(r";|,\s*(?:og|men|mens|hvor|samt|eller|så)\b", _F)
_NEAR_CHARS = 25  # how close "inden"/"senest" must stand to count as a deadline cue
_LEAN_FACTOR = 3  # cost multiplier for resolving against the sentence's direction

# Sentence splitting.
_FOLD = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?P<punct>[.!?]+)[\"”’)]*(?P<ws>\s+)(?=\S)")
_LINE_BREAK = re.compile(r"\n\s*")
_WORD_BEFORE_DOT = re.compile(r"[\w.]{1,12}$")
_BULLET = re.compile(r"[-–•·*\uf0b7\uf0a7o▪►]\s|\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-ZÆØÅ]")
# Words a line can end with mid-sentence even before a capitalised name ("og Region Syddanmark").
_CONTINUATION_WORDS = {
    "og", "i", "på", "til", "med", "for", "af", "fra", "om", "at", "en", "et", "den", "det", "de",
    "samt", "eller", "ved", "hos", "mellem", "under", "over", "efter", "som", "v", "ift", "vedr",
}  # fmt: skip  # a table kept compact
_ABBREVIATIONS = {
    "d", "kl", "ca", "bl.a", "f.eks", "fx", "jf", "jvf", "evt", "nr", "ift", "vedr", "inkl",
    "dvs", "pga", "mht", "hhv", "iflg", "tlf", "st", "s", "dr", "hr", "fr", "ang", "ex", "ml",
    "pkt", "bl", "mf", "mm", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "okt", "nov", "dec", "kvt", "mio", "mia",
}  # fmt: skip  # a table kept compact
_LEADING_BULLET = re.compile(r"^(?:[-–•·*\uf0b7\uf0a7▪►]\s*)+")


@dataclass(slots=True)
class _Candidate:
    """One date expression before its year is resolved."""

    text_start: int
    text_end: int
    precision: Precision
    build: _Builder
    year: int | None = None  # written year; None means infer it
    weekday: int | None = None
    this_year: bool = False  # "årets udgang": the reference year itself
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    forced_kind: DateKind | None = None
    bare_year: bool = False


@dataclass(slots=True)
class _Hit:
    """A regex match claiming a span of the text; its candidates stand or fall together."""

    start: int
    end: int
    candidates: list[_Candidate] = field(default_factory=list)


def extract_dates(
    text: str, reference: dt.date | None, *, default_kind: DateKind = DateKind.EVENT
) -> list[DateMention]:
    """Every Danish date or period in `text`, in text order (see the module docstring);
    `default_kind` is for sentences that say nothing more specific."""
    hits = _select(_find_hits(text))
    if not hits:
        return []
    sentences = _sentence_bounds(text)
    years = [
        (m.start(), int(m.group()))
        for m in _ANY_YEAR_RE.finditer(text)
        if m.start() == 0 or text[m.start() - 1] not in "0123456789.,+"
    ]
    year_positions = [p for p, _ in years]
    mentions: list[DateMention] = []
    previous_end_in_sentence: dict[int, int] = {}
    for number, hit in enumerate(hits):
        # A cue after the next date belongs to that date: in "Tilmelding åbner den 1. februar,
        # og der er frist for tilmelding den 19. februar" only the second is a deadline.
        next_start = hits[number + 1].start if number + 1 < len(hits) else len(text)
        for cand in hit.candidates:
            index = bisect.bisect_right(sentences, cand.text_start) - 1
            s_start = sentences[index] if index >= 0 else 0
            s_end = sentences[index + 1] if index + 1 < len(sentences) else len(text)
            sentence = _fold(text[s_start:s_end])
            k = bisect.bisect_left(year_positions, hit.start) - 1
            context_year = years[k][1] if k >= 0 else None
            period = _resolve(cand, reference, context_year, sentence, default_kind)
            if period is None:
                continue
            prefix_from = max(s_start, previous_end_in_sentence.get(index, s_start))
            kind = _classify(
                cand,
                prefix=_fold(text[prefix_from : cand.text_start]),
                suffix=_fold(text[cand.text_end : max(cand.text_end, min(s_end, next_start))]),
                end=period[1],
                reference=reference,
                default_kind=default_kind,
            )
            if kind in _FUTURE_KINDS and reference is not None and period[1] < reference:
                # A next meeting or a status due lies ahead of the meeting that mentions it.
                period = _resolve(cand, reference, context_year, sentence, default_kind, future=True)
                if period is None:
                    continue
            start, end, on = period
            previous_end_in_sentence[index] = cand.text_end
            mentions.append(
                DateMention(
                    on=on,
                    start=start,
                    end=end,
                    precision=cand.precision,
                    kind=kind,
                    text=_fold(text[cand.text_start : cand.text_end]),
                    sentence=_LEADING_BULLET.sub("", sentence),
                    start_time=cand.start_time,
                    end_time=cand.end_time,
                )
            )
    return mentions


def parse_one(text: str, reference: dt.date | None) -> DateMention | None:
    """The first date in a header line ("Mødetid: Onsdag d 2. september kl. 09.00 -12.00"), or None."""
    mentions = extract_dates(text, reference)
    return mentions[0] if mentions else None


# --- finding -------------------------------------------------------------------------


def _find_hits(text: str) -> list[_Hit]:
    """Run every rule, trying its full pattern only at word starts just before its anchors: full
    patterns open with optional words and a look-behind, so the engine cannot skip ahead fast."""
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lowers to two characters; keep offsets aligned
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    anchors_by_regex: dict[re.Pattern[str], list[int]] = {}
    hits: list[_Hit] = []
    for anchor, pattern, handler in _RULES:
        if anchor not in anchors_by_regex:
            anchors_by_regex[anchor] = [m.start() for m in anchor.finditer(lowered)]
        seen: set[tuple[int, int]] = set()
        for a_start in anchors_by_regex[anchor]:
            for word in _WORD.finditer(text, max(0, a_start - _BEHIND), a_start + 1):
                match = pattern.match(text, word.start())
                if match is None or match.end() <= a_start:
                    continue
                if match.span() not in seen:
                    seen.add(match.span())
                    hit = handler(match)
                    if hit is not None:  # a hit without candidates still claims its span
                        hits.append(hit)
                break
    return hits


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Keep the earliest, then longest, of overlapping hits."""
    hits.sort(key=lambda h: (h.start, -h.end))
    chosen: list[_Hit] = []
    last_end = -1
    for hit in hits:
        if hit.start >= last_end:
            chosen.append(hit)
            last_end = hit.end
    return chosen


def _on_day_range(m: re.Match[str]) -> _Hit | None:
    d1, d2 = int(m["d1"]), int(m["d2"])
    m2 = _month(m["m2"])
    m1 = _month(m["m1"]) if m["m1"] else m2
    y1 = int(m["y1"]) if m["y1"] else None
    y2 = int(m["y2"]) if m["y2"] else None
    times = _times(m)
    if m["conn"] in ("og", ","):
        return _day_pair(m, d1, m1, y1, d2, m2, y2, times)

    if y1 is not None and y2 is not None:

        def build(_: int) -> _Period:
            start = dt.date(y1, m1, d1)
            return start, dt.date(y2, m2, d2), start

    else:

        def build(year: int) -> _Period:  # year of the first day; the range may cross New Year
            start, end = dt.date(year, m1, d1), dt.date(year, m2, d2)
            if end < start:
                end = dt.date(year + 1, m2, d2)
            return start, end, start

    year = y1
    if year is None and y2 is not None:
        year = y2 if (m1, d1) <= (m2, d2) else y2 - 1
    cand = _Candidate(m.start(), m.end(), Precision.DAY, build, year=year)
    cand.start_time, cand.end_time = times
    return _Hit(m.start(), m.end(), [cand]) if _valid(cand) else None


def _day_pair(
    m: re.Match[str],
    d1: int,
    m1: int,
    y1: int | None,
    d2: int,
    m2: int,
    y2: int | None,
    times: tuple[dt.time | None, dt.time | None],
) -> _Hit | None:
    """ "den 3. og 4. maj 2021": two days, not a period; the written month and year are shared."""
    if m["fra"]:
        return None
    first_end = m.end("y1") if m["y1"] else m.end("m1") if m["m1"] else m.end("d1") + 1
    first = _day_candidate(m.start(), first_end, d1, m1, y1 if y1 is not None else y2, m["wd1"])
    second_start = m.start("wd2") if m["wd2"] else m.start("d2")
    second = _day_candidate(second_start, m.end(), d2, m2, y2, m["wd2"])
    if first is None or second is None:
        return None
    second.start_time, second.end_time = times
    return _Hit(m.start(), m.end(), [first, second])


def _day_candidate(
    start: int, end: int, day: int, month: int, year: int | None, weekday: str | None
) -> _Candidate | None:
    cand = _Candidate(
        start,
        end,
        Precision.DAY,
        lambda y: _same(dt.date(y, month, day)),
        year=year,
        weekday=_WEEKDAYS[weekday.lower()] if weekday else None,
    )
    return cand if _valid(cand) else None


def _on_day_month(m: re.Match[str]) -> _Hit | None:
    if not m["dot"] and not m["intro"] and not m["wd"]:
        return None  # "2 mar" without "den"/"d." or a dot is too weak
    cand = _day_candidate(m.start(), m.end(), int(m["d"]), _month(m["m"]), int(m["y"]) if m["y"] else None, m["wd"])
    if cand is None:
        return _Hit(m.start(), m.end())  # "31. april": no date, and not "april" either
    cand.start_time, cand.end_time = _times(m)
    return _Hit(m.start(), m.end(), [cand])


def _on_numeric_full(m: re.Match[str]) -> _Hit | None:
    if m["d"]:
        day, month, year_text = m["d"], m["m"], m["y"]
    elif m["d_"]:
        day, month, year_text = m["d_"], m["m_"], m["y_"]
    elif m["sd"]:
        if m["ssep"] != "-" and not (m["intro"] or m["wd"]):
            return None  # "Side 4/9 2021" is a page number and a year
        day, month, year_text = m["sd"], m["sm"], m["sy"]
    else:
        day, month, year_text = m["id"], m["im"], m["iy"]
    cand = _day_candidate(m.start(), m.end(), int(day), int(month), _full_year(year_text), m["wd"])
    if cand is None:
        return None
    if m["rd"]:  # "1.1.2020-31.12.2020"
        try:
            first = cand.build(cand.year or 0)[0]
            last = dt.date(_full_year(m["ry"]), int(m["rm"]), int(m["rd"]))
        except ValueError:
            return None
        if last < first:
            return None
        cand.build = lambda _: (first, last, first)
    cand.start_time, cand.end_time = _times(m)
    return _Hit(m.start(), m.end(), [cand])


def _full_year(text: str) -> int:
    """ "19" is 2019 and "98" is 1998: minutes are recent, birth years are not dates here."""
    year = int(text)
    if year < 100:
        year += 2000 if year < 70 else 1900
    return year


def _on_numeric_short(m: re.Match[str]) -> _Hit | None:
    intro = (m["intro"] or "").lower()
    text_start = m.start("d") if intro in ("inden", "senest") or intro.endswith(":") else m.start()
    cand = _day_candidate(text_start, m.end(), int(m["d"]), int(m["m"]), None, m["wd"])
    if cand is None:
        return None
    cand.start_time, cand.end_time = _times(m)
    return _Hit(m.start(), m.end(), [cand])


def _on_month_range(m: re.Match[str]) -> _Hit | None:
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    y1 = int(m["y1"]) if m["y1"] else None
    y2 = int(m["y2"]) if m["y2"] else None
    if y1 is None and y2 is None:
        words = (m["m1"].rstrip("."), m["m2"].rstrip("."))
        if not m["prep"] and not all(w in _FULL_MONTHS for w in words):
            return None
        if not all(w.islower() and w != "jul" for w in words):
            return None

    def build(year: int) -> _Period:
        start = dt.date(year, m1, 1)
        end_year = y2 if (y1 is not None and y2 is not None) else (year if m2 >= m1 else year + 1)
        end = _month_end(end_year, m2)
        return start, end, start

    year = y1 if y1 is not None else (None if y2 is None else (y2 if m1 <= m2 else y2 - 1))
    text_start = m.start("m1")
    cand = _Candidate(text_start, m.end(), Precision.MONTH, build, year=year)
    return _Hit(m.start(), m.end(), [cand]) if _valid(cand) else None


def _on_month_list(m: re.Match[str]) -> _Hit | None:
    items = [_MONTH_ITEM_RE.match(m["first"])]
    offsets = [m.start("first")]
    if m["more"]:
        for item in _MONTH_ITEM_RE.finditer(m["more"]):
            items.append(item)
            offsets.append(m.start("more"))
    any_year = any(item["y"] for item in items if item)
    if not any_year:
        words = [item["m"].rstrip(".") for item in items if item]
        if not m["prep"] or not all(w.islower() and w != "jul" for w in words):
            return None
    candidates: list[_Candidate] = []
    for i, (item, offset) in enumerate(zip(items, offsets, strict=True)):
        if item is None:
            return None
        year_text = item["y"] or next((later["y"] for later in items[i + 1 :] if later and later["y"]), None)
        month = _month(item["m"])
        candidates.append(
            _Candidate(
                offset + item.start(),
                offset + item.end(),
                Precision.MONTH,
                lambda y, month=month: (dt.date(y, month, 1), _month_end(y, month), dt.date(y, month, 1)),
                year=int(year_text) if year_text else None,
            )
        )
    return _Hit(m.start(), m.end(), candidates)


def _on_part(m: re.Match[str]) -> _Hit | None:
    part = _FOLD.sub(" ", m["part"].lower()).removeprefix("i ")
    kind = {"primo": 0, "begyndelsen af": 0, "starten af": 0, "medio": 1, "midten af": 1}.get(part, 2)
    is_end = part == "udgangen af"
    if m["m"]:
        month = _month(m["m"])
        year = int(m["y"]) if m["y"] else None

        def build(y: int) -> _Period:
            last = _month_end(y, month)
            if is_end:
                return _same(last)
            first = dt.date(y, month, (1, 11, 21)[kind])
            end = last if kind == 2 else dt.date(y, month, (10, 20)[kind])
            return first, end, first

        precision = Precision.DAY if is_end else Precision.MONTH
        cand = _Candidate(m.start(), m.end(), precision, build, year=year)
        return _Hit(m.start(), m.end(), [cand])

    year = int(m["yo"]) if m["yo"] else None

    def build_year(y: int) -> _Period:
        if is_end:
            return _same(dt.date(y, 12, 31))
        first, last = ((1, 3), (5, 8), (10, 12))[kind]
        start = dt.date(y, first, 1)
        return start, _month_end(y, last), start

    precision = Precision.DAY if is_end else Precision.QUARTER
    cand = _Candidate(m.start(), m.end(), precision, build_year, year=year, this_year=m["aret"] is not None)
    return _Hit(m.start(), m.end(), [cand])


def _on_year_end(m: re.Match[str]) -> _Hit:
    prep = m["prep"].lower()
    forced = DateKind.DEADLINE if prep in ("inden", "før", "til") or prep.startswith("senest") else None
    year = int(m["y"]) if m["y"] else None
    cand = _Candidate(
        m.start(),
        m.end(),
        Precision.DAY,
        lambda y: _same(dt.date(y, 12, 31)),
        year=year,
        this_year=year is None,
        forced_kind=forced,
    )
    return _Hit(m.start(), m.end(), [cand])


def _on_period(m: re.Match[str]) -> _Hit | None:
    if m["code"]:
        unit = "kvartal" if m["code"][0].lower() == "q" else "halvår"
        n = int(m["code"][1])
        year: int | None = int(m["cy"])
    else:
        unit = "halvår" if m["unit"].lower().startswith("halv") else "kvartal"
        word = m["n"].lower()
        n = _ORDINALS[word] if word in _ORDINALS else int(word.rstrip("."))
        year = int(m["y"]) if m["y"] else None
        if year is None and word in ("andet", "anden"):
            return None  # "et andet halvår" ("another half year") needs a year to be a period
    months = 3 if unit == "kvartal" else 6
    if n > 12 // months:
        return None

    def build(y: int) -> _Period:
        start = dt.date(y, (n - 1) * months + 1, 1)
        return start, _month_end(y, n * months), start

    precision = Precision.QUARTER if unit == "kvartal" else Precision.HALF_YEAR
    return _Hit(m.start(), m.end(), [_Candidate(m.start(), m.end(), precision, build, year=year)])


def _on_week(m: re.Match[str]) -> _Hit | None:
    w1 = int(m["w1"])
    w2 = int(m["w2"]) if m["w2"] else w1
    if not 1 <= w1 <= w2 <= 53:
        return None

    def build(y: int) -> _Period:
        start = dt.date.fromisocalendar(y, w1, 1)
        return start, dt.date.fromisocalendar(y, w2, 7), start

    year = int(m["y"]) if m["y"] else None
    cand = _Candidate(m.start(), m.end(), Precision.WEEK, build, year=year)
    return _Hit(m.start(), m.end(), [cand]) if _valid(cand) else None


def _on_season(m: re.Match[str]) -> _Hit | None:
    if not m["y"] and not (m["def"] and m["prep"]):
        return None  # "sommer" alone is not a date; "i sommeren", "sommer 2020" are
    first_month = _SEASON_MONTHS[m["s"].lower()]

    def build(y: int) -> _Period:
        start = dt.date(y, first_month, 1)
        end_month = first_month + 2
        end = _month_end(y, end_month) if end_month <= 12 else _month_end(y + 1, end_month - 12)
        return start, end, start

    year = int(m["y"]) if m["y"] else None
    return _Hit(m.start(), m.end(), [_Candidate(m.start("s"), m.end(), Precision.QUARTER, build, year=year)])


def _on_bare_year(m: re.Match[str]) -> _Hit:
    y1 = int(m["y"])
    y2 = int(m["y2"]) if m["y2"] else y1
    cand = _Candidate(
        m.start("y"),
        m.end(),
        Precision.YEAR,
        lambda _: (dt.date(y1, 1, 1), dt.date(y2, 12, 31), dt.date(y1, 1, 1)),
        year=y1,
        bare_year=True,
    )
    return _Hit(m.start(), m.end(), [cand])


# Anchors run on the lower-cased text and start with a literal or a character class, which
# the regex engine can skip to quickly.
_MONTH_ANCHOR = re.compile(
    rf"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
    rf"|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)(?![{_L}])"
)
_MONTH_WORD = r"(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)"
_WORD = re.compile(r"\w+")
_BEHIND = 60  # characters before an anchor where a match may start ("i perioden fra", a weekday)
_RULES: list[tuple[re.Pattern[str], re.Pattern[str], Callable[[re.Match[str]], _Hit | None]]] = [
    (re.compile(r"(?:-|–|—|til|og|,)\s*(?:den\s+|d\.\s*|d\s+)?\d{1,2}\."), _DAY_RANGE_RE, _on_day_range),
    (re.compile(rf"\d{{1,2}}\.?\s*{_MONTH_WORD}"), _DAY_MONTH_RE, _on_day_month),
    (re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{2}|\d{1,2}/\d{1,2}\s+[12]\d{3}"), _NUMERIC_FULL_RE, _on_numeric_full),
    (
        re.compile(r"(?:den|d|inden|senest|dag|dato|møde|mødet|mødetid|tidspunkt)[.,:]?\s*\d{1,2}[./]\d"),
        _NUMERIC_SHORT_RE,
        _on_numeric_short,
    ),
    (_MONTH_ANCHOR, _MONTH_RANGE_RE, _on_month_range),
    (_MONTH_ANCHOR, _MONTH_LIST_RE, _on_month_list),
    (re.compile(r"(?:primo|medio|ultimo|begyndelsen|starten|midten|slutningen|udgangen)"), _PART_RE, _on_part),
    (re.compile(r"(?:årets|årsskiftet|nytår)"), _YEAR_END_RE, _on_year_end),
    (re.compile(r"(?:kvartal|kvt|halvår|q[1-4]|h[12])"), _PERIOD_RE, _on_period),
    (re.compile(r"uge"), _WEEK_RE, _on_week),
    (re.compile(r"(?:forår|sommer|efterår|vinter)"), _SEASON_RE, _on_season),
    (re.compile(r"(?:i|fra|inden|senest|siden|efter|før|indtil|af)\s+(?:19|20)\d\d"), _BARE_YEAR_RE, _on_bare_year),
]


# --- resolving -----------------------------------------------------------------------


def _resolve(
    cand: _Candidate,
    reference: dt.date | None,
    context_year: int | None,
    sentence: str,
    default_kind: DateKind,
    *,
    future: bool = False,
) -> _Period | None:
    if cand.year is not None:
        return _try(cand.build, cand.year)
    if cand.this_year:
        year = reference.year if reference is not None else context_year
        return None if year is None else _try(cand.build, year)
    if reference is None:
        if context_year is None:
            return None
        order = [context_year, context_year + 1, context_year - 1]
        if cand.weekday is not None:
            for y in order:
                period = _try(cand.build, y)
                if period is not None and period[2].weekday() == cand.weekday:
                    return period
        return _try(cand.build, context_year)

    years = [reference.year - 1, reference.year, reference.year + 1]
    calendar_year = context_year if default_kind == DateKind.CALENDAR_MEETING else None
    if calendar_year is not None and calendar_year not in years:
        years.append(calendar_year)
    periods = {y: p for y in years if (p := _try(cand.build, y)) is not None}
    if future:
        periods = {y: p for y, p in periods.items() if p[1] >= reference} or periods
    if cand.weekday is not None:
        matching = {y: p for y, p in periods.items() if p[2].weekday() == cand.weekday}
        if matching:
            periods = matching
    if not periods:
        return None
    if calendar_year in periods:
        return periods[calendar_year]
    lean = _lean(sentence)

    def cost(item: tuple[int, _Period]) -> tuple[int, int]:
        year, (start, end, _) = item
        if start <= reference <= end:
            return 0, 0
        past = end < reference
        distance = (reference - end).days if past else (start - reference).days
        if (lean > 0 and past) or (lean < 0 and not past):
            distance *= _LEAN_FACTOR
        return distance, -year if lean >= 0 else year

    return min(periods.items(), key=cost)[1]


def _lean(sentence: str) -> float:
    """Positive when the sentence looks ahead, negative when it looks back."""
    forward = 2 * len(_FORWARD_STRONG.findall(sentence)) + len(_FORWARD.findall(sentence))
    backward = len(_BACKWARD.findall(sentence)) + 0.5 * len(_HAR.findall(sentence))
    return forward - backward


def _classify(
    cand: _Candidate,
    *,
    prefix: str,
    suffix: str,
    end: dt.date,
    reference: dt.date | None,
    default_kind: DateKind,
) -> DateKind:
    if cand.forced_kind is not None:
        return cand.forced_kind
    if _DEADLINE_FAR.search(prefix):
        return DateKind.DEADLINE
    tail = prefix[-_NEAR_CHARS:]
    for near in _DEADLINE_NEAR.finditer(tail):
        # "senest i sommeren 2020" about the past means "most recently", not a deadline.
        if near.group().lower() == "senest" and reference is not None and end < reference:
            continue
        return DateKind.DEADLINE
    best: tuple[int, DateKind] | None = None
    if cand.precision != Precision.YEAR:
        for pattern, kind in ((_NEXT_MEETING, DateKind.NEXT_MEETING), (_STATUS_DUE, DateKind.STATUS_DUE)):
            for match in pattern.finditer(prefix):
                if best is None or match.end() > best[0]:
                    best = (match.end(), kind)
    if best is not None:
        return best[1]
    # "den 22. februar er fristen", but not across a new clause ("…, og der er frist …").
    if _DEADLINE_FAR.search(_CLAUSE_BREAK.split(suffix[:40], maxsplit=1)[0]):
        return DateKind.DEADLINE
    if cand.bare_year and default_kind == DateKind.CALENDAR_MEETING:
        return DateKind.EVENT  # "Mødetider i 2021" itself is not a meeting
    return default_kind


# --- sentences -----------------------------------------------------------------------


def _sentence_bounds(text: str) -> list[int]:
    """Start offsets of the sentences (or list lines) of `text`, ascending, from 0."""
    bounds = {0}
    for m in _SENTENCE_END.finditer(text):
        nxt = m.end()
        following = text[nxt]
        before = _WORD_BEFORE_DOT.search(text, max(0, m.start() - 12), m.start())
        word = before.group().lower().rstrip(".") if before else ""
        if m["punct"] == "." and word in _ABBREVIATIONS:
            continue
        if m["punct"] == "." and re.fullmatch(r"[\d.]+", word or "x"):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if not text[line_start : m.start() - len(word)].strip():
                continue  # "3.1. Samarbejde": a list or item number, not an end
        if following.isupper() or following in '-–•\uf0b7"”' or (following.isdigit() and "\n" in m["ws"]):
            bounds.add(nxt)
    for m in _LINE_BREAK.finditer(text):
        nxt = m.end()
        if nxt >= len(text):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start : m.start()].rstrip()  # the line the break ends
        last = before[-1:]
        rest = text[nxt : nxt + 40]
        if _BULLET.match(rest):
            bounds.add(nxt)
            continue
        if rest[:1].isdigit():
            # A line starting with a number follows a heading or another numbered line
            # ("Mødeplan 2021:" / "5. maj" / "8. december"); otherwise it continues a sentence.
            if last in ".:;!?)]" or last.isdigit() or before[:1].isdigit():
                bounds.add(nxt)
            continue
        if not rest[:1].isupper():
            continue
        if last in ",-–(&/":
            continue
        if last.isalpha() and last.islower():
            # A paragraph break or a short heading line ends a sentence; a bare line wrap does not.
            paragraph = m.group().count("\n") > 1
            last_word = before.rsplit(None, 1)[-1].lower().rstrip(".") if before else ""
            # A line of a few words standing alone is a heading ("Referat", "Kroniske smertepatienter").
            if not (paragraph or len(before.split()) <= 4) or last_word in _CONTINUATION_WORDS:
                continue
        bounds.add(nxt)
    return sorted(bounds)


# --- helpers -------------------------------------------------------------------------


def _fold(text: str) -> str:
    return _FOLD.sub(" ", text).strip()


def _month(word: str) -> int:
    return _MONTH_NUMBERS[word.lower().rstrip(".")]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _same(day: dt.date) -> _Period:
    return day, day, day


def _try(build: _Builder, year: int) -> _Period | None:
    try:
        return build(year)
    except ValueError:  # 29 February, week 53, day 31 of a short month
        return None


def _valid(cand: _Candidate) -> bool:
    """Whether the expression names a real date in its own year or in some year (29/2)."""
    if cand.year is not None:
        return _try(cand.build, cand.year) is not None
    return any(_try(cand.build, y) is not None for y in (2020, 2021, 2024, 2026))


def _times(m: re.Match[str]) -> tuple[dt.time | None, dt.time | None]:
    start = _time(m["t1"]) if m["t1"] else None
    return (start, _time(m["t2"]) if m["t2"] else None) if start is not None else (None, None)


def _time(text: str) -> dt.time | None:
    parts = re.split(r"[.:]", text)
    hour = int(parts[0])
    minute = int(parts[1]) if len(parts) > 1 else 0
    if hour > 24 or minute > 59:
        return None
    return dt.time(0 if hour == 24 else hour, minute)
