"""A member's own proposals; pending ones can be withdrawn."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.proposals.model import Proposal
from bot.teams.cards import Card, card, fact_set, text_block
from bot.teams.proposal_cards.blocks import MAX_LISTED, button, container, date, proposal_facts, status_label, status_of
from bot.teams.proposal_cards.words import texts
from dialogs.replies import ACTION_WITHDRAW, FIELD_PROPOSAL_ID


def my_proposals_card(proposals: Iterable[Proposal], *, notice: str | None = None, language: str = "da") -> Card:
    """The member's own proposals, newest meeting first as given; pending ones can be withdrawn."""
    t = texts(language)
    listed = list(proposals)
    body: list[dict[str, Any]] = [text_block(t["mine_title"], size="Medium", weight="Bolder")]
    if notice:
        body.append(text_block(notice, color="Good"))
    if not listed:
        body.append(text_block(t["mine_empty"]))
    for proposal in listed[:MAX_LISTED]:
        facts = proposal_facts(proposal, t, number=True, title=False, compact=True)
        items: list[dict[str, Any]] = [text_block(proposal.title, weight="Bolder"), fact_set(facts, spacing="Small")]
        if status_of(proposal) == "pending":
            withdraw = button(t["withdraw"], ACTION_WITHDRAW, {FIELD_PROPOSAL_ID: proposal.id})
            items.append({"type": "ActionSet", "actions": [withdraw]})
        body.append(container(items))
    if len(listed) > MAX_LISTED:
        body.append(text_block(t["more"].format(count=len(listed) - MAX_LISTED), isSubtle=True))
    return card(body, t, fallback=my_proposals_text(listed, notice=notice, language=language))


def my_proposals_text(proposals: Iterable[Proposal], *, notice: str | None = None, language: str = "da") -> str:
    """The member's proposals as plain text."""
    t = texts(language)
    listed = list(proposals)
    lines = [notice] if notice else []
    lines.append(t["mine_title"])
    if not listed:
        lines.append(t["mine_empty"])
    for proposal in listed[:MAX_LISTED]:
        when = date(proposal.meeting_date, t)
        lines.append(f"• {proposal.title} ({when}, {status_label(proposal, t)}, nr. {proposal.id})")
    return "\n".join(lines)
