"""The bot's services over one database, built in one place for the server, the console and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.service import Calendar
from bot.clock import Clock
from bot.conversations import Conversations
from bot.knowledge import Knowledge
from bot.proposals.service import Proposals
from bot.reminders.optin import Reminders
from bot.settings import Settings
from storage.minutes_repository import list_committees


@dataclass(frozen=True, slots=True)
class BotServices:
    knowledge: Knowledge
    conversations: Conversations
    proposals: Proposals
    calendar: Calendar
    reminders: Reminders
    sessions: async_sessionmaker[AsyncSession]

    async def committees(self) -> list[str]:
        """The stored committees' names, for dialogs that let a user choose one."""
        async with self.sessions() as session:
            return await list_committees(session)


def build_services(sessions: async_sessionmaker[AsyncSession], clock: Clock, settings: Settings) -> BotServices:
    proposals = Proposals(sessions, clock, configured_secretaries=settings.secretaries)
    calendar = Calendar(sessions, clock, is_secretary=proposals.is_secretary)
    return BotServices(
        # Ingested minutes fill the meeting calendar.
        knowledge=Knowledge(sessions, clock, on_ingested=calendar.sync_from_minutes),
        conversations=Conversations(sessions, clock),
        proposals=proposals,
        calendar=calendar,
        reminders=Reminders(sessions, clock),
        sessions=sessions,
    )
