"""Find the meeting, the agenda items and their sections in the text of a set of minutes.

Built for the genre of Danish committee minutes, not one layout. PDF exports carry noise that
looks like structure (stale header fragments from older minutes, numbered lists inside items,
references such as "9.8.1"), so the item headings are the best-scoring *chain* of candidates whose
numbers follow each other (n → n+1, n → n.1, n.m → n.(m+1), n.m → n+1), not lines matched one by one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import statistics
from dataclasses import dataclass, field

from bot.minutes.clean import clean_lines, is_bullet
from bot.minutes.dates import extract_dates, parse_one
from bot.minutes.errors import UnreadableDocument
from bot.minutes.model import (
    AgendaItem,
    DateKind,
    DateMention,
    DocumentKind,
    Meeting,
    Minutes,
    Precision,
    Section,
    SectionKind,
)
from bot.minutes.outcomes import read_outcomes
from bot.words import format_date

# --- item headings ---------------------------------------------------------------------

_ITEM_RE = re.compile(
    r"^(?P<prefix>(?:punkt|pkt\.?|ad(?:\s+(?:punkt|pkt\.?))?)\s*)?"
    r"(?P<num>\d{1,3}(?:\.\d{1,2}){0,3})(?!\d)(?P<dot>\.)?"
    r"(?:\s*[:.)–-]\s*|\s+)(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# "14-03-2023 kl. 15:00", "10.02.2022": a date opening a line, never item 14 or 10.2.
_DATE_START_RE = re.compile(r"^\d{1,2}[-./]\d{1,2}[-./](?:\d{4}|\d{2})(?!\d)")
_CLOCK_START_RE = re.compile(r"^(?:kl\.?\s*)?\d{1,2}[:.]\d{2}(?:\s*(?:-|–|til)\s*\d{1,2}[:.]\d{2})?(?:\s|$)", re.I)
_NUMBER_ONLY_RE = re.compile(r"^(?:(?:punkt|pkt\.?)\s*)?(?P<num>\d{1,3}(?:\.\d{1,2}){0,3})\.?$", re.I)
_MONTHS = (
    "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_DATE_TITLE_RE = re.compile(rf"^(?:{_MONTHS})\b\.?", re.IGNORECASE)
_TIME_RANGE_RE = re.compile(
    r"\(\s*(?P<a>(?:kl\.?\s*)?(?P<h1>\d{1,2})[.:](?P<m1>\d{2})\s*[-–]\s*(?:kl\.?\s*)?"
    r"(?P<h2>\d{1,2})[.:](?P<m2>\d{2}))\s*\)"
    r"|(?P<b>\bkl\.?\s*(?P<h3>\d{1,2})[.:](?P<m3>\d{2})\s*[-–]\s*(?:kl\.?\s*)?"
    r"(?P<h4>\d{1,2})[.:](?P<m4>\d{2}))",
    re.IGNORECASE,
)
_DURATION_RE = re.compile(
    r"\(\s*(?P<a>(?:ca\.?\s*)?(?P<n1>\d{1,3})\s*\)?\s*min(?:utter|\.)?)\s*\)?"
    r"|(?P<b>\b(?:ca\.?\s*)?(?P<n2>\d{1,3})\s*min(?:utter|\.)?)(?!\w)",
    re.IGNORECASE,
)
_PRESENTER_SPLIT_RE = re.compile(r"\s+(?:/|v/|v\.|v|ved|oplæg v\.?|oplæg ved)\s+", re.IGNORECASE)
_NAME_TOKEN_RE = re.compile(r"^(?:[A-ZÆØÅÄÖÜÉ][\w'’.-]*|[A-ZÆØÅ]\.?|og|&|,|von|van|de|la)$")
_SLASH_SPACE_RE = re.compile(r"(?<=\w)/ (?=\w)")

# --- sections --------------------------------------------------------------------------

_SECTION_RE = re.compile(
    r"^(?P<label>indstilling(?:er)?|forslag til beslutning|sagsfremstilling|sagsbeskrivelse|"
    r"referat|beslutning(?:er)?|bilag|(?:notat|status|note|opfølgning|tilføjelse)\s+efter\s+mødet)"
    r"\b\s*(?P<colon>:)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_NOTE_INLINE_RE = re.compile(
    r"(?<=\S)\s+(?=(?:notat|status|note|opfølgning|tilføjelse)\s+efter\s+mødet\s*:)", re.IGNORECASE
)
_SECTION_KINDS = {
    "indstilling": SectionKind.INDSTILLING,
    "indstillinger": SectionKind.INDSTILLING,
    "forslag til beslutning": SectionKind.INDSTILLING,
    "sagsfremstilling": SectionKind.SAGSFREMSTILLING,
    "sagsbeskrivelse": SectionKind.SAGSFREMSTILLING,
    "referat": SectionKind.REFERAT,
    "beslutning": SectionKind.REFERAT,
    "beslutninger": SectionKind.REFERAT,
    "bilag": SectionKind.BILAG,
}
# Headings of committee-system exports (FirstAgenda-like, regional councils), recognised only
# when they stand alone on their line: "Resume", "BAGGRUND", "POLITISK BEHANDLING".
_EXTRA_SECTION_RE = re.compile(
    r"^(?P<label>resum[eé]|sammenfatning|baggrund|sagens\s+(?:baggrund|indhold|forløb)|sagsforløb|beskrivelse\s+af\s+sagen|"
    r"beslutningspunkter|"
    r"(?:supplerende\s+)?(?:sags)?fremstilling|sagsprocedure|øvrige\s+(?:konsekvenser|forhold)|"
    r"(?:økonomiske\s+|administrative\s+|bevillingsmæssige\s+)?konsekvenser|økonomi|risikovurdering|"
    r"kommunikation|tidsplan(?:\s+og\s+videre\s+proces)?|videre\s+proces|lovgrundlag|retsgrundlag|"
    r"høring|(?:forvaltningens\s+|administrationens\s+)?vurdering|direktørpåtegning|"
    r"politisk\s+behandling|udvalgets\s+beslutning|afgørelse|bilagsfortegnelse)\s*:?$",
    re.IGNORECASE,
)
# Headings no referat writes as a line of its own: a system export that puts the decision first
# goes on with them ("Beslutning" … "Fremstilling", "Resume", "Sagsbeskrivelse").
_STRONG_SECTION_RE = re.compile(
    r"^(?:resum[eé]|sammenfatning|(?:supplerende\s+)?(?:sags)?fremstilling|sagsbeskrivelse|sagsprocedure|"
    r"beskrivelse\s+af\s+sagen|sagens\s+(?:baggrund|indhold|forløb)|sagsforløb|lovgrundlag|retsgrundlag|"
    r"økonomiske\s+konsekvenser|bilagsfortegnelse|beslutningspunkter)$",
    re.IGNORECASE,
)
# "Beslutning i Udvalget for Ældre og Sundhed den 04-06-2020": a decision heading with its forum.
_DECISION_HEADING_RE = re.compile(
    r"^(?P<label>beslutning|referat|politisk\s+behandling)\s+(?:i|fra|på|af)\s+[^.:;]{3,100}$", re.IGNORECASE
)
_EXTRA_SECTION_KINDS = {
    "resume": SectionKind.DESCRIPTION, "resumé": SectionKind.DESCRIPTION,
    "sammenfatning": SectionKind.DESCRIPTION,
    "politisk behandling": SectionKind.REFERAT, "udvalgets beslutning": SectionKind.REFERAT,
    "afgørelse": SectionKind.REFERAT, "bilagsfortegnelse": SectionKind.BILAG,
    "beslutningspunkter": SectionKind.INDSTILLING,  # the points put to the vote: a recommendation
}  # fmt: skip  # a table kept compact
# Case numbers ("Sagsnr. 19/3143") head an item in exports; they are filing data, not content.
_CASE_NUMBER_RE = re.compile(
    r"^(?:sags?\.?\s*nr|sagsnummer|sagsid|j\.?\s*nr|journalnr|journalnummer|dok\.?\s*nr)\.?\s*:?\s*"
    r"(?P<number>[\w./-]+)$",
    re.IGNORECASE,
)
# A filing number alone under an item's title: "EMN-2023-009832", "22-011409", "00.01.00-A00-1-22";
# not a year range ("2024-2025") or a time ("10.30-11.00").
_BARE_CASE_NUMBER_RE = re.compile(
    r"^(?:[A-ZÆØÅ]{2,6}-\d{2,4}-\d{3,8}|\d{2,4}[-/]\d{4,8}|\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d+-\d{2})$"
)
_CALENDAR_TITLE_RE = re.compile(r"mødetider|mødekalender|mødeplan|mødedatoer|møderække", re.I)

# --- header ----------------------------------------------------------------------------

_HEADER_RE = re.compile(
    r"^(?P<label>udvalg|mødeforum|forum|organ|mødetid(?:spunkt)?|mødedato|dato og tid|dato|tidspunkt|tid|"
    r"mødested|sted|lokale|"
    r"mødeleder|ordstyrer|formand|referent|referatskriver|deltagere|deltager|mødedeltagere|"
    r"til stede|tilstede|fremmødte|medlemmer|deltog|afbud fra|afbud|fraværende|ikke til stede)"
    # "Mødedato: 7. marts" or, in system exports, the label alone with the value on the next line
    r"\s*(?::\s*(?P<value>.*))?$",
    re.IGNORECASE,
)
# "Anne Lind: Deltog", "Bo Storm: Afbud" in a members list; "Afbud" alone starts the absentees.
_STATUS_RE = re.compile(
    r"^(?P<name>[^:()]+?)\s*(?::|\s[-–]|\()\s*(?P<status>deltog(?:\s+ikke)?|deltager(?:\s+ikke)?|afbud|"
    r"fraværende|fravær|(?:ikke\s+)?til\s+stede|(?:ikke\s+)?mødt|udeblev)\b[^:]*$",
    re.IGNORECASE,
)
_ABSENT_STATUS_RE = re.compile(r"ikke|afbud|fravær|udeblev", re.IGNORECASE)
_ABSENT_SWITCH_RE = re.compile(r"^(?:afbud(?:\s+fra)?|fraværende|fravær|ikke\s+til\s+stede)\s*:?$", re.IGNORECASE)
_CLOCK_RANGE_RE = re.compile(
    r"(?:\bkl\.?\s*)?(?<![\d.:-])(?P<h1>\d{1,2})[.:](?P<m1>\d{2})(?::\d{2})?"
    r"(?:\s*(?:-|–|til)\s*(?:kl\.?\s*)?(?P<h2>\d{1,2})[.:](?P<m2>\d{2}))?(?![\d.]\d)",
    re.IGNORECASE,
)
_HEADER_FIELDS = {
    "udvalg": "committee", "mødeforum": "committee", "forum": "committee", "organ": "committee",
    "mødetid": "when", "mødetidspunkt": "time", "mødedato": "when", "dato og tid": "when",
    "dato": "date", "tidspunkt": "time", "tid": "time",
    "mødested": "place", "sted": "place", "lokale": "place",
    "mødeleder": "chair", "ordstyrer": "chair", "formand": "chair",
    "referent": "minute_taker", "referatskriver": "minute_taker",
    "deltagere": "attendees", "deltager": "attendees", "mødedeltagere": "attendees",
    "til stede": "attendees", "tilstede": "attendees", "fremmødte": "attendees",
    "medlemmer": "attendees", "deltog": "attendees",
    "afbud": "absentees", "afbud fra": "absentees", "fraværende": "absentees", "ikke til stede": "absentees",
}  # fmt: skip  # a table kept compact
_FIELD_WEIGHT = {
    "minute_taker": 3.0, "attendees": 3.0, "absentees": 2.0, "chair": 2.0, "when": 2.0, "committee": 2.0,
    "place": 1.0, "time": 1.0, "date": 0.5,
}  # fmt: skip  # a table kept compact
_LIST_FIELDS = {"attendees", "absentees"}
# Words that end a names list: the next part of the document, not a person.
_NOT_A_NAME_RE = re.compile(
    r"^(?:indholdsfortegnelse|indhold|åbne punkter|lukkede punkter|punkt|titel|side\s+\d)\b", re.I
)
# A person's role after their name: "Anne Holm (A), formand", "Bo Jensen - næstformand".
_ROLE_SUFFIX_RE = re.compile(
    r"\s*(?:,|\s[-–]|\()\s*(?P<role>(?:fungerende\s+)?(?:næst)?formand|mødeleder|referent|sekretær)\s*\)?\s*$", re.I
)
_DOC_HEADING_RE = re.compile(r"^(?:dagsorden|referat|beslutningsprotokol|beslutninger)\b", re.I)
_COMMITTEE_NOUN = (
    r"(?:følge|fokus|styre|arbejds|implementerings|klyngestyre|koordinations|projekt|"
    r"styrings|referencegruppe|faggruppe)?gruppe[n]?|[\wæøå]*udvalg(?:et)?|[\wæøå]*råd(?:et)?|"
    r"[\wæøå]*forum|bestyrelse[n]?|kontaktforum"
)
_COMMITTEE_LINE_RE = re.compile(rf"^(?:{_COMMITTEE_NOUN})(?:\s+[\wæøåÆØÅ&,–-]+){{0,7}}$", re.I)
# A heading that is a name ending in the committee noun: "Aarhus Byråd", "Teknisk Udvalg",
# "Social-, Sundheds- og Ældreudvalget", with a place after a dash ("Aarhus Byråd - Byrådssalen").
_COMMITTEE_NAME_LINE_RE = re.compile(
    rf"^(?P<name>[A-ZÆØÅ][\wæøåÆØÅ,'’-]*(?:\s+(?:[A-ZÆØÅ][\wæøåÆØÅ'’-]*,?|[\wæøå]+-,?|og|for|i|&)){{0,5}}"
    rf"\s+(?i:{_COMMITTEE_NOUN}))"
    r"(?:\s+[-–|]\s+[^.]{1,60})?$",
)
_COMMITTEE_TITLE_RE = re.compile(
    r"^(?:referat|dagsorden|beslutningsprotokol|beslutninger)\s*(?:[-–:]\s*|(?:fra|af|for|til)\s+)"
    r"(?:(?:det\s+)?(?:ordinære\s+)?møde(?:t)?\s+(?:i|for)\s+)?(?P<name>.+?)"
    r"(?:\s*[-–,]?\s*(?:den|d\.|\d{1,2}\.)\s.*)?$",
    re.IGNORECASE,
)
# "Udvalget for uddannelse og arbejdskraft - Referat - 07. marts 2019": the export's title line.
_COMMITTEE_BEFORE_DOC_RE = re.compile(
    r"^(?P<name>.+?)\s*[-–|:]\s*(?:referat|dagsorden|beslutningsprotokol|beslutninger)\b.*$", re.IGNORECASE
)
_COMMITTEE_MENTION_RE = re.compile(
    r"\b(?P<noun>(?:følge|fokus|styre|arbejds)gruppe(?:n)?)\s+for\s+(?P<a>[a-zæøå-]{3,})"
    r"(?:\s+(?:og|&)\s+(?P<b>[a-zæøå-]{3,}))?",
    re.IGNORECASE,
)
_LOWER_WORDS = {"for", "og", "i", "af", "til", "med", "om", "på", "ved", "under"}
_WEEKDAY_RE = re.compile(r"\b(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\b", re.I)
_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_YEAR_WRITTEN_RE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_FILENAME_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>20\d{2})[-_.]?(?P<m>[01]\d)[-_.]?(?P<d>[0-3]\d)(?!\d)"
    r"|(?<!\d)(?P<d2>[0-3]\d)[-_.](?P<m2>[01]\d)[-_.](?P<y2>20\d{2})(?!\d)"
)
_FORWARD_RE = re.compile(
    r"\b(?:næste|kommende|skal|vil|forventes|forventeligt|planlagt|planlægges|afholdes|"
    r"deadline|frist|senest|inden|bliver|igangsættes)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Candidate:
    line: int
    number: tuple[int, ...]
    heading: str  # the whole heading after the number, continuation lines included
    end_line: int  # index of the last line the heading occupies
    score: float = 0.0


@dataclass(slots=True)
class _HeaderBlock:
    start: int
    end: int
    fields: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(_FIELD_WEIGHT[f] for f in self.fields)


# --- public API ------------------------------------------------------------------------


def parse_minutes(text: str, source_name: str) -> Minutes:
    """The minutes in a document's extracted text; a date in ``source_name`` serves when the text
    states none. Raises UnreadableDocument when the text holds no agenda items."""
    lines = _split_header_fields(clean_lines(text))
    cleaned = "\n".join(lines)
    sha = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
    warnings: list[str] = []

    blocks = _header_blocks(lines)
    header = max(blocks, key=lambda b: (b.score, b.start), default=None)
    if header is not None and header.score < 2:
        header = None
    chain = _choose_items(lines, after=header.end if header else -1)
    if not chain or not _looks_like_minutes(lines, chain):
        raise UnreadableDocument(
            source_name,
            'Dokumentet indeholder ingen nummererede dagsordenspunkter (fx "1. Godkendelse af '
            'dagsorden" eller "Punkt 1:"), så det kan ikke læses som et referat. Tjek at det er '
            "den rigtige fil, og at punkterne er nummererede.",
        )
    first_item_line = chain[0].line
    if header is not None and header.start > first_item_line:
        header = None  # a block after the first item belongs to an item (e.g. contact details)

    items = [_build_item(lines, cand, nxt.line if nxt else len(lines)) for cand, nxt in zip(chain, [*chain[1:], None])]
    # Year-less dates need a reference; a first guess serves until the meeting date is known.
    provisional = _provisional_reference(cleaned)
    date_items(items, provisional)
    meeting = _meeting(lines[:first_item_line], header, items, source_name, provisional, warnings)
    reference = meeting.date or provisional
    if reference != provisional:
        date_items(items, reference)

    kind = _document_kind(lines[:first_item_line], items)
    if kind == DocumentKind.AGENDA:
        for item in items:  # a "Beslutning" inside an agenda is a proposal's wording, not a decision
            for section in item.sections:
                if section.kind == SectionKind.REFERAT:
                    section.kind = SectionKind.SAGSFREMSTILLING
    all_dates: list[DateMention] = []
    if header is not None:
        all_dates.extend(extract_dates("\n".join(header.lines), reference))
    for item in items:
        all_dates.extend(item.dates)
    if kind == DocumentKind.MINUTES:  # an agenda's items are not decided yet, whatever the Indstilling says
        read_outcomes(items)

    return Minutes(
        source_name=source_name,
        content_sha256=sha,
        meeting=meeting,
        items=items,
        dates=all_dates,
        warnings=warnings,
        kind=kind,
    )


def _document_kind(header_lines: list[str], items: list[AgendaItem]) -> DocumentKind:
    """An agenda is titled "Dagsorden" and holds (next to) no decisions; minutes published under
    the agenda's title ("Dagsorden med beslutninger") have a decision under most items."""
    title = next((line for line in header_lines if line and not _HEADER_RE.match(line)), "")
    if not re.match(r"^dagsorden\b(?!.*\b(?:beslutning|referat))", title, re.IGNORECASE):
        return DocumentKind.MINUTES
    decided = sum(any(s.kind == SectionKind.REFERAT for s in item.sections) for item in items)
    return DocumentKind.AGENDA if 2 * decided < len(items) else DocumentKind.MINUTES


