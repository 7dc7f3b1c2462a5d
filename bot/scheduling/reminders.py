"""Wakes the reminder delivery engine: at start, every ``interval`` (catch-up and safety net), and at the next
instant something falls due (re-armed after each cycle), so a 09:00 reminder goes out at 09:00 local time."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from bot.clock import Clock
from bot.metrics import Metrics
from bot.reminders.delivery import CycleReport, DeliveryEngine
from bot.scheduling.jobs import JobQueue

logger = logging.getLogger(__name__)

CYCLE_JOB = "reminders-cycle"
NEXT_DUE_JOB = "reminders-next-due"


class ReminderScheduler:
    def __init__(
        self,
        engine: DeliveryEngine,
        clock: Clock,
        *,
        interval: dt.timedelta = dt.timedelta(seconds=30),
        jobs: JobQueue | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._interval = interval
        self._metrics = metrics or Metrics()
        self._scheduler = jobs or JobQueue(metrics=self._metrics)
        self._cycle_lock = asyncio.Lock()
        self.next_wake: dt.datetime | None = None
        self._armed_for: dt.datetime | None = None
        self.last_report: CycleReport | None = None

    @property
    def running(self) -> bool:
        return self._scheduler.running

    async def start(self) -> None:
        """The first cycle runs at once."""
        self._scheduler.run_repeating(
            self.run_now, self._interval, job_id=CYCLE_JOB, name=self._name("cycle"), first=dt.timedelta(0)
        )
        self._scheduler.start()
        logger.info("reminder delivery started on replica %s", self._engine.replica_id)

    async def stop(self) -> None:
        """Let the sends under way finish (up to the job queue's timeout)."""
        self._engine.stop()
        await self._scheduler.stop()

    async def run_now(self) -> CycleReport:
        """Cycles until no batch is left full, after any under way; their sum. Errors are raised to the caller."""
        total = CycleReport()
        while True:
            report = await self._cycle()
            total += report
            if not report.more:
                return total

    def _name(self, what: str) -> str:
        return f"reminder {what} on replica {self._engine.replica_id}"

    async def _cycle(self) -> CycleReport:
        async with self._cycle_lock:
            report = await self._engine.deliver_due()
            self.last_report = report
            self._arm(report.next_wake)
        self._metrics.reminder_outcomes(
            sent=report.sent, retried=report.retried, failed=report.failed, missed=report.missed
        )
        if report.claimed or report.missed:
            logger.info(
                "reminders on replica %s: %d sent, %d to retry, %d failed, %d missed",
                self._engine.replica_id, report.sent, report.retried, report.failed, report.missed,
            )  # fmt: skip  # log arguments packed beside their message
        return report

    def _arm(self, wake: dt.datetime | None) -> None:
        self.next_wake = wake
        if not self._scheduler.running:
            return
        if wake is None:
            self._scheduler.cancel(NEXT_DUE_JOB)
            return
        if self._scheduler.get_job(NEXT_DUE_JOB) is not None and wake == self._armed_for:
            return  # armed already
        self._armed_for = wake
        # The job queue keeps real time while the engine's clock may be a test's: wake after the same delay.
        self._scheduler.run_once(
            self.run_now, wake - self._clock.now(), job_id=NEXT_DUE_JOB, name=self._name("next due"),
            grace=self._interval,
        )  # fmt: skip  # keyword arguments grouped by meaning
