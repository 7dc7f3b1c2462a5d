""" "Hvem …?": people, parties and organisations; who attended, chaired, sent apologies.

Questions about the meeting itself (who chaired, who attended, who sent apologies) are
answered from its header (``Meeting.chair/attendees/absentees``); who represents or joins a
group from the items.

A sentence with names scores; when the question asks who dissented ("kunne ikke tiltræde",
"tog forbehold", "stemte imod", "deltog ikke", "could not support"), the sentence that
records the dissent, in the decision section, is the answer rather than the recommendation.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.answering import intents as it
from bot.answering.query import Query
from bot.answering.retrieval import Retrieval
from bot.answering.text import stem, tokenize
from bot.answering.types import Answer
from bot.answering.vocabulary import GENERIC_GROUP_WORDS
from bot.minutes.model import AgendaItem, Minutes, SectionKind

NAME_RE = re.compile(r"\b[A-ZÆØÅ][a-zæøåé]+(?:\s+[A-ZÆØÅ][a-zæøåé]+)+")
# A party letter in parentheses: "(Ø)", "(V)", "(UP-1)".
_PARTY_RE = re.compile(r"\([A-ZÆØÅ]{1,3}(?:-\d)?\)")
DISSENT_RE = re.compile(
    r"\b(kunne ikke tiltræde|kan ikke tiltræde|ikke kunne tiltræde|tog forbehold|tager forbehold|forbehold|"
    r"stemte imod|stemmer imod|imod stemte|undlod|deltog ikke|deltager ikke|ikke til stede|mindretal\w*|"
    r"could not support|voted against|against|abstained|did not take part|reservations?)\b",
    re.I,
)


def asks_dissent(text: str) -> bool:
    """Whether a (normalised) question asks who dissented or stood aside."""
    return bool(DISSENT_RE.search(text) or re.search(r"\b(imod|tiltræde|support)\b", text))


def who_bonus(kind: SectionKind, sentence: str, dissent: bool) -> float:
    """How well a sentence answers "who" (0 to 0.75)."""
    value = 0.2 if NAME_RE.search(sentence) or _PARTY_RE.search(sentence) else 0.0
    if value and kind in (SectionKind.REFERAT, SectionKind.NOTE_AFTER):
        value += 0.15  # the people the meeting itself named (appointed, chose), not the case's history
    if dissent and DISSENT_RE.search(sentence):
        value += 0.3
        if kind in (SectionKind.REFERAT, SectionKind.NOTE_AFTER):
            value += 0.1
    return value


_REPRESENT_RE = re.compile(r"repræsent\w*|represent\w*", re.I)


# Sentences that say who represents, joins or leads a group, project or municipality.
_MEMBERSHIP_RE = re.compile(
    r"\b(repræsent\w*|deltage\w*|deltog|indgå\w*|medlem\w*|udpeg\w*|formand\w*|formænd\w*|sekretær\w*|"
    r"byde ind|sidder i|udtrå\w*|represent\w*|members?)\b",
    re.I,
)


# Wording that leaves the person open ("giver besked om, hvem der deltager").
_OPEN_RE = re.compile(
    r"\b(hvem der|endnu ikke|ikke udpeget|ikke afklaret|giver besked|udpeges|sendes i udbud|afventer|vil blive)\b", re.I
)


# Words naming a group other than a committee: "arbejdsgruppens", "styregruppen", "projektet".
def _names_a_group(token: str) -> bool:
    """ "arbejdsgruppens", "hjerneprojektet", "netværket": a word for a group or project."""
    return "grupp" in token[1:] or "projekt" in token or token.startswith("netværk")


def attendance(r: Retrieval, query: Query, today: dt.date, named: list[str], preferred: str | None) -> Answer:
    subject = [w for w in query.words if w.required]
    if query.role == it.ROLE_REPRESENT or (subject and not query.about_meeting) or names_other_group(r, query):
        # "Hvem deltager i arbejdsgruppen fra PsykInfo?" asks about a group, project or
        # municipality the minutes name, not about who came to a meeting; so does
        # "Hvem deltog i arbejdsgruppens første møde?", whose meeting is the group's.
        return members(r, query, named, preferred)
    da = query.language == "da"
    role = query.role or it.ROLE_ATTENDEES
    labels = {
        it.ROLE_ATTENDEES: ("Deltagere", "Attendees"),
        it.ROLE_ABSENTEES: ("Afbud", "Apologies"),
        it.ROLE_CHAIR: ("Mødeleder", "Chair"),
        it.ROLE_MINUTE_TAKER: ("Referent", "Minute taker"),
    }
    label = labels[role][0 if da else 1]
    lines, sources = [], []
    silent: list[Minutes] = []  # minutes in scope that do not record the role
    meetings = r.meetings_for(query, named, preferred, today)
    treated = _treated_item(r, query, named, preferred, meetings) if subject else None
    if treated is not None:
        # "Hvem var ikke til stede, da udvalget behandlede X?": the meeting that treated X,
        # quoted at its item, and the item's own record of who was away when it has one.
        minutes, item = treated.minutes, treated.item
        people = (_absent_at(item) if role == it.ROLE_ABSENTEES else []) or _recorded(minutes, role)
        if people:
            quote = f"{labels[role][0]}: {', '.join(people)}"
            text = f"{r.where(minutes, item, query.language)}: {label}: {', '.join(people)}."
            confidence = round(0.9 * r.confidence(treated, None), 3)
            sources = [r.source(minutes, item, quote)]
            return Answer(query.question, query.intent, True, text, confidence, sources, [], query.language)
    for mi in meetings:
        minutes = r.index.minutes[mi]
        people = _recorded(minutes, role)
        if not people:
            silent.append(minutes)
            continue
        if lines and not (named or preferred or query.day or query.period):
            break
        quote = f"{labels[role][0]}: {', '.join(people)}"
        lines.append(f"{r.where(minutes, None, query.language)}: {label}: {', '.join(people)}.")
        sources.append(r.source(minutes, None, quote))
    if not lines:
        if silent and (named or preferred):
            # The committee asked about has minutes; they just do not say. Say so rather
            # than answer from another committee's meeting.
            wheres = "; ".join(r.where(m, None, query.language) for m in silent)
            missing = {
                it.ROLE_ATTENDEES: ("deltagerne", "the attendees"),
                it.ROLE_ABSENTEES: ("hvem der havde afbud", "who sent apologies"),
                it.ROLE_CHAIR: ("mødelederen", "the chair"),
                it.ROLE_MINUTE_TAKER: ("referenten", "the minute taker"),
            }[role][0 if da else 1]
            text = (
                f"Referatet ({wheres}) nævner ikke {missing}."
                if da
                else f"The minutes ({wheres}) do not name {missing}."
            )
            return r.not_found(query, text)
        return r.not_found(query)
    return Answer(query.question, query.intent, True, "\n".join(lines), 0.9, sources, [], query.language)


def _recorded(minutes: Minutes, role: str) -> list[str]:
    """Who the meeting's header records in the role; absentees also from the items' decisions."""
    meeting = minutes.meeting
    people = {
        it.ROLE_ATTENDEES: meeting.attendees,
        it.ROLE_ABSENTEES: meeting.absentees,
        it.ROLE_CHAIR: [meeting.chair] if meeting.chair else [],
        it.ROLE_MINUTE_TAKER: [meeting.minute_taker] if meeting.minute_taker else [],
    }[role]
    return people or (absent_in_decisions(minutes) if role == it.ROLE_ABSENTEES else [])


def _treated_item(r: Retrieval, query: Query, named: list[str], preferred: str | None, meetings: list[int]):
    """The best item about the question's subject in one of the meetings asked about, if any."""
    wanted = {id(r.index.minutes[mi]) for mi in meetings}
    passages = r.passages(query, preferred, named, lambda q, item, kind, sentence, match: (0.7 * match) or None)
    return next((p for p in passages if id(p.minutes) in wanted), None)


