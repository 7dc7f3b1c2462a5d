"""Bot Framework credentials from our settings, as botbuilder's inbound authentication and our outbound tokens."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botframework.connector.auth import AuthenticationConfiguration

from bot.graph.config import LOGIN_HOST
from bot.settings import BotCredentials
from bot.tokens import DEFAULT_LOGIN_AUTHORITY, MsalTokenSource


class _BotFrameworkConfig:
    """The attribute names ConfigurationBotFrameworkAuthentication reads, filled from BotCredentials."""

    def __init__(self, credentials: BotCredentials) -> None:
        self.APP_ID = credentials.app_id
        self.APP_PASSWORD = credentials.app_password
        self.APP_TYPE = credentials.app_type
        self.APP_TENANTID = credentials.tenant_id


def build_authentication(
    credentials: BotCredentials, *, auth_configuration: AuthenticationConfiguration | None = None
) -> ConfigurationBotFrameworkAuthentication:
    """botbuilder's inbound (and fallback outbound) authentication for these credentials, public Azure cloud."""
    return ConfigurationBotFrameworkAuthentication(
        _BotFrameworkConfig(credentials), auth_configuration=auth_configuration
    )


def login_authority(credentials: BotCredentials, *, login_host: str = LOGIN_HOST) -> str:
    """The msal authority for outbound tokens: botframework.com for multi-tenant bots (as botbuilder), else theirs."""
    if credentials.app_type == "SingleTenant" and credentials.tenant_id:
        return f"{login_host.rstrip('/')}/{credentials.tenant_id}"
    if login_host == LOGIN_HOST:
        return DEFAULT_LOGIN_AUTHORITY
    return f"{login_host.rstrip('/')}/botframework.com"


def build_token_source(
    credentials: BotCredentials, *, login_host: str = LOGIN_HOST, **msal_options: Any
) -> MsalTokenSource | None:
    """The outbound token source for these credentials, or None in local mode (``msal_options`` go to msal)."""
    if credentials.local_mode:
        return None
    if credentials.app_type == "UserAssignedMSI":
        import msal  # only managed-identity deployments need this path
        import requests

        def managed_identity() -> Any:
            return msal.ManagedIdentityClient(
                msal.UserAssignedManagedIdentity(client_id=credentials.app_id), http_client=requests.Session()
            )

        return _ManagedIdentityTokenSource(credentials.app_id or "", managed_identity)
    return MsalTokenSource(
        credentials.app_id or "",
        credentials.app_password or "",
        authority=login_authority(credentials, login_host=login_host),
        **msal_options,
    )


class _ManagedIdentityTokenSource(MsalTokenSource):
    """msal's managed-identity client asks for a resource, not a scope list."""

    def __init__(self, app_id: str, factory: Any) -> None:
        super().__init__(app_id, "", app_factory=factory)

    def _acquire(self, scope: str) -> Mapping[str, Any]:
        if self._app is None:
            self._app = self._build_app()
        return self._app.acquire_token_for_client(resource=scope.removesuffix("/.default"))