_FIELD_LABEL_RE = re.compile(
    r"\s(?=(?:mødedato|mødetid(?:spunkt)?|mødested|mødeleder|mødeforum|dato|tid|sted|lokale|formand|referent|"
    r"afbud|fraværende|deltagere|udvalg)\s*:)",
    re.IGNORECASE,
)


def _split_header_fields(lines: list[str]) -> list[str]:
    """ "Mødedato: 12.03.2024 Mødetid: 15:00 Mødested: Udvalgsværelse 1": a header table's row
    flattened by the PDF becomes one line per field."""
    out: list[str] = []
    for line in lines:
        if line and _HEADER_RE.match(line.split(":", 1)[0].strip()) and ":" in line:
            out.extend(part.strip() for part in _FIELD_LABEL_RE.split(line))
        else:
            out.append(line)
    return out


def date_items(items: list[AgendaItem], reference: dt.date | None) -> None:
    """Find each item's dates (title and sections), year-less ones read against ``reference``."""
    for item in items:
        default_kind = DateKind.CALENDAR_MEETING if _CALENDAR_TITLE_RE.search(item.title) else DateKind.EVENT
        item_text = "\n\n".join([item.title] + [s.text for s in item.sections if s.text])
        item.dates = extract_dates(item_text, reference, default_kind=default_kind)
        for mention in item.dates:
            mention.item_number = item.number


