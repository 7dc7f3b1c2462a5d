"""Wakes the reminder delivery engine on time: at start, on an interval, and when the next reminder falls due.

APScheduler 3's ``AsyncIOScheduler`` (timezone Europe/Copenhagen) keeps the time, with an in-memory
job store only: APScheduler 3 must not share a job store between processes, and need not, because
the database coordinates the replicas (bot/reminders/delivery.py). What is due is a function of
the database and the engine's clock; the scheduler only decides when to ask.

Two jobs, both with explicit ids, ``coalesce`` and one instance at a time, only wake a single
runner task, which runs one cycle at a time (so a stop can let the sends under way finish):

* ``reminders-cycle`` every ``interval`` (30 s by default), the first run at once: catch-up after a
  restart, and a safety net for anything the wake-up below does not know about;
* ``reminders-next-due``, re-armed after each cycle for the next instant something falls due (a
  planned reminder, a retry, an expiring claim), so a 09:00 reminder goes out at 09:00 local time.
  The planner computes due times as instants from Europe/Copenhagen wall-clock times, so this
  holds on both sides of a daylight-saving change.

``nudge()`` asks for a cycle at once (after the calendar or a rule changed); ``run_now()`` runs one
and returns what it did (tests advance a fake clock and call it instead of sleeping).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import COMMITTEE_TZ, Clock
from bot.reminders.delivery import CycleReport, DeliveryEngine

logger = logging.getLogger(__name__)

CYCLE_JOB = "reminders-cycle"
NEXT_DUE_JOB = "reminders-next-due"


class ReminderScheduler:
    """Runs the delivery engine's cycles at the right times.

    Args:
        engine: the delivery engine.
        clock: the engine's clock; due times are its instants.
        interval: time between regular cycles.
        stop_timeout: seconds a stop waits for the sends under way.
    """

    def __init__(
        self,
        engine: DeliveryEngine,
        clock: Clock,
        *,
        interval: dt.timedelta = dt.timedelta(seconds=30),
        stop_timeout: float = 10.0,
    ) -> None:
        if interval <= dt.timedelta(0):
            raise ValueError("interval must be positive")
        self._engine = engine
        self._clock = clock
        self._interval = interval
        self._stop_timeout = stop_timeout
        grace = max(1, int(interval.total_seconds()))
        self._scheduler = AsyncIOScheduler(
            timezone=COMMITTEE_TZ,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": grace},
        )
        self._wanted = asyncio.Event()
        self._cycle_lock = asyncio.Lock()
        self._runner: asyncio.Task[None] | None = None
        self.next_wake: dt.datetime | None = None
        self._armed_for: dt.datetime | None = None
        self.last_report: CycleReport | None = None

    @property
    def running(self) -> bool:
        return self._runner is not None and not self._runner.done()

    async def start(self) -> None:
        """Start the scheduler in the running event loop; the first cycle runs at once."""
        # A wake-up every interval is no news: APScheduler's "Running job" lines only at WARNING, unless configured.
        executor_log = logging.getLogger("apscheduler.executors.default")
        if executor_log.level == logging.NOTSET:
            executor_log.setLevel(logging.WARNING)
        self._runner = asyncio.create_task(self._run(), name=f"reminders {self._engine.replica_id}")
        self._scheduler.start()
        self._scheduler.add_job(
            self._wake,
            IntervalTrigger(seconds=self._interval.total_seconds(), timezone=COMMITTEE_TZ),
            id=CYCLE_JOB,
            name="reminder cycle",
            replace_existing=True,
            next_run_time=dt.datetime.now(COMMITTEE_TZ),
        )
        logger.info("reminder delivery started on replica %s", self._engine.replica_id)

    async def stop(self) -> None:
        """Stop waking; let the cycle under way finish its sends (up to ``stop_timeout``), then end."""
        self._engine.stop()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        if self._runner is None:
            return
        try:
            async with asyncio.timeout(self._stop_timeout):
                async with self._cycle_lock:
                    pass
        except TimeoutError:
            logger.warning("reminder sends were still under way after %.0f s; stopping them", self._stop_timeout)
        self._runner.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._runner
        self._runner = None

    def nudge(self) -> None:
        """Run a cycle as soon as possible: it plans anew and re-arms the next wake-up.

        Call it when the calendar or a committee's reminder rules changed.
        """
        self._wanted.set()

    async def run_now(self) -> CycleReport:
        """Run cycles now until no batch is left full, after any cycle under way; returns their sum.

        Errors are raised to the caller (the scheduled runs log them instead).
        """
        total = CycleReport()
        while True:
            report = await self._cycle()
            total += report
            if not report.more:
                return total

    async def _wake(self) -> None:
        # The one callback of every job: it only wakes the runner, so a job never outlives its moment.
        self._wanted.set()

    async def _run(self) -> None:
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            try:
                report = await self._cycle()
            except Exception:  # one error boundary per cycle: log it and keep the schedule
                logger.exception("reminder cycle on replica %s failed", self._engine.replica_id)
                continue
            if report.more:
                self._wanted.set()

    async def _cycle(self) -> CycleReport:
        async with self._cycle_lock:
            report = await self._engine.deliver_due()
            self.last_report = report
            self._arm(report.next_wake)
        if report.claimed or report.missed:
            logger.info(
                "reminders on replica %s: %d sent, %d to retry, %d failed, %d missed",
                self._engine.replica_id, report.sent, report.retried, report.failed, report.missed,
            )  # fmt: skip
        return report

    def _arm(self, wake: dt.datetime | None) -> None:
        self.next_wake = wake
        if not self._scheduler.running:
            return
        armed = self._scheduler.get_job(NEXT_DUE_JOB)
        if wake is None:
            if armed is not None:
                armed.remove()
            return
        if armed is not None and wake == self._armed_for:
            return  # armed already
        self._armed_for = wake
        # APScheduler keeps real time while the engine's clock may be a test's: wake after the same delay.
        delay = max(0.0, (wake - self._clock.now()).total_seconds())
        run_date = dt.datetime.now(COMMITTEE_TZ) + dt.timedelta(seconds=delay)
        self._scheduler.add_job(
            self._wake,
            DateTrigger(run_date=run_date, timezone=COMMITTEE_TZ),
            id=NEXT_DUE_JOB,
            name="next reminder due",
            replace_existing=True,
        )
