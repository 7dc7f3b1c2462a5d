"""Questions of no special intent, answered by the kind of answer they ask for.

"Hvornår" quotes the sentence with the date in the matching item (past or future: tense is
no filter, only a preference for dates ahead of the meeting when the question says skal/kan);
"hvor mange/hvor meget" the number with its unit (``figures``); "hvem" people and parties
(``who``); "hvorfor" the reason clause (``reason``); "hvad sker der med" the latest state.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.answering.decision import VOTE_RE, agenda_answer
from bot.answering.figures import count_bonus
from bot.answering.place import answer_place, asks_meeting_place
from bot.answering.query import Query
from bot.answering.reason import reason_bonus
from bot.answering.retrieval import Retrieval
from bot.answering.text import fold_whitespace, split_sentences, tokenize
from bot.answering.types import Answer, AnswerDate, format_date
from bot.answering.who import asks_dissent, who_bonus
from bot.minutes.model import AgendaItem, DocumentKind, SectionKind

# What the meeting itself said (the decision section) outranks the case description.
REFERAT_BONUS = 0.2
OUTCOME_BONUS = 0.1
DECIDED = (SectionKind.REFERAT, SectionKind.NOTE_AFTER)
CASE_ACTOR_DISCOUNT = 0.15
_CASE_ACTOR_RE = re.compile(
    r"\b(administrationen|forvaltningen|ansøger\w*|ejer\w*|bygherre\w*|the administration|the applicant|the owner)\b"
)
# How much lower an item ranks for "hvornår" when its best sentence has no date.
_UNDATED_BEST = 0.1
DATE_IN_TEXT_RE = re.compile(
    r"\b\d{1,2}\.\s*(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\b"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b",
    re.I,
)
# Words that report where something stands: applied for, waiting, started, expected.
_STATUS_CUE_RE = re.compile(
    r"\b(afvent\w*|ansøg\w*|forvent\w*|igangsat\w*|i gang|påbegynd\w*|endnu ikke|er nu|fortsat|status|mangler|"
    r"planlæg\w*|udsat|udskudt|afsluttet|afslutte\w*|færdig\w*|næste skridt|følges op|tages op|sendt|startet|opstart\w*)\b",
    re.I,
)


def answer_free(r: Retrieval, query: Query, today: dt.date, named: list[str], preferred: str | None) -> Answer:
    """A question of no special intent, answered by the kind of answer it asks for: a date
    for "hvornår", a number for "hvor mange", people for "hvem", a reason for "hvorfor"."""
    if asks_meeting_place(query):
        return answer_place(r, query, today, named, preferred)
    if query.asks_status:
        return answer_status(r, query, named, preferred)
    dissent = query.asks_who and asks_dissent(query.search_text or query.question.lower())
    # "Hvorfor anbefalede administrationen …", "Hvorfor ønskede ejeren …": the reason of someone
    # in the case, which the case text gives, not the committee's decision.
    case_actor = query.asks_why and bool(_CASE_ACTOR_RE.search(query.search_text))
    # The letters of the parties the question names ("Socialdemokratiet" votes as "A").
    parties = {form for w in query.words for form in w.alternatives if len(form) == 1}

    def score(q: Query, item: AgendaItem, kind: SectionKind, sentence: str, match: float) -> float | None:
        value = 0.7 * match
        if value == 0:
            return None
        if q.asks_when and DATE_IN_TEXT_RE.search(sentence):
            value += 0.3
            if q.asks_ahead and r.dates_ahead(item, sentence):
                # "Hvornår skal/kan …" asks what lies ahead of the meeting, not what was before.
                value += 0.2
            if q.asks_end and any(d.end > d.start for d in r.mentions_in(item, sentence)):
                value += 0.2  # "hvornår sluttede perioden": a sentence with the period's span
        if q.asks_how_many:
            value += count_bonus(q, sentence)
        if q.asks_who:
            value += who_bonus(kind, sentence, dissent)
        if q.asks_vote and VOTE_RE.search(sentence):
            value += 0.3  # "Hvem stemte for …": the vote
        if parties and (q.asks_why or q.asks_vote) and parties & set(tokenize(sentence)):
            value += 0.3  # "Hvorfor stemte Socialdemokratiet imod": the line of that party ("A, med bemærkning …")
        if q.asks_why:
            value += reason_bonus(kind, sentence) - (CASE_ACTOR_DISCOUNT if case_actor and kind in DECIDED else 0.0)
        if kind in DECIDED and not (q.asks_why and case_actor):
            # A date may stand anywhere in the case; what the meeting did, in its decision.
            value += 0.05 if q.asks_when else REFERAT_BONUS
            if not (q.asks_why or q.asks_when) and item.outcome_sentence and fold_whitespace(item.outcome_sentence) in sentence:
                value += OUTCOME_BONUS  # the sentence that says what was decided, not a thank-you beside it
        return value

    passages = r.passages(query, preferred, named, score)
    if query.asks_when and passages and passages[0].minutes.kind == DocumentKind.AGENDA and _TREATS_RE.search(
        query.search_text
    ):
        # "Hvornår skal byrådet behandle X?" over an agenda: the meeting it is on the agenda for.
        return agenda_day_answer(r, query, passages)
    if query.asks_when:
        passages = _dated(r, query, passages)
    if not passages:
        return r.not_found(query)
    best = passages[0]
    if best.minutes.kind == DocumentKind.AGENDA and not _asks_a_fact(query):
        # "Hvad skal byrådet tage stilling til om …": an agenda's item is up for decision;
        # what it holds is the recommendation, not an outcome.
        return agenda_answer(r, query, passages)
    dates = []
    prefix = ""
    if query.asks_when:
        mentions = r.mentions_in(best.item, best.quote)
        dates = [AnswerDate(d.on, str(d.kind), d.text) for d in mentions]
        ranges = [d for d in mentions if d.end > d.start] if query.asks_end else []
        if ranges:
            # "fra den 20. juli til 9. august" answers "hvornår sluttede …" with its last day.
            end = ranges[0].end
            dates = [AnswerDate(end, str(ranges[0].kind), ranges[0].text)] + dates
            day = format_date(end, query.language)
            past = end < today
            if query.language == "da":
                prefix = f"Perioden {'sluttede' if past else 'slutter'} {day}. "
            else:
                prefix = f"The period {'ended' if past else 'ends'} on {day}. "
    if best.minutes.kind == DocumentKind.AGENDA:
        # A fact read from an agenda is what the case says before the meeting, not a decision.
        shown = format_date(best.minutes.meeting.date, query.language)
        note = (
            f"Fra dagsordenen til mødet {shown} (endnu ikke besluttet): "
            if query.language == "da"
            else f"From the agenda for the meeting on {shown} (not yet decided): "
        )
        prefix = note + prefix
    return r.retrieval_answer(query, passages, dates, prefix)


_TREATS_RE = re.compile(
    r"\b(behandl\w*|drøft\w*|tage[rs]? stilling|tog stilling|vedtage\w*|vedtog|beslutte\w*|"
    r"på dagsordenen|discuss\w*|consider\w*|decide[ds]?|debate[ds]?|on the agenda)\b"
)


def agenda_day_answer(r: Retrieval, query: Query, passages: list) -> Answer:
    """When an agenda's item is up: the day of the meeting whose agenda has it, not yet decided."""
    best = passages[0]
    day = best.minutes.meeting.date
    shown = format_date(day, query.language)
    if query.language == "da":
        head = f"Punktet er på dagsordenen til mødet {shown} og er endnu ikke besluttet."
    else:
        head = f"The item is on the agenda for the meeting on {shown} and has not been decided yet."
    text = f"{head} {r.where(best.minutes, best.item, query.language)}"
    source = r.source(best.minutes, best.item, best.item.title)
    dates = [AnswerDate(day, "meeting", shown)] if day else []
    confidence = round(0.9 * r.confidence(best, passages[1] if len(passages) > 1 else None), 3)
    return Answer(query.question, query.intent, True, text, confidence, [source], dates, query.language)