# --- choosing item headings ------------------------------------------------------------


def _parse_number(raw: str) -> tuple[int, ...]:
    return tuple(int(p) for p in raw.split("."))


def _candidates(lines: list[str]) -> list[_Candidate]:
    """Every line that could be an item heading, scored by how much it looks like one."""
    found: list[_Candidate] = []
    n = len(lines)
    for i, raw in enumerate(lines):
        if not raw:
            continue
        bullet = is_bullet(raw)
        line = raw[2:] if bullet else raw
        if _DATE_START_RE.match(line):
            continue
        match = _ITEM_RE.match(line)
        end = i
        if match:
            rest = match.group("rest")
            number = _parse_number(match.group("num"))
            has_marker = bool(match.group("dot") or match.group("prefix")) or ":" in line[: match.start("rest")]
        else:
            only = _NUMBER_ONLY_RE.match(line)
            nxt = _next_nonblank(lines, i)
            if not only or nxt is None or _SECTION_RE.match(lines[nxt]) or _ITEM_RE.match(lines[nxt]):
                continue
            rest, number, has_marker, end = lines[nxt], _parse_number(only.group("num")), True, nxt
        if not rest or len(number) > 3 or number[0] == 0:
            continue
        rest, end = _extend_heading(lines, end, rest)
        cand = _Candidate(line=i, number=number, heading=rest, end_line=end)
        cand.score = _score(cand, lines, bullet=bullet, has_marker=has_marker, n=n)
        found.append(cand)
    return found


