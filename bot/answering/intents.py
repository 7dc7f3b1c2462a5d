"""What a question asks: intent, language, the period or day it names, its content words.

Intents are decided by one ordered table (``INTENT_TABLE``): the first rule whose
predicate holds wins, so the order is explicit rather than spread over if-chains.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answering.vocabulary import MUNICIPAL_EN_DA
from bot.answering.text import is_content_token, normalise, stem, tokenize

# Stored intent ids (string constants, never class names).
DECISION = "decision"
POSTPONEMENT = "postponement"
DEADLINE = "deadline"
DEADLINES_IN_PERIOD = "deadlines_in_period"
UPCOMING_DEADLINES = "upcoming_deadlines"
MEETINGS_IN_PERIOD = "meetings_in_period"
NEXT_MEETING = "next_meeting"
NEXT_MEETING_AGENDA = "next_meeting_agenda"
ATTENDANCE = "attendance"
FREE = "free"
INTENTS = (
    DECISION,
    POSTPONEMENT,
    DEADLINE,
    DEADLINES_IN_PERIOD,
    UPCOMING_DEADLINES,
    MEETINGS_IN_PERIOD,
    NEXT_MEETING,
    NEXT_MEETING_AGENDA,
    ATTENDANCE,
    FREE,
)

# Attendance sub-questions.
ROLE_REPRESENT = "represent"
ROLE_ATTENDEES = "attendees"
ROLE_CHAIR = "chair"
ROLE_MINUTE_TAKER = "minute_taker"
ROLE_ABSENTEES = "absentees"

MONTHS_DA = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_MONTH_ABBR = {name[:3]: num for name, num in MONTHS_DA.items()} | {"mar": 3, "may": 5, "oct": 10}
_ALL_MONTHS = MONTHS_DA | MONTHS_EN
_MONTH_RE = "|".join(sorted(_ALL_MONTHS, key=len, reverse=True))
_ORDINAL_QUARTER = {
    "første": 1, "andet": 2, "anden": 2, "tredje": 3, "fjerde": 4,
    "first": 1, "second": 2, "third": 3, "fourth": 4,
}  # fmt: skip

_ENGLISH_MARKERS = frozenset(
    "the what when who whom why which how is are was were did does do of about for there "
    "next meeting deadline deadlines decided postponed attended represents".split()
)
_DANISH_MARKERS = frozenset(
    "hvad hvornår hvem hvorfor hvilke hvor blev er der om til på og det den af møde mødet "
    "næste frist fristen besluttet udskudt deltog skal vi".split()
)

# English words mapped to the Danish words the minutes use, so English questions can be
# matched against Danish text. Domain vocabulary only; everything else passes through.
# "a|b" gives alternatives: the minutes say "hospital" and "sygehus" alike, and a passage
# covers the word when it has either.
GLOSSARY_EN_DA = {
    "decided": "besluttet", "decide": "besluttet", "decision": "beslutning", "decisions": "beslutning",
    "postponed": "udskudt", "postpone": "udskudt",
    "deadline": "frist", "deadlines": "frister", "meeting": "møde", "meetings": "møder",
    "questionnaire": "spørgeskema", "questionnaires": "spørgeskemaer", "survey": "spørgeskema",
    "surveys": "spørgeskemaer", "seminar": "seminar", "seminars": "seminar",
    "citizens": "borgere", "citizen": "borger", "project": "projekt", "projects": "projekt",
    "concussion": "hjernerystelse", "concussions": "hjernerystelser",
    "represents": "repræsenterer", "represent": "repræsenterer", "representative": "repræsentant",
    "representatives": "repræsentant",
    "terms": "kommissorium", "reference": "kommissorium", "mandate": "kommissorium",
    "trials": "prøvehandlinger", "working": "arbejdsgruppe",
    "group": "gruppe", "groups": "gruppe", "depression": "depression",
    "municipality": "kommune", "municipalities": "kommuner", "municipal": "kommunal",
    "region": "region", "regional": "regional", "practice": "praksis",
    "hospital": "hospital|sygehus", "hospitals": "hospital|sygehus",
    "psychiatry": "psykiatri", "psychiatric": "psykiatri",
    "refugees": "flygtninge", "veterans": "krigsveteraner", "youth": "unge", "young": "unge",
    "rehabilitation": "rehabilitering", "sickness": "sygedagpenge", "benefits": "dagpenge",
    "status": "status", "evaluation": "evaluering", "held": "holdt", "where": "hvor",
    "admitted": "optages", "enrolled": "optages", "chair": "mødeleder|formand", "budget": "budget",
    "parking": "parkering", "town": "rådhus", "hall": "rådhus", "schedule": "tidsplan",
    "timetable": "tidsplan", "plan": "plan", "employment": "beskæftigelse", "health": "sundhed",
    "education": "uddannelse", "secretariat": "sekretariat", "funding": "midler", "funds": "midler",
    "agreement": "aftale", "agreements": "aftale", "minutes": "referat", "agenda": "dagsorden",
    "item": "punkt", "items": "punkt", "point": "punkt", "orientation": "orientering",
    "briefing": "orientering", "data": "data", "pain": "smerter",
    # Everyday words of committee questions ("the deadline for answering", "registration").
    "answer": "besvarelse|svar|besvare", "answers": "besvarelse|svar|besvare",
    "answering": "besvarelse|svar|besvare", "answered": "besvaret|besvarelse|svar",
    "submit": "indsende|sende|indmelding|aflevere", "submitting": "indsende|sende|indmelding|aflevere",
    "submitted": "indsendt|sendt|indmeldt|afleveret", "submission": "indsendelse|indmelding|aflevering",
    "submissions": "indsendelse|indmelding|aflevering", "send": "sende", "sending": "sende", "sent": "sendt",
    "registration": "tilmelding", "registrations": "tilmelding", "register": "tilmelde|tilmelding",
    "registering": "tilmelde|tilmelding", "enrol": "tilmelde|tilmelding", "enroll": "tilmelde|tilmelding",
    "apply": "ansøge|ansøgning", "applying": "ansøge|ansøgning", "application": "ansøgning",
    "applications": "ansøgning", "applicants": "ansøgere",
    "report": "rapport|afrapportering|melder", "reports": "rapport|afrapportering|melder",
    "reporting": "afrapportering|rapport|melder",
    "venue": "mødested|sted", "location": "mødested|sted", "place": "sted|mødested",
    "chairman": "formand|mødeleder", "chairwoman": "formand|mødeleder", "chairperson": "formand|mødeleder",
    "proposal": "forslag", "proposals": "forslag", "suggestion": "forslag", "suggestions": "forslag",
    "rejected": "afvist", "refused": "afvist", "pool": "pulje", "grant": "pulje|tilsagn", "grants": "pulje|tilsagn",
    "names": "navne", "name": "navn", "invitation": "invitation", "invitations": "invitation",
    "electronic": "elektronisk", "certificates": "attester", "certificate": "attest",
    "courses": "forløb", "course": "forløb", "programme": "program", "program": "program",
    "speaker": "oplægsholder", "speakers": "oplægsholdere", "presentation": "oplæg",
    "pilot": "pilot|prøvehandlinger", "joint": "fælles", "common": "fælles", "line": "linje",
    "full": "fuld", "back": "tilbage", "start": "starte|start", "starts": "starte|start",
    # Committee names ("the Social and Disability Committee" is Social- og Handicapudvalget).
    "committee": "udvalg", "committees": "udvalg", "council": "byråd", "councils": "byråd",
    "social": "social", "disability": "handicap", "disabilities": "handicap", "disabled": "handicap",
    "planning": "plan", "safety": "tryghed", "security": "tryghed", "school": "skole", "schools": "skole",
    "children": "børn", "child": "børn", "economic": "økonomi", "economy": "økonomi", "finance": "økonomi",
    "financial": "økonomi", "culture": "kultur", "cultural": "kultur", "leisure": "fritid", "recreation": "fritid",
    "climate": "klima", "technical": "teknik", "technology": "teknik", "environment": "miljø",
    "environmental": "miljø", "welfare": "velfærd", "elderly": "ældre", "labour": "beskæftigelse",
    "costs": "koste|udgift", "cost": "koste|udgift", "price": "pris", "expense": "udgift",
}  # fmt: skip
# The everyday municipal vocabulary, where the table above has no word of its own.
GLOSSARY_EN_DA = {**MUNICIPAL_EN_DA, **GLOSSARY_EN_DA}
# English verbs that say what is done with a subject ("answering the questionnaires",
# "submit names"): the minutes phrase them in many ways, so they help ranking but never
# block an answer.
SOFT_ENGLISH_WORDS = frozenset(
    """
    answer answers answering answered submit submitting submitted submission submissions send sending
    sent apply applying register registering enrol enroll report reports reporting
    """.split()
)
# English phrases translated before single words, so that "focus group" names
# Fokusgruppen rather than searching for "focus" and "group" apart.
PHRASES_EN_DA = (
    (r"focus[ -]groups?", "fokusgruppe"),
    (r"follow[ -]?up[ -]groups?|monitoring groups?", "følgegruppe"),
    (r"steering[ -](?:groups?|committees?)", "styregruppe"),
    (r"working[ -](?:groups?|parties|party)|task[ -]?forces?", "arbejdsgruppe"),
    (r"implementation[ -]groups?", "implementeringsgruppe"),
    (r"general[ -]practi(?:ce|tioners?)|gps?\b", "almen praksis"),
    (r"terms of reference", "kommissorium"),
    (r"agenda[ -]items?", "punkt"),
    (r"next meeting", "næste møde"),
    (r"meeting[ -](?:place|venue|location|room)", "mødested"),
    (r"theme[ -]?days?|themed days?", "temadag"),
    (r"sign(?:ing)?[ -]?ups?", "tilmelding"),
    (r"registration deadlines?", "tilmelding frist"),
    (r"application deadlines?", "ansøgning frist"),
    (r"(?:tele)?phone[ -]lines?|hotlines?", "telefonlinje"),
    (r"status certificates?", "statusattester"),
    (r"contact[ -]persons?", "kontaktperson"),
    (r"job[ -]?cent(?:re|er)s?", "jobcentre"),
    (r"mental health", "mental sundhed"),
    (r"young people", "unge"),
    (r"care[ -]programmes?|care[ -]programs?|pathway programmes?", "forløbsprogram"),
    (r"sick[ -]leave", "sygemelding"),
    (r"town[ -]hall", "rådhus"),
    (r"vice[ -]?chair(?:man|woman|person)?|deputy chair(?:man|woman|person)?", "næstformand"),
    (r"city council|municipal council", "byråd"),
)  # fmt: skip
_PHRASE_RES = tuple((re.compile(rf"\b(?:{pattern})\b"), danish) for pattern, danish in PHRASES_EN_DA)

# Words that frame a question rather than name its subject: they steer the intent and
# are neither searched for nor required to be covered by the answer.
_FRAMING_WORDS = frozenset(
    """
    besluttet beslutning besluttede beslutte vedtaget vedtog godkendt godkendte konklusion
    aftalt udskudt udskudte udskydes udsat udsatte flyttet flyttes udgik udgår aflyst
    frist fristen frister deadline deadlinen deadlines senest næste kommende møde mødet
    møder drøfte drøftes drøftet dagsorden planlagt hvornår hvorfor hvem hvad hvilke
    grunden årsagen årsag grund punktet punkt sagen
    repræsenterer repræsenteret deltog deltagere deltager deltage deltagerne mødeleder
    referent afbud fraværende tilstede formand ledede skete sker går gik står stod
    indgår medlem medlemmer
    decided decision agreed approved postponed moved delayed deferred cancelled
    next upcoming when why who which what discuss discussed agenda planned
    reason item attended attendees absent apologies chaired said say says mentioned
    happening happened happen going role members member joins join joined takes
    part sits coming soon scheduled due
    punkter punkterne mødedato mødedatoer mødedatoerne mødetid mødetiden mødetider mødetiderne
    mødekalender mødekalenderen mødeplan mødeplanen møderække møderækken mødes meet meets dates
    schedule calendar
    """.split()
)
# Generic committee words: searched with a low weight, never required.
_SOFT_WORDS = frozenset(
    """
    gruppen gruppe følgegruppen følgegruppe fokusgruppen fokusgruppe udvalget udvalg
    referatet referat dagsordenen status orientering committee group minutes
    """.split()
)
# Verbs and adjectives that frame what a question asks rather than name its subject
# ("Hvem pegede udvalget på", "Hvor stor en bevilling", "tog på besøg"): searched with a
# lower weight, never required, since the minutes say the same thing in other words.
QUESTION_VERBS = frozenset(
    """
    tog tage tager bad beder bede pegede peger pege meldte melder fik får få gav giver give
    ville vil kunne kan skulle skal have har havde gøre gør gjorde blive bliver blev kom komme kommer
    stor store større størst lille små ny nyt nye new ekstra
    stemte stemme stemmer stemt vote voted voting behandlet behandles behandle behandlede
    sket ske skete lavet lave laver sige siger sagde sat sætte sættes
    værste fald først tidligst koste koster kostede
    became become becomes get got gets make made take took give gave given
    """.split()
)
# Danish words the minutes often put another way ("forsinket" is mostly "udskudt").
SYNONYMS_DA = {
    "forsinket": "udskudt|udsat|forsinkelse", "forsinkes": "udskydes|udsættes|forsinkelse",
    "forsinke": "udskyde|udsætte|forsinkelse", "opstarten": "igangsætningen|start", "opstart": "igangsætning|start",
    "starte": "igangsætte|opstart", "begynde": "igangsætte|starte", "gang": "igangsætning",
    "koste": "udgift|pris|beløb", "koster": "udgift|pris|beløb", "kostede": "udgift|pris|beløb",
    "livestreame": "transmission|livestreaming",
}  # fmt: skip
# "gruppen" alone: the committee asked about, never another group.
GENERIC_GROUP_WORDS = frozenset("gruppe gruppen gruppens grupper grupperne gruppernes".split())
# Words that name a kind of committee but not which one ("følgegruppen").
GENERIC_COMMITTEE_WORDS = frozenset(
    "gruppen gruppe følgegruppen følgegruppe fokusgruppen fokusgruppe udvalget udvalg styregruppe styregruppen "
    "arbejdsgruppe arbejdsgruppen".split()
)


@dataclass(slots=True)
class QueryWord:
    """A content word of the question."""

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
    """A classified question."""

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


def detect_language(question: str) -> str:
    """Return "en" when the question reads as English, otherwise "da" (Danish first)."""
    tokens = tokenize(question)
    if any(ch in question.lower() for ch in "æøå"):
        return "da"
    en = sum(t in _ENGLISH_MARKERS for t in tokens)
    da = sum(t in _DANISH_MARKERS for t in tokens)
    return "en" if en > da else "da"


def parse_day(question: str, today: dt.date) -> dt.date | None:
    """Find one calendar day written in the question ("2. september 2020", "2/9-2020").

    A day without a year is taken in the year of ``today``.
    """
    text = normalise(question)
    m = re.search(rf"\b(\d{{1,2}})\.?\s+({_MONTH_RE})\b\.?(?:\s+(\d{{4}}))?", text)
    if m:
        return _safe_date(m.group(3), _ALL_MONTHS[m.group(2)], m.group(1), today)
    m = re.search(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", text)
    if m:
        return _safe_date(m.group(3), _ALL_MONTHS[m.group(1)], m.group(2), today)
    m = re.search(r"\b(\d{1,2})[./](\d{1,2})(?:[./ -]+(\d{2,4}))?\b", text)
    if m and not re.search(r"\d[./]\d+[./]\d+[./]", text):
        return _safe_date(m.group(3), m.group(2), m.group(1), today)
    return None


def _writes_year(question: str) -> bool:
    """Whether the day in the question carries its year ("13. april 2021", "13/4-21")."""
    text = normalise(question)
    return bool(
        re.search(rf"\b\d{{1,2}}\.?\s+(?:{_MONTH_RE})\b\.?\s+\d{{4}}\b", text)
        or re.search(rf"\b(?:{_MONTH_RE})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", text)
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


def parse_period(question: str, today: dt.date) -> Period | None:
    """Find a month, quarter, half year or year in the question.

    Understands "februar 2021", "i august", "3. kvartal 2021", "Q1 2021", "third quarter
    2021", "i 2021", "denne/næste måned", "this/next month". A month without a year is
    taken in the year of ``today``.
    """
    text = normalise(question)
    m = re.search(r"\b([1-4])\.\s*kvartal(?:\s+(\d{4}))?|\bq([1-4])(?:\s+(\d{4}))?\b", text)
    quarter = year = None
    if m:
        quarter = int(m.group(1) or m.group(3))
        year = m.group(2) or m.group(4)
    else:
        m = re.search(r"\b(første|andet|anden|tredje|fjerde|first|second|third|fourth)\s+(?:kvartal|quarter)(?:\s+(?:of\s+)?(\d{4}))?", text)
        if m:
            quarter = _ORDINAL_QUARTER[m.group(1)]
            year = m.group(2)
    if quarter is not None:
        y = int(year) if year else today.year
        start = dt.date(y, 3 * quarter - 2, 1)
        end_month = 3 * quarter
        end = dt.date(y, end_month, calendar.monthrange(y, end_month)[1])
        return Period(start, end, m.group(0))
    m = re.search(rf"\b({_MONTH_RE})\b(?:\s+(\d{{4}}))?", text)
    if m and not re.search(rf"\d\.?\s+{m.group(1)}\b", text):
        y = int(m.group(2)) if m.group(2) else today.year
        month = _ALL_MONTHS[m.group(1)]
        return Period(dt.date(y, month, 1), dt.date(y, month, calendar.monthrange(y, month)[1]), m.group(0))
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


# ---------------------------------------------------------------------- the table

_DEADLINE_RE = re.compile(r"\b(frist|fristen|fristerne|deadline|deadlinen|senest|due date|due)\b")
_DEADLINES_RE = re.compile(r"\b(frister|fristerne|deadlines|due dates)\b")
_NEXT_MEETING_RE = re.compile(
    r"\b(næste|kommende|upcoming|next)\s+(\w+\s+)?(\w*møde|\w*mødet|meeting)\b|\bmeets? next\b|\bmødes (vi|gruppen|de) (igen|næste)|"
    r"\b(mødes|\w*møde)\b.*\b(igen|næste gang)\b|\bnæste gang\b.*\bmødes\b|\b(meets?|meet|meeting)\b.*\bagain\b"
)
_AGENDA_RE = re.compile(
    r"\b(drøfte|drøftes|behandle|behandles|dagsorden|dagsordenen|punkter|planlagt|planlægges|tages op|tage op|skal vi|"
    r"agenda|discuss|discussed|planned|items|topics|on the table)\b"
)
_POSTPONED_RE = re.compile(
    r"\b(udskudt|udskudte|udskydes|udskyde|udsat|udsatte|udsættes|flyttet|flyttes|flyttede|udgik|udgår|"
    r"aflyst|aflyses|postponed|moved|delayed|deferred|cancelled|canceled|dropped)\b"
)
_WHY_RE = re.compile(r"\b(hvorfor|grunden til|årsagen til|why|reason)\b")
_DECISION_RE = re.compile(
    r"\b(besluttet|besluttede|beslutning|beslutningen|vedtaget|vedtog|konklusion|konkluderet|aftalt|"
    r"godkendt|godkendte|decided|decision|agreed|approved|conclusion|concluded|resolved)\b"
)
_WHO_RE = re.compile(r"\b(hvem|who)\b")
_ROLE_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (ROLE_REPRESENT, re.compile(r"\b(repræsent\w*|represent\w*)")),
    (ROLE_ABSENTEES, re.compile(
        r"\b(afbud|fraværende|fravær|manglede|mangler|ikke (?:var )?(?:med|til stede|tilstede)|var væk|absent|apologi\w*|"
        r"sent regrets|missed|missing|not present|was away|were away)\b"
    )),
    (ROLE_CHAIR, re.compile(r"\b(mødeleder|mødelederen|ledede|leder mødet|formand|dirigent|chair\w*|led the meeting)\b")),
    (ROLE_MINUTE_TAKER, re.compile(r"\b(referent|referenten|tog referat|minute taker|took the minutes|wrote the minutes)\b")),
    (
        ROLE_ATTENDEES,
        re.compile(
            r"\b(deltog|deltagere|deltagerne|deltager|deltage|til stede|tilstede|mødt|medlem\w*|indgår|sidder i|"
            r"attend\w*|present|participa\w*|members?|takes? part|took part|sits? on|joins?|joined)\b"
        ),
    ),
)


_STATUS_RE = re.compile(
    r"\b(hvad sker der|hvad skete der|hvordan går det|hvordan gik det|hvordan står det til|hvor langt er|"
    r"hvad er status|status (på|for|om|vedr\w*)|seneste nyt|"
    r"what is the status|what's the status|status (of|on)|latest on|what is happening|what's happening|"
    r"what happened (to|with)|how is .{1,60} going|how are .{1,60} going|progress (on|of|with))\b"
)
# Words that tie a "who" question to a meeting rather than to a group or project it names.
_MEETING_RE = re.compile(
    r"\b(møde|mødet|mødets|mødes|meeting|meetings|mødeleder\w*|referent\w*|afbud|fraværende|til stede|"
    r"tilstede|absent|apologies|present|minute taker|took the minutes|chaired|led the meeting)\b"
)


def _role(text: str) -> str | None:
    for role, pattern in _ROLE_RES:
        if role == ROLE_CHAIR and _ELECTED_CHAIR_RE.search(text):
            continue  # "Who became vice-chair?" asks about an election item, not the meeting's chair
        if pattern.search(text):
            return role
    return None


_ELECTED_CHAIR_RE = re.compile(r"\b(vice|deputy|næstformand\w*|næstforkvinde\w*|valgt|blev|became|elected)\b")


# Asking for a list ("Hvilke frister …?", "Which items …?") rather than one fact.
# "Hvor holdt/mødtes/skulle … mødes", "where": not "hvor mange/meget/stor/længe/ofte …".
_WHERE_RE = re.compile(
    r"(?:^|[.?!]\s+)hvor\b(?!\s+(?:mange|meget|stor|store|højt|høj|lang|langt|længe|ofte|tit|godt|vidt|dyr|dyrt|gammel))|"
    r"\b(where|mødested|meeting place|venue)\b"
)
# Asking for a number: a count, an amount, a price.
_HOW_MUCH_RE = re.compile(
    r"\b(hvor mange|hvor meget|hvor stor|hvor store|how many|how much|antal|number of|beløb\w*|"
    r"koste|koster|kostede|pris|prisen|cost|costs|amount)\b"
)
_LIST_RE = re.compile(r"\b(hvilke|hvilken|hvilket|which|any|alle|all|kommende|upcoming|coming|nogen|noget|anything|oversigt|overview|list)\b")
_WHEN_RE = re.compile(r"\b(hvornår|when)\b")
# Words for the schedule of meetings ("mødedatoer", "Mødetider i 2027", "meeting dates").
_SCHEDULE_RE = re.compile(
    r"\b(mødedato\w*|mødetid\w*|mødekalender\w*|mødeplan\w*|møderække\w*|mødedage\w*|"
    r"meeting (?:dates?|days?|schedule|calendar|times)|schedule of meetings|meeting plan)\b"
)
_MEETINGS_RE = re.compile(r"\b(møder|møderne|mødes|meetings|meet|meets|møde|meeting)\b")
_PLURAL_MEETINGS_RE = re.compile(r"\b(møder|møderne|mødes|meetings|meet|meets)\b")
# "mødet den 19. januar 2027", "the meeting on 19 January 2027".
_DATED_MEETING_RE = re.compile(
    rf"\b(møde|mødet|meeting)\s+(?:(?:den|d\.?|on|of|the)\s+)*(?:\d{{1,2}}\.?\s*(?:{_MONTH_RE})|(?:{_MONTH_RE})\s+\d{{1,2}}|\d{{1,2}}[./]\d{{1,2}})"
)
# Asking what *will be* on an agenda: "skal på dagsordenen", "hvad skal drøftes", "what is on the agenda".
_FUTURE_AGENDA_RE = re.compile(
    r"\b(dagsorden|dagsordenen|skal (?:\w+ )?(?:drøftes|behandles|tages op|på)|skal vi (?:drøfte|behandle)|"
    r"planlagt|planlægges|agenda|will be (?:discussed|on)|to be discussed|planned)\b"
)


def _is_next_meeting_agenda(text: str, period: Period | None) -> bool:
    if _NEXT_MEETING_RE.search(text) and _AGENDA_RE.search(text):
        return True
    # "Hvad skal på dagsordenen til mødet den 19. januar 2027?": a dated meeting's agenda.
    return bool(_DATED_MEETING_RE.search(text) and _FUTURE_AGENDA_RE.search(text))


def _is_next_meeting(text: str, period: Period | None) -> bool:
    return bool(_NEXT_MEETING_RE.search(text)) and not _DEADLINE_RE.search(text)


def _is_deadlines_in_period(text: str, period: Period | None) -> bool:
    return period is not None and bool(_DEADLINES_RE.search(text) or (_DEADLINE_RE.search(text) and re.search(r"\b(hvilke|which|any|alle|all)\b", text)))


def _is_upcoming_deadlines(text: str, period: Period | None) -> bool:
    # "Hvilke frister har vi?", "frister", "Which deadlines are coming up?": no period, a list.
    if period is not None or _WHEN_RE.search(text):
        return False
    return bool(_DEADLINES_RE.search(text) or (_DEADLINE_RE.search(text) and _LIST_RE.search(text)))


def _is_meetings_in_period(text: str, period: Period | None) -> bool:
    # "Hvilke mødedatoer er der i 2027?", "Mødetider i 2027", "When does the committee meet in 2027?"
    if _SCHEDULE_RE.search(text):
        return True
    if period is None:
        return False
    return bool(_PLURAL_MEETINGS_RE.search(text) or (_WHEN_RE.search(text) and _MEETINGS_RE.search(text)))


def _is_deadline(text: str, period: Period | None) -> bool:
    return bool(_DEADLINE_RE.search(text) or _DEADLINES_RE.search(text))


def _is_postponement(text: str, period: Period | None) -> bool:
    if not _POSTPONED_RE.search(text):
        return False
    if _WHY_RE.search(text):
        return True
    # "Hvilke punkter blev udskudt?", "Which items were postponed?", "What was postponed?";
    # not "What was decided about the postponed item?".
    listing = _LIST_RE.search(text) or re.search(r"\bwhat (?:items?|points?|topics?|was|were|got|has|have)\b", text)
    return bool(listing) and not _DECISION_RE.search(text)


# Yes/no questions about an outcome ("Blev aftalen forlænget?") and votes ("Hvordan stemte …").
_OUTCOME_QUESTION_RE = re.compile(
    r"^(blev|er|was|were|did)\b.*\b\w+(et|ede|t|ed)\b|\bhvordan stemte\b|\bhow did .{1,40} vote\b|"
    r"\bhvad gjorde\b|\b(hvordan|hvad) endte\b|\bendte med\b|\bwhat did .{1,40} do with\b"
)


def _is_decision(text: str, period: Period | None) -> bool:
    if _WHY_RE.search(text):
        return False  # "Why was it not approved?" asks for the reason, not the decision
    return bool(_DECISION_RE.search(text) or _OUTCOME_QUESTION_RE.search(text))


def _is_attendance(text: str, period: Period | None) -> bool:
    role = _role(text)
    if role is None:
        return False
    # "Hvem repræsenterer ...?" and "Hvem deltog ...?" need the question word; the role
    # nouns themselves ("Deltagere på mødet?") are enough for the meeting roles.
    return bool(_WHO_RE.search(text)) or role in (ROLE_ABSENTEES, ROLE_CHAIR, ROLE_MINUTE_TAKER) or text.startswith("deltagere")


INTENT_TABLE: tuple[tuple[str, Callable[[str, Period | None], bool]], ...] = (
    (NEXT_MEETING_AGENDA, _is_next_meeting_agenda),
    (DEADLINES_IN_PERIOD, _is_deadlines_in_period),
    (UPCOMING_DEADLINES, _is_upcoming_deadlines),
    (DEADLINE, _is_deadline),
    (POSTPONEMENT, _is_postponement),
    (NEXT_MEETING, _is_next_meeting),
    (ATTENDANCE, _is_attendance),
    (DECISION, _is_decision),
    (MEETINGS_IN_PERIOD, _is_meetings_in_period),
)

# The help card's "spørg …" / "ask …" command word in front of a question.
_COMMAND_RE = re.compile(r"^\s*(?:spørg|spoerg|ask)\b[\s:,\-–]*(?=\S)", re.IGNORECASE)


def strip_command(question: str) -> str:
    """The question without a leading "spørg"/"ask" command word ("spørg Hvornår er …?")."""
    return _COMMAND_RE.sub("", question, count=1).strip()


def classify(question: str, *, today: dt.date, language: str | None = None) -> Query:
    """Classify a question.

    Args:
        question: the user's question as typed.
        today: the local date, used for periods without a year ("i februar").
        language: "da" or "en"; None detects it from the question.

    Returns:
        The query with intent, language, period/day and weighted content words.
    """
    question = strip_command(question)
    text = normalise(question)
    period = parse_period(question, today)
    intent = FREE
    for intent_id, predicate in INTENT_TABLE:
        if predicate(text, period):
            intent = intent_id
            break
    lang = language or detect_language(question)
    day = parse_day(question, today)
    query = Query(
        question=question,
        intent=intent,
        language=lang,
        period=period,
        day=day,
        day_has_year=day is not None and _writes_year(question),
        role=_role(text) if intent == ATTENDANCE else None,
        search_text=translate(question, lang),
        about_meeting=bool(_MEETING_RE.search(text)) or day is not None or period is not None,
        asks_when=bool(re.search(r"\b(hvornår|when|dato|date|tidspunkt)\b", text)),
        asks_how_many=bool(_HOW_MUCH_RE.search(text)),
        asks_where=bool(_WHERE_RE.search(text)),
        asks_who=bool(_WHO_RE.search(text)),
        asks_why=bool(_WHY_RE.search(text)),
        asks_amount=bool(re.search(r"\b(hvor meget|how much|koste\w*|pris\w*|beløb\w*|\w*bevilling\w*|budget\w*|kr|kroner|cost\w*|spent|spend)\b|hvor stor", text)),
        asks_vote=bool(re.search(r"\b(stemte|stemme|stemmer|afstemning\w*|voted?|voting)\b", text)),
        asks_ahead=bool(re.search(r"\b(skal|kan|vil|bliver|forventes|will|can|shall|should|is expected)\b", text)),
    )
    # A status question wants the latest state of a subject; asking when, how many or who
    # wants a particular fact instead ("Hvornår gives næste status om …?").
    query.asks_status = (
        intent in (FREE, DECISION)
        and bool(_STATUS_RE.search(text))
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
    text = normalise(question)
    if language != "en":
        return text
    for pattern, danish in _PHRASE_RES:
        text = pattern.sub(danish, text)
    return " ".join(GLOSSARY_EN_DA.get(t, t).split("|")[0] for t in tokenize(text))


_PERIOD_TOKENS = frozenset(_ALL_MONTHS) | frozenset(_ORDINAL_QUARTER) | {"kvartal", "quarter", "måned", "month", "år", "året", "year"}


def content_words(question: str, language: str) -> list[QueryWord]:
    """The question's content words with stems, weights and whether they must be covered.

    English phrases ("working group") and domain words are translated first; a glossary
    word may bring Danish alternatives ("hospital" or "sygehus"). Framing words
    ("besluttet", "frist", "næste møde") are dropped; generic committee words are kept
    with a low weight and never required.
    """
    words: list[QueryWord] = []
    seen: set[str] = set()
    text = question
    if language == "en":
        text = normalise(question)
        for pattern, danish in _PHRASE_RES:
            text = pattern.sub(danish, text)
    for token in tokenize(text):
        alternatives: tuple[str, ...] = ()
        english_soft = language == "en" and token in SOFT_ENGLISH_WORDS
        if language == "en":
            token, *others = GLOSSARY_EN_DA.get(token, token).split("|")
            alternatives = tuple(others)
        elif token in SYNONYMS_DA:
            alternatives = tuple(SYNONYMS_DA[token].split("|"))
        if not is_content_token(token) or token in _FRAMING_WORDS:
            continue
        if token in _PERIOD_TOKENS and not (token in _ORDINAL_QUARTER and not _is_quarter_ordinal(question, token)):
            # Ordinals stay content words unless they count a quarter ("arbejdsgruppens første møde").
            continue
        if re.fullmatch(r"(19|20)\d\d", token) or re.fullmatch(r"\d{1,2}", token):
            # Years and day numbers belong to the period/day, which is matched separately.
            # A bare number is kept only when it cannot be a day ("60 borgere").
            if not re.fullmatch(r"\d{1,2}", token) or _is_day_number(question, token):
                continue
        s = stem(token)
        if s in seen:
            continue
        seen.add(s)
        soft = token in _SOFT_WORDS
        if english_soft or token in QUESTION_VERBS:
            # Searched for with some weight, but never required.
            words.append(QueryWord(token, s, required=False, weight=0.5, alternatives=alternatives))
            continue
        words.append(QueryWord(token, s, required=not soft, weight=0.3 if soft else 1.0, alternatives=alternatives))
    return words


def _is_quarter_ordinal(question: str, ordinal: str) -> bool:
    return bool(re.search(rf"\b{ordinal}\s+(kvartal|quarter)", normalise(question)))


def _is_day_number(question: str, number: str) -> bool:
    return bool(re.search(rf"\b{number}\.?\s+({_MONTH_RE})\b", normalise(question)))
