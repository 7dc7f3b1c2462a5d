"""What a dialog gets: one user turn in our own terms (bot/teams/handler.py builds it), and the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from bot.access import OTHER_TENANT, Action, Decision
from bot.conversations import ConversationKey, Conversations, ConversationUser
from bot.knowledge import Knowledge
from bot.uploads.model import FileAttachment
from bot.words import ENGLISH, committee_key
from storage.conversations_repository import match_committee

_NOT_SEEN = {
    False: "Beklager, det kan jeg ikke gøre for dig: det hører til et udvalg, din organisation ikke er med i.",
    True: "Sorry, I can't do that for you: it belongs to a committee your organisation is not part of.",
}

if TYPE_CHECKING:
    from bot.access import Access
    from bot.calendar.service import Calendar
    from bot.graph.sync import CalendarSync, FolderSync
    from bot.people.service import PersonalData
    from bot.proposals.model import Proposal
    from bot.proposals.service import Proposals
    from bot.reminders.optin import Reminders
    from bot.uploads.service import Uploads


@dataclass(frozen=True, slots=True)
class Turn:
    """One thing a user said or pressed."""

    text: str  # without the bot's @mention, trimmed
    language: str  # "da" or "en", from the client's locale
    key: ConversationKey
    conversation_type: str | None  # "personal", "groupChat" or "channel" in Teams; None elsewhere
    user: ConversationUser
    received_at: dt.datetime  # UTC, from the injected clock
    committee: str | None = None  # the one the conversation is linked to
    value: Mapping[str, Any] | None = None  # a pressed card button's data
    activity_id: str | None = None  # a retried delivery has the same id: no proposal is stored twice
    attachments: tuple[FileAttachment, ...] = ()
    tenant: str | None = None  # the Entra tenant, when the channel names one

    @property
    def english(self) -> bool:
        return self.language == ENGLISH


class Notifier(Protocol):
    """Tells a proposal's submitter about a decision, in the conversation the proposal came from."""

    async def decision(self, proposal: Proposal, *, moved_from: dt.date | None = None) -> bool:
        """Send the notice (``moved_from``: the meeting a moved proposal left); True when it reached the connector."""


class NoNotices:
    """Where nothing can reach a submitter (the console, a test): every notice is 'not sent'."""

    async def decision(self, proposal: Proposal, *, moved_from: dt.date | None = None) -> bool:
        return False


NO_NOTICES = NoNotices()


@dataclass(frozen=True, slots=True)
class Services:
    """What dialogs may call; built once by bot/services.py."""

    knowledge: Knowledge
    conversations: Conversations
    proposals: Proposals
    calendar: Calendar
    reminders: Reminders
    uploads: Uploads
    folder_sync: FolderSync  # minutes folders in SharePoint/Teams (Microsoft Graph)
    calendar_sync: CalendarSync  # Microsoft 365 group calendars (Microsoft Graph)
    access: Access  # the role table and the tenancy rule
    people: PersonalData  # GDPR export and deletion
    notifier: Notifier = NO_NOTICES  # bot.teams.proactive on the server

    async def committees_seen(self, turn: Turn) -> list[str]:
        """The stored committees' names that the turn's tenant sees (bot/access.py's tenancy rule)."""
        names = await self.knowledge.committees()
        visible = await self.access.visible(turn.tenant)
        return names if visible is None else [name for name in names if committee_key(name) in visible]

    async def committee_named(self, turn: Turn, query: str, *, own: bool = False) -> str:
        """The one committee the turn's tenant sees (with ``own``, or the user is secretary of) that ``query`` names
        loosely ("fokusgruppen"); else UnknownCommittee, naming only those."""
        seen = await self.committees_seen(turn)
        if own:
            seen = sorted(set(seen) | set(await self.access.committees_of(turn.user)))
        _, name = match_committee(query, [(index, name, name) for index, name in enumerate(seen)])
        return name

    async def decide(self, action: Action, turn: Turn, committee: str | None) -> Decision:
        """May the turn's user, from the turn's tenant, do ``action`` on ``committee``? (audited: bot/access.py)"""
        return await self.access.decide(action, turn.user, turn.tenant, committee)

    async def concerned(self, action: Action, turn: Turn) -> list[str]:
        """The committees a guarded command that names none is about: the linked one, else those the user is
        secretary of. The caller decides each it acts on; a user with none has one refusal audited here."""
        if turn.committee:
            return [turn.committee]
        mine = await self.access.committees_of(turn.user)
        if not mine:
            await self.decide(action, turn, None)
        return mine

    async def allowed(self, action: Action, turn: Turn) -> list[str]:
        """Of the committees the command is about (:meth:`concerned`), those the role table lets the user act on."""
        return [c for c in await self.concerned(action, turn) if (await self.decide(action, turn, c)).allowed]


def refusal(turn: Turn, decision: Decision, text: str) -> str:
    """``text``, the dialog's refusal naming the committee, unless the turn's tenant does not see the committee:
    then a refusal that names nothing of it (the tenancy rule)."""
    return _NOT_SEEN[turn.english] if decision.reason == OTHER_TENANT else text