def _score(cand: _Candidate, lines: list[str], *, bullet: bool, has_marker: bool, n: int) -> float:
    title = cand.heading
    score = 1.0
    if _TIME_RANGE_RE.search(title) or _DURATION_RE.search(title):
        score += 3
    if _split_presenter(_strip_time(title)[0])[1]:
        score += 2
    score += 1 if has_marker else -2
    if bullet:
        score -= 3
    first = title[0]
    if first.isupper() or first in "\"”“'(":
        score += 1
    elif first.islower():
        score -= 2
    if _DATE_TITLE_RE.match(title):
        score -= 5  # "1. marts 2020 startede …" is a date, not item 1
    if title.rstrip().endswith("?"):
        score -= 3
    if len(title) > 220:
        score -= 2
    if re.search(r"[.!]\s+[A-ZÆØÅ]", title):
        score -= 1  # several sentences: running text rather than a heading
    if re.search(r"(?<!\bmv)(?<!\bm\.v)(?<!\bm\.m)(?<!\betc)\.$", title.rstrip()):
        score -= 2  # "2. Godkendt.": a numbered decision, not a heading
    nxt = _next_nonblank(lines, cand.end_line)
    if nxt is not None and (_CASE_NUMBER_RE.match(lines[nxt]) or _BARE_CASE_NUMBER_RE.match(lines[nxt])):
        score += 3  # the filing number under an item's title
    # What follows: a section label soon after is the strongest sign of an item heading.
    seen = 0
    for j in range(cand.end_line + 1, min(n, cand.end_line + 12)):
        line = lines[j]
        if not line:
            continue
        seen += 1
        if _is_section_heading(line):
            score += 3
            break
        sub = _ITEM_RE.match(line)
        if sub or seen >= 5:
            if sub and _parse_number(sub.group("num"))[:-1] == cand.number:
                score += 1  # a container item followed by its first sub-item
            break
    return score


def _follows(prev: tuple[int, ...], nxt: tuple[int, ...]) -> int | None:
    """How many numbers are skipped between ``prev`` and ``nxt``; None when ``nxt`` cannot follow."""
    if len(nxt) == len(prev) + 1 and nxt[:-1] == prev:
        return nxt[-1] - 1 if nxt[-1] <= 4 else None
    if len(nxt) <= len(prev):
        k = len(nxt) - 1
        if nxt[:k] == prev[:k]:
            step = nxt[k] - prev[k]
            if 1 <= step <= 4:
                return step - 1
    return None


def _without_contents_entries(candidates: list[_Candidate], lines: list[str]) -> list[_Candidate]:
    """Drop the entries of a table of contents: no text under them (a case number aside), and their
    number and title come again later above the item's text."""
    keys: list[tuple[tuple[int, ...], str]] = []
    empty: list[bool] = []
    for k, cand in enumerate(candidates):
        title = re.sub(r"\W+", " ", _strip_time(cand.heading)[0]).casefold().strip()[:40]
        keys.append((cand.number, title))
        stop = candidates[k + 1].line if k + 1 < len(candidates) else len(lines)
        empty.append(
            not any(
                line and not (_CASE_NUMBER_RE.match(line) or _BARE_CASE_NUMBER_RE.match(line))
                for line in lines[cand.end_line + 1 : stop]
            )
        )
    with_body_later: set[tuple[tuple[int, ...], str]] = set()
    keep: list[_Candidate] = []
    for k in range(len(candidates) - 1, -1, -1):
        if empty[k] and keys[k] in with_body_later:
            continue
        if not empty[k]:
            with_body_later.add(keys[k])
        keep.append(candidates[k])
    return keep[::-1]


def _choose_items(lines: list[str], after: int) -> list[_Candidate]:
    """The highest-scoring chain of candidates whose numbers follow each other."""
    candidates = _without_contents_entries([c for c in _candidates(lines) if c.score > -3], lines)
    full = _best_chain(candidates)
    if after >= 0:
        restricted = _best_chain([c for c in candidates if c.line > after])
        # Items before the real header are a stale fragment from older minutes.
        if restricted and 2 * len(restricted) >= len(full):
            return restricted
    return full


def _best_chain(candidates: list[_Candidate]) -> list[_Candidate]:
    if not candidates:
        return []
    best: list[float] = []
    back: list[int] = []
    # The best chain so far ending in each item number: an item may follow its predecessor
    # across any number of numbered lists inside the items between them.
    best_by_number: dict[tuple[int, ...], int] = {}
    settled = 0  # candidates[:settled] end before the current one starts
    for i, cand in enumerate(candidates):
        while settled < i and candidates[settled].end_line < cand.line:
            number = candidates[settled].number
            known = best_by_number.get(number)
            if known is None or best[settled] > best[known]:
                best_by_number[number] = settled
            settled += 1
        start_penalty = 0.0 if cand.number == (1,) else (2.0 if len(cand.number) == 1 else 4.0)
        score, prev = cand.score - start_penalty, -1
        for number, j in best_by_number.items():
            skipped = _follows(number, cand.number)
            if skipped is None:
                continue
            total = best[j] + cand.score - 3.0 * skipped
            if total > score:
                score, prev = total, j
        best.append(score)
        back.append(prev)
    i = max(range(len(candidates)), key=lambda k: best[k])
    if best[i] <= 0:
        return []
    chain: list[_Candidate] = []
    while i >= 0:
        chain.append(candidates[i])
        i = back[i]
    return chain[::-1]


