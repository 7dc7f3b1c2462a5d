"""The one APScheduler wrapper (after python-telegram-bot's ``JobQueue``), with one error boundary for every job.

The job store is in memory: APScheduler 3 must not share one between processes, and need not, as the
database coordinates the replicas. A job replaces one of the same id, coalesces missed runs and runs one
instance at a time; its lag and missed runs go to the metrics.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from apscheduler.events import EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED, JobExecutionEvent, JobSubmissionEvent
from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import COMMITTEE_TZ
from bot.metrics import Metrics

logger = logging.getLogger(__name__)

JobCallback = Callable[[], Awaitable[Any]]


class JobQueue:
    def __init__(self, *, metrics: Metrics | None = None) -> None:
        self._scheduler = AsyncIOScheduler(timezone=COMMITTEE_TZ)
        self._under_way: dict[str, asyncio.Task[Any]] = {}  # job id to its run (one at a time)
        self._metrics = metrics or Metrics()
        self._scheduler.add_listener(self._observe, EVENT_JOB_SUBMITTED | EVENT_JOB_MISSED)

    @property
    def running(self) -> bool:
        return self._scheduler.running

    def start(self) -> None:
        # A wake-up every interval is no news: APScheduler's "Running job" lines only at WARNING, unless configured.
        executor_log = logging.getLogger("apscheduler.executors.default")
        if executor_log.level == logging.NOTSET:
            executor_log.setLevel(logging.WARNING)
        if not self._scheduler.running:
            self._scheduler.start()

    async def stop(self, timeout: float = 10.0) -> None:
        """Let the runs under way finish (up to ``timeout`` seconds), then cancel them."""
        if not self._scheduler.running:
            return
        self._scheduler.remove_all_jobs()
        if self._under_way:
            _, late = await asyncio.wait(set(self._under_way.values()), timeout=timeout)
            if late:
                logger.warning("jobs %s still under way after %.0f s; stopping them", sorted(self._under_way), timeout)
        self._scheduler.shutdown(wait=False)  # in the loop's next step, which cancels the runs still under way
        await asyncio.sleep(0)
        if self._under_way:
            await asyncio.wait(set(self._under_way.values()))

    def run_repeating(
        self, callback: JobCallback, interval: dt.timedelta, *, job_id: str, name: str,
        first: dt.timedelta | None = None,
    ) -> None:  # fmt: skip  # parameters grouped by meaning
        if interval <= dt.timedelta(0):
            raise ValueError("interval must be positive")
        start = {} if first is None else {"next_run_time": dt.datetime.now(COMMITTEE_TZ) + first}
        trigger = IntervalTrigger(seconds=interval.total_seconds(), timezone=COMMITTEE_TZ)
        self._add(callback, trigger, job_id, name, interval, **start)

    def run_once(
        self, callback: JobCallback, delay: dt.timedelta, *, job_id: str, name: str, grace: dt.timedelta
    ) -> None:
        """A run missed by less than ``grace`` still runs. A job armed again during its own run is added when that
        run has ended: APScheduler would skip the new run if it fell due before."""
        run_date = dt.datetime.now(COMMITTEE_TZ) + max(delay, dt.timedelta(0))
        trigger = DateTrigger(run_date=run_date, timezone=COMMITTEE_TZ)
        under_way = self._under_way.get(job_id)
        if under_way is None:
            self._add(callback, trigger, job_id, name, grace)
        else:
            under_way.add_done_callback(lambda _: self._add(callback, trigger, job_id, name, grace))

    def cancel(self, job_id: str) -> None:
        with contextlib.suppress(JobLookupError):
            self._scheduler.remove_job(job_id)

    def get_job(self, job_id: str) -> Job | None:
        return self._scheduler.get_job(job_id)

    def get_jobs(self) -> list[Job]:
        return self._scheduler.get_jobs()

    def _add(
        self, callback: JobCallback, trigger: Any, job_id: str, name: str, grace: dt.timedelta, **options: Any
    ) -> None:
        self._scheduler.add_job(
            self._run, trigger, args=(callback, job_id, name), id=job_id, name=name, replace_existing=True,
            coalesce=True, max_instances=1, misfire_grace_time=max(1, int(grace.total_seconds())), **options,
        )  # fmt: skip  # keyword arguments grouped by meaning

    def _observe(self, event: JobSubmissionEvent | JobExecutionEvent) -> None:
        # Submitted: the run starts in the loop's next step, so its lag is now less its due time
        # (one time: runs coalesce). Missed: due longer ago than the job's grace, so not run.
        if isinstance(event, JobSubmissionEvent):
            lag = dt.datetime.now(dt.UTC) - min(event.scheduled_run_times)
            self._metrics.job_started(event.job_id, lag.total_seconds())
        else:
            self._metrics.job_missed(event.job_id)

    async def _run(self, callback: JobCallback, job_id: str, name: str) -> None:
        # The one error boundary of every job: log it with the job's id and keep the schedule.
        task = asyncio.current_task()
        assert task is not None
        self._under_way[job_id] = task
        try:
            await callback()
        except Exception:
            logger.exception("job %s (%s) failed", job_id, name)
        finally:
            del self._under_way[job_id]
