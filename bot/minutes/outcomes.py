"""How the meeting dealt with an agenda item, and the sentence that says so.

The Referat/Beslutning is read first: its *earliest decisive* sentence decides; discussion
("drøftede") and agreement ("Der var enighed om, at …") decide only when nothing is decisive.
Only when the Referat is absent or silent is the Indstilling used (source INDSTILLING): minutes
record objections and changes, so a proposal passed without remarks is often not repeated.
A sentence that names another item ("Punkt 4 udgår pga sygdom") says nothing about its own item.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.minutes.clean import split_sentences
from bot.minutes.model import AgendaItem, Outcome, SectionKind

_F = re.IGNORECASE
_Patterns = tuple[tuple[Outcome, re.Pattern[str]], ...]

# "udskudt fra mødet den 15. september" tells where a topic came from, not what happened to it.
_NOT_FROM = r"(?!\s+fra\b)"
# Decisive Referat patterns; within one sentence the earliest match decides (see `_match`).
_DECISIVE: _Patterns = (
    (
        Outcome.POSTPONED,
        re.compile(
            rf"\b(?:udskyde[rs]?|(?:udskudt|udsat|flyttet){_NOT_FROM}|udsætte[rs]?|flyttes{_NOT_FROM}|"
            r"udgår|udgik|ikke\s+behandlet|behandles\s+på\s+(?:et|det|næste)\s+(?:kommende\s+)?møde)\b",
            _F,
        ),
    ),
    (Outcome.REJECTED, re.compile(r"\b(?:afvist|afvises|afviste|afslået|afslås|afslog|ikke\s+godkendt)\b", _F)),
    (
        Outcome.REFERRED,
        re.compile(
            r"\b(?:sendes|sendt|sendte|blev\s+sendt)\b[^.]{0,40}?\btilbage\b|\btilbagesend\w*|\bhjemvis\w*|"
            r"\b(?:oversendes|oversendt|oversendte|henvises|henvist|henviste)\s+(?:\w+\s+){0,3}?til\b",
            _F,
        ),
    ),
    (Outcome.APPROVED, re.compile(r"\b(?:godkendt|godkendes|godkendte|godkender|tiltrådt|tiltrådte|tiltrædes)\b", _F)),
    (
        Outcome.NOTED,
        re.compile(r"\b(?:taget|tages|tog)\b[^.]{0,60}?\btil\s+efterretning\b|\borienteringen\s+blev\s+modtaget\b", _F),
    ),
    # "Anbefales.", "Udvalget anbefaler overfor Byrådet at godkende …": the decision is the
    # council's; the committee only recommends.
    (
        Outcome.RECOMMENDED,
        re.compile(
            r"^[\d.,\s–-]*(?:anbefales|indstilles)\b|"
            r"\b(?:udvalget|rådet|\w+udvalg(?:et)?)\s+(?:anbefaler|anbefalede|indstiller|indstillede)\b|"
            r"\b(?:anbefaler|anbefalede|anbefales)\s+(?:over\s*for|til|at\s+(?:godkende|tiltræde|vedtage))\b",
            _F,
        ),
    ),
    (
        Outcome.DECIDED,
        re.compile(
            r"\b(?:besluttede|blev\s+besluttet|det\s+besluttes|besluttes|beslutter|besluttet|tilrettes|"
            r"vedtaget|vedtog|vedtages|aftalt|aftaltes|(?:blev\s+)?(?:gen)?valgt\s+(?:som|til)|genvalgt)\b",
            _F,
        ),
    ),
)
# Weak patterns: agreement on a view and discussion. They decide only when nothing decisive
# is written anywhere in the Referat; within a sentence agreement yields, as in `_match`.
_WEAK: _Patterns = (
    (Outcome.DECIDED, re.compile(r"\b(?:blev\s+enige|enighed\s+om)\b", _F)),
    (Outcome.DISCUSSED, re.compile(r"\b(?:drøftede|drøftet|drøftes|diskuterede|diskuteret|debatterede)\b", _F)),
)
# What the Indstilling asks for: "tager … til efterretning", "godkender", "drøfter", "beslutter".
# Here the strongest request wins over the order: "drøfter og godkender" asks for approval.
_PROPOSAL_PATTERNS: _Patterns = (
    (Outcome.NOTED, re.compile(r"\b(?:tager|tages)\b[^.]{0,60}?\btil\s+efterretning\b", _F)),
    (Outcome.APPROVED, re.compile(r"\b(?:godkender|godkendes|godkendelse)\b", _F)),
    (Outcome.DECIDED, re.compile(r"\b(?:beslutter|besluttes|træffer\s+beslutning|vedtager)\b", _F)),
    (Outcome.DISCUSSED, re.compile(r"\b(?:drøfter|drøftes|diskuterer|kvalificerer)\b", _F)),
)
_OTHER_ITEM_RE = re.compile(r"\b(?:punkt|pkt\.?)\s+(\d{1,3}(?:\.\d{1,2})?)\b", _F)
_PARENTHESIS_RE = re.compile(r"\([^()]*\)")
# The participle "udskudte" ("dagens udskudte punkt 4") reports, it does not postpone.
_POSTPONE_VERB_RE = re.compile(
    rf"\b(?:udgår|udgik|udskydes|udsættes|flyttes{_NOT_FROM}|(?:udskudt|udsat|flyttet){_NOT_FROM})\b", _F
)
# An item that collects topics for a later meeting: its list entries name topics, and a
# topic's "(udskudt)" is about that topic, not about this item.
_NEXT_AGENDA_TITLE_RE = re.compile(
    r"\b(?:punkter|emner|forslag)\s+til\s+(?:dagsorden(?:en)?\s+(?:for|til)\s+)?(?:næste|kommende)\s+møde", _F
)
# Telling sentences name the meeting body or the item and say what it did or will do.
_ACTOR_RE = re.compile(
    r"\b(?:(?:følge|fokus|styre|arbejds|styrings)?gruppen|udvalget|rådet|forummet|bestyrelsen|"
    r"medlemmerne|deltagerne|punktet|sagen)\b",
    _F,
)
_TELLING_CUE_RE = re.compile(
    r"\b(?:tages\s+op|følges\s+op|følge\s+op|vender\s+tilbage|genoptages|næste\s+møde|kommende\s+møde|"
    r"enighed|enige|ønske[rst]?|aftal\w*|opfordr\w*|anbefal\w*|bakke[rs]?\s+op|tilslut\w*|"
    r"beslut\w*|konklu\w*|besluttes)\b",
    _F,
)
_BOILERPLATE_RE = re.compile(
    r"^(?:(?:slides|præsentation(?:en)?|oplægget|bilag\w*)\b.*\b(?:vedhæft\w*|vedlagt|eftersendes|"
    r"sendes\s+ud|udsendes|lægges)|se\s+(?:i\s+øvrigt\s+)?(?:slides|bilag|vedhæft\w*|konklusion)|"
    r"intet|ingen\s+bemærkninger)\b",
    _F,
)
# A Referat that records that no decision was taken: the Indstilling must not stand in for one.
_WITHHELD_RE = re.compile(
    r"\b(?:undlod|undlader|tog\s+ikke\s+stilling|ikke\s+(?:at\s+)?tage\s+stilling|ingen\s+beslutning)\b",
    _F,
)
_DISCUSSION_ENTRIES = 3  # a silent Referat this long records a discussion


class OutcomeReading(NamedTuple):
    """How an item was dealt with, the sentence that shows it and the section it rests on."""

    outcome: Outcome
    sentence: str | None
    source: SectionKind | None  # REFERAT, INDSTILLING (proposal taken as followed), or None


_UNKNOWN = OutcomeReading(Outcome.UNKNOWN, None, None)


def _names_other_item(sentence: str, number: str) -> bool:
    return any(m.group(1) != number for m in _OTHER_ITEM_RE.finditer(sentence))


def _section_texts(item: AgendaItem, kind: SectionKind) -> list[str]:
    return [s.text for s in item.sections if s.kind == kind and s.text]


def _entries(item: AgendaItem, kind: SectionKind) -> list[tuple[str, bool]]:
    """(sentence, is a list entry) for the item's sections of ``kind``, other items' excluded."""
    out = []
    for text in _section_texts(item, kind):
        for entry in split_sentences(text, bullets=True):
            bullet = entry.startswith("- ")
            sentence = entry[2:] if bullet else entry
            if not _names_other_item(sentence, item.number):
                out.append((sentence, bullet))
    return out


def _match(sentence: str, patterns: _Patterns, *, skip: frozenset[Outcome] = frozenset()) -> Outcome | None:
    """The outcome whose pattern matches first in the sentence; a decision word only frames what
    follows ("det blev besluttet at udskyde punktet") and yields to any other outcome."""
    # A parenthesis is an aside about a word in the sentence ("statusattester (udskudt fra
    # dagens møde)"), not the record of what the meeting did.
    bare = _PARENTHESIS_RE.sub(" ", sentence)
    found: list[tuple[bool, int, Outcome]] = []
    for outcome, pattern in patterns:
        match = pattern.search(bare) if outcome not in skip else None
        if match:
            found.append((outcome == Outcome.DECIDED, match.start(), outcome))
    return min(found)[2] if found else None


def _referat_reading(item: AgendaItem) -> OutcomeReading | None:
    """The earliest decisive Referat sentence, else the earliest weak one; None when silent."""
    entries = _entries(item, SectionKind.REFERAT)
    topics = bool(_NEXT_AGENDA_TITLE_RE.search(item.title))
    for patterns in (_DECISIVE, _WEAK):
        for sentence, bullet in entries:
            skip = frozenset({Outcome.POSTPONED}) if bullet and topics else frozenset()
            outcome = _match(sentence, patterns, skip=skip)
            if outcome is not None:
                return OutcomeReading(outcome, sentence, SectionKind.REFERAT)
    return None


def _telling_sentence(entries: list[tuple[str, bool]]) -> str | None:
    """For a silent Referat: the first sentence naming the body or item with what it did or will do,
    else the first prose sentence, else the first list entry; None when all is boilerplate."""
    prose = [s for s, bullet in entries if not bullet and not s.endswith(":") and not _BOILERPLATE_RE.match(s)]
    for sentence in prose:
        if _ACTOR_RE.search(sentence) and _TELLING_CUE_RE.search(sentence):
            return sentence
    if prose:
        return prose[0]
    listed = [s for s, bullet in entries if bullet and not _BOILERPLATE_RE.match(s)]
    return listed[0] if listed else None


def classify_outcome(item: AgendaItem) -> OutcomeReading:
    """How the meeting dealt with an item; (UNKNOWN, None, None) when the minutes do not say."""
    found = _referat_reading(item)
    if found:
        return found
    entries = _entries(item, SectionKind.REFERAT)
    telling = _telling_sentence(entries)
    withheld = next((s for s, _ in entries if _WITHHELD_RE.search(s)), None)
    if withheld is not None:
        # "Udvalget undlod at tage stilling …": the minutes say the proposal was not followed.
        return OutcomeReading(Outcome.UNKNOWN, withheld, SectionKind.REFERAT)
    proposal = [
        s for t in _section_texts(item, SectionKind.INDSTILLING) for s in split_sentences(t)
        if not _names_other_item(s, item.number)
    ]  # fmt: skip  # keyword arguments grouped by meaning
    for outcome, pattern in _PROPOSAL_PATTERNS:
        for sentence in proposal:
            if pattern.search(sentence):
                # The minutes record no objection, so the proposal is taken as followed.
                return OutcomeReading(outcome, telling or sentence, SectionKind.INDSTILLING)
    # A referat that records a discussion without a decision word ("Regionen: …").
    if len(entries) >= _DISCUSSION_ENTRIES and telling:
        return OutcomeReading(Outcome.DISCUSSED, telling, SectionKind.REFERAT)
    return _UNKNOWN


def postponed_by_other_items(items: list[AgendaItem]) -> dict[str, OutcomeReading]:
    """Item number → POSTPONED reading, for items postponed by a sentence under another item ("Punkt 4
    udgår pga sygdom") whose own Referat says nothing decisive."""
    by_number = {item.number: item for item in items}
    found: dict[str, OutcomeReading] = {}
    for item in items:
        for section in item.sections:
            if section.kind not in (SectionKind.REFERAT, SectionKind.DESCRIPTION):
                continue
            for sentence in split_sentences(section.text):
                if not _POSTPONE_VERB_RE.search(_PARENTHESIS_RE.sub(" ", sentence)):
                    continue
                for match in _OTHER_ITEM_RE.finditer(sentence):
                    target = by_number.get(match.group(1))
                    if target is None or target is item or not target.sections:
                        continue
                    if _referat_reading(target) is None:  # its own referat is silent
                        found.setdefault(target.number, OutcomeReading(Outcome.POSTPONED, sentence, section.kind))
    return found


def read_outcomes(items: list[AgendaItem]) -> None:
    """Set each item's outcome, then those postponed by a sentence under another item."""
    for item in items:
        item.outcome, item.outcome_sentence, item.outcome_source = classify_outcome(item)
    for number, reading in postponed_by_other_items(items).items():
        target = next(i for i in items if i.number == number)
        target.outcome, target.outcome_sentence, target.outcome_source = reading
