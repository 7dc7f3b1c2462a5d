"""The bot's services over one database, built in one place for the server, the console and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.service import Calendar
from bot.clock import Clock
from bot.conversations import Conversations
from bot.graph.client import GraphClient
from bot.graph.sync import CalendarSync, FolderSync
from bot.knowledge import Knowledge
from bot.proposals.service import Proposals
from bot.reminders.optin import Reminders
from bot.settings import Settings
from bot.uploads.download import MEBIBYTE
from bot.uploads.graph import graph_fetcher
from bot.uploads.service import FetchShared, Uploads
from storage.minutes_repository import list_committees


@dataclass(frozen=True, slots=True)
class BotServices:
    knowledge: Knowledge
    conversations: Conversations
    proposals: Proposals
    calendar: Calendar
    reminders: Reminders
    sessions: async_sessionmaker[AsyncSession]
    uploads: Uploads
    folder_sync: FolderSync | None = None
    calendar_sync: CalendarSync | None = None

    async def committees(self) -> list[str]:
        """The stored committees' names, for dialogs that let a user choose one."""
        async with self.sessions() as session:
            return await list_committees(session)


def build_services(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    settings: Settings,
    *,
    fetch_shared: FetchShared | None = None,
    graph: GraphClient | None = None,
) -> BotServices:
    """The services.

    Args:
        sessions, clock, settings: the database, the source of "now", the configuration.
        fetch_shared: fetches files shared in channels; by default through ``graph`` when given.
        graph: the Microsoft Graph client; None without Graph (no shared files, folder or calendar sync).
    """
    if fetch_shared is None and graph is not None:
        fetch_shared = graph_fetcher(graph)
    proposals = Proposals(sessions, clock, configured_secretaries=settings.secretaries)
    calendar = Calendar(sessions, clock, is_secretary=proposals.is_secretary)
    # Ingested minutes fill the meeting calendar.
    knowledge = Knowledge(sessions, clock, on_ingested=calendar.sync_from_minutes)
    return BotServices(
        knowledge=knowledge,
        conversations=Conversations(sessions, clock),
        proposals=proposals,
        calendar=calendar,
        reminders=Reminders(sessions, clock),
        sessions=sessions,
        uploads=Uploads(
            sessions,
            clock,
            knowledge,
            proposals,
            max_bytes=settings.upload_max_mb * MEBIBYTE,
            timeout=settings.upload_timeout_seconds,
            fetch_shared=fetch_shared,
            loopback_only=settings.credentials.local_mode,
        ),
        folder_sync=None if graph is None else FolderSync(sessions, graph, clock),
        calendar_sync=None if graph is None else CalendarSync(sessions, graph, calendar, clock),
    )
