"""The receipt a member gets for a proposal: what was stored and for which meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.proposals.model import Proposal
from bot.teams.cards import Card, card, fact_set, text_block
from bot.teams.proposal_cards.blocks import button, proposal_facts, rolled_over, status_of
from bot.teams.proposal_cards.words import texts
from dialogs.replies import ACTION_WITHDRAW, FIELD_PROPOSAL_ID


def receipt_card(proposal: Proposal, *, rolled_over_from: dt.date | None = None, language: str = "da") -> Card:
    """The confirmation: what was stored and for which meeting, and a roll-over notice if the cut-off had passed."""
    t = texts(language)
    body: list[dict[str, Any]] = [text_block(t["receipt_title"], size="Medium", weight="Bolder")]
    if rolled_over_from is not None:
        body.append(text_block(rolled_over(proposal, rolled_over_from, t), color="Warning"))
    body.append(fact_set(proposal_facts(proposal, t, number=True)))
    if proposal.description:
        body.append(text_block(t["description"], weight="Bolder", spacing="Medium"))
        body.append(text_block(proposal.description, spacing="Small"))
    actions = []
    if status_of(proposal) == "pending":
        actions.append(button(t["withdraw"], ACTION_WITHDRAW, {FIELD_PROPOSAL_ID: proposal.id}))
    fallback = receipt_text(proposal, rolled_over_from=rolled_over_from, language=language)
    return card(body, t, actions=actions, fallback=fallback)


def receipt_text(proposal: Proposal, *, rolled_over_from: dt.date | None = None, language: str = "da") -> str:
    """The confirmation as plain text."""
    t = texts(language)
    lines = [t["receipt_title"]]
    if rolled_over_from is not None:
        lines.append(rolled_over(proposal, rolled_over_from, t))
    lines += [f"{k}: {v}" for k, v in proposal_facts(proposal, t, number=True)]
    return "\n".join(lines)
