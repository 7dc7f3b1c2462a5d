"""Microsoft Graph configuration and the app-only token source built from it.

The bot reads Graph as itself (client-credential flow, no signed-in user), with the bot's own
Entra app registration: ``MicrosoftAppId`` and ``MicrosoftAppTenantId``, and either the client
secret ``MicrosoftAppPassword`` or a certificate (``GRAPH_CERTIFICATE_PATH`` with the private key
as PEM, ``GRAPH_CERTIFICATE_THUMBPRINT`` the certificate's SHA-1 thumbprint as the portal shows it).
Tokens come from msal's ``ConfidentialClientApplication`` through ``MsalTokenSource``, which keeps
msal's token cache for the life of the process and runs msal (blocking) in a worker thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import ConfigurationError
from bot.tokens import MsalTokenSource

GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"
LOGIN_HOST = "https://login.microsoftonline.com"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
DEFAULT_MAX_FILE_MB = 25


@dataclass(frozen=True, slots=True)
class GraphSettings:
    """How the bot reaches Microsoft Graph.

    Attributes:
        client_id: the app registration's client id (MicrosoftAppId).
        tenant_id: the organisation's Entra tenant (MicrosoftAppTenantId); app-only Graph tokens are
            always for one tenant, so a multi-tenant bot needs it set too.
        client_secret: the client secret (MicrosoftAppPassword), when no certificate is given.
        certificate_path: a PEM file holding the certificate's private key (GRAPH_CERTIFICATE_PATH).
        certificate_thumbprint: the certificate's SHA-1 thumbprint, hex (GRAPH_CERTIFICATE_THUMBPRINT).
        max_file_bytes: the largest file the bot downloads (GRAPH_MAX_FILE_MB, default 25 MB).
        base_url: Graph's root, e.g. https://graph.microsoft.com/v1.0 (GRAPH_BASE_URL).
        login_host: the Entra ID login host (GRAPH_LOGIN_HOST), e.g. for a national cloud.
    """

    client_id: str
    tenant_id: str
    client_secret: str | None = field(default=None, repr=False)
    certificate_path: Path | None = None
    certificate_thumbprint: str | None = None
    max_file_bytes: int = DEFAULT_MAX_FILE_MB * 1024 * 1024
    base_url: str = GRAPH_BASE_URL
    login_host: str = LOGIN_HOST

    @property
    def authority(self) -> str:
        """The msal authority: the login host and the organisation's tenant."""
        return f"{self.login_host.rstrip('/')}/{self.tenant_id}"

    def client_credential(self) -> str | dict[str, str]:
        """What msal's ``client_credential`` takes: the secret, or the private key and thumbprint.

        Raises:
            ConfigurationError: the key file cannot be read.
        """
        if self.certificate_path is None:
            return self.client_secret or ""
        try:
            key = self.certificate_path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigurationError(
                f"GRAPH_CERTIFICATE_PATH: kan ikke læse {self.certificate_path}: {error}"
            ) from None
        return {"private_key": key, "thumbprint": self.certificate_thumbprint or ""}


def build_graph_token_source(
    settings: GraphSettings, *, clock: Callable[[], float] = time.monotonic, **msal_options: Any
) -> MsalTokenSource:
    """The app-only token source for Graph; ask it for ``GRAPH_SCOPE``.

    Args:
        settings: the Graph settings.
        clock: monotonic seconds, for the in-memory copy of the token (msal's cache keeps its own time).
        **msal_options: passed to ``msal.ConfidentialClientApplication``: ``http_client`` or ``verify``
            (a test CA), ``instance_discovery=False`` for a login host msal does not know, ``timeout``.
    """
    credential = settings.client_credential()
    options = dict(msal_options)
    if "http_client" not in options:
        options.setdefault("timeout", 30)  # msal's own requests session waits forever otherwise

    def application() -> Any:
        import msal  # imported here: msal pulls in requests

        return msal.ConfidentialClientApplication(
            settings.client_id, client_credential=credential, authority=settings.authority, **options
        )

    return MsalTokenSource(settings.client_id, "", authority=settings.authority, app_factory=application, clock=clock)
