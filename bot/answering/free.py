"""Questions of no special intent, answered by the kind of answer they ask for.

"Hvornår" quotes the sentence with the date in the matching item (``when``: past or future,
tense is no filter, only a preference for dates ahead of the meeting when the question says
skal/kan);
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
from bot.answering.types import Answer
from bot.answering.when import DATE_IN_TEXT_RE, agenda_day_answer, asks_treatment, dated_passages, when_dates
from bot.answering.who import asks_dissent, who_bonus
from bot.minutes.model import AgendaItem, DocumentKind, SectionKind
from bot.words import format_date

# What the meeting itself said (the decision section) outranks the case description.
REFERAT_BONUS = 0.2
OUTCOME_BONUS = 0.1
DECIDED = (SectionKind.REFERAT, SectionKind.NOTE_AFTER)
CASE_ACTOR_DISCOUNT = 0.15
_CASE_ACTOR_RE = re.compile(
    r"\b(administrationen|forvaltningen|ansøger\w*|ejer\w*|bygherre\w*|the administration|the applicant|the owner)\b"
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
            if (
                not (q.asks_why or q.asks_when)
                and item.outcome_sentence
                and fold_whitespace(item.outcome_sentence) in sentence
            ):
                value += OUTCOME_BONUS  # the sentence that says what was decided, not a thank-you beside it
        return value

    passages = r.passages(query, preferred, named, score)
    if query.asks_when and passages and passages[0].minutes.kind == DocumentKind.AGENDA and asks_treatment(query):
        # "Hvornår skal byrådet behandle X?" over an agenda: the meeting it is on the agenda for.
        return agenda_day_answer(r, query, passages)
    if query.asks_when:
        passages = dated_passages(r, query, passages)
    if not passages:
        return r.not_found(query)
    best = passages[0]
    if best.minutes.kind == DocumentKind.AGENDA and not _asks_a_fact(query):
        # "Hvad skal byrådet tage stilling til om …": an agenda's item is up for decision;
        # what it holds is the recommendation, not an outcome.
        return agenda_answer(r, query, passages)
    dates, prefix = when_dates(r, query, best, today) if query.asks_when else ([], "")
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


def _asks_a_fact(query: Query) -> bool:
    """Whether the question asks for one fact (a date, a number, people, a place, a reason)
    that an agenda's item states as well as minutes do."""
    return query.asks_when or query.asks_how_many or query.asks_who or query.asks_where or query.asks_why


def answer_status(r: Retrieval, query: Query, named: list[str], preferred: str | None) -> Answer:
    """ "Hvad sker der med …?": the latest state the minutes record about a subject.

    The Referat's later sentences and a "Notat/Status efter mødet" tell where things
    stand ("Der ansøges om midler til projektet. Vi afventer."); the description before
    the meeting and the Indstilling do so only when nothing else does.
    """
    # Keyed by the item's id, with the item kept, so that an item expanded anew cannot take a freed one's id.
    lateness: dict[tuple[int, SectionKind], tuple[AgendaItem, dict[str, float]]] = {}

    def position(item: AgendaItem, kind: SectionKind, sentence: str) -> float:
        key = (id(item), kind)
        if key not in lateness:
            texts = [s for section in item.sections if section.kind == kind for s in split_sentences(section.text)]
            # A section's only sentence is also its last.
            lateness[key] = (
                item,
                {text: (i / (len(texts) - 1) if len(texts) > 1 else 1.0) for i, text in enumerate(texts)},
            )
        return lateness[key][1].get(sentence, 0.0)

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
