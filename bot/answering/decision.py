""" "Hvad blev besluttet …?", "Blev aftalen forlænget?", "Hvordan stemte byrådet …?".

The answer quotes the decision section (Beslutning, Referat), never the recommendation in
its place. When the reader took the outcome from the Indstilling (the minutes record no
decision of their own), the answer says it was the proposal; it says the minutes record no
objections only when nothing in them points another way ("sendes tilbage", "ikke godkendt",
"udsat"). An item from an agenda (a meeting not yet held) is on the agenda, not decided.
"""

from __future__ import annotations

import re

from bot.answering.query import Query
from bot.answering.retrieval import Retrieval, _Passage
from bot.answering.text import fold_whitespace, split_sentences, stem, tokenize
from bot.answering.types import Answer
from bot.minutes.model import AgendaItem, DocumentKind, SectionKind
from bot.words import format_date

VOTE_RE = re.compile(r"\b(stemte|stemmer|stemmerne|undlod|\d+ for|\d+ imod|voted?)\b", re.I)
# A decision section that does not follow the proposal: the reader may not know the phrase,
# so the answer must not say "no objections" over it.
_CONTRARY_RE = re.compile(
    r"\b(sendes tilbage|sendt tilbage|tilbagesendt|ikke godkendt|ikke tiltrådt|kunne ikke tiltræde|afvist|afvises|"
    r"udsat|udsættes|udskudt|udskydes|oversendes|oversendt|genoptages|stemte imod|forbehold|"
    r"med den ændring|med bemærkning|dog således|bortset fra)\b",
    re.I,
)
_PROPOSAL_LIMIT = 250
_RECOMMENDS_RE = re.compile(
    r"\b(indstilles|indstiller|indstillede|foreslås|anbefales|anbefaler)\b,?\s+(at|til)\b", re.I
)


def answer_decision(r: Retrieval, query: Query, named: list[str], preferred: str | None) -> Answer:
    """What was decided about the question's subject, quoted from the decision section."""

    def score(q: Query, item: AgendaItem, kind: SectionKind, sentence: str, match: float) -> float | None:
        if kind in (SectionKind.REFERAT, SectionKind.NOTE_AFTER):
            bonus = 0.5
            if item.outcome_sentence and fold_whitespace(item.outcome_sentence) in sentence:
                bonus += 0.2
            if q.asks_vote and VOTE_RE.search(sentence):
                bonus += 0.4  # "Hvordan stemte …": the vote, not only the outcome
            return bonus + 0.5 * match
        # Without a referat the item was not decided on; the indstilling is a proposal.
        return 0.1 * match if match > 0 else None

    passages = r.passages(query, preferred, named, score)
    passages = [p for p in passages if p.quote_score >= 0.5] or passages
    if query.asks_vote:
        # "Hvordan stemte byrådet …": an item whose decision records the vote.
        passages = [p for p in passages if VOTE_RE.search(p.quote)] or passages
    if not passages:
        return r.not_found(query)
    best = passages[0]
    item = best.item
    if best.minutes.kind == DocumentKind.AGENDA:
        return agenda_answer(r, query, passages)
    if item.outcome_source == SectionKind.INDSTILLING:
        contrary = _contrary_sentence(item)
        if contrary is None:
            return _proposal_answer(r, query, passages)
        best.quote = contrary
        return r.retrieval_answer(query, passages, [])
    outcome = fold_whitespace(item.outcome_sentence or "")
    # The parser says the outcome sentence comes from the Referat: when it is another
    # sentence than the quote, it says what was decided.
    if item.outcome_source == SectionKind.REFERAT and outcome and outcome not in best.quote and len(outcome) < 300:
        quote_stems = frozenset(stem(t) for t in tokenize(best.quote))
        best.quote = f"{outcome} {best.quote}" if r.sentence_match(query.words, quote_stems) > 0 else outcome
    return r.retrieval_answer(query, passages, [])


def agenda_answer(r: Retrieval, query: Query, passages: list[_Passage]) -> Answer:
    """An item of an agenda: it is up for the meeting on its date and not yet decided; quote the Indstilling."""
    best = passages[0]
    lang = query.language
    day = format_date(best.minutes.meeting.date, lang)
    proposal = proposal_text(best.item) or best.quote
    if lang == "da":
        head = f"Punktet er på dagsordenen til mødet {day} og er endnu ikke besluttet. Indstillingen er: «{proposal}»"
    else:
        head = f"The item is on the agenda for the meeting on {day} and has not been decided yet. The recommendation is: «{proposal}»"
    text = f"{r.where(best.minutes, best.item, lang)}: {head}"
    sources = [r.source(best.minutes, best.item, proposal)]
    confidence = round(0.9 * r.confidence(best, passages[1] if len(passages) > 1 else None), 3)
    return Answer(query.question, query.intent, True, text, confidence, sources, [], lang)


def _contrary_sentence(item: AgendaItem) -> str | None:
    """A sentence of the decision section that departs from the proposal, if any."""
    for section in item.sections:
        if section.kind != SectionKind.REFERAT:
            continue
        for sentence in split_sentences(section.text):
            if _CONTRARY_RE.search(sentence):
                return sentence
    return None


def _proposal_answer(r: Retrieval, query: Query, passages: list[_Passage]) -> Answer:
    """An outcome read from the Indstilling: say it was the proposal, not the decision."""
    best = passages[0]
    da = query.language == "da"
    proposal = proposal_text(best.item)
    has_referat = any(s.kind == SectionKind.REFERAT for s in best.item.sections)
    if da:
        note = "referatet nævner ingen indvendinger" if has_referat else "punktet har intet referat"
        head = f"Indstillingen var: «{proposal}»; {note}."
    else:
        note = "the minutes record no objections" if has_referat else "the item has no minutes"
        head = f"The proposal was: «{proposal}»; {note}."
    referat_quote = best.quote if best.quote not in proposal else ""
    text = f"{r.where(best.minutes, best.item, query.language)}: {head}"
    if referat_quote:
        text += f" {'Referatet' if da else 'The minutes'}: {referat_quote}"
    sources = [r.source(best.minutes, best.item, referat_quote or proposal)]
    for other in passages[1:3]:
        if other.total >= best.total * 0.8 and other.doc != best.doc:
            sources.append(r.source(other.minutes, other.item, other.quote))
    # Less sure than a recorded decision: the outcome is inferred from silence.
    confidence = round(0.8 * r.confidence(best, passages[1] if len(passages) > 1 else None), 3)
    return Answer(query.question, query.intent, True, text, confidence, sources, [], query.language)


def proposal_text(item: AgendaItem, limit: int = _PROPOSAL_LIMIT) -> str:
    """The item's Indstilling as one verbatim line, shortened with "…" when long."""
    sentences = [
        s for section in item.sections if section.kind == SectionKind.INDSTILLING for s in split_sentences(section.text)
    ]
    if not sentences:
        # No Indstilling section: the recommendation written in the case ("Beslutningspunkt:
        # Det indstilles, at …", "Administrationen indstiller, at …").
        sentences = [
            s
            for section in item.sections
            if section.kind != SectionKind.BILAG
            for s in split_sentences(section.text)
            if _RECOMMENDS_RE.search(s)
        ][:1]
    text = " ".join(sentences)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + " …"
    return text