def _looks_like_minutes(lines: list[str], chain: list[_Candidate]) -> bool:
    """Guard against a plain numbered list being read as an agenda."""
    if any(c.score >= 4 for c in chain):
        return True
    if len(chain) >= 2 and any(_is_section_heading(line) for line in lines):
        return True
    vocabulary = re.compile(r"\b(?:dagsorden|referat|møde|mødet|beslutning)\b", re.IGNORECASE)
    return len(chain) >= 3 and any(vocabulary.search(line) for line in lines)


def _next_nonblank(lines: list[str], i: int) -> int | None:
    for j in range(i + 1, min(len(lines), i + 4)):
        if lines[j]:
            return j
    return None


def _extend_heading(lines: list[str], end: int, heading: str) -> tuple[str, int]:
    """The whole heading: a title wrapped over lines, and a presenter's name that wrapped."""
    heading, end = _join_wrapped_title(lines, end, heading)
    stripped, _ = _strip_time(heading)
    if (
        not _PRESENTER_SPLIT_RE.search(stripped)
        or _TIME_RANGE_RE.search(heading[-20:])
        or (_DURATION_RE.search(heading[-12:]))
    ):
        return heading, end
    nxt = _next_nonblank(lines, end)
    if nxt is None:
        return heading, end
    line = lines[nxt]
    if ":" in line or _ITEM_RE.match(line) or _is_section_heading(line) or len(line) > 80:
        return heading, end
    _, tail = _split_presenter(stripped)
    if tail is None and not stripped.rstrip().endswith(("/", " v", " v.")):
        return heading, end
    # "… / Birthe" + "Vestergaard Holm og Torben Skaarup (30 min)": the slot wraps along.
    if _is_names(_strip_time(line)[0]):
        return heading + " " + line, nxt
    return heading, end


_OPEN_END_RE = re.compile(
    r"(?:[,–(-]|\b(?:og|eller|samt|i|for|af|til|med|om|på|ved|under|fra|efter|mellem|vedr\.?|vedrørende))$", re.I
)


def _join_wrapped_title(lines: list[str], end: int, heading: str) -> tuple[str, int]:
    """ "1. Vejbelysning på Strandvej og" + "Strandvejens sideveje": a PDF or a narrow column broke
    the title. A line joins when the title so far cannot end there, or when it goes on in lower case."""
    for _ in range(3):
        nxt = end + 1
        if nxt >= len(lines) or not lines[nxt] or heading.rstrip().endswith((".", ":", "?", "!")):
            break
        line = lines[nxt]
        if (
            len(line) > 120
            or _ITEM_RE.match(line)
            or _is_section_heading(line)
            or _HEADER_RE.match(line)
            or is_bullet(line)
            or _CASE_NUMBER_RE.match(line)
            or _BARE_CASE_NUMBER_RE.match(line)
            or _DATE_START_RE.match(line)
        ):
            break
        if not (_OPEN_END_RE.search(heading.rstrip()) or (line[0].islower() and len(line) <= 80)):
            break
        heading, end = f"{heading.rstrip()} {line.strip()}", nxt
    return heading, end


# --- items and sections ----------------------------------------------------------------


def _strip_time(heading: str) -> tuple[str, tuple[str | None, int | None]]:
    """Remove the time slot from a heading; return it as written with its length in minutes."""
    match = _TIME_RANGE_RE.search(heading)
    if match:
        a = match.group("a") is not None
        written = match.group("a") if a else match.group("b")
        h1, m1, h2, m2 = (match.group(g) for g in (("h1", "m1", "h2", "m2") if a else ("h3", "m3", "h4", "m4")))
        minutes = (int(h2) * 60 + int(m2)) - (int(h1) * 60 + int(m1))
        rest = heading[: match.start()] + " " + heading[match.end() :]
        return rest.strip(), (written.strip(), minutes if minutes > 0 else None)
    match = _DURATION_RE.search(heading)
    if match:
        a = match.group("a") is not None
        written = re.sub(r"\)\s*", " ", match.group("a") if a else match.group("b"))
        written = re.sub(r"\s+", " ", written).strip()
        minutes = int(match.group("n1") if a else match.group("n2"))
        rest = heading[: match.start()] + " " + heading[match.end() :]
        return rest.strip(), (written, minutes)
    return heading, (None, None)


def _is_names(text: str) -> bool:
    tokens = [t for t in re.split(r"[\s,]+", text.strip(" –-")) if t]
    if not tokens or len(tokens) > 10:
        return False
    if not any(len(t) > 1 and t[0].isupper() for t in tokens):
        return False
    return all(_NAME_TOKEN_RE.match(t) for t in tokens)


def _split_presenter(heading: str) -> tuple[str, str | None]:
    """Split "Title / Name" or "Title v Name" into title and presenter when the tail is names."""
    matches = list(_PRESENTER_SPLIT_RE.finditer(heading))
    for match in reversed(matches):
        tail = heading[match.end() :].strip(" –-")
        if _is_names(tail):
            return heading[: match.start()].rstrip(), tail
    return heading, None


def _clean_title(title: str) -> str:
    title = _SLASH_SPACE_RE.sub("/", title)
    title = re.sub(r"\s+", " ", title)
    return title.strip(" –-/:;,")


def _section_label(line: str, *, after_referat: bool = False) -> tuple[SectionKind, str, str] | None:
    """(kind, heading as written, text after the colon) of the section a line opens. Export headings
    ("Resume", "BAGGRUND") must stand alone, and after the Referat only count in capitals (or strong)."""
    if not line:
        return None
    match = _SECTION_RE.match(line)
    if match and (not match.group("rest") or match.group("colon") is not None):
        label = re.sub(r"\s+", " ", match.group("label")).strip()
        return _SECTION_KINDS.get(label.lower(), SectionKind.NOTE_AFTER), label, match.group("rest")
    match = _EXTRA_SECTION_RE.match(line)
    if match and (not after_referat or line.isupper() or _STRONG_SECTION_RE.match(match.group("label"))):
        label = re.sub(r"\s+", " ", match.group("label")).strip()
        return _EXTRA_SECTION_KINDS.get(label.lower(), SectionKind.SAGSFREMSTILLING), label, ""
    match = _DECISION_HEADING_RE.match(line)
    if match:
        return SectionKind.REFERAT, re.sub(r"\s+", " ", line).strip(), ""
    return None