def _dated(r: Retrieval, query: Query, passages: list) -> list:
    """The passages whose quote has a date; an item whose best sentence has none is quoted
    by its best dated sentence instead ("Endelig vedtagelse af Lokalplan 1246" is the item,
    "fremlagt fra 21. maj til 26. juni 2025" the answer), ranked a little lower."""
    out = []
    for p in passages:
        if DATE_IN_TEXT_RE.search(p.quote) or r.mentions_in(p.item, p.quote):
            out.append(p)
            continue
        title = r.title_stems(p.doc)
        best: tuple[float, str] | None = None
        for _, sentence, stems in r.item_sentences(p.doc):
            if not (DATE_IN_TEXT_RE.search(sentence) or r.mentions_in(p.item, sentence)):
                continue
            match = r.sentence_match(query.words, stems | title)
            if match > 0 and (best is None or match > best[0]):
                best = (match, sentence)
        if best is not None:
            p.quote = best[1]
            p.total -= _UNDATED_BEST
            out.append(p)
    out.sort(key=lambda p: p.total, reverse=True)
    return out


def _asks_a_fact(query: Query) -> bool:
    """Whether the question asks for one fact (a date, a number, people, a place, a reason)
    that an agenda's item states as well as minutes do."""
    return query.asks_when or query.asks_how_many or query.asks_who or query.asks_where or query.asks_why


