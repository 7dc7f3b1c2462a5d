"""The composition root of the domain: the services over one database, for the server, the console and the CLI."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.access import Access
from bot.answering.answer import Answerer
from bot.calendar.service import Calendar
from bot.clock import Clock
from bot.conversations import Conversations
from bot.graph.client import GraphClient
from bot.graph.sync import CalendarSync, FolderSync
from bot.graph.unconfigured import UnconfiguredGraph
from bot.knowledge import Knowledge
from bot.metrics import Metrics
from bot.minutes.model import Minutes
from bot.people.service import PersonalData
from bot.proposals.service import Proposals
from bot.reminders.optin import Reminders
from bot.settings import Settings
from bot.uploads.download import MEBIBYTE
from bot.uploads.graph import graph_fetcher
from bot.uploads.service import Uploads
from dialogs.turn import Services


def build_services(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    settings: Settings,
    *,
    graph: GraphClient | None = None,
    metrics: Metrics | None = None,
    build_answerer: Callable[[list[Minutes]], Answerer] = Answerer,
) -> Services:
    """The services, with no notifier: the server gives its proactive sender once the adapter exists.

    Without ``graph`` folder and calendar sync say Graph is not set up; the console and the CLI count metrics unread.
    """
    graph_reads = UnconfiguredGraph() if graph is None else graph
    proposals = Proposals(sessions, clock, configured_secretaries=settings.secretaries, admins=settings.admins)
    calendar = Calendar(sessions, clock, is_secretary=proposals.is_secretary)
    # Ingested minutes fill the meeting calendar.
    knowledge = Knowledge(
        sessions,
        clock,
        build_answerer=build_answerer,
        on_ingested=calendar.sync_from_minutes,
        metrics=metrics,
        answer_budget=settings.answer_budget_seconds,
    )
    calendar.on_change(knowledge.forget_calendar)
    access = Access(
        sessions,
        clock,
        is_secretary=proposals.is_secretary,
        secretary_of=proposals.committees_of_secretary,
        admins=settings.admins,
        home_tenants=settings.home_tenants,
        enforced=not settings.credentials.local_mode,
    )
    conversations = Conversations(sessions, clock)
    return Services(
        knowledge=knowledge,
        conversations=conversations,
        proposals=proposals,
        calendar=calendar,
        reminders=Reminders(sessions, clock),
        uploads=Uploads(
            sessions,
            clock,
            knowledge,
            proposals,
            max_bytes=settings.upload_max_mb * MEBIBYTE,
            timeout=settings.upload_timeout_seconds,
            fetch_shared=None if graph is None else graph_fetcher(graph),
            loopback_only=settings.credentials.local_mode,
            read_limits=settings.read_limits,
        ),
        folder_sync=FolderSync(sessions, graph_reads, clock),
        calendar_sync=CalendarSync(sessions, graph_reads, calendar, clock),
        access=access,
        people=PersonalData(
            sessions,
            clock,
            admins=settings.admins,
            secretary_committees=proposals.committees_of_secretary,
            forget_users=conversations.forget_users,
        ),
    )