def section_kind(heading: str) -> SectionKind | None:
    """The kind of section a heading opens ("Beslutning", "Resume", "Supplerende sagsfremstilling
    den 17. maj 2022"), or None when it is not a section heading."""
    heading = " ".join(heading.split()).rstrip(":. ")
    label = _section_label(heading)
    if label is not None and not label[2]:
        return label[0]
    if re.match(r"^supplerende\s+sagsfremstilling\b", heading, re.IGNORECASE):
        return SectionKind.SAGSFREMSTILLING
    return None


def _is_section_heading(line: str) -> bool:
    return _section_label(line) is not None


def _build_item(lines: list[str], cand: _Candidate, stop: int) -> AgendaItem:
    without_time, (slot, minutes) = _strip_time(cand.heading)
    title, presenter = _split_presenter(without_time)
    item = AgendaItem(
        number=".".join(str(p) for p in cand.number),
        title=_clean_title(title),
        presenter=presenter,
        time_slot=slot,
        duration_minutes=minutes,
    )
    body = lines[cand.end_line + 1 : stop]
    first = next((k for k, line in enumerate(body) if line), None)
    if first is not None:
        labelled = _CASE_NUMBER_RE.match(body[first])
        if labelled or (
            _BARE_CASE_NUMBER_RE.match(body[first]) and not re.match(r"^(19|20)\d{2}-(19|20)\d{2}$", body[first])
        ):
            item.case_number = labelled.group("number") if labelled else body[first]
            body = body[:first] + body[first + 1 :]
    item.sections = _sections(body)
    return item


def _sections(body: list[str]) -> list[Section]:
    sections: list[Section] = []
    kind, heading, buf = SectionKind.DESCRIPTION, "", []

    def flush() -> None:
        text = _paragraphs(buf)
        if text or kind != SectionKind.DESCRIPTION:
            sections.append(Section(kind=kind, heading=heading, text=text))

    expanded: list[str] = []
    for line in body:
        # "…rehabiliteringstilbud. Status efter mødet: …" starts a note mid-paragraph.
        expanded.extend(_NOTE_INLINE_RE.split(line) if line else [line])
    after_referat = False
    for line in expanded:
        if line and _CASE_NUMBER_RE.match(line):
            continue
        label = _section_label(line, after_referat=after_referat)
        if label is not None:
            flush()
            kind, heading, rest = label
            buf = [rest] if rest else []
            after_referat = after_referat or kind == SectionKind.REFERAT
            continue
        match = _SECTION_RE.match(line) if line else None
        if match and match.group("label").lower() == "bilag" and kind != SectionKind.BILAG:
            flush()  # "Bilag 5.1a IPS-oplæg" without a "Bilag:" heading
            kind, heading, buf = SectionKind.BILAG, "Bilag", []
        buf.append(line)
    flush()
    return sections


def _paragraphs(buf: list[str]) -> str:
    out: list[str] = []
    for line in buf:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


# --- the meeting -----------------------------------------------------------------------


def _header_blocks(lines: list[str]) -> list[_HeaderBlock]:
    """Runs of "Label: value" lines; a document may hold stale ones from older minutes."""
    blocks: list[_HeaderBlock] = []
    current: _HeaderBlock | None = None
    gap = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _HEADER_RE.match(line) if line else None
        if not match:
            if line:
                gap += 1
                if current is not None and (gap > 3 or _is_item_heading(line)):
                    blocks.append(current)
                    current, gap = None, 0
            i += 1
            continue
        label = re.sub(r"\s+", " ", match.group("label").lower())
        name = _HEADER_FIELDS[label]
        bare = match.group("value") is None
        value = (match.group("value") or "").strip()
        end = i
        if name in _LIST_FIELDS:
            value, end = _list_value(lines, i, value)
        elif not value:
            nxt = _next_nonblank(lines, i)
            if nxt is not None and _is_header_value(lines[nxt]):
                value, end = lines[nxt], nxt
        if bare and not value:  # "Sted" alone with nothing after it is a word, not a label
            gap += 1
            i += 1
            continue
        if current is None:
            current = _HeaderBlock(start=i, end=end)
        if name == "when" and "when" in current.fields:
            name = "time"  # "Mødedato: 12.03.2024" then "Mødetid: 15:00"
        current.fields.setdefault(name, value)
        current.lines.extend(lines[i : end + 1])
        current.end = end
        gap = 0
        i = end + 1
    if current is not None:
        blocks.append(current)
    return blocks


def _is_item_heading(line: str) -> bool:
    """A numbered line that is not a date or a clock time ("14-03-2023", "4. juni", "16:00 - 18:30")."""
    item = _ITEM_RE.match(line)
    return bool(item) and not (
        _DATE_START_RE.match(line) or _DATE_TITLE_RE.match(item.group("rest")) or _CLOCK_START_RE.match(line)
    )


def _is_header_value(line: str) -> bool:
    return not (_HEADER_RE.match(line) or _is_item_heading(line) or _is_section_heading(line) or is_bullet(line))


def _bullet_entries(lines: list[str], start: int) -> tuple[list[str], int]:
    """The entries of a bulleted list starting at ``start``, one blank line allowed between."""
    entries: list[str] = []
    end = start - 1
    blanks = 0
    for j in range(start, len(lines)):
        line = lines[j]
        if not line:
            blanks += 1
            if blanks > 1:
                break
            continue
        if not is_bullet(line):
            break
        entries.append(line[2:].strip())
        end, blanks = j, 0
    return entries, end


def _list_value(lines: list[str], i: int, value: str) -> tuple[str, int]:
    """A names list: one line per bullet or per person (returned one per line, as "Name, party"
    holds a comma), or a comma list that PDF extraction broke over several lines."""
    nxt = _next_nonblank(lines, i)
    if not value and nxt is not None and is_bullet(lines[nxt]):
        entries, end = _bullet_entries(lines, nxt)
        return "\n".join(entries), end
    parts = [value] if value else []
    end = i
    j = i + 1
    blanks = 0
    # "Deltagere:" alone, then a person a line ("Anne Holm (A), formand"), not a comma list broken by the PDF
    one_per_line = not value and nxt is not None and lines[nxt].count(",") <= 1
    while j < len(lines):
        line = lines[j]
        if not line:
            blanks += 1
            if blanks > 1 and not parts:
                break
            j += 1
            continue
        if (
            ":" in line
            or " | " in line
            or _HEADER_RE.match(line)
            or _is_item_heading(line)
            or _DOC_HEADING_RE.match(line)
            or _NOT_A_NAME_RE.match(line)
            or _is_section_heading(line)
            or len(line) > 400
        ):
            break
        if one_per_line:
            if not _is_names(_ROLE_SUFFIX_RE.sub("", re.sub(r"\([^()]*\)", " ", line))):
                break
            parts.append(line)
            end, blanks = j, 0
            j += 1
            continue
        comma_list = "," in "".join(parts)
        if "," not in line:
            if comma_list:
                if _ends_broken_name(parts, line):
                    parts.append(line)  # "…, Mikkel" / "" / "Aagaard Lund": the last name, broken
                    end = j
                break
            if not _is_names(re.sub(r"\([^()]*\)", " ", line)):  # "Bo Jensen (formand)"
                break
            # One name per line, possibly with the blank line PDF extraction puts after each.
        parts.append(line)
        end = j
        blanks = 0
        j += 1
    if one_per_line and len(parts) > 1:
        return "\n".join(parts), end
    if parts and all("," not in p for p in parts):
        return ", ".join(parts), end  # one name per line
    return " ".join(parts), end


