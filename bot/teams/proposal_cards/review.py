"""The secretary's list of pending proposals, each with accept, reject (with a reason) and move."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from bot.proposals.model import Proposal
from bot.teams.cards import Card, card, fact_set, long_date, text_block
from bot.teams.proposal_cards.blocks import (
    MAX_LISTED,
    MAX_LISTED_DESCRIPTION,
    MAX_LISTED_FIELD,
    button,
    choice_set,
    container,
    date,
    proposal_facts,
    shorten,
    who,
)
from bot.teams.proposal_cards.words import texts
from dialogs.replies import (
    ACTION_ACCEPT,
    ACTION_MOVE,
    ACTION_REJECT,
    FIELD_MEETING,
    FIELD_PROPOSAL_ID,
    FIELD_REASON,
    per_proposal,
)


def review_card(
    committee: str,
    proposals: Iterable[Proposal],
    *,
    meetings: Iterable[dt.date] = (),
    notice: str | None = None,
    language: str = "da",
) -> Card:
    """The secretary's list of pending proposals; ``meetings`` are the upcoming ones a proposal can move to."""
    t = texts(language)
    listed = list(proposals)
    upcoming = list(meetings)
    title = t["review_title"].format(committee=committee)
    body: list[dict[str, Any]] = [text_block(title, size="Medium", weight="Bolder")]
    if notice:
        body.append(text_block(notice, color="Good"))
    if not listed:
        body.append(text_block(t["review_empty"]))
    for proposal in listed[:MAX_LISTED]:
        body.append(container(_review_elements(proposal, upcoming, t)))
    if len(listed) > MAX_LISTED:
        body.append(text_block(t["more"].format(count=len(listed) - MAX_LISTED), isSubtle=True))
    return card(body, t, fallback=review_text(committee, listed, notice=notice, language=language))


def review_text(
    committee: str, proposals: Iterable[Proposal], *, notice: str | None = None, language: str = "da"
) -> str:
    """The review list as plain text."""
    t = texts(language)
    listed = list(proposals)
    lines = [notice] if notice else []
    lines.append(t["review_title"].format(committee=committee))
    if not listed:
        lines.append(t["review_empty"])
    for proposal in listed[:MAX_LISTED]:
        when = date(proposal.meeting_date, t)
        lines.append(f"• {proposal.title} ({when}, {who(proposal.submitter)}, nr. {proposal.id})")
    return "\n".join(lines)


def _review_elements(proposal: Proposal, meetings: list[dt.date], t: Mapping[str, Any]) -> list[dict[str, Any]]:
    facts = proposal_facts(proposal, t, number=True, title=False, status=False, compact=True)
    facts.insert(2, (t["submitted_by"], shorten(who(proposal.submitter), MAX_LISTED_FIELD)))
    items: list[dict[str, Any]] = [text_block(proposal.title, weight="Bolder"), fact_set(facts, spacing="Small")]
    if proposal.description:
        description = proposal.description
        if len(description) > MAX_LISTED_DESCRIPTION:
            description = description[:MAX_LISTED_DESCRIPTION].rsplit(" ", 1)[0] + " …"
        items.append(text_block(description, spacing="Small"))
    ids = {FIELD_PROPOSAL_ID: proposal.id}
    reason = {
        "type": "Input.Text", "id": per_proposal(FIELD_REASON, proposal.id), "label": t["reject_reason"],
        "isMultiline": True, "isRequired": True, "errorMessage": t["reject_reason_missing"], "maxLength": 1000,
    }  # fmt: skip  # one card element, its properties together
    reject_card = {
        "type": "AdaptiveCard",
        "body": [reason],
        "actions": [button(t["confirm_reject"], ACTION_REJECT, ids, style="destructive")],
    }
    actions: list[dict[str, Any]] = [
        button(t["accept"], ACTION_ACCEPT, ids, style="positive"),
        {"type": "Action.ShowCard", "title": t["reject"], "card": reject_card},
    ]
    targets = [day for day in meetings if day != proposal.meeting_date]
    if targets:
        choices = [(long_date(day, language=t["lang"]), day.isoformat()) for day in targets]
        move_card = {
            "type": "AdaptiveCard",
            "body": [choice_set(per_proposal(FIELD_MEETING, proposal.id), t["move_to"], choices, value=choices[0][1])],
            "actions": [button(t["confirm_move"], ACTION_MOVE, ids)],
        }
        actions.append({"type": "Action.ShowCard", "title": t["move"], "card": move_card})
    items.append({"type": "ActionSet", "actions": actions})
    return items
