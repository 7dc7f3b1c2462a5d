"""What a dialog gets: one user turn in our own terms, and the services it may use.

The activity handler (bot/teams/handler.py) builds a :class:`Turn` from a Bot Framework activity;
dialogs never see botbuilder types.
"""

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
    """One thing a user said or pressed.

    Attributes:
        text: what the user wrote, with the bot's @mention removed and whitespace trimmed.
        language: "da" or "en", from the client's locale.
        key: the conversation (channel id, conversation id without thread suffix).
        conversation_type: "personal", "groupChat" or "channel" in Teams; None elsewhere.
        user: who wrote.
        committee: the committee the conversation is linked to, if any.
        received_at: when the bot received the turn (UTC instant, from the injected clock).
        value: the data of a pressed card button (Action.Submit or Action.Execute), if any.
        activity_id: the channel's id of the activity; a retried delivery has the same id, which
            keeps a proposal from being stored twice.
        attachments: the files the message carries (minutes a secretary sends), in our own terms.
        tenant: the Microsoft Entra tenant the turn comes from, when the channel names one.
    """

    text: str
    language: str
    key: ConversationKey
    conversation_type: str | None
    user: ConversationUser
    received_at: dt.datetime
    committee: str | None = None
    value: Mapping[str, Any] | None = None
    activity_id: str | None = None
    attachments: tuple[FileAttachment, ...] = ()
    tenant: str | None = None

    @property
    def english(self) -> bool:
        return self.language == ENGLISH


class Notifier(Protocol):
    """Tells a proposal's submitter about a decision, in the conversation the proposal came from."""

    async def decision(self, proposal: Proposal, *, moved_from: dt.date | None = None) -> bool:
        """Send the notice; True when it reached the connector, False when it could not be sent.

        ``moved_from`` is the meeting (local date) the proposal was moved from, for a move.
        """


class NoNotices:
    """Where nothing can reach a submitter (the console, a test): every notice is 'not sent'."""

    async def decision(self, proposal: Proposal, *, moved_from: dt.date | None = None) -> bool:
        return False


NO_NOTICES = NoNotices()


@dataclass(frozen=True, slots=True)
class Services:
    """What dialogs may call; built once by bot/services.py.

    Attributes:
        knowledge: answers questions, finds agenda items, lists the stored committees.
        conversations: conversation references and committee links.
        proposals: agenda proposals and who is secretary of which committee.
        calendar: the committees' meeting calendar.
        reminders: reminder rules and members' opt-in.
        uploads: minutes sent as files, kept for a secretary's review.
        folder_sync: committees' minutes folders in SharePoint/Teams (Microsoft Graph).
        calendar_sync: committees' Microsoft 365 group calendars (Microsoft Graph).
        access: the role table and the tenancy rule (who may do what, which tenant sees which committee).
        people: export and deletion of what is stored about a person (GDPR).
        notifier: proactive notices to a proposal's submitter (bot.teams.proactive on the server).
    """

    knowledge: Knowledge
    conversations: Conversations
    proposals: Proposals
    calendar: Calendar
    reminders: Reminders
    uploads: Uploads
    folder_sync: FolderSync
    calendar_sync: CalendarSync
    access: Access
    people: PersonalData
    notifier: Notifier = NO_NOTICES

    async def committees_seen(self, turn: Turn) -> list[str]:
        """The stored committees' names that the turn's tenant sees (bot/access.py's tenancy rule)."""
        names = await self.knowledge.committees()
        visible = await self.access.visible(turn.tenant)
        return names if visible is None else [name for name in names if committee_key(name) in visible]

    async def committee_named(self, turn: Turn, query: str, *, own: bool = False) -> str:
        """The one committee the turn's tenant sees that ``query`` names loosely ("fokusgruppen").

        Args:
            own: also the committees the user is secretary of (every one, for an admin), wherever they are seen.

        Raises:
            UnknownCommittee: none or several match; it names only committees the tenant (or user) may see.
        """
        seen = await self.committees_seen(turn)
        if own:
            seen = sorted(set(seen) | set(await self.access.committees_of(turn.user)))
        _, name = match_committee(query, [(index, name, name) for index, name in enumerate(seen)])
        return name

    async def decide(self, action: Action, turn: Turn, committee: str | None) -> Decision:
        """May the turn's user, from the turn's tenant, do ``action`` on ``committee``? (audited: bot/access.py)"""
        return await self.access.decide(action, turn.user, turn.tenant, committee)

    async def concerned(self, action: Action, turn: Turn) -> list[str]:
        """The committees a guarded command that names none is about: the linked one, else the user's own.

        The user's own are those they are secretary of (an admin: every one). Nothing is decided here (the
        caller decides each committee it acts on); a user with none has one refusal audited, for no committee.
        """
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