def _absent_at(item: AgendaItem) -> list[str]:
    """Who an item's decision records as away ("Fraværende: Tina Rottbøll")."""
    for section in item.sections:
        if section.kind != SectionKind.REFERAT:
            continue
        match = _ABSENT_LINE_RE.search(section.text)
        if match:
            return [n.strip() for n in re.split(r",|\bog\b", match.group(1)) if n.strip()]
    return []


def names_other_group(r: Retrieval, query: Query) -> bool:
    """Whether the question names a group or project that is no committee of the corpus
    ("arbejdsgruppens", "styregruppen", "projektet"), as opposed to "følgegruppen"."""
    committee_stems = frozenset().union(*r.committee_stems.values()) if r.committee_stems else frozenset()
    for token in tokenize(query.search_text or query.question):
        if token in GENERIC_GROUP_WORDS or token.startswith("grupp") or not _names_a_group(token):
            continue
        if stem(token) not in committee_stems:
            return True
    return False


def members(r: Retrieval, query: Query, named: list[str], preferred: str | None) -> Answer:
    """Who represents, joins or leads something the minutes name (found in the items)."""
    cue = _REPRESENT_RE if query.role == it.ROLE_REPRESENT else _MEMBERSHIP_RE
    # The question's own verb ("deltager", "repræsenterer") marks the sentence that answers it.
    asked = {stem(t) for t in tokenize(query.question) if cue.fullmatch(t)}

    def score(q: Query, item: AgendaItem, kind: SectionKind, sentence: str, match: float) -> float | None:
        value = 0.6 * match
        if cue.search(sentence):
            value += 0.3
            if asked and any(stem(t) in asked for t in tokenize(sentence)):
                value += 0.2
        if NAME_RE.search(sentence):
            value += 0.1
        if kind in (SectionKind.REFERAT, SectionKind.NOTE_AFTER):
            value += 0.15
        return value

    passages = r.passages(query, preferred, named, score)
    passages = [p for p in passages if cue.search(p.quote)]
    if not passages:
        return r.not_found(query)
    prefix = ""
    if not NAME_RE.search(passages[0].quote) and _OPEN_RE.search(passages[0].quote):
        # "… giver besked om, hvem der deltager …": the minutes leave the person open.
        prefix = "Det er ikke afgjort endnu. " if query.language == "da" else "It is not settled yet. "
    elif query.about_meeting and query.role == it.ROLE_ATTENDEES and not NAME_RE.search(passages[0].quote):
        # Who came to a group's meeting: the minutes tell of the meeting but name no one.
        prefix = (
            "Referaterne nævner ikke deltagerne, men skriver: "
            if query.language == "da"
            else "The minutes do not name the attendees, but say: "
        )
    return r.retrieval_answer(query, passages, [], prefix)


# "Fraværende: Tina Rottbøll", "Afbud: Anne Marie Lyduch, Bjarke Abel", "Ikke til stede: …"
# as the decision of an item records who was away while it was decided.
_ABSENT_LINE_RE = re.compile(r"\b(?:fraværende|afbud|ikke til stede|ikke tilstede)\s*:\s*([^\n.]+)", re.I)


def absent_in_decisions(minutes: Minutes) -> list[str]:
    """Who the decisions of the meeting's items record as away, most often named first.

    For minutes whose header does not list absentees but whose items do ("Fraværende: …"
    under each Beslutning); earlier meetings' lines ("Sagens forløb") are not this meeting's.
    """
    counts: dict[str, int] = {}
    for item in minutes.items:
        for section in item.sections:
            if section.kind not in (SectionKind.REFERAT, SectionKind.DESCRIPTION) or section.heading.lower().startswith(
                "sagens"
            ):
                continue
            for match in _ABSENT_LINE_RE.finditer(section.text):
                for name in re.split(r",|\bog\b", match.group(1)):
                    name = name.strip(" ;")
                    if NAME_RE.fullmatch(re.sub(r"\s*\([^)]*\)$", "", name)):
                        counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda n: -counts[n])
