"""The APScheduler wrapper: a cycle at start, a wake-up armed for the next due reminder, stop."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest

from bot.clock import FixedClock
from bot.reminders.delivery import CycleReport
from bot.scheduling.reminders import CYCLE_JOB, NEXT_DUE_JOB, ReminderScheduler
from tests.reminders.test_delivery import CHANNEL, DUE, World, build_world


class RunningClock:
    """Real time moved to a chosen instant: the scheduler's real-time wake-ups meet the engine's due times."""

    def __init__(self, starts_at: dt.datetime) -> None:
        self._offset = starts_at - dt.datetime.now(dt.UTC)

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self._offset


async def eventually(condition, what: str, limit: float = 20.0) -> None:  # type: ignore[no-untyped-def]  # a test helper
    """Wait until ``condition()`` holds; ``limit`` only bounds a broken run, it is no timing claim."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never happened: {what}")
        await asyncio.sleep(0.01)


@pytest.fixture
async def world(sessions) -> World:  # type: ignore[no-untyped-def]  # a test helper
    return await build_world(sessions, subscriber=False)


async def test_the_first_cycle_runs_at_start_and_arms_the_next_due_reminder(world: World) -> None:
    world.clock._now = DUE - dt.timedelta(minutes=10)
    scheduler = ReminderScheduler(world.engine(), world.clock, interval=dt.timedelta(hours=1))
    await scheduler.start()
    try:
        await eventually(lambda: scheduler.last_report is not None, "the start-up cycle")
        assert scheduler.next_wake == DUE
        jobs = {job.id: job for job in scheduler._scheduler.get_jobs()}
        assert set(jobs) == {CYCLE_JOB, NEXT_DUE_JOB}
        for job in jobs.values():
            assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 3600)
        # APScheduler keeps real time: the wake-up is ten minutes away (at most) from now.
        wait = jobs[NEXT_DUE_JOB].next_run_time - dt.datetime.now(dt.UTC)
        assert dt.timedelta(0) < wait <= dt.timedelta(minutes=10)

        world.clock._now = DUE
        report = await scheduler.run_now()
        assert report.sent == 1 and world.sender.texts_to(CHANNEL)
        assert scheduler.next_wake is None or scheduler.next_wake > DUE
    finally:
        await scheduler.stop()
    assert not scheduler.running


async def test_the_armed_wake_up_sends_a_reminder_at_its_due_time(world: World) -> None:
    clock = RunningClock(DUE - dt.timedelta(seconds=0.5))
    sent_at: list[dt.datetime] = []
    sender = world.sender
    original = sender.send

    async def send(target, text):  # type: ignore[no-untyped-def]  # a test helper
        sent_at.append(clock.now())
        return await original(target, text)

    sender.send = send  # type: ignore[method-assign]  # the test replaces the sender's method
    world.clock = clock  # type: ignore[assignment]  # the test swaps in another clock
    # Only the start-up cycle and the armed wake-up can send: the interval is an hour.
    scheduler = ReminderScheduler(world.engine(), clock, interval=dt.timedelta(hours=1))
    await scheduler.start()
    try:
        await eventually(lambda: sent_at, "the reminder, sent by the wake-up armed for 09:00")
    finally:
        await scheduler.stop()
    assert sent_at[0] >= DUE  # never early
    assert len(sender.sent) == 1


async def test_errors_do_not_stop_the_schedule(world: World) -> None:
    class Flaky:
        replica_id = "flaky"

        def __init__(self) -> None:
            self.calls = 0

        async def deliver_due(self) -> CycleReport:
            self.calls += 1
            if self.calls == 1:
                raise RuntimeError("the database is away")
            return CycleReport()

        def stop(self) -> None:
            pass

    engine = Flaky()
    scheduler = ReminderScheduler(engine, FixedClock(DUE), interval=dt.timedelta(seconds=0.2))  # type: ignore[arg-type]  # a stand-in engine
    await scheduler.start()
    try:
        await eventually(lambda: engine.calls == 1, "the start-up cycle, which fails")
        await eventually(lambda: engine.calls == 2, "the next cycle")
        assert scheduler.running
    finally:
        await scheduler.stop()


async def test_stop_lets_the_send_under_way_finish_and_gives_back_the_rest(world: World) -> None:
    from bot.reminders.optin import Reminders
    from storage import deliveries_repository as repo
    from tests.reminders.test_delivery import ANNE, COMMITTEE

    await Reminders(world.sessions, FixedClock(DUE - dt.timedelta(days=1))).opt_in(COMMITTEE, ANNE)
    started, release = asyncio.Event(), asyncio.Event()
    original = world.sender.send

    async def slow_send(target, text):  # type: ignore[no-untyped-def]  # a test helper
        started.set()
        await release.wait()
        return await original(target, text)

    world.sender.send = slow_send  # type: ignore[method-assign]  # the test replaces the sender's method
    world.clock._now = DUE
    scheduler = ReminderScheduler(world.engine(concurrency=1), world.clock, interval=dt.timedelta(hours=1))
    await scheduler.start()
    await asyncio.wait_for(started.wait(), 20)
    stopping = asyncio.create_task(scheduler.stop())
    await asyncio.sleep(0)
    release.set()
    await stopping
    rows = await world.rows()
    # One send was under way and finished; the other was never tried and is pending again, attempt not counted.
    assert sorted((r.state, r.attempts) for r in rows) == [(repo.PENDING, 0), (repo.SENT, 1)]
    assert len(world.sender.sent) == 1
