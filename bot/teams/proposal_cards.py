"""Adaptive Cards (schema 1.5) for agenda proposals: the form, the receipt, the member's own list,
the secretary's review list, the draft agenda and the decision notice.

Buttons are ``Action.Execute`` (Teams' Universal Actions: the bot answers in the invoke response,
so the pressed card can be replaced) with an ``Action.Submit`` fallback carrying the same data, for
clients that do not know Execute. Both carry ``{"action": …}`` plus ids; inputs are merged into the
data by the client.

Every text from users (titles, descriptions, names, reasons, links) goes through
:func:`bot.teams.cards.escape_markdown` before it lands in a TextBlock or Fact, so a title such as
``**Godkendt** [klik](http://x)`` shows literally and cannot pass for the bot's own words. Input
labels, placeholders, choice titles and input values are not Markdown and are left as they are.
Nothing here imports botbuilder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from bot.proposals.agenda import (
    SOURCE_CARRIED_OVER,
    SOURCE_POSTPONED,
    SOURCE_PROPOSAL,
    SOURCE_STANDARD,
    standard_title,
)
from bot.proposals.model import (
    MAX_DESCRIPTION,
    MAX_MINUTES_NEEDED,
    MAX_PRESENTER,
    MAX_TITLE,
    MAX_URL,
    Proposal,
)
from bot.teams.cards import Card, card, fact_set, long_date, text_block
from dialogs.replies import (
    ACTION_ACCEPT,
    ACTION_EXPORT_AGENDA,
    ACTION_MOVE,
    ACTION_PROPOSE,
    ACTION_REJECT,
    ACTION_WITHDRAW,
    EXPORT_DOCX,
    EXPORT_MARKDOWN,
    FIELD_COMMITTEE,
    FIELD_DESCRIPTION,
    FIELD_FORMAT,
    FIELD_MATERIAL_URL,
    FIELD_MEETING,
    FIELD_MINUTES,
    FIELD_PRESENTER,
    FIELD_PROPOSAL_ID,
    FIELD_REASON,
    FIELD_TITLE,
    per_proposal,
)

if TYPE_CHECKING:
    from bot.proposals.agenda import DraftAgenda, DraftItem

# The inputs' limits only help the user; the service checks again.
# A review or own-proposals card lists at most this many, so it stays below Teams' ~28 KB.
MAX_LISTED = 8
# Long free text is cut on cards that list several proposals (the receipt shows it whole).
MAX_LISTED_DESCRIPTION = 240
MAX_LISTED_FIELD = 100

DA: dict[str, Any] = {
    "lang": "da",
    "form_title": "Foreslå et punkt til dagsordenen",
    "form_intro": "Udfyld titlen og gerne resten. Sekretæren ser forslaget og giver dig besked om beslutningen.",
    "title": "Titel",
    "title_placeholder": "Fx Temadrøftelse om praksisplanen",
    "title_missing": "Skriv en titel.",
    "description": "Beskrivelse",
    "description_placeholder": "Hvad skal punktet handle om, og hvad skal udvalget gøre?",
    "committee": "Udvalg",
    "committee_missing": "Vælg et udvalg.",
    "meeting": "Møde",
    "wished_meeting": "Ønsket møde",
    "next_meeting": "Næste møde",
    "presenter": "Oplæg ved",
    "minutes": "Tid (minutter)",
    "minutes_value": "{minutes} min",
    "material": "Link til materiale",
    "send": "Send forslag",
    "choose_committee_title": "Hvilket udvalg skal forslaget til?",
    "choose": "Videre",
    "receipt_title": "Dit forslag er modtaget",
    "rolled_over": (
        "Fristen for forslag til mødet {old} er overskredet, så forslaget er sat på det følgende møde, {new}."
    ),
    "number": "Forslag nr.",
    "status": "Status",
    "submitted_by": "Foreslået af",
    "reason": "Begrundelse",
    "withdraw": "Træk forslaget tilbage",
    "mine_title": "Dine forslag",
    "mine_empty": "Du har ingen forslag til dagsordenen. Skriv »forslag til dagsorden:« efterfulgt af en titel.",
    "review_title": "Forslag til behandling: {committee}",
    "review_empty": "Der er ingen forslag, der venter på behandling.",
    "more": "… og {count} til, som ikke er vist her.",
    "accept": "Godkend",
    "reject": "Afvis",
    "reject_reason": "Begrundelse for afvisningen (sendes til forslagsstilleren)",
    "reject_reason_missing": "Skriv en begrundelse.",
    "confirm_reject": "Afvis forslaget",
    "move": "Flyt til andet møde",
    "move_to": "Flyt til mødet",
    "confirm_move": "Flyt forslaget",
    "agenda_title": "Dagsordensudkast: {committee}",
    "place": "Sted",
    "based_on": "Bygger på",
    "based_on_minutes": "referatet fra mødet {meeting} ({document})",
    "last_meeting": "sidste møde",
    "sources": {
        SOURCE_POSTPONED: "udskudt på mødet {meeting}",
        SOURCE_CARRIED_OVER: "besluttet på mødet {meeting}",
        SOURCE_PROPOSAL: "forslag fra et medlem",
    },
    "no_items": "Der er endnu ingen punkter til mødet.",
    "export_markdown": "Hent som Markdown",
    "export_docx": "Hent som Word (.docx)",
    "unknown_date": "dato ikke fastsat",
    "decision_accepted": "Dit forslag »{title}« er godkendt og kommer på dagsordenen til mødet {meeting}.",
    "decision_rejected": "Dit forslag »{title}« er afvist.",
    "decision_moved": "Dit forslag »{title}« er flyttet fra mødet {old} til mødet {meeting}.",
    "decided_by": "Behandlet af",
    "statuses": {
        "pending": "Afventer behandling",
        "accepted": "Godkendt",
        "rejected": "Afvist",
        "withdrawn": "Trukket tilbage",
    },
}

EN: dict[str, Any] = {
    "lang": "en",
    "form_title": "Propose an agenda item",
    "form_intro": "Fill in the title, and the rest if you can. The secretary sees the proposal and tells you the decision.",
    "title": "Title",
    "title_placeholder": "E.g. Discussion of the practice plan",
    "title_missing": "Type a title.",
    "description": "Description",
    "description_placeholder": "What is the item about, and what should the committee do?",
    "committee": "Committee",
    "committee_missing": "Choose a committee.",
    "meeting": "Meeting",
    "wished_meeting": "Preferred meeting",
    "next_meeting": "Next meeting",
    "presenter": "Presented by",
    "minutes": "Time (minutes)",
    "minutes_value": "{minutes} min",
    "material": "Link to material",
    "send": "Send proposal",
    "choose_committee_title": "Which committee is the proposal for?",
    "choose": "Continue",
    "receipt_title": "Your proposal has been received",
    "rolled_over": (
        "The deadline for proposals to the meeting on {old} has passed, so the proposal is set for the "
        "following meeting, {new}."
    ),
    "number": "Proposal no.",
    "status": "Status",
    "submitted_by": "Proposed by",
    "reason": "Reason",
    "withdraw": "Withdraw the proposal",
    "mine_title": "Your proposals",
    "mine_empty": "You have no agenda proposals. Type “agenda proposal:” followed by a title.",
    "review_title": "Proposals to review: {committee}",
    "review_empty": "No proposals are waiting for review.",
    "more": "… and {count} more, not shown here.",
    "accept": "Accept",
    "reject": "Reject",
    "reject_reason": "Reason for rejecting (sent to the proposer)",
    "reject_reason_missing": "Type a reason.",
    "confirm_reject": "Reject the proposal",
    "move": "Move to another meeting",
    "move_to": "Move to the meeting",
    "confirm_move": "Move the proposal",
    "agenda_title": "Draft agenda: {committee}",
    "place": "Place",
    "based_on": "Based on",
    "based_on_minutes": "the minutes of the meeting on {meeting} ({document})",
    "last_meeting": "the last meeting",
    "sources": {
        SOURCE_POSTPONED: "postponed at the meeting on {meeting}",
        SOURCE_CARRIED_OVER: "decided at the meeting on {meeting}",
        SOURCE_PROPOSAL: "proposed by a member",
    },
    "no_items": "There are no items for the meeting yet.",
    "export_markdown": "Get as Markdown",
    "export_docx": "Get as Word (.docx)",
    "unknown_date": "date not set",
    "decision_accepted": "Your proposal “{title}” has been accepted for the agenda of the meeting on {meeting}.",
    "decision_rejected": "Your proposal “{title}” has been rejected.",
    "decision_moved": "Your proposal “{title}” has been moved from the meeting on {old} to the meeting on {meeting}.",
    "decided_by": "Decided by",
    "statuses": {
        "pending": "Awaiting review",
        "accepted": "Accepted",
        "rejected": "Rejected",
        "withdrawn": "Withdrawn",
    },
}


def texts(language: str | None) -> dict[str, Any]:
    """The word table: English for "en…", otherwise Danish."""
    return EN if (language or "").lower().split("-")[0] == "en" else DA


# ---------------------------------------------------------------------------- cards


def proposal_form_card(
    *,
    committee: str | None,
    meetings: Iterable[dt.date] = (),
    committees: Iterable[str] = (),
    title: str = "",
    notice: str | None = None,
    language: str = "da",
) -> Card:
    """The form for proposing an item: title, description, wished meeting, presenter, minutes, link.

    Args:
        committee: the committee the proposal goes to; None adds a choice of ``committees``.
        meetings: the committee's upcoming meetings (local dates); the first is the default.
        committees: the committees to choose from when ``committee`` is None.
        title: a title to fill in.
        notice: a message shown above the form (e.g. why the last attempt was refused).
        language: "da" or "en".
    """
    t = texts(language)
    body: list[dict[str, Any]] = [
        text_block(t["form_title"], size="Medium", weight="Bolder")
    ]
    if notice:
        body.append(text_block(notice, color="Attention"))
    body.append(text_block(t["form_intro"], isSubtle=True, spacing="Small"))
    if committee is not None:
        body.append(fact_set([(t["committee"], committee)]))
    body.append(
        {
            "type": "Input.Text",
            "id": FIELD_TITLE,
            "label": t["title"],
            "placeholder": t["title_placeholder"],
            "maxLength": MAX_TITLE,
            "isRequired": True,
            "errorMessage": t["title_missing"],
            "value": title,
        }
    )
    body.append(
        {
            "type": "Input.Text",
            "id": FIELD_DESCRIPTION,
            "label": t["description"],
            "placeholder": t["description_placeholder"],
            "isMultiline": True,
            "maxLength": MAX_DESCRIPTION,
        }
    )
    if committee is None:
        body.append(
            choice_set(
                FIELD_COMMITTEE,
                t["committee"],
                [(c, c) for c in committees],
                required_message=t["committee_missing"],
            )
        )
    meeting_choices = [
        (long_date(day, language=t["lang"]), day.isoformat()) for day in meetings
    ]
    if meeting_choices:
        body.append(
            choice_set(
                FIELD_MEETING,
                t["wished_meeting"],
                meeting_choices,
                value=meeting_choices[0][1],
            )
        )
    body.append(
        {
            "type": "Input.Text",
            "id": FIELD_PRESENTER,
            "label": t["presenter"],
            "maxLength": MAX_PRESENTER,
        }
    )
    body.append(
        {
            "type": "Input.Number",
            "id": FIELD_MINUTES,
            "label": t["minutes"],
            "min": 1,
            "max": MAX_MINUTES_NEEDED,
        }
    )
    body.append(
        {
            "type": "Input.Text",
            "id": FIELD_MATERIAL_URL,
            "label": t["material"],
            "style": "Url",
            "maxLength": MAX_URL,
        }
    )
    actions = [button(t["send"], ACTION_PROPOSE, {}, style="positive")]
    return card(body, t, actions=actions, fallback=t["form_title"])


def committee_choice_card(
    title: str, committees: Iterable[str], *, language: str = "da"
) -> Card:
    """Asks which committee the proposal ``title`` is for; the button sends the title on."""
    t = texts(language)
    body = [
        text_block(t["choose_committee_title"], size="Medium", weight="Bolder"),
        fact_set([(t["title"], title)]),
        choice_set(
            FIELD_COMMITTEE,
            t["committee"],
            [(c, c) for c in committees],
            required_message=t["committee_missing"],
        ),
    ]
    actions = [
        button(t["choose"], ACTION_PROPOSE, {FIELD_TITLE: title}, style="positive")
    ]
    return card(body, t, actions=actions, fallback=t["choose_committee_title"])


def receipt_card(
    proposal: Proposal, *, rolled_over_from: dt.date | None = None, language: str = "da"
) -> Card:
    """The confirmation: what was stored and for which meeting, and a roll-over notice if the cut-off had passed."""
    t = texts(language)
    body: list[dict[str, Any]] = [
        text_block(t["receipt_title"], size="Medium", weight="Bolder")
    ]
    if rolled_over_from is not None:
        body.append(text_block(_rolled_over(proposal, rolled_over_from, t), color="Warning"))
    body.append(fact_set(_proposal_facts(proposal, t, number=True)))
    if proposal.description:
        body.append(text_block(t["description"], weight="Bolder", spacing="Medium"))
        body.append(text_block(proposal.description, spacing="Small"))
    actions = []
    if _status(proposal) == "pending":
        actions.append(
            button(t["withdraw"], ACTION_WITHDRAW, {FIELD_PROPOSAL_ID: proposal.id})
        )
    return card(
        body,
        t,
        actions=actions,
        fallback=receipt_text(
            proposal, rolled_over_from=rolled_over_from, language=language
        ),
    )


def my_proposals_card(
    proposals: Iterable[Proposal], *, notice: str | None = None, language: str = "da"
) -> Card:
    """The member's own proposals, newest meeting first as given; pending ones can be withdrawn."""
    t = texts(language)
    listed = list(proposals)
    body: list[dict[str, Any]] = [
        text_block(t["mine_title"], size="Medium", weight="Bolder")
    ]
    if notice:
        body.append(text_block(notice, color="Good"))
    if not listed:
        body.append(text_block(t["mine_empty"]))
    for proposal in listed[:MAX_LISTED]:
        items: list[dict[str, Any]] = [
            text_block(proposal.title, weight="Bolder"),
            fact_set(
                _proposal_facts(proposal, t, number=True, title=False, compact=True),
                spacing="Small",
            ),
        ]
        if _status(proposal) == "pending":
            items.append(
                {
                    "type": "ActionSet",
                    "actions": [
                        button(
                            t["withdraw"],
                            ACTION_WITHDRAW,
                            {FIELD_PROPOSAL_ID: proposal.id},
                        )
                    ],
                }
            )
        body.append(_container(items))
    if len(listed) > MAX_LISTED:
        body.append(
            text_block(t["more"].format(count=len(listed) - MAX_LISTED), isSubtle=True)
        )
    return card(
        body, t, fallback=my_proposals_text(listed, notice=notice, language=language)
    )


