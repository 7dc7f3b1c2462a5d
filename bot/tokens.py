"""Bearer tokens from msal for the bot's own app registration, for the Bot Connector and Graph clients."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

# Where multi-tenant bots get their Bot Connector tokens (botbuilder's TO_CHANNEL_FROM_BOT_LOGIN_URL).
DEFAULT_LOGIN_AUTHORITY = "https://login.microsoftonline.com/botframework.com"


class TokenError(Exception):
    """No bearer token could be had (wrong credentials, or the login service failed)."""


class TokenSource(Protocol):
    """Gives bearer tokens for an audience; implementations cache them."""

    async def token(self, audience: str) -> str: ...


def parse_retry_after(value: str | None, *, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a Retry-After of delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now())


class MsalTokenSource:
    """Client-credential tokens from msal for one app registration, shared by all turns.

    msal is synchronous (``requests``), so it runs in a worker thread, and only when the token held is
    close to expiry; msal is not contacted before the first token is needed. ``app_factory`` builds
    another credential kind (e.g. managed identity) offering ``acquire_token_for_client``.
    """

    # Renew this long before the token expires, so a token never runs out mid-request.
    RENEW_MARGIN_SECONDS = 300.0

    def __init__(
        self,
        app_id: str,
        password: str,
        *,
        authority: str = DEFAULT_LOGIN_AUTHORITY,
        app_factory: Callable[[], Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
        **msal_options: Any,
    ) -> None:
        self.app_id = app_id
        self._password = password
        self._authority = authority
        self._app_factory = app_factory
        self._msal_options = msal_options
        self._clock = clock
        self._app: Any = None
        self._tokens: dict[str, tuple[str, float]] = {}
        self._lock = asyncio.Lock()

    def _acquire(self, scope: str) -> Mapping[str, Any]:
        # Runs in a worker thread: building the app does tenant discovery over HTTP.
        if self._app is None and self._app_factory is not None:
            self._app = self._app_factory()
        elif self._app is None:
            import msal  # imported here: msal pulls in requests, which local mode never needs

            self._app = msal.ConfidentialClientApplication(
                self.app_id, client_credential=self._password, authority=self._authority, **self._msal_options
            )
        return self._app.acquire_token_for_client(scopes=[scope])

    async def token(self, audience: str) -> str:
        held = self._tokens.get(audience)
        if held is not None and held[1] > self._clock():
            return held[0]
        async with self._lock:
            held = self._tokens.get(audience)
            if held is not None and held[1] > self._clock():
                return held[0]
            scope = audience if audience.endswith("/.default") else audience.rstrip("/") + "/.default"
            try:
                result = await asyncio.to_thread(self._acquire, scope)
            except Exception as error:  # msal raises ValueError/requests errors on discovery failures
                raise TokenError(f"could not get a token for {scope} for app {self.app_id}: {error}") from error
            if "access_token" not in result:
                raise TokenError(
                    f"could not get a token for {scope} for app {self.app_id}: "
                    f"{result.get('error', 'unknown error')}: {result.get('error_description', '')}"
                )
            lifetime = float(result.get("expires_in", 3600))
            renew_at = self._clock() + max(0.0, lifetime - self.RENEW_MARGIN_SECONDS)
            self._tokens[audience] = (result["access_token"], renew_at)
            return result["access_token"]
