"""Microsoft's token-signing keys for inbound authentication, fetched without blocking the event loop.

botbuilder's own cache (``JwtTokenExtractor.metadataCache``) fetches with blocking ``requests``, no
time-out, again on every request after a failure: a made-up key id could freeze the server. ``install``
puts ``SigningKeys`` there instead: aiohttp with a short time-out, one shared fetch, keys kept a day, and
at most one refresh per ``refresh_interval`` for unknown key ids (others are refused at once, 401).
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from botframework.connector.auth import JwtTokenExtractor
from jwt.algorithms import RSAAlgorithm

logger = logging.getLogger(__name__)

FETCH_TIMEOUT_SECONDS = 5.0
REFRESH_INTERVAL_SECONDS = 300.0
MAX_AGE_SECONDS = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class KeySource:
    """How signing keys are fetched; ``origin`` replaces the scheme and host of botbuilder's URLs (tests).

    Keys are cached per URL for the process: the source that first asks for a URL's keys sets these for it.
    """

    origin: str | None = None
    timeout: float = FETCH_TIMEOUT_SECONDS
    refresh_interval: float = REFRESH_INTERVAL_SECONDS
    max_age: float = MAX_AGE_SECONDS
    clock: Callable[[], float] = time.monotonic
    on_fetch_failure: Callable[[], object] = lambda: None


# The key source of the request being authenticated (set by the adapter around botbuilder's validation).
DEFAULT_KEY_SOURCE = KeySource()
KEY_SOURCE: contextvars.ContextVar[KeySource] = contextvars.ContextVar("key_source", default=DEFAULT_KEY_SOURCE)


class UnknownSigningKey(PermissionError):
    """The token names a key that is not (or not yet) among the published signing keys."""


@dataclass(frozen=True, slots=True)
class SigningKey:
    """What ``JwtTokenExtractor`` reads from a key: the public key and the channels that endorse it."""

    public_key: Any
    endorsements: list[str]


class SigningKeys:
    """One OpenID metadata URL's signing keys, cached and refreshed asynchronously (monotonic times)."""

    def __init__(self, url: str, source: KeySource = DEFAULT_KEY_SOURCE) -> None:
        self.url = url
        self._source = source
        self._keys: dict[str, dict[str, Any]] = {}
        self._loaded_at: float | None = None
        self._attempted_at: float | None = None
        self._fetch: asyncio.Task[None] | None = None

    async def get(self, key_id: str | None) -> SigningKey:
        """The key ``key_id`` names, fetching the key set when missing, stale or lacking it; else UnknownSigningKey."""
        now = self._source.clock()
        if self._loaded_at is None or now - self._loaded_at > self._source.max_age:
            if self._may_fetch(now):
                await self._refresh()
        elif key_id not in self._keys and self._may_fetch(now) and self._fetch is None:
            await self._refresh()
        key = self._keys.get(key_id or "")
        if key is None:
            raise UnknownSigningKey(f"signing key {key_id!r} is not among the keys from {self.url}")
        return SigningKey(RSAAlgorithm.from_jwk(json.dumps(key)), list(key.get("endorsements", [])))

    def _may_fetch(self, now: float) -> bool:
        """A fetch in flight may be joined; a new one only once per refresh interval."""
        if self._fetch is not None and self._fetch.get_loop() is asyncio.get_running_loop():
            return True
        return self._attempted_at is None or now - self._attempted_at >= self._source.refresh_interval

    async def _refresh(self) -> None:
        task = self._fetch
        if task is None or task.get_loop() is not asyncio.get_running_loop():
            self._attempted_at = self._source.clock()
            task = self._fetch = asyncio.get_running_loop().create_task(self._download())
            task.add_done_callback(self._fetched)
        # shield: a client that hangs up must not cancel the fetch the others wait for
        await asyncio.shield(task)

    def _fetched(self, task: asyncio.Task[None]) -> None:
        if self._fetch is task:
            self._fetch = None

    async def _download(self) -> None:
        timeout = aiohttp.ClientTimeout(total=self._source.timeout)
        try:
            async with aiohttp.ClientSession(timeout=timeout, trust_env=True) as http:
                async with http.get(self.url) as response:
                    response.raise_for_status()
                    metadata = await response.json(content_type=None)
                async with http.get(metadata["jwks_uri"]) as response:
                    response.raise_for_status()
                    key_set = await response.json(content_type=None)
            keys = {key["kid"]: key for key in key_set["keys"] if isinstance(key, dict) and "kid" in key}
        except (aiohttp.ClientError, TimeoutError, ValueError, KeyError, TypeError) as error:
            logger.warning("fetching signing keys from %s failed: %s: %s", self.url, type(error).__name__, error)
            self._source.on_fetch_failure()
            return
        self._keys = keys
        self._loaded_at = self._source.clock()


class _Registry(dict):
    """``JwtTokenExtractor.metadataCache``: a ``SigningKeys`` per metadata URL (after KEY_SOURCE's origin)."""

    def get(self, url: str, default: Any = None) -> SigningKeys:  # type: ignore[override]  # the cache's value type, narrower than dict's signature
        source = KEY_SOURCE.get()
        url = _with_origin(url, source.origin)
        keys = super().get(url)
        if keys is None:
            keys = SigningKeys(url, source)
            self[url] = keys
        return keys

    def setdefault(self, url: str, default: Any = None) -> SigningKeys:  # type: ignore[override]  # the cache's value type, narrower than dict's signature
        return self.get(url)


def _with_origin(url: str, origin: str | None) -> str:
    if not origin:
        return url
    parts, base = urlsplit(url), urlsplit(origin)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


def install() -> None:
    """Make botbuilder's token validation use ``SigningKeys`` (idempotent, process-wide)."""
    if not isinstance(JwtTokenExtractor.metadataCache, _Registry):
        JwtTokenExtractor.metadataCache = _Registry()
