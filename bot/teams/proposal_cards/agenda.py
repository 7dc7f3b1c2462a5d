"""The draft agenda of a meeting: when and where, the numbered items, and export buttons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.proposals.agenda import SOURCE_STANDARD, standard_title
from bot.teams.cards import Card, card, fact_set, text_block
from bot.teams.proposal_cards.blocks import button, date
from bot.teams.proposal_cards.words import DA, texts
from bot.words import format_time
from dialogs.replies import (
    ACTION_EXPORT_AGENDA,
    EXPORT_DOCX,
    EXPORT_MARKDOWN,
    FIELD_COMMITTEE,
    FIELD_FORMAT,
    FIELD_MEETING,
)

if TYPE_CHECKING:
    from bot.proposals.agenda import DraftAgenda, DraftItem


def draft_agenda_card(agenda: DraftAgenda, *, language: str = "da") -> Card:
    """The draft agenda of a meeting: when and where, the numbered items, and export buttons."""
    t = texts(language)
    body: list[dict[str, Any]] = [
        text_block(t["agenda_title"].format(committee=agenda.committee), size="Medium", weight="Bolder")
    ]
    facts = [(t["meeting"], _meeting_when(agenda, t))]
    if agenda.place:
        facts.append((t["place"], str(agenda.place)))
    if agenda.based_on:
        facts.append((t["based_on"], _based_on(agenda, t)))
    body.append(fact_set(facts))
    if not agenda.items:
        body.append(text_block(t["no_items"], isSubtle=True))
    for item in agenda.items:
        body.append(text_block(f"{item.number}. {_item_title(agenda, item, t)}", weight="Bolder", spacing="Medium"))
        details = _item_details(agenda, item, t)
        if details:
            body.append(text_block(details, isSubtle=True, spacing="None"))
    data = {FIELD_COMMITTEE: agenda.committee, FIELD_MEETING: agenda.meeting_date.isoformat()}
    actions = [
        button(t["export_markdown"], ACTION_EXPORT_AGENDA, {**data, FIELD_FORMAT: EXPORT_MARKDOWN}),
        button(t["export_docx"], ACTION_EXPORT_AGENDA, {**data, FIELD_FORMAT: EXPORT_DOCX}),
    ]
    return card(body, t, actions=actions, fallback=draft_agenda_text(agenda, language=language))


def draft_agenda_text(agenda: DraftAgenda, *, language: str = "da") -> str:
    """The draft agenda as plain text."""
    t = texts(language)
    lines = [t["agenda_title"].format(committee=agenda.committee), f"{t['meeting']}: {_meeting_when(agenda, t)}"]
    if agenda.place:
        lines.append(f"{t['place']}: {agenda.place}")
    for item in agenda.items:
        details = _item_details(agenda, item, t)
        lines.append(f"{item.number}. {_item_title(agenda, item, t)}" + (f" ({details})" if details else ""))
    if not agenda.items:
        lines.append(t["no_items"])
    return "\n".join(lines)


def _meeting_when(agenda: DraftAgenda, t: Mapping[str, Any]) -> str:
    when = date(agenda.meeting_date, t)
    start = agenda.start_time
    if start is not None:
        clock = format_time(start, t["lang"]) if isinstance(start, dt.time) else str(start)
        when += f", kl. {clock}" if t is DA else f", {clock}"
    return when


def _based_on(agenda: DraftAgenda, t: Mapping[str, Any]) -> str:
    previous = getattr(agenda, "previous_meeting_date", None)
    if previous is None:
        return str(agenda.based_on)
    return t["based_on_minutes"].format(meeting=date(previous, t), document=agenda.based_on)


def _item_title(agenda: DraftAgenda, item: DraftItem, t: Mapping[str, Any]) -> str:
    # Standard items ("Godkendelse af referat fra mødet …") are worded by the domain in both languages.
    key = getattr(item, "key", None)
    if item.source == SOURCE_STANDARD and key is not None:
        return standard_title(key, getattr(agenda, "previous_meeting_date", None), t["lang"])
    return item.title


def _item_details(agenda: DraftAgenda, item: DraftItem, t: Mapping[str, Any]) -> str:
    parts = []
    if item.presenter:
        parts.append(f"{t['presenter']}: {item.presenter}")
    if item.minutes:
        parts.append(t["minutes_value"].format(minutes=item.minutes))
    source = t["sources"].get(item.source)
    if source:
        previous = getattr(agenda, "previous_meeting_date", None)
        parts.append(source.format(meeting=date(previous, t) if previous else t["last_meeting"]))
    return " · ".join(parts)
