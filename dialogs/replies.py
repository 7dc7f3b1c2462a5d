"""What dialogs answer with: content, not layout; bot/teams/render.py makes a card or plain text of it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.answering.answer import Answer
from bot.minutes.model import AgendaItem

if TYPE_CHECKING:
    from bot.minutes.model import Minutes
    from bot.proposals.agenda import DraftAgenda
    from bot.proposals.model import Proposal
    from bot.uploads.model import PendingUpload


@dataclass(frozen=True, slots=True)
class TextReply:
    """A short message written by a dialog, already in the turn's language."""

    text: str


@dataclass(frozen=True, slots=True)
class HelpReply:
    """What the bot can do."""


@dataclass(frozen=True, slots=True)
class WelcomeReply:
    """The greeting after the bot was installed or added."""


@dataclass(frozen=True, slots=True)
class AnswerReply:
    """An answer to a question; ``item`` is the whole agenda item of its first source, if found."""

    answer: Answer
    item: AgendaItem | None = None


@dataclass(frozen=True, slots=True)
class ItemReply:
    """A whole agenda item. ``meeting_date`` is the local date of the meeting."""

    item: AgendaItem
    committee: str | None
    meeting_date: dt.date | None


# The data of the proposal cards' buttons: {"action": <one of these>, <field>: …}. The cards
# (bot/teams/proposal_cards/) write them and the dialogs read them; they are stored in sent
# cards, so they are string constants that must not change.
ACTION_PROPOSE = "propose"
ACTION_WITHDRAW = "withdraw"
ACTION_ACCEPT = "accept"
ACTION_REJECT = "reject"
ACTION_MOVE = "move"
ACTION_DRAFT_AGENDA = "draft_agenda"
ACTION_EXPORT_AGENDA = "export_agenda"

FIELD_TITLE = "title"
FIELD_DESCRIPTION = "description"
FIELD_PRESENTER = "presenter"
FIELD_MINUTES = "minutes_needed"
FIELD_MATERIAL_URL = "material_url"
FIELD_MEETING = "meeting_date"  # an ISO date "2021-04-13"
FIELD_COMMITTEE = "committee"
FIELD_PROPOSAL_ID = "proposal_id"
FIELD_REASON = "reason"
FIELD_FORMAT = "format"  # "markdown" or "docx"
FIELD_LANGUAGE = "language"  # "da" or "en": the language a file offered for consent is made in

EXPORT_MARKDOWN = "markdown"
EXPORT_DOCX = "docx"


def per_proposal(field: str, proposal_id: object) -> str:
    """The input id of a field a review card repeats per proposal (input ids are unique in a card)."""
    return f"{field}-{proposal_id}"


@dataclass(frozen=True, slots=True)
class ProposalFormReply:
    """The form for proposing an agenda item; with no ``committee`` the user chooses one of ``committees``."""

    committee: str | None
    meetings: tuple[dt.date, ...] = ()
    committees: tuple[str, ...] = ()
    title: str = ""
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class CommitteeChoiceReply:
    """Which committee should the proposal ``title`` go to? (A personal chat has no committee link.)"""

    title: str
    committees: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProposalReceiptReply:
    """What was stored, for which meeting; ``rolled_over_from`` is the meeting whose cut-off had passed."""

    proposal: Proposal
    rolled_over_from: dt.date | None = None


@dataclass(frozen=True, slots=True)
class MyProposalsReply:
    """The user's own proposals, pending ones with a withdraw button; ``notice`` says what just happened."""

    proposals: tuple[Proposal, ...]
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewReply:
    """A committee's pending proposals for its secretary, with accept, reject and move (to ``meetings``)."""

    committee: str
    proposals: tuple[Proposal, ...]
    meetings: tuple[dt.date, ...] = ()
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class DraftAgendaReply:
    """The draft agenda of a meeting, with export buttons."""

    agenda: DraftAgenda


@dataclass(frozen=True, slots=True)
class MarkdownReply:
    """Text to show formatted as Markdown (already escaped where it holds user text)."""

    text: str


@dataclass(frozen=True, slots=True)
class FileReply:
    """A file to hand the user; ``description`` is said instead where files cannot be sent."""

    name: str
    media_type: str
    data: bytes
    description: str = ""


# The Bot Framework channel where files go through the user's consent (FileOfferReply).
TEAMS_CHANNEL = "msteams"


def safe_file_name(name: str) -> str:
    """``name`` usable on every file system (committee names hold "&" and "/" at times)."""
    return " ".join(re.sub(r'[\\/:*?"<>|&]+', " ", name).split())


def offered_language(context: Mapping[str, Any], default: str) -> str:
    """The language a file offered for consent is made in (FIELD_LANGUAGE), else ``default``."""
    language = context.get(FIELD_LANGUAGE)
    return language if language in ("da", "en") else default


@dataclass(frozen=True, slots=True)
class FileOfferReply:
    """A file offered for the user's consent (Teams takes a bot's file only into the user's OneDrive, once
    accepted). No bytes: ``context`` (strings, with an "action") comes back on consent, and the dialog named
    by its action makes the file again; ``size`` is what Teams shows."""

    name: str
    size: int
    description: str
    context: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class DecisionReply:
    """The notice to a proposal's submitter that it was accepted, rejected or moved (from ``moved_from``)."""

    proposal: Proposal
    moved_from: dt.date | None = None


# The review card's buttons: {"action": <one of these>, "upload_id": 7, "committee": …}. Stored in
# sent cards, so they must not change.
ACTION_APPROVE_UPLOAD = "approve_upload"
ACTION_REJECT_UPLOAD = "reject_upload"
FIELD_UPLOAD_ID = "upload_id"


@dataclass(frozen=True, slots=True)
class UploadReviewReply:
    """Minutes a secretary sent, as read (``minutes``, None once decided), with "Godkend" and "Afvis";
    ``committees`` to choose between when the minutes name none."""

    upload: PendingUpload
    minutes: Minutes | None = None
    committees: tuple[str, ...] = ()
    notice: str | None = None


Reply = (
    TextReply | HelpReply | WelcomeReply | AnswerReply | ItemReply | ProposalFormReply | CommitteeChoiceReply
    | ProposalReceiptReply | MyProposalsReply | ReviewReply | DraftAgendaReply | MarkdownReply | FileReply
    | FileOfferReply | DecisionReply | UploadReviewReply
)  # fmt: skip  # a table kept compact
