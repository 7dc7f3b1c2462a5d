"""The review card for minutes a secretary sent as a file: what was read, what looks wrong, approve or reject.

After a decision the same card, without items and buttons, says what was decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.clock import COMMITTEE_TZ
from bot.minutes.model import OUTCOME_LABELS_DA, OUTCOME_LABELS_EN, DateKind, Minutes, SectionKind
from bot.teams import cards
from bot.teams.cards import Card, card, fact_set, long_date, text_block
from bot.teams.proposal_cards import button, choice_set
from bot.teams.proposal_cards.blocks import shorten
from bot.uploads.model import PendingUpload, UploadState
from bot.words import is_english
from dialogs.replies import (
    ACTION_APPROVE_UPLOAD,
    ACTION_REJECT_UPLOAD,
    FIELD_COMMITTEE,
    FIELD_UPLOAD_ID,
    UploadReviewReply,
)

# A card lists at most this many items and dates, so it stays well below Teams' ~28 KB.
MAX_ITEMS = 40
MAX_DATES = 20
MAX_TITLE = 120
_KIND_ORDER = {
    DateKind.DEADLINE: 0, DateKind.NEXT_MEETING: 1, DateKind.CALENDAR_MEETING: 2, DateKind.STATUS_DUE: 3,
}  # fmt: skip  # a table kept compact
# The parser gives 1.0 for a date written as the meeting's; anything lower was inferred.
CERTAIN = 1.0

DA: dict[str, Any] = {
    "lang": "da",
    "title_pending": "Nyt referat til godkendelse",
    "title_approved": "Referatet er godkendt",
    "title_rejected": "Referatet er afvist",
    "intro": "Sådan har jeg læst filen. Intet er gemt endnu: først når du godkender, bruger jeg referatet "
    "til svar, mødekalenderen og påmindelser.",
    "file": "Fil",
    "committee": "Udvalg",
    "no_committee": "ikke nævnt i referatet",
    "meeting": "Møde",
    "inferred": "udledt, tjek den",
    "sent_by": "Sendt af",
    "status": "Status",
    "states": {
        UploadState.PENDING: "afventer godkendelse",
        UploadState.APPROVING: "godkendes nu",
        UploadState.APPROVED: "godkendt af {who} {when}",
        UploadState.REJECTED: "afvist af {who} {when}",
    },
    "someone": "en sekretær",
    "warnings": "Tjek før du godkender",
    "no_date": "Jeg fandt ingen mødedato i referatet. Skriv mødets dato øverst i referatet og send det igen, "
    "ellers kan det ikke findes under sin dato.",
    "inferred_date": "Mødedatoen står ikke som mødets dato; jeg har udledt den ({evidence}). Tjek at den er rigtig.",
    "choose_committee": "Referatet nævner ikke sit udvalg. Vælg udvalget nedenfor, før du godkender.",
    "linked_committee": "Referatet nævner ikke sit udvalg; jeg bruger chattens udvalg, {committee}.",
    "unknown_sections": "Punkt {numbers} har ingen kendte afsnit (Indstilling, Sagsfremstilling, "
    "Referat eller Beslutning), så deres udfald er usikre.",
    "items": "Punkter ({count})",
    "more_items": "… og {count} punkter til.",
    "dates": "Datoer i referatet",
    "more_dates": "… og {count} datoer til.",
    "no_dates": "Ingen datoer fundet.",
    "choose": "Udvalg",
    "choose_missing": "Vælg et udvalg.",
    "approve": "Godkend",
    "reject": "Afvis",
    "no_buttons": "Godkend eller afvis med knapperne i Teams, eller skriv »godkend referat {id}« eller "
    "»afvis referat {id}«.",
    "outcomes": OUTCOME_LABELS_DA,
}

EN: dict[str, Any] = {
    "lang": "en",
    "title_pending": "New minutes for review",
    "title_approved": "The minutes are approved",
    "title_rejected": "The minutes are rejected",
    "intro": "This is how I read the file. Nothing is stored yet: only when you approve do I use the "
    "minutes for answers, the meeting calendar and reminders.",
    "file": "File",
    "committee": "Committee",
    "no_committee": "not named in the minutes",
    "meeting": "Meeting",
    "inferred": "inferred, please check",
    "sent_by": "Sent by",
    "status": "Status",
    "states": {
        UploadState.PENDING: "awaiting review",
        UploadState.APPROVING: "being approved",
        UploadState.APPROVED: "approved by {who} {when}",
        UploadState.REJECTED: "rejected by {who} {when}",
    },
    "someone": "a secretary",
    "warnings": "Check before approving",
    "no_date": "I found no meeting date in the minutes. Put the meeting's date at the top of the minutes and "
    "send them again, or they cannot be found by their date.",
    "inferred_date": "The minutes do not state the meeting date as such; I inferred it ({evidence}). "
    "Check that it is right.",
    "choose_committee": "The minutes do not name their committee. Choose the committee below before approving.",
    "linked_committee": "The minutes do not name their committee; I use this chat's committee, {committee}.",
    "unknown_sections": "Item {numbers} has no known sections (Indstilling, Sagsfremstilling, Referat or "
    "Beslutning), so its outcome is uncertain.",
    "items": "Items ({count})",
    "more_items": "… and {count} more items.",
    "dates": "Dates in the minutes",
    "more_dates": "… and {count} more dates.",
    "no_dates": "No dates found.",
    "choose": "Committee",
    "choose_missing": "Choose a committee.",
    "approve": "Approve",
    "reject": "Reject",
    "no_buttons": "Approve or reject with the buttons in Teams, or type “godkend referat {id}” (approve) or "
    "“afvis referat {id}” (reject).",
    "outcomes": OUTCOME_LABELS_EN,
}


def texts(language: str | None) -> dict[str, Any]:
    """The word table for a language: English for "en…", otherwise Danish."""
    return EN if is_english(language) else DA


def review_card(reply: UploadReviewReply, *, language: str = "da") -> Card:
    """The review card for an upload (with buttons while it is pending), or its decision afterwards."""
    t, shared = texts(language), cards.texts(language)
    upload, minutes = reply.upload, reply.minutes
    body: list[dict[str, Any]] = [text_block(_title(upload, t), size="Medium", weight="Bolder")]
    if reply.notice:
        body.append(text_block(reply.notice, spacing="Small"))
    pending = upload.state == UploadState.PENDING and minutes is not None
    if pending:
        body.append(text_block(t["intro"], isSubtle=True, spacing="Small"))
    body.append(fact_set(_facts(upload, minutes, t), spacing="Small"))
    actions: list[dict[str, Any]] = []
    if minutes is not None:
        warnings = review_warnings(upload, minutes, language=language)
        if warnings and pending:
            body.append(text_block(t["warnings"], weight="Bolder", color="Warning", spacing="Medium"))
            body.extend(text_block(f"• {w}", color="Warning", spacing="Small") for w in warnings)
        body.append(text_block(t["items"].format(count=len(minutes.items)), weight="Bolder", spacing="Medium"))
        body.append(fact_set(_item_facts(minutes, t), spacing="Small"))
        if len(minutes.items) > MAX_ITEMS:
            body.append(text_block(t["more_items"].format(count=len(minutes.items) - MAX_ITEMS), isSubtle=True))
        body.append(text_block(t["dates"], weight="Bolder", spacing="Medium"))
        body.extend(_date_elements(minutes, t, shared))
    if pending:
        data: dict[str, Any] = {FIELD_UPLOAD_ID: upload.id}
        if upload.committee is None and reply.committees:
            body.append(
                choice_set(
                    FIELD_COMMITTEE,
                    t["choose"],
                    [(c, c) for c in reply.committees],
                    value=reply.committees[0] if len(reply.committees) == 1 else None,
                    required_message=t["choose_missing"],
                )
            )
        actions = [
            button(t["approve"], ACTION_APPROVE_UPLOAD, data, style="positive"),
            button(t["reject"], ACTION_REJECT_UPLOAD, data, style="destructive"),
        ]
    return card(body, t, actions=actions, fallback=f"{_title(upload, t)}: {upload.file_name}")


def review_text(reply: UploadReviewReply, *, language: str = "da") -> str:
    """The same as plain text, for channels without cards."""
    t, shared = texts(language), cards.texts(language)
    upload, minutes = reply.upload, reply.minutes
    lines = [_title(upload, t)]
    if reply.notice:
        lines.append(reply.notice)
    lines += [f"{title}: {value}" for title, value in _facts(upload, minutes, t)]
    if minutes is None:
        return "\n".join(lines)
    warnings = review_warnings(upload, minutes, language=language)
    if warnings and upload.state == UploadState.PENDING:
        lines += ["", t["warnings"] + ":", *(f"• {w}" for w in warnings)]
    lines += ["", t["items"].format(count=len(minutes.items)) + ":"]
    lines += [f"{number} {value}" for number, value in _item_facts(minutes, t)]
    lines += ["", t["dates"] + ":"]
    lines += [f"{kind}: {value}" for kind, value in _date_facts(minutes, shared)] or [t["no_dates"]]
    if upload.state == UploadState.PENDING:
        lines += ["", t["no_buttons"].format(id=upload.id)]
    return "\n".join(lines)


def review_warnings(upload: PendingUpload, minutes: Minutes, *, language: str = "da") -> list[str]:
    """What a secretary should check before approving: the meeting date, the committee, unread items."""
    t = texts(language)
    warnings: list[str] = []
    meeting = minutes.meeting
    if meeting.date is None:
        # What the minutes tell about the date they do not state ("lå efter 28. januar og før 12. februar").
        hint = meeting.date_evidence.removeprefix("Ingen mødedato i dokumentet.").strip()
        warnings.append(f"{t['no_date']} {hint}".strip())
    elif meeting.date_confidence < CERTAIN:
        warnings.append(t["inferred_date"].format(evidence=meeting.date_evidence.strip() or "?"))
    if upload.committee is None:
        warnings.append(t["choose_committee"])
    elif not meeting.committee:
        warnings.append(t["linked_committee"].format(committee=upload.committee))
    unread = [
        item.number
        for item in minutes.items
        if any(s.text.strip() for s in item.sections)
        and all(s.kind == SectionKind.DESCRIPTION for s in item.sections if s.text.strip())
        and item.outcome_source is None
    ]
    if unread:
        warnings.append(t["unknown_sections"].format(numbers=", ".join(unread)))
    return warnings


def _title(upload: PendingUpload, t: Mapping[str, Any]) -> str:
    if upload.state == UploadState.APPROVED:
        return t["title_approved"]
    if upload.state == UploadState.REJECTED:
        return t["title_rejected"]
    return t["title_pending"]


def _facts(upload: PendingUpload, minutes: Minutes | None, t: Mapping[str, Any]) -> list[tuple[str, str]]:
    day = minutes.meeting.date if minutes is not None else upload.meeting_date
    when = long_date(day, language=t["lang"])
    if minutes is not None and day is not None and minutes.meeting.date_confidence < CERTAIN:
        when = f"{when} ({t['inferred']})"
    return [
        (t["file"], upload.file_name),
        (t["committee"], upload.committee or t["no_committee"]),
        (t["meeting"], when),
        (t["sent_by"], upload.uploader.name or upload.uploader.user_id),
        (t["status"], _state(upload, t)),
    ]


def _state(upload: PendingUpload, t: Mapping[str, Any]) -> str:
    who = (upload.decided_by.name if upload.decided_by else None) or t["someone"]
    at = upload.decided_at
    when = long_date(at.astimezone(COMMITTEE_TZ).date(), language=t["lang"]) if at is not None else ""
    return t["states"][upload.state].format(who=who, when=when).strip()


def _item_facts(minutes: Minutes, t: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [
        (item.number, f"{shorten(item.title, MAX_TITLE)} – {t['outcomes'][item.outcome]}")
        for item in minutes.items[:MAX_ITEMS]
    ]


def _date_facts(minutes: Minutes, shared: dict[str, Any]) -> list[tuple[str, str]]:
    # What reminders and the calendar will use comes first: deadlines and meetings, then the rest, by date.
    ordered = sorted(minutes.dates, key=lambda d: (_KIND_ORDER.get(d.kind, len(_KIND_ORDER)), d.on))
    return [(cards.date_kind(d.kind, shared), cards.date_value(d.on, d.text, shared)) for d in ordered[:MAX_DATES]]


def _date_elements(minutes: Minutes, t: Mapping[str, Any], shared: dict[str, Any]) -> list[dict[str, Any]]:
    if not minutes.dates:
        return [text_block(t["no_dates"], isSubtle=True, spacing="Small")]
    elements = [fact_set(_date_facts(minutes, shared), spacing="Small")]
    if len(minutes.dates) > MAX_DATES:
        elements.append(text_block(t["more_dates"].format(count=len(minutes.dates) - MAX_DATES), isSubtle=True))
    return elements
