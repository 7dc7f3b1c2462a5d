"""The intent ids and the ordered ``INTENT_TABLE`` that decides them: the first rule that holds wins."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.answering.vocabulary import MONTH_RE

if TYPE_CHECKING:
    from bot.answering.query import Period

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

# Attendance sub-questions.
ROLE_REPRESENT = "represent"
ROLE_ATTENDEES = "attendees"
ROLE_CHAIR = "chair"
ROLE_MINUTE_TAKER = "minute_taker"
ROLE_ABSENTEES = "absentees"

# ---------------------------------------------------------------------- the table

_DEADLINE_RE = re.compile(r"\b(frist|fristen|fristerne|deadline|deadlinen|senest|due date|due)\b")
_DEADLINES_RE = re.compile(r"\b(frister|fristerne|deadlines|due dates)\b")
_NEXT_MEETING_RE = re.compile(
    r"\b(næste|kommende|upcoming|next)\s+(\w+\s+)?(\w*møde|\w*mødet|meeting)\b|\bmeets? next\b|\bmødes (vi|gruppen|de) (igen|næste)|"
    r"\b(første|first)\s+(\w*møde|meeting)\s+(efter|after)\b"
)
# "… møde … igen", "næste gang … mødes", "meet … again": a word, and later another. Searched as two
# patterns from the first word on, not as "A.*B", which scans the rest of the text from every A.
_THEN_AGAIN = (
    (re.compile(r"\b(mødes|\w*møde)\b"), re.compile(r"\b(igen|næste gang)\b")),
    (re.compile(r"\bnæste gang\b"), re.compile(r"\bmødes\b")),
    (re.compile(r"\b(meets?|meet|meeting)\b"), re.compile(r"\bagain\b")),
)


def _asks_next_meeting(text: str) -> bool:
    if _NEXT_MEETING_RE.search(text):
        return True
    for first, then in _THEN_AGAIN:
        found = first.search(text)
        if found is not None and then.search(text, found.end()):
            return True
    return False


_AGENDA_RE = re.compile(
    r"\b(drøfte|drøftes|behandle|behandles|dagsorden|dagsordenen|punkter|planlagt|planlægges|tages op|tage op|skal vi|"
    r"agenda|discuss|discussed|planned|items|topics|on the table)\b"
)
_POSTPONED_RE = re.compile(
    r"\b(udskudt|udskudte|udskydes|udskyde|udsat|udsatte|udsættes|flyttet|flyttes|flyttede|udgik|udgår|"
    r"aflyst|aflyses|postponed|moved|delayed|deferred|cancelled|canceled|dropped)\b"
)
WHY_RE = re.compile(r"\b(hvorfor|grunden til|årsagen til|why|reason)\b")
_DECISION_RE = re.compile(
    r"\b(besluttet|besluttede|beslutning|beslutningen|vedtaget|vedtog|konklusion|konkluderet|aftalt|"
    r"godkendt|godkendte|decided|decision|agreed|approved|conclusion|concluded|resolved)\b"
)
WHO_RE = re.compile(r"\b(hvem|who)\b")
_ROLE_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (ROLE_REPRESENT, re.compile(r"\b(repræsent\w*|represent\w*)")),
    (
        ROLE_ABSENTEES,
        re.compile(
            r"\b(afbud|fraværende|fravær|manglede|mangler|ikke (?:var )?(?:med|til stede|tilstede)|var væk|absent|apologi\w*|"
            r"sent regrets|missed|missing|not present|was away|were away)\b"
        ),
    ),
    (
        ROLE_CHAIR,
        re.compile(r"\b(mødeleder|mødelederen|ledede|leder mødet|formand|dirigent|chair\w*|led the meeting)\b"),
    ),
    (
        ROLE_MINUTE_TAKER,
        re.compile(r"\b(referent|referenten|tog referat|minute taker|took the minutes|wrote the minutes)\b"),
    ),
    (
        ROLE_ATTENDEES,
        re.compile(
            r"\b(deltog|deltagere|deltagerne|deltager|deltage|til stede|tilstede|mødt|medlem\w*|indgår|sidder i|"
            r"attend\w*|present|participa\w*|members?|takes? part|took part|sits? on|joins?|joined)\b"
        ),
    ),
)


STATUS_RE = re.compile(
    r"\b(hvad sker der|hvad skete der|hvordan går det|hvordan gik det|hvordan står det til|hvor langt er|"
    r"hvad er status|status (på|for|om|vedr\w*)|seneste nyt|"
    r"what is the status|what's the status|status (of|on)|latest on|what is happening|what's happening|"
    r"what happened (to|with)|how is .{1,60} going|how are .{1,60} going|progress (on|of|with))\b"
)
# Words that tie a "who" question to a meeting rather than to a group or project it names.
MEETING_RE = re.compile(
    r"\b(møde|mødet|mødets|mødes|meeting|meetings|mødeleder\w*|referent\w*|afbud|fraværende|til stede|"
    r"tilstede|absent|apologies|present|minute taker|took the minutes|chaired|led the meeting)\b"
)


def role_of(text: str) -> str | None:
    for role, pattern in _ROLE_RES:
        if role == ROLE_CHAIR and _ELECTED_CHAIR_RE.search(text):
            continue  # "Who became vice-chair?" asks about an election item, not the meeting's chair
        if pattern.search(text):
            return role
    return None


_ELECTED_CHAIR_RE = re.compile(r"\b(vice|deputy|næstformand\w*|næstforkvinde\w*|valgt|blev|became|elected)\b")


# Asking for a list ("Hvilke frister …?", "Which items …?") rather than one fact.
# "Hvor holdt/mødtes/skulle … mødes", "where": not "hvor mange/meget/stor/længe/ofte …".
WHERE_RE = re.compile(
    r"(?:^|[.?!]\s+)hvor\b(?!\s+(?:mange|meget|stor|store|højt|høj|lang|langt|længe|ofte|tit|godt|vidt|dyr|dyrt|gammel))|"
    r"\b(where|mødested|meeting place|venue)\b"
)
# Asking for a number: a count, an amount, a price.
HOW_MUCH_RE = re.compile(
    r"\b(hvor mange|hvor meget|hvor stor|hvor store|how many|how much|antal|number of|beløb\w*|"
    r"koste|koster|kostede|pris|prisen|cost|costs|amount|husleje\w*|lejen|takst\w*|gebyr\w*|udgift\w*|"
    r"rent|fee|fees|price)\b"
)
_LIST_RE = re.compile(
    r"\b(hvilke|hvilken|hvilket|which|any|alle|all|kommende|upcoming|coming|nogen|noget|anything|oversigt|overview|list)\b"
)
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
    rf"\b(møde|mødet|meeting)\s+(?:(?:den|d\.?|on|of|the)\s+)*(?:\d{{1,2}}\.?\s*(?:{MONTH_RE})|(?:{MONTH_RE})\s+\d{{1,2}}|\d{{1,2}}[./]\d{{1,2}})"
)
# Asking what *will be* on an agenda: "skal på dagsordenen", "hvad skal drøftes", "what is on the agenda".
_FUTURE_AGENDA_RE = re.compile(
    r"\b(dagsorden|dagsordenen|skal (?:\w+ )?(?:drøftes|behandles|tages op|på)|skal vi (?:drøfte|behandle)|"
    r"planlagt|planlægges|agenda|will be (?:discussed|on)|to be discussed|planned)\b"
)


def _is_next_meeting_agenda(text: str, period: Period | None) -> bool:
    if _asks_next_meeting(text) and _AGENDA_RE.search(text):
        return True
    # "Hvad skal på dagsordenen til mødet den 19. januar 2027?": a dated meeting's agenda.
    return bool(_DATED_MEETING_RE.search(text) and _FUTURE_AGENDA_RE.search(text))


def _is_next_meeting(text: str, period: Period | None) -> bool:
    return _asks_next_meeting(text) and not _DEADLINE_RE.search(text)


def _is_deadlines_in_period(text: str, period: Period | None) -> bool:
    return period is not None and bool(
        _DEADLINES_RE.search(text)
        or (_DEADLINE_RE.search(text) and re.search(r"\b(hvilke|which|any|alle|all)\b", text))
    )


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


# Asking for one day: "Hvilken dag …", "Hvilket møde …" (its date), "What day …".
WHICH_DAY_RE = re.compile(r"\b(?:hvilken|hvilket|which|what) (?:dag|dato|møde|day|date|meeting)\b")
# ... unless it asks the day something was moved to ("Til hvilken dato blev mødet flyttet?").
_NEW_DAY_RE = re.compile(
    r"\b(?:til|to) (?:hvilken|hvilket|which|what)\b|\b(?:flyttet|flyttes|rykket|moved) til\b|\bmoved to\b"
)


def asks_which_day(text: str) -> bool:
    """Whether the (normalised) question asks which day something was, not which day it moved to."""
    return bool(WHICH_DAY_RE.search(text)) and not _NEW_DAY_RE.search(text)


def _is_postponement(text: str, period: Period | None) -> bool:
    if not _POSTPONED_RE.search(text):
        return False
    if WHY_RE.search(text):
        return True
    if asks_which_day(text):
        return False  # "Hvilken dag lå mødet, som de ønskede flyttet?" asks a date, not what was moved
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
    if WHY_RE.search(text):
        return False  # "Why was it not approved?" asks for the reason, not the decision
    return bool(_DECISION_RE.search(text) or _OUTCOME_QUESTION_RE.search(text))


def _is_attendance(text: str, period: Period | None) -> bool:
    role = role_of(text)
    if role is None:
        return False
    # "Hvem repræsenterer ...?" and "Hvem deltog ...?" need the question word; the role
    # nouns themselves ("Deltagere på mødet?") are enough for the meeting roles.
    return (
        bool(WHO_RE.search(text))
        or role in (ROLE_ABSENTEES, ROLE_CHAIR, ROLE_MINUTE_TAKER)
        or text.startswith("deltagere")
    )


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


def intent_of(text: str, period: Period | None) -> str:
    """The intent of a normalised question: the first rule of ``INTENT_TABLE`` that holds, else FREE."""
    for intent_id, predicate in INTENT_TABLE:
        if predicate(text, period):
            return intent_id
    return FREE