def review_card(
    committee: str,
    proposals: Iterable[Proposal],
    *,
    meetings: Iterable[dt.date] = (),
    notice: str | None = None,
    language: str = "da",
) -> Card:
    """The secretary's list of pending proposals, each with accept, reject (with a reason) and move.

    Args:
        committee: whose proposals these are.
        proposals: the pending proposals.
        meetings: the upcoming meetings (local dates) a proposal can be moved to.
        notice: what just happened (e.g. "»X« er godkendt"), shown at the top.
        language: "da" or "en".
    """
    t = texts(language)
    listed = list(proposals)
    upcoming = list(meetings)
    body: list[dict[str, Any]] = [
        text_block(
            t["review_title"].format(committee=committee),
            size="Medium",
            weight="Bolder",
        )
    ]
    if notice:
        body.append(text_block(notice, color="Good"))
    if not listed:
        body.append(text_block(t["review_empty"]))
    for proposal in listed[:MAX_LISTED]:
        body.append(_container(_review_elements(proposal, upcoming, t)))
    if len(listed) > MAX_LISTED:
        body.append(
            text_block(t["more"].format(count=len(listed) - MAX_LISTED), isSubtle=True)
        )
    return card(
        body,
        t,
        fallback=review_text(committee, listed, notice=notice, language=language),
    )


