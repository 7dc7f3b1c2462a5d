"""Send rate limits on a fake clock: Teams' per-conversation windows and the per-tenant limit."""

from __future__ import annotations

import asyncio

import pytest

from bot.reminders.rate import TEAMS_CONVERSATION_WINDOWS, SendLimits, SlidingWindows


class FakeTime:
    """Monotonic seconds that move only when someone sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def most_in_any_window(times: list[float], seconds: float) -> int:
    """The most events in any half-open span [t, t + seconds) that starts at an event."""
    ordered = sorted(times)
    return max(sum(1 for other in ordered if start <= other < start + seconds) for start in ordered)


async def test_one_conversation_gets_seven_a_second_then_eight_per_two_seconds() -> None:
    time = FakeTime()
    limits = SendLimits(now=time, sleep=time.sleep)
    sent = []
    for _ in range(17):
        await limits.acquire("tenant", "conversation")
        sent.append(time.now)
    # Seven at once, one more when the first second is over, seven more when the first two are.
    assert sent == [0.0] * 7 + [1.0] + [2.0] * 7 + [3.0] + [4.0]
    assert most_in_any_window(sent, 1.0) <= 7 and most_in_any_window(sent, 2.0) <= 8


async def test_sixty_per_thirty_seconds_and_every_window_hold_over_a_long_run() -> None:
    time = FakeTime()
    limits = SendLimits(now=time, sleep=time.sleep)
    sent = []
    for _ in range(130):
        await limits.acquire("tenant", "conversation")
        sent.append(time.now)
    for seconds, limit in TEAMS_CONVERSATION_WINDOWS:
        assert most_in_any_window(sent, seconds) <= limit
    # The 61st message waits for the first second's messages to leave the 30-second window.
    assert sent[60] >= 30.0


async def test_the_tenant_limit_holds_across_conversations() -> None:
    time = FakeTime()
    limits = SendLimits(50, now=time, sleep=time.sleep)
    sent = []
    for n in range(160):
        await limits.acquire("tenant", f"conversation-{n}")
        sent.append(time.now)
    assert most_in_any_window(sent, 1.0) == 50
    assert sent[49] == 0.0 and sent[50] == 1.0 and sent[100] == 2.0


async def test_tenants_do_not_share_a_limit() -> None:
    time = FakeTime()
    limits = SendLimits(2, now=time, sleep=time.sleep)
    for tenant in ("a", "b", "c"):
        for n in range(2):
            assert await limits.acquire(tenant, f"{tenant}-{n}") == 0.0
    assert time.now == 0.0
    assert await limits.acquire("a", "a-2") == 1.0


async def test_concurrent_senders_respect_the_limits_together() -> None:
    time = FakeTime()
    limits = SendLimits(10, now=time, sleep=time.sleep)
    sent: dict[str, list[float]] = {}

    async def sender(conversation: str) -> None:
        for _ in range(9):
            await limits.acquire("tenant", conversation)
            sent.setdefault(conversation, []).append(time.now)

    await asyncio.gather(*(sender(f"c{n}") for n in range(4)))
    everything = [t for times in sent.values() for t in times]
    assert len(everything) == 36
    assert most_in_any_window(everything, 1.0) <= 10
    for times in sent.values():
        assert most_in_any_window(times, 1.0) <= 7 and most_in_any_window(times, 2.0) <= 8


def test_idle_conversations_are_forgotten() -> None:
    windows = SlidingWindows(((1.0, 2),))
    for n in range(999):
        windows.record(n, 0.0)
    assert windows.keys() == 999
    windows.record("late", 5.0)  # the thousandth event prunes keys idle for a whole window
    assert windows.keys() == 1
    assert windows.wait("late", 5.0) == 0.0


@pytest.mark.parametrize("windows", [(), ((0.0, 1),), ((1.0, 0),)])
def test_windows_must_be_positive(windows: tuple) -> None:
    with pytest.raises(ValueError):
        SlidingWindows(windows)


async def test_ready_waits_for_room_without_counting_the_message() -> None:
    time = FakeTime()
    limits = SendLimits(now=time, sleep=time.sleep)
    for _ in range(7):
        await limits.acquire("tenant", "conversation")
    # Waiting for room takes the conversation to the second its window frees up, and counts nothing:
    # after any number of waits the next message still goes out at that second.
    await limits.ready("tenant", "conversation")
    await limits.ready("tenant", "conversation")
    assert time.now == 1.0
    assert await limits.acquire("tenant", "conversation") == 0.0
    await limits.ready("tenant", "other conversation")
    assert time.now == 1.0
