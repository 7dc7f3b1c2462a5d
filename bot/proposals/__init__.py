"""Agenda proposals: members propose items, secretaries decide, the bot drafts the agenda.

The domain types live in ``bot.proposals.model``, the service in ``bot.proposals.service``
and the draft agenda in ``bot.proposals.agenda``. The service is imported lazily here:
``storage.models`` imports ``bot.proposals.model``, and the service imports storage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.proposals.model import (
    MAX_TITLE,
    AuditEntry,
    NotSecretary,
    Person,
    Proposal,
    ProposalDraft,
    ProposalError,
    ProposalStatus,
    SubmitResult,
    UnknownCommitteeError,
    UnknownMeeting,
)

if TYPE_CHECKING:
    from bot.proposals.agenda import DraftAgenda, DraftItem
    from bot.proposals.service import Proposals

__all__ = [
    "MAX_TITLE",
    "AuditEntry",
    "DraftAgenda",
    "DraftItem",
    "NotSecretary",
    "Person",
    "Proposal",
    "ProposalDraft",
    "ProposalError",
    "ProposalStatus",
    "Proposals",
    "SubmitResult",
    "UnknownCommitteeError",
    "UnknownMeeting",
]


def __getattr__(name: str) -> Any:
    if name == "Proposals":
        from bot.proposals.service import Proposals

        return Proposals
    if name in ("DraftAgenda", "DraftItem"):
        from bot.proposals import agenda

        return getattr(agenda, name)
    raise AttributeError(f"module 'bot.proposals' has no attribute {name!r}")