def _ends_broken_name(parts: list[str], line: str) -> bool:
    """Whether ``line`` ends a comma list whose last name the PDF broke off: "…, Mikkel" + "Aagaard
    Lund"; after two words only one more is taken, so "Region Vestdanmark" is not glued on."""
    joined = " ".join(parts).rstrip()
    if not joined or joined.endswith((",", ";", ".")) or not _is_names(line):
        return False
    last = _split_outside_parentheses(joined)[-1].split()
    words = len(line.split())
    return (len(last) == 1 and words <= 3) or (len(last) == 2 and words == 1)


_NAME_SEPARATOR_RE = re.compile(r"\s*[,;]\s*|\s+og\s+")


def _split_outside_parentheses(value: str) -> list[str]:
    """Split a names list at commas, semicolons and "og", but not inside "(formand, X Kommune)"."""
    parts: list[str] = []
    start = depth = 0
    pos = 0
    while pos < len(value):
        char = value[pos]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = _NAME_SEPARATOR_RE.match(value, pos)
            if match and match.end() > pos:
                parts.append(value[start:pos])
                start = pos = match.end()
                continue
        pos += 1
    parts.append(value[start:])
    return parts


def _names(value: str) -> list[str]:
    parts = value.split("\n") if "\n" in value else _split_outside_parentheses(value)
    return [name for name in (re.sub(r"\s+", " ", part).strip(" .") for part in parts) if name]


def _attendance(present_value: str, absent_value: str) -> tuple[list[str], list[str]]:
    """Attendees and absentees; a members list may carry each one's status ("Bo Storm: Afbud"), or an
    entry "Afbud" after which the absent follow."""
    present: list[str] = []
    absent: list[str] = []
    target = present
    for entry in _names(present_value):
        if _ABSENT_SWITCH_RE.match(entry):
            target = absent
            continue
        status = _STATUS_RE.match(entry)
        if status:
            (absent if _ABSENT_STATUS_RE.search(status.group("status")) else present).append(status.group("name"))
        else:
            target.append(entry)
    for entry in _names(absent_value):
        status = _STATUS_RE.match(entry)
        absent.append(status.group("name") if status else entry)
    return list(dict.fromkeys(present)), list(dict.fromkeys(absent))


def _person_key(entry: str) -> str:
    """ "Karen Holm (V)" and "Karen Holm" are one person."""
    return " ".join(re.sub(r"\([^()]*\)|,.*$", " ", entry).split()).casefold()


def _with_role(meeting: Meeting, entry: str) -> str:
    """ "Anne Holm (A), formand" chairs the meeting unless a field names the chair; the entry stays as written."""
    role = _ROLE_SUFFIX_RE.search(entry)
    if role and role.start() > 0:
        name = entry[: role.start()].strip()
        kind = role.group("role").lower()
        if kind in ("formand", "mødeleder") and meeting.chair is None:
            meeting.chair = name
        elif kind == "referent" and meeting.minute_taker is None:
            meeting.minute_taker = name
    return entry


def _clock_range(value: str) -> tuple[dt.time | None, dt.time | None]:
    """Wall-clock start and end in a "Tid: 15:00 - 17:00" value (local time, as written)."""
    match = _CLOCK_RANGE_RE.search(value)
    if not match:
        return None, None
    try:
        start = dt.time(int(match.group("h1")), int(match.group("m1")))
        end = dt.time(int(match.group("h2")), int(match.group("m2"))) if match.group("h2") else None
    except ValueError:
        return None, None
    return start, end


def _meeting(
    header_lines: list[str],
    header: _HeaderBlock | None,
    items: list[AgendaItem],
    source_name: str,
    provisional: dt.date | None,
    warnings: list[str],
) -> Meeting:
    fields = header.fields if header else {}
    meeting = Meeting(
        committee=_committee_field(fields.get("committee", "")) or _committee(header_lines, items),
        date=None,
        date_confidence=0.0,
        date_evidence="",
        place=fields.get("place") or None,
        chair=fields.get("chair") or None,
        minute_taker=fields.get("minute_taker") or None,
    )
    meeting.attendees, meeting.absentees = _attendance(fields.get("attendees", ""), fields.get("absentees", ""))
    # A members list ("Medlemmer") names the absent too: they did not attend.
    absent = {_person_key(name) for name in meeting.absentees}
    meeting.attendees = [_with_role(meeting, name) for name in meeting.attendees if _person_key(name) not in absent]
    for name in ("when", "date", "time"):
        value = fields.get(name)
        # "Dato" beside "Tid" is the meeting's date, not the document's.
        label = "when" if name == "date" and "time" in fields else name
        if value and _date_from_header(meeting, value, provisional, label=label):
            break
    if meeting.date is not None and meeting.start_time is None and fields.get("time"):
        meeting.start_time, meeting.end_time = _clock_range(fields["time"])
    if meeting.date is not None and meeting.start_time is None and re.search(r"\bkl\b", meeting.date_evidence, re.I):
        meeting.start_time, _ = _clock_range(
            meeting.date_evidence.split(" (", 1)[0]
        )  # "Dato: 4. marts 2025 Start kl.: 19:00"
    if meeting.date is None:  # "Referat af mødet 3. marts 2025", "onsdag den 8. oktober 2025 kl. 16.00"
        for line in header_lines:
            dated_heading = re.search(r"\bmøde|\bkl\.?\s*\d", line, re.I) and len(line) <= 120
            if dated_heading and _date_from_header(meeting, line, provisional, label="title"):
                break
    if meeting.date is None:
        _date_from_file_name(meeting, source_name)
    if meeting.date is None:
        warnings.append(_undated(meeting, items))
    elif meeting.date_confidence < 1.0:
        warnings.append(f"Mødedatoen er udledt: {meeting.date_evidence}")
    return meeting


def _date_from_header(meeting: Meeting, value: str, provisional: dt.date | None, *, label: str) -> bool:
    mention = parse_one(value, provisional)
    if mention is None or mention.precision != Precision.DAY:
        return False
    meeting.date = mention.on
    meeting.start_time, meeting.end_time = mention.start_time, mention.end_time
    written = value.strip()
    if _YEAR_WRITTEN_RE.search(mention.text):
        confident = {"when": 1.0, "date": 0.9, "time": 0.9, "title": 0.9}[label]
        meeting.date_confidence = confident
        meeting.date_evidence = written
        if label == "date":
            meeting.date_evidence += ' ("Dato" kan også være dokumentets dato)'
        return True
    weekday = _WEEKDAY_RE.search(value)
    if weekday and _WEEKDAYS.index(weekday.group(1).lower()) == mention.on.weekday():
        meeting.date_confidence = 0.95
        meeting.date_evidence = (
            f"{written} (året {mention.on.year} er udledt af dokumentets øvrige datoer og passer med ugedagen)"
        )
    else:
        meeting.date_confidence = 0.8
        meeting.date_evidence = f"{written} (året {mention.on.year} er udledt af dokumentets øvrige datoer)"
    return True


