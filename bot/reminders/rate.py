"""How fast reminders may go out: Teams' per-conversation limits and a per-tenant limit, as sliding windows.

Teams allows a bot 7 messages a second, 8 in 2 s, 60 in 30 s and 1,800 an hour per conversation
(Microsoft Learn, "Optimize your bot with rate limiting") and 50 requests a second per tenant
(REMINDER_TENANT_RPS). The limits hold within one process; the delivery engine's tenant lease makes
one process see all of a tenant's messages. Time is an injected monotonic ``now``.
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
    """At most ``limit`` events per ``seconds`` for each (seconds, limit) window, counted per key."""

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
    """Per-conversation and per-tenant limits for proactive sends, taken together."""

    def __init__(
        self,
        tenant_rps: int = DEFAULT_TENANT_RPS,
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._conversations = SlidingWindows(TEAMS_CONVERSATION_WINDOWS)
        self._tenants = SlidingWindows(((1.0, tenant_rps),))
        self._now = now
        self._sleep = sleep

    async def acquire(self, tenant: str, conversation: Hashable) -> float:
        """Wait until a message fits both limits and count it in both at once (counting the conversation
        before waiting for the tenant would close its window too early); returns the seconds waited."""
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
        """Wait until a message would fit, without counting it (before a sender takes a send slot)."""
        while (wait := self._wait(tenant, conversation, self._now())) > 0:
            await self._sleep(wait)

    def _wait(self, tenant: str, conversation: Hashable, now: float) -> float:
        return max(self._conversations.wait(conversation, now), self._tenants.wait(tenant, now))
