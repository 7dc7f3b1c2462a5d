"""Runs the Microsoft Graph sync on a schedule: synced folders offer new minutes, group calendars fill the calendar.

One interval job (``graph-sync``, every GRAPH_SYNC_MINUTES, the first run one interval after start)
on its own APScheduler 3 ``AsyncIOScheduler`` with an in-memory job store, as the reminder scheduler:
the database decides what is new (each file version is offered once, see ``FolderSync``), so
replicas need not share a job store. A run calls ``run_graph_sync``, which syncs the group calendars
into the meeting calendar and stores each failure on the committee's link, then puts every offered
file before the committee's secretaries:

* downloaded, read and kept as a pending upload (``Uploads.offer``), the review card goes to each
  secretary's personal chat; when nobody could be reached, the offer is released and made again at
  the next run;
* a file that can never become minutes (too large, unreadable, a type the bot cannot read) is told
  to the secretaries instead, once;
* a download that failed for a passing reason (throttled, timed out), or any other failure with
  one file (e.g. the database), is released and tried again; the run goes on with the next file.

``run_now()`` runs once and returns what it did (tests call it instead of waiting).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import COMMITTEE_TZ
from bot.graph.errors import NOT_FOUND, TOO_LARGE, GraphError
from bot.graph.sync import CalendarSync, FolderSync, GraphSyncReport, OfferedFile, run_graph_sync
from bot.uploads.model import UploadError
from bot.uploads.service import Received, Uploads

logger = logging.getLogger(__name__)

SYNC_JOB = "graph-sync"


class ReviewSender(Protocol):
    """Reaches a committee's secretaries (bot.teams.proactive.ProactiveSender); each method returns how many it reached."""

    async def review(self, committee: str, received: Received) -> int:
        """Send the review card of a pending upload."""
        ...

    async def tell(self, committee: str, *, da: str, en: str) -> int:
        """Send a short message, Danish or English as each secretary reads."""
        ...


@dataclass(slots=True)
class GraphSyncRun:
    """What one run did.

    Attributes:
        report: what ``run_graph_sync`` found: offered files, calendar changes, failures per committee.
        reviewed: the offered files whose review card reached at least one secretary, with the upload.
        told: the offered files that cannot become minutes, which the secretaries were told about.
        released: the offered files that will be offered again at the next run.
    """

    report: GraphSyncReport
    reviewed: list[tuple[OfferedFile, Received]] = field(default_factory=list)
    told: list[OfferedFile] = field(default_factory=list)
    released: list[OfferedFile] = field(default_factory=list)


class GraphSyncScheduler:
    """Wakes the Graph sync every ``interval`` and puts what it offers before the secretaries.

    Args:
        folders: the folder sync, or None without folders.
        calendars: the group-calendar sync, or None without calendars.
        uploads: keeps offered files pending review.
        sender: reaches the committees' secretaries.
        interval: time between runs (GRAPH_SYNC_MINUTES).
        stop_timeout: seconds a stop waits for a run under way.
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
    ) -> None:
        if interval <= dt.timedelta(0):
            raise ValueError("interval must be positive")
        self._folders = folders
        self._calendars = calendars
        self._uploads = uploads
        self._sender = sender
        self._interval = interval
        self._stop_timeout = stop_timeout
        self._scheduler = AsyncIOScheduler(
            timezone=COMMITTEE_TZ,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": int(interval.total_seconds())},
        )
        self._lock = asyncio.Lock()
        self.last_run: GraphSyncRun | None = None

    async def start(self) -> None:
        """Start the schedule in the running event loop; the first run comes one interval from now."""
        self._scheduler.start()
        self._scheduler.add_job(
            self._scheduled,
            IntervalTrigger(seconds=self._interval.total_seconds(), timezone=COMMITTEE_TZ),
            id=SYNC_JOB,
            name="Microsoft Graph sync",
            replace_existing=True,
        )
        logger.info("Microsoft Graph sync every %s", self._interval)

    async def stop(self) -> None:
        """Stop the schedule and let a run under way finish (up to ``stop_timeout``)."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._stop_timeout):
                async with self._lock:
                    pass

    async def run_now(self) -> GraphSyncRun:
        """Sync once now (after a run under way) and return what it did; errors are raised to the caller."""
        async with self._lock:
            report = await run_graph_sync(self._folders, self._calendars)
            run = GraphSyncRun(report)
            for offer in report.offered:
                try:
                    await self._put_before_secretaries(offer, run)
                except Exception:  # e.g. the database: this file waits for the next run, the others go on
                    logger.exception("%s: could not put %s before the secretaries", offer.committee, offer.name)
                    await self._release(offer, run)
            self.last_run = run
        if report.offered or report.errors:
            logger.info(
                "Graph sync: %d file(s) offered, %d reviewed, %d released; %d calendar(s) synced; %d failure(s)",
                len(report.offered), len(run.reviewed), len(run.released), len(report.calendars), len(report.errors),
            )  # fmt: skip
        return run

    async def _scheduled(self) -> None:
        # The job's one error boundary: log and keep the schedule.
        try:
            await self.run_now()
        except Exception:
            logger.exception("the Microsoft Graph sync failed")

    async def _put_before_secretaries(self, offer: OfferedFile, run: GraphSyncRun) -> None:
        assert self._folders is not None  # only folders offer files
        try:
            downloaded = await self._folders.download(offer)
            received = await self._uploads.offer(
                offer.committee, downloaded.name, downloaded.content, source=_source(offer), label="SharePoint"
            )
        except GraphError as error:
            if error.reason == NOT_FOUND:  # deleted or moved since it was listed: nothing to offer
                logger.info("%s: %s is gone from the folder", offer.committee, offer.name)
            elif error.reason == TOO_LARGE:
                await self._tell(offer, run, error.explain("da"), error.explain("en"))
            else:
                logger.warning("%s: could not download %s: %s", offer.committee, offer.name, error)
                await self._release(offer, run)
            return
        except UploadError as error:
            await self._tell(offer, run, error.da, error.en)
            return
        if await self._sender.review(offer.committee, received):
            run.reviewed.append((offer, received))
        else:
            await self._release(offer, run)

    async def _tell(self, offer: OfferedFile, run: GraphSyncRun, da: str, en: str) -> None:
        intro_da = f"Referatmappen for {offer.committee}: jeg kan ikke tage »{offer.name}« ind. "
        intro_en = f"The minutes folder of {offer.committee}: I cannot take in “{offer.name}”. "
        if await self._sender.tell(offer.committee, da=intro_da + da, en=intro_en + en):
            run.told.append(offer)
        else:
            await self._release(offer, run)

    async def _release(self, offer: OfferedFile, run: GraphSyncRun) -> None:
        assert self._folders is not None
        await self._folders.release(offer)
        run.released.append(offer)


def _source(offer: OfferedFile) -> str:
    """One version of one file's content: its drive, its id and its cTag (eTag without one)."""
    return f"{offer.drive_id}/{offer.item_id}@{offer.version}"
