"""The proactive notice to a proposal's submitter: accepted, rejected (with the reason) or moved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.proposals.model import Proposal
from bot.teams.cards import Card, card, fact_set, text_block
from bot.teams.proposal_cards.blocks import date, status_of, who
from bot.teams.proposal_cards.words import texts


def decision_card(proposal: Proposal, *, moved_from: dt.date | None = None, language: str = "da") -> Card:
    """The proactive notice to the submitter: accepted, rejected (with the reason) or moved."""
    t = texts(language)
    body: list[dict[str, Any]] = [
        text_block(decision_headline(proposal, moved_from=moved_from, language=language), weight="Bolder")
    ]
    facts = [(t["committee"], proposal.committee), (t["meeting"], date(proposal.meeting_date, t))]
    if status_of(proposal) == "rejected" and proposal.reason:
        facts.append((t["reason"], proposal.reason))
    if proposal.decided_by:
        facts.append((t["decided_by"], who(proposal.decided_by)))
    body.append(fact_set(facts, spacing="Small"))
    return card(body, t, fallback=decision_text(proposal, moved_from=moved_from, language=language))


def decision_headline(proposal: Proposal, *, moved_from: dt.date | None = None, language: str = "da") -> str:
    """One sentence saying what was decided about the proposal."""
    t = texts(language)
    meeting = date(proposal.meeting_date, t)
    if moved_from is not None:
        return t["decision_moved"].format(title=proposal.title, old=date(moved_from, t), meeting=meeting)
    if status_of(proposal) == "rejected":
        return t["decision_rejected"].format(title=proposal.title)
    return t["decision_accepted"].format(title=proposal.title, meeting=meeting)


def decision_text(proposal: Proposal, *, moved_from: dt.date | None = None, language: str = "da") -> str:
    """The decision notice as plain text."""
    t = texts(language)
    lines = [decision_headline(proposal, moved_from=moved_from, language=language)]
    if status_of(proposal) == "rejected" and proposal.reason:
        lines.append(f"{t['reason']}: {proposal.reason}")
    return "\n".join(lines)