def answer_status(r: Retrieval, query: Query, named: list[str], preferred: str | None) -> Answer:
    """"Hvad sker der med …?": the latest state the minutes record about a subject.

    The Referat's later sentences and a "Notat/Status efter mødet" tell where things
    stand ("Der ansøges om midler til projektet. Vi afventer."); the description before
    the meeting and the Indstilling do so only when nothing else does.
    """
    lateness: dict[tuple[int, SectionKind], dict[str, float]] = {}

    def position(item: AgendaItem, kind: SectionKind, sentence: str) -> float:
        key = (id(item), kind)
        if key not in lateness:
            texts = [s for section in item.sections if section.kind == kind for s in split_sentences(section.text)]
            # A section's only sentence is also its last.
            lateness[key] = {text: (i / (len(texts) - 1) if len(texts) > 1 else 1.0) for i, text in enumerate(texts)}
        return lateness[key].get(sentence, 0.0)

    def score(q: Query, item: AgendaItem, kind: SectionKind, sentence: str, match: float) -> float | None:
        if kind == SectionKind.NOTE_AFTER:
            value = 0.6
        elif kind == SectionKind.REFERAT:
            value = 0.4 + 0.2 * position(item, kind, sentence)
        elif kind == SectionKind.INDSTILLING:
            value = 0.0  # a proposal is not a state of affairs
        else:
            value = 0.1 + 0.1 * position(item, kind, sentence)
        if _STATUS_CUE_RE.search(sentence):
            value += 0.25
        return value + 0.3 * match

    passages = r.passages(query, preferred, named, score)
    if not passages:
        return r.not_found(query)
    # Of the items about as relevant as the best, the latest meeting knows the latest state.
    top = max(min(p.relevance * 2, 1.0) for p in passages)
    close = [p for p in passages if min(p.relevance * 2, 1.0) >= 0.8 * top]
    latest = max(close, key=lambda p: (p.minutes.meeting.date or dt.date.min, p.total))
    passages.remove(latest)
    passages.insert(0, latest)
    latest.quote = r.with_short_neighbours(latest.doc, latest.quote)
    return r.retrieval_answer(query, passages, [])
