"""How fast reminders may go out: Teams' per-conversation limits and a per-tenant limit, as sliding windows.

Teams throttles a bot per conversation: at most 7 messages in any second, 8 in any 2 seconds, 60 in
any 30 seconds and 1,800 in any hour (Microsoft Learn, "Optimize your bot with rate limiting"), and
per tenant at 50 requests a second (``REMINDER_TENANT_RPS`` makes that configurable). A send waits
until one more message fits every window of its conversation and of its tenant, then counts in both.

These limits hold within one process. Across replicas the delivery engine lets one replica at a
time send a tenant's reminders (a tenant lease, see bot/reminders/delivery.py), so one process's
windows see every message of that tenant.

Time is monotonic seconds from an injected ``now`` and waiting uses an injected ``sleep``, so tests
run on a fake clock; none of this is wall-clock time.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Sequence

Window = tuple[float, int]  # (seconds, most messages in any span of that many seconds)

TEAMS_CONVERSATION_WINDOWS: tuple[Window, ...] = ((1.0, 7), (2.0, 8), (30.0, 60), (3600.0, 1800))
DEFAULT_TENANT_RPS = 50

# Forget idle keys now and then, so a run over many conversations does not keep them all.
_PRUNE_EVERY = 1000


class SlidingWindows:
    """At most ``limit`` events per ``seconds`` for each of several windows, counted per key.

    Args:
        windows: (seconds, limit) pairs; every one must hold.

    Raises:
        ValueError: no windows, or a window that is not positive.
    """

    def __init__(self, windows: Sequence[Window]) -> None:
        if not windows or any(seconds <= 0 or limit < 1 for seconds, limit in windows):
            raise ValueError(f"windows must be positive (seconds, limit) pairs, not {windows!r}")
        self._windows = tuple(sorted(windows))
        self._span = max(seconds for seconds, _ in windows)
        self._keep = max(limit for _, limit in windows)
        self._events: dict[Hashable, deque[float]] = {}
        self._recorded = 0

    def wait(self, key: Hashable, now: float) -> float:
        """Seconds until one more event for ``key`` fits every window; 0 when it fits at ``now``."""
        wait = 0.0
        events = self._events.get(key)
        if events:
            for seconds, limit in self._windows:
                if len(events) >= limit:
                    # The limit-th latest event must have left the window.
                    wait = max(wait, events[-limit] + seconds - now)
        return wait

    def record(self, key: Hashable, now: float) -> None:
        """Count an event for ``key`` at ``now`` (never earlier than the key's last event)."""
        events = self._events.get(key)
        if events is None:
            events = self._events[key] = deque(maxlen=self._keep)
        events.append(now)
        self._recorded += 1
        if self._recorded % _PRUNE_EVERY == 0:
            self._prune(now)

    def keys(self) -> int:
        """How many keys are remembered (for tests of pruning)."""
        return len(self._events)

    def _prune(self, now: float) -> None:
        idle = [key for key, events in self._events.items() if events[-1] <= now - self._span]
        for key in idle:
            del self._events[key]


class SendLimits:
    """Per-conversation and per-tenant limits for proactive sends, taken together.

    Args:
        tenant_rps: most sends per second to one tenant.
        conversation_windows: the per-conversation windows (Teams' by default).
        now: monotonic seconds.
        sleep: waits that many seconds (``asyncio.sleep``; a fake in tests).
    """

    def __init__(
        self,
        tenant_rps: int = DEFAULT_TENANT_RPS,
        *,
        conversation_windows: Sequence[Window] = TEAMS_CONVERSATION_WINDOWS,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if tenant_rps < 1:
            raise ValueError(f"tenant_rps must be at least 1, not {tenant_rps}")
        self.tenant_rps = tenant_rps
        self._conversations = SlidingWindows(conversation_windows)
        self._tenants = SlidingWindows(((1.0, tenant_rps),))
        self._now = now
        self._sleep = sleep

    async def acquire(self, tenant: str, conversation: Hashable) -> float:
        """Wait until a message to ``conversation`` in ``tenant`` fits both limits, and count it.

        Both are counted at the same instant, the one the message goes out: counting the
        conversation before waiting for the tenant would let its window close too early.

        Returns:
            The seconds waited.
        """
        started = self._now()
        while True:
            now = self._now()
            wait = self._wait(tenant, conversation, now)
            if wait <= 0:
                self._conversations.record(conversation, now)
                self._tenants.record(tenant, now)
                return now - started
            await self._sleep(wait)

    async def ready(self, tenant: str, conversation: Hashable) -> None:
        """Wait until a message to ``conversation`` would fit both limits, without counting it.

        A sender waits here before it takes a send slot, so a slot is never held through a
        conversation's wait; :meth:`acquire` then counts the message when it goes out.
        """
        while (wait := self._wait(tenant, conversation, self._now())) > 0:
            await self._sleep(wait)

    def _wait(self, tenant: str, conversation: Hashable, now: float) -> float:
        return max(self._conversations.wait(conversation, now), self._tenants.wait(tenant, now))
