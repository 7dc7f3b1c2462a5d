"""Building blocks the proposal cards share: buttons, choice sets, a proposal's facts, dates and names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bot.proposals.model import Proposal
from bot.teams.cards import long_date

# A review or own-proposals card lists at most this many, so it stays below Teams' ~28 KB.
MAX_LISTED = 8
# Long free text is cut on cards that list several proposals (the receipt shows it whole).
MAX_LISTED_DESCRIPTION = 240
MAX_LISTED_FIELD = 100


def container(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "Container", "style": "emphasis", "spacing": "Medium", "items": items}


def choice_set(
    input_id: str,
    label: str,
    choices: list[tuple[str, str]],
    *,
    value: str | None = None,
    required_message: str | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "compact",
        "choices": [{"title": title, "value": v} for title, v in choices],
    }
    if value is not None:
        element["value"] = value
    if required_message is not None:
        element["isRequired"] = True
        element["errorMessage"] = required_message
    return element


def button(title: str, action: str, data: Mapping[str, Any], *, style: str | None = None) -> dict[str, Any]:
    """An Action.Execute (verb = action) with an Action.Submit fallback carrying the same data."""
    payload = {"action": action, **data}
    submit: dict[str, Any] = {"type": "Action.Submit", "title": title, "data": payload}
    execute: dict[str, Any] = {
        "type": "Action.Execute", "title": title, "verb": action, "data": payload, "fallback": submit
    }  # fmt: skip  # one card element, its properties together
    if style:
        execute["style"] = submit["style"] = style
    return execute


def proposal_facts(
    proposal: Proposal,
    t: Mapping[str, Any],
    *,
    number: bool = False,
    title: bool = True,
    status: bool = True,
    compact: bool = False,
) -> list[tuple[str, str]]:
    """The proposal's facts; ``compact`` shortens the long free-text ones for cards that list several."""
    cut = shorten if compact else (lambda text, limit: text)
    facts: list[tuple[str, str]] = []
    if title:
        facts.append((t["title"], proposal.title))
    facts += [(t["committee"], proposal.committee), (t["meeting"], date(proposal.meeting_date, t))]
    if proposal.presenter:
        facts.append((t["presenter"], cut(proposal.presenter, MAX_LISTED_FIELD)))
    if proposal.minutes_needed:
        facts.append((t["minutes"].split(" (")[0], t["minutes_value"].format(minutes=proposal.minutes_needed)))
    if proposal.material_url:
        facts.append((t["material"], cut(proposal.material_url, MAX_LISTED_FIELD)))
    if status:
        facts.append((t["status"], status_label(proposal, t)))
        if status_of(proposal) == "rejected" and proposal.reason:
            facts.append((t["reason"], cut(proposal.reason, MAX_LISTED_DESCRIPTION)))
    if number:
        facts.append((t["number"], str(proposal.id)))
    return facts


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rolled_over(proposal: Proposal, old: dt.date, t: Mapping[str, Any]) -> str:
    return t["rolled_over"].format(old=date(old, t), new=date(proposal.meeting_date, t))


def status_of(proposal: Proposal) -> str:
    status = proposal.status
    return str(getattr(status, "value", status))


def status_label(proposal: Proposal, t: Mapping[str, Any]) -> str:
    return t["statuses"].get(status_of(proposal), status_of(proposal))


def date(day: dt.date | None, t: Mapping[str, Any]) -> str:
    return long_date(day, language=t["lang"]) if day is not None else t["unknown_date"]


def who(person: Any) -> str:
    """A person's name; plain strings (an id) as they are."""
    if isinstance(person, str):
        return person
    return getattr(person, "name", None) or getattr(person, "user_id", "") or ""