def _date_from_file_name(meeting: Meeting, source_name: str) -> None:
    match = _FILENAME_DATE_RE.search(source_name)
    if not match:
        return
    y, m, d = (
        (match.group("y"), match.group("m"), match.group("d"))
        if match.group("y")
        else (match.group("y2"), match.group("m2"), match.group("d2"))
    )
    try:
        meeting.date = dt.date(int(y), int(m), int(d))
    except ValueError:
        return
    meeting.date_confidence = 0.9
    meeting.date_evidence = f"Datoen i filnavnet {source_name!r}; dokumentet angiver ingen mødetid."


def _provisional_reference(text: str) -> dt.date | None:
    """The median of the dates written with a year: a first guess of when the meeting was."""
    days = [
        m.on
        for m in extract_dates(text, None)
        if m.precision in (Precision.DAY, Precision.MONTH) and _YEAR_WRITTEN_RE.search(m.text)
    ]
    if not days:
        return None
    ordinals = sorted(d.toordinal() for d in days)
    return dt.date.fromordinal(int(statistics.median_low(ordinals)))


def _danish(day: dt.date) -> str:
    return f"{format_date(day)} ({day.isoformat()})"


def _undated(meeting: Meeting, items: list[AgendaItem]) -> str:
    """Bounds on a meeting date the minutes do not state, for the secretary to settle (no guess):
    notes after the meeting and "næste møde" bound it from above, backward-looking dates from below."""
    lower: tuple[dt.date, str] | None = None
    strong_upper: tuple[dt.date, str] | None = None
    weak_upper: tuple[dt.date, str] | None = None
    for item in items:
        note_texts = [_fold(s.text) for s in item.sections if s.kind == SectionKind.NOTE_AFTER]
        for mention in item.dates:
            if mention.precision != Precision.DAY:
                continue
            in_note = any(mention.sentence[:40] in t for t in note_texts)
            if in_note or mention.kind == DateKind.NEXT_MEETING:
                if strong_upper is None or mention.on < strong_upper[0]:
                    strong_upper = (mention.on, mention.sentence)
            elif mention.kind in (DateKind.DEADLINE, DateKind.CALENDAR_MEETING) or _FORWARD_RE.search(mention.sentence):
                if weak_upper is None or mention.on < weak_upper[0]:
                    weak_upper = (mention.on, mention.sentence)
            elif lower is None or mention.on > lower[0]:
                lower = (mention.on, mention.sentence)
    upper = strong_upper
    if lower is not None and (upper is None or upper[0] <= lower[0]):
        upper = weak_upper if weak_upper and weak_upper[0] > lower[0] else None
    parts = []
    if lower is not None:
        parts.append(f"efter {_danish(lower[0])} («{_short(lower[1])}»)")
    if upper is not None:
        parts.append(f"før {_danish(upper[0])} («{_short(upper[1])}»)")
    bounds = f" Ifølge referatet lå mødet {' og '.join(parts)}." if parts else ""
    meeting.date_evidence = "Ingen mødedato i dokumentet." + bounds
    return "Referatet angiver ingen mødedato, så jeg har ikke valgt nogen." + bounds


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _short(sentence: str, limit: int = 90) -> str:
    sentence = _fold(sentence)
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


# --- the committee ---------------------------------------------------------------------


def _normalise_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,:;–-")
    letters = [c for c in name if c.isalpha()]
    if letters and not all(c.isupper() for c in letters):
        return name[0].upper() + name[1:]
    words = name.lower().split(" ")
    out: list[str] = []
    after_for = False
    for k, word in enumerate(words):
        out.append(word if k and (after_for or word in _LOWER_WORDS) else word.capitalize())
        after_for = after_for or word == "for"
    return " ".join(out)


def _committee_field(value: str) -> str | None:
    """The "Udvalg: Teknisk Udvalg" header field, without a place or date run on after it."""
    name = re.split(r"\s+[-–|]\s+|,\s*(?:den\s+)?\d", value.strip(), maxsplit=1)[0].strip(" .")
    return name if 2 < len(name) <= 100 else None


def _committee(header_lines: list[str], items: list[AgendaItem]) -> str | None:
    """The committee: a document title or a name line ("Aarhus Byråd - Byrådssalen",
    "Teknisk Udvalg"), else the most named group."""
    for line in header_lines:
        if not line or ":" in line:
            continue
        for pattern in (_COMMITTEE_TITLE_RE, _COMMITTEE_BEFORE_DOC_RE):
            title = pattern.match(line)
            if title and re.search(rf"\b(?:{_COMMITTEE_NOUN})\b", title.group("name"), re.I):
                return _normalise_name(title.group("name"))
        if _COMMITTEE_LINE_RE.match(line) and len(line) <= 80:
            return _normalise_name(line)
        name = _COMMITTEE_NAME_LINE_RE.match(line)
        if name:
            return name.group("name")
    counts: dict[str, int] = {}
    first_seen: dict[str, int] = {}
    texts = header_lines + [t for item in items for t in [item.title, *(s.text for s in item.sections)]]
    for text in texts:
        for match in _COMMITTEE_MENTION_RE.finditer(text):
            noun = match.group("noun").lower()
            noun = noun if noun.endswith("n") else noun + "n"
            name = f"{noun} for {match.group('a').lower()}"
            if match.group("b"):
                name += f" og {match.group('b').lower()}"
            counts[name] = counts.get(name, 0) + 1
            first_seen.setdefault(name, len(first_seen))
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first_seen[k]))
    return best[0].upper() + best[1:]


_FILE_NAME_NOISE_RE = re.compile(
    r"\b(?:referat|dagsorden|beslutningsprotokol|beslutninger|minutes|agenda|endelig|final|udkast|v\d+)\b"
    rf"|\b(?:{_MONTHS})\b|\b\w*\d\w*\b",
    re.IGNORECASE,
)


def committee_from_file_name(source_name: str) -> str | None:
    """A committee name made from a file name ("social-og-handicapudvalget_2024-09-09.json" →
    "Social og handicapudvalget"), for documents that name none; None when nothing is left."""
    stem = source_name.rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    words = " ".join(_FILE_NAME_NOISE_RE.sub(" ", re.sub(r"[_\-.+]+", " ", stem)).split())
    if len(re.sub(r"[^A-Za-zÆØÅæøå]", "", words)) < 3:
        return None
    return words[0].upper() + words[1:]
