"""Agenda proposals as plain Python types: ``meeting_date`` is a local date, every ``datetime`` a UTC instant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.errors import UserError

MAX_TITLE = 200
MAX_DESCRIPTION = 4000
MAX_PRESENTER = 300
MAX_URL = 2000
MIN_MINUTES_NEEDED = 1
MAX_MINUTES_NEEDED = 240


class ProposalStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class AuditAction(StrEnum):
    """What a change to a proposal did; the values are what AuditEntry.action holds."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MOVED = "moved"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class Person:
    """Someone acting in Teams: the channel's user id ("29:…", stable per bot), Entra object id and name."""

    user_id: str
    aad_object_id: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class ProposalDraft:
    """What a member fills in; ``meeting_date`` is the wished meeting, None for the next open one."""

    title: str
    description: str | None = None
    presenter: str | None = None
    minutes_needed: int | None = None
    material_url: str | None = None
    meeting_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Proposal:
    """A stored proposal. ``meeting_date`` is local; ``submitted_at``/``decided_at`` are UTC."""

    id: int
    committee: str
    meeting_date: dt.date
    title: str
    description: str | None
    presenter: str | None
    minutes_needed: int | None
    material_url: str | None
    status: ProposalStatus
    submitter: Person
    submitted_at: dt.datetime
    channel_id: str
    conversation_id: str
    decided_by: Person | None
    decided_at: dt.datetime | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class SubmitResult:
    """What a submit did: ``created`` is False for a retry; ``rolled_over_from`` is the meeting it missed."""

    proposal: Proposal
    created: bool
    rolled_over_from: dt.date | None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change to a proposal: who, when (UTC), what ("submitted", "accepted", …) and its details."""

    proposal_id: int
    at: dt.datetime
    actor: Person
    action: str
    details: dict


class ProposalError(UserError):
    """A user's mistake or a refused request about a proposal."""


class NotSecretary(ProposalError):
    """Only the committee's secretaries may do this."""


class UnknownMeeting(ProposalError):
    """A meeting that is not known (or not open); the message lists those that can be chosen."""


class UnknownCommitteeError(ProposalError):
    """A committee name that matches no stored committee; the message lists the known ones."""
