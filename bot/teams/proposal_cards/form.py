"""The form for proposing an item, and the question which committee a proposal is for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from bot.proposals.model import MAX_DESCRIPTION, MAX_MINUTES_NEEDED, MAX_PRESENTER, MAX_TITLE, MAX_URL
from bot.teams.cards import Card, card, fact_set, long_date, text_block
from bot.teams.proposal_cards.blocks import button, choice_set
from bot.teams.proposal_cards.words import DA, texts
from dialogs.replies import (
    ACTION_PROPOSE,
    FIELD_COMMITTEE,
    FIELD_DESCRIPTION,
    FIELD_MATERIAL_URL,
    FIELD_MEETING,
    FIELD_MINUTES,
    FIELD_PRESENTER,
    FIELD_TITLE,
)


def proposal_form_card(
    *,
    committee: str | None,
    meetings: Iterable[dt.date] = (),
    committees: Iterable[str] = (),
    title: str = "",
    notice: str | None = None,
    language: str = "da",
) -> Card:
    """The form for proposing an item; ``committee`` None adds a choice of ``committees``.

    The inputs' limits only help the user; the service checks again.
    """
    t = texts(language)
    body: list[dict[str, Any]] = [text_block(t["form_title"], size="Medium", weight="Bolder")]
    if notice:
        body.append(text_block(notice, color="Attention"))
    body.append(text_block(t["form_intro"], isSubtle=True, spacing="Small"))
    if committee is not None:
        body.append(fact_set([(t["committee"], committee)]))
    body.append({
        "type": "Input.Text", "id": FIELD_TITLE, "label": t["title"], "placeholder": t["title_placeholder"],
        "maxLength": MAX_TITLE, "isRequired": True, "errorMessage": t["title_missing"], "value": title,
    })  # fmt: skip  # one card element, its properties together
    body.append({
        "type": "Input.Text", "id": FIELD_DESCRIPTION, "label": t["description"],
        "placeholder": t["description_placeholder"], "isMultiline": True, "maxLength": MAX_DESCRIPTION,
    })  # fmt: skip  # one card element, its properties together
    if committee is None:
        choices = [(c, c) for c in committees]
        body.append(choice_set(FIELD_COMMITTEE, t["committee"], choices, required_message=t["committee_missing"]))
    meeting_choices = [(long_date(day, language=t["lang"]), day.isoformat()) for day in meetings]
    if meeting_choices:
        body.append(choice_set(FIELD_MEETING, t["wished_meeting"], meeting_choices, value=meeting_choices[0][1]))
    body += [
        {"type": "Input.Text", "id": FIELD_PRESENTER, "label": t["presenter"], "maxLength": MAX_PRESENTER},
        {"type": "Input.Number", "id": FIELD_MINUTES, "label": t["minutes"], "min": 1, "max": MAX_MINUTES_NEEDED},
        {"type": "Input.Text", "id": FIELD_MATERIAL_URL, "label": t["material"], "style": "Url", "maxLength": MAX_URL},
    ]
    actions = [button(t["send"], ACTION_PROPOSE, {}, style="positive")]
    return card(body, t, actions=actions, fallback=t["form_title"])


def proposal_form_text(*, committee: str | None, notice: str | None = None, language: str = "da") -> str:
    """The form's plain-text stand-in: how to propose by text."""
    t = texts(language)
    example = "forslag til dagsorden: " if t is DA else "agenda proposal: "
    lines = [notice] if notice else []
    lines.append(t["form_title"])
    if committee:
        lines.append(f"{t['committee']}: {committee}")
    lines.append(f"{example}<{t['title'].lower()}>")
    return "\n".join(lines)


def committee_choice_card(title: str, committees: Iterable[str], *, language: str = "da") -> Card:
    """Asks which committee the proposal ``title`` is for; the button sends the title on."""
    t = texts(language)
    choices = [(c, c) for c in committees]
    body = [
        text_block(t["choose_committee_title"], size="Medium", weight="Bolder"),
        fact_set([(t["title"], title)]),
        choice_set(FIELD_COMMITTEE, t["committee"], choices, required_message=t["committee_missing"]),
    ]
    actions = [button(t["choose"], ACTION_PROPOSE, {FIELD_TITLE: title}, style="positive")]
    return card(body, t, actions=actions, fallback=t["choose_committee_title"])
