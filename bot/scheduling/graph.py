"""Runs the Microsoft Graph sync on a schedule: synced folders offer new minutes, group calendars fill the calendar.

One interval job (``graph-sync``, every GRAPH_SYNC_MINUTES, the first run one interval after start) on
the job queue (bot/scheduling/jobs.py). The database decides what is new (each file version is offered
once, see ``FolderSync``), so replicas need not share a job store. A run calls ``run_graph_sync``, which
syncs the group calendars into the meeting calendar and stores each failure on the committee's link,
then puts every offered file before the committee's secretaries (bot/uploads/folders.py).

``run_now()`` runs once and returns what it did (tests call it instead of waiting).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from bot.graph.sync import CalendarSync, FolderSync, run_graph_sync
from bot.scheduling.jobs import JobQueue
from bot.uploads.folders import FolderOffers, GraphSyncRun, ReviewSender
from bot.uploads.service import Uploads

logger = logging.getLogger(__name__)

SYNC_JOB = "graph-sync"


class GraphSyncScheduler:
    """Wakes the Graph sync every ``interval`` and puts what it offers before the secretaries.

    Args:
        folders: the folder sync, or None without folders.
        calendars: the group-calendar sync, or None without calendars.
        uploads: keeps offered files pending review.
        sender: reaches the committees' secretaries.
        interval: time between runs (GRAPH_SYNC_MINUTES).
        stop_timeout: seconds a stop waits for a run under way.
        jobs: the app's job queue; a queue of its own when not given.
    """

    def __init__(
        self,
        folders: FolderSync | None,
        calendars: CalendarSync | None,
        uploads: Uploads,
        sender: ReviewSender,
        *,
        interval: dt.timedelta = dt.timedelta(minutes=15),
        stop_timeout: float = 10.0,
        jobs: JobQueue | None = None,
    ) -> None:
        if interval <= dt.timedelta(0):
            raise ValueError("interval must be positive")
        self._folders = folders
        self._calendars = calendars
        self._offers = FolderOffers(folders, uploads, sender)
        self._interval = interval
        self._stop_timeout = stop_timeout
        self._scheduler = jobs or JobQueue()
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        """Start the schedule in the running event loop; the first run comes one interval from now."""
        self._scheduler.run_repeating(self.run_now, self._interval, job_id=SYNC_JOB, name="Microsoft Graph sync")
        self._scheduler.start()
        logger.info("Microsoft Graph sync every %s", self._interval)

    async def stop(self) -> None:
        """Stop the schedule and let a run under way finish (up to ``stop_timeout``)."""
        await self._scheduler.stop(self._stop_timeout)

    async def run_now(self) -> GraphSyncRun:
        """Sync once now (after a run under way) and return what it did; errors are raised to the caller."""
        async with self._lock:
            report = await run_graph_sync(self._folders, self._calendars)
            run = await self._offers.put_before_secretaries(report)
        if report.offered or report.errors:
            logger.info(
                "Graph sync: %d file(s) offered, %d reviewed, %d released; %d calendar(s) synced; %d failure(s)",
                len(report.offered), len(run.reviewed), len(run.released), len(report.calendars), len(report.errors),
            )  # fmt: skip  # log arguments packed beside their message
        return run