def draft_agenda_card(agenda: DraftAgenda, *, language: str = "da") -> Card:
    """The draft agenda of a meeting: when and where, the numbered items, and export buttons."""
    t = texts(language)
    body: list[dict[str, Any]] = [
        text_block(
            t["agenda_title"].format(committee=agenda.committee),
            size="Medium",
            weight="Bolder",
        )
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
        body.append(
            text_block(
                f"{item.number}. {_item_title(agenda, item, t)}",
                weight="Bolder",
                spacing="Medium",
            )
        )
        details = _item_details(agenda, item, t)
        if details:
            body.append(text_block(details, isSubtle=True, spacing="None"))
    data = {
        FIELD_COMMITTEE: agenda.committee,
        FIELD_MEETING: agenda.meeting_date.isoformat(),
    }
    actions = [
        button(
            t["export_markdown"],
            ACTION_EXPORT_AGENDA,
            {**data, FIELD_FORMAT: EXPORT_MARKDOWN},
        ),
        button(
            t["export_docx"], ACTION_EXPORT_AGENDA, {**data, FIELD_FORMAT: EXPORT_DOCX}
        ),
    ]
    return card(
        body, t, actions=actions, fallback=draft_agenda_text(agenda, language=language)
    )


def decision_card(
    proposal: Proposal, *, moved_from: dt.date | None = None, language: str = "da"
) -> Card:
    """The proactive notice to the submitter: accepted, rejected (with the reason) or moved."""
    t = texts(language)
    body: list[dict[str, Any]] = [
        text_block(
            decision_headline(proposal, moved_from=moved_from, language=language),
            weight="Bolder",
        )
    ]
    facts = [
        (t["committee"], proposal.committee),
        (t["meeting"], _date(proposal.meeting_date, t)),
    ]
    if _status(proposal) == "rejected" and proposal.reason:
        facts.append((t["reason"], proposal.reason))
    if proposal.decided_by:
        facts.append((t["decided_by"], _who(proposal.decided_by)))
    body.append(fact_set(facts, spacing="Small"))
    return card(
        body,
        t,
        fallback=decision_text(proposal, moved_from=moved_from, language=language),
    )


# ---------------------------------------------------------------------------- plain text


def proposal_form_text(
    *, committee: str | None, notice: str | None = None, language: str = "da"
) -> str:
    """The form's plain-text stand-in: how to propose by text."""
    t = texts(language)
    example = "forslag til dagsorden: " if t is DA else "agenda proposal: "
    lines = [notice] if notice else []
    lines.append(t["form_title"])
    if committee:
        lines.append(f"{t['committee']}: {committee}")
    lines.append(f"{example}<{t['title'].lower()}>")
    return "\n".join(lines)


def receipt_text(
    proposal: Proposal, *, rolled_over_from: dt.date | None = None, language: str = "da"
) -> str:
    """The confirmation as plain text."""
    t = texts(language)
    lines = [t["receipt_title"]]
    if rolled_over_from is not None:
        lines.append(_rolled_over(proposal, rolled_over_from, t))
    lines += [f"{k}: {v}" for k, v in _proposal_facts(proposal, t, number=True)]
    return "\n".join(lines)


def my_proposals_text(
    proposals: Iterable[Proposal], *, notice: str | None = None, language: str = "da"
) -> str:
    """The member's proposals as plain text."""
    t = texts(language)
    listed = list(proposals)
    lines = [notice] if notice else []
    lines.append(t["mine_title"])
    if not listed:
        lines.append(t["mine_empty"])
    for proposal in listed[:MAX_LISTED]:
        lines.append(
            f"• {proposal.title} ({_date(proposal.meeting_date, t)}, {_status_label(proposal, t)}, nr. {proposal.id})"
        )
    return "\n".join(lines)


def review_text(
    committee: str,
    proposals: Iterable[Proposal],
    *,
    notice: str | None = None,
    language: str = "da",
) -> str:
    """The review list as plain text."""
    t = texts(language)
    listed = list(proposals)
    lines = [notice] if notice else []
    lines.append(t["review_title"].format(committee=committee))
    if not listed:
        lines.append(t["review_empty"])
    for proposal in listed[:MAX_LISTED]:
        who = _who(proposal.submitter)
        lines.append(
            f"• {proposal.title} ({_date(proposal.meeting_date, t)}, {who}, nr. {proposal.id})"
        )
    return "\n".join(lines)


def draft_agenda_text(agenda: DraftAgenda, *, language: str = "da") -> str:
    """The draft agenda as plain text."""
    t = texts(language)
    lines = [
        t["agenda_title"].format(committee=agenda.committee),
        f"{t['meeting']}: {_meeting_when(agenda, t)}",
    ]
    if agenda.place:
        lines.append(f"{t['place']}: {agenda.place}")
    for item in agenda.items:
        details = _item_details(agenda, item, t)
        lines.append(
            f"{item.number}. {_item_title(agenda, item, t)}"
            + (f" ({details})" if details else "")
        )
    if not agenda.items:
        lines.append(t["no_items"])
    return "\n".join(lines)


def decision_headline(
    proposal: Proposal, *, moved_from: dt.date | None = None, language: str = "da"
) -> str:
    """One sentence saying what was decided about the proposal."""
    t = texts(language)
    meeting = _date(proposal.meeting_date, t)
    if moved_from is not None:
        return t["decision_moved"].format(
            title=proposal.title, old=_date(moved_from, t), meeting=meeting
        )
    if _status(proposal) == "rejected":
        return t["decision_rejected"].format(title=proposal.title)
    return t["decision_accepted"].format(title=proposal.title, meeting=meeting)


def decision_text(
    proposal: Proposal, *, moved_from: dt.date | None = None, language: str = "da"
) -> str:
    """The decision notice as plain text."""
    t = texts(language)
    lines = [decision_headline(proposal, moved_from=moved_from, language=language)]
    if _status(proposal) == "rejected" and proposal.reason:
        lines.append(f"{t['reason']}: {proposal.reason}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- building blocks


def _container(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "Container",
        "style": "emphasis",
        "spacing": "Medium",
        "items": items,
    }


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


def button(
    title: str, action: str, data: Mapping[str, Any], *, style: str | None = None
) -> dict[str, Any]:
    """An Action.Execute (verb = action) with an Action.Submit fallback carrying the same data."""
    payload = {"action": action, **data}
    submit: dict[str, Any] = {"type": "Action.Submit", "title": title, "data": payload}
    execute: dict[str, Any] = {
        "type": "Action.Execute",
        "title": title,
        "verb": action,
        "data": payload,
        "fallback": submit,
    }
    if style:
        execute["style"] = submit["style"] = style
    return execute


def _review_elements(
    proposal: Proposal, meetings: list[dt.date], t: Mapping[str, Any]
) -> list[dict[str, Any]]:
    facts = _proposal_facts(
        proposal, t, number=True, title=False, status=False, compact=True
    )
    facts.insert(
        2, (t["submitted_by"], _shorten(_who(proposal.submitter), MAX_LISTED_FIELD))
    )
    items: list[dict[str, Any]] = [
        text_block(proposal.title, weight="Bolder"),
        fact_set(facts, spacing="Small"),
    ]
    if proposal.description:
        description = proposal.description
        if len(description) > MAX_LISTED_DESCRIPTION:
            description = description[:MAX_LISTED_DESCRIPTION].rsplit(" ", 1)[0] + " …"
        items.append(text_block(description, spacing="Small"))
    ids = {FIELD_PROPOSAL_ID: proposal.id}
    reason_id = per_proposal(FIELD_REASON, proposal.id)
    reject_card = {
        "type": "AdaptiveCard",
        "body": [
            {
                "type": "Input.Text",
                "id": reason_id,
                "label": t["reject_reason"],
                "isMultiline": True,
                "isRequired": True,
                "errorMessage": t["reject_reason_missing"],
                "maxLength": 1000,
            }
        ],
        "actions": [
            button(t["confirm_reject"], ACTION_REJECT, ids, style="destructive")
        ],
    }
    actions: list[dict[str, Any]] = [
        button(t["accept"], ACTION_ACCEPT, ids, style="positive"),
        {"type": "Action.ShowCard", "title": t["reject"], "card": reject_card},
    ]
    targets = [day for day in meetings if day != proposal.meeting_date]
    if targets:
        move_id = per_proposal(FIELD_MEETING, proposal.id)
        choices = [
            (long_date(day, language=t["lang"]), day.isoformat()) for day in targets
        ]
        move_card = {
            "type": "AdaptiveCard",
            "body": [choice_set(move_id, t["move_to"], choices, value=choices[0][1])],
            "actions": [button(t["confirm_move"], ACTION_MOVE, ids)],
        }
        actions.append(
            {"type": "Action.ShowCard", "title": t["move"], "card": move_card}
        )
    items.append({"type": "ActionSet", "actions": actions})
    return items


def _proposal_facts(
    proposal: Proposal,
    t: Mapping[str, Any],
    *,
    number: bool = False,
    title: bool = True,
    status: bool = True,
    compact: bool = False,
) -> list[tuple[str, str]]:
    """The proposal's facts; ``compact`` shortens the long free-text ones for cards that list several."""
    cut = _shorten if compact else (lambda text, limit: text)
    facts: list[tuple[str, str]] = []
    if title:
        facts.append((t["title"], proposal.title))
    facts += [
        (t["committee"], proposal.committee),
        (t["meeting"], _date(proposal.meeting_date, t)),
    ]
    if proposal.presenter:
        facts.append((t["presenter"], cut(proposal.presenter, MAX_LISTED_FIELD)))
    if proposal.minutes_needed:
        facts.append(
            (
                t["minutes"].split(" (")[0],
                t["minutes_value"].format(minutes=proposal.minutes_needed),
            )
        )
    if proposal.material_url:
        facts.append((t["material"], cut(proposal.material_url, MAX_LISTED_FIELD)))
    if status:
        facts.append((t["status"], _status_label(proposal, t)))
        if _status(proposal) == "rejected" and proposal.reason:
            facts.append((t["reason"], cut(proposal.reason, MAX_LISTED_DESCRIPTION)))
    if number:
        facts.append((t["number"], str(proposal.id)))
    return facts


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rolled_over(proposal: Proposal, old: dt.date, t: Mapping[str, Any]) -> str:
    return t["rolled_over"].format(
        old=_date(old, t), new=_date(proposal.meeting_date, t)
    )


def _status(proposal: Proposal) -> str:
    status = proposal.status
    return str(getattr(status, "value", status))


def _status_label(proposal: Proposal, t: Mapping[str, Any]) -> str:
    return t["statuses"].get(_status(proposal), _status(proposal))


def _date(day: dt.date | None, t: Mapping[str, Any]) -> str:
    return long_date(day, language=t["lang"]) if day is not None else t["unknown_date"]


def _who(person: Any) -> str:
    """A person's name; plain strings (an id) as they are."""
    if isinstance(person, str):
        return person
    return getattr(person, "name", None) or getattr(person, "user_id", "") or ""


def _meeting_when(agenda: DraftAgenda, t: Mapping[str, Any]) -> str:
    when = _date(agenda.meeting_date, t)
    start = agenda.start_time
    if start is not None:
        clock = (
            f"{start.hour}.{start.minute:02d}"
            if isinstance(start, dt.time)
            else str(start)
        )
        when += f", kl. {clock}" if t is DA else f", {clock}"
    return when


def _based_on(agenda: DraftAgenda, t: Mapping[str, Any]) -> str:
    previous = getattr(agenda, "previous_meeting_date", None)
    if previous is None:
        return str(agenda.based_on)
    return t["based_on_minutes"].format(
        meeting=_date(previous, t), document=agenda.based_on
    )


def _item_title(agenda: DraftAgenda, item: DraftItem, t: Mapping[str, Any]) -> str:
    # Standard items ("Godkendelse af referat fra mødet …") are worded by the domain in both languages.
    key = getattr(item, "key", None)
    if item.source == SOURCE_STANDARD and key is not None:
        return standard_title(
            key, getattr(agenda, "previous_meeting_date", None), t["lang"]
        )
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
        parts.append(
            source.format(meeting=_date(previous, t) if previous else t["last_meeting"])
        )
    return " · ".join(parts)
