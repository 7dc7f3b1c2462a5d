"""Runs the Microsoft Graph sync every GRAPH_SYNC_MINUTES and puts the files it offers before the secretaries.

The database decides what is new (each file version is offered once), so replicas need not share a job store.
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
    def __init__(
        self,
        folders: FolderSync | None,
        calendars: CalendarSync | None,
        uploads: Uploads,
        sender: ReviewSender,
        *,
        interval: dt.timedelta = dt.timedelta(minutes=15),
        jobs: JobQueue | None = None,
    ) -> None:
        self._folders = folders
        self._calendars = calendars
        self._offers = FolderOffers(folders, uploads, sender)
        self._interval = interval
        self._scheduler = jobs or JobQueue()
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        """The first run comes one interval from now."""
        self._scheduler.run_repeating(self.run_now, self._interval, job_id=SYNC_JOB, name="Microsoft Graph sync")
        self._scheduler.start()
        logger.info("Microsoft Graph sync every %s", self._interval)

    async def stop(self) -> None:
        await self._scheduler.stop()

    async def run_now(self) -> GraphSyncRun:
        """Sync once, after a run under way; errors are raised to the caller."""
        async with self._lock:
            report = await run_graph_sync(self._folders, self._calendars)
            run = await self._offers.put_before_secretaries(report)
        if report.offered or report.errors:
            logger.info(
                "Graph sync: %d file(s) offered, %d reviewed, %d released; %d calendar(s) synced; %d failure(s)",
                len(report.offered), len(run.reviewed), len(run.released), len(report.calendars), len(report.errors),
            )  # fmt: skip  # log arguments packed beside their message
        return run
