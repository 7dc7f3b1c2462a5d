"""Microsoft Graph configuration and the app-only (client-credential) token source built from it."""

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
    """How the bot reaches Microsoft Graph: the app registration's secret or a certificate (PEM private key,
    SHA-1 thumbprint). App-only Graph tokens are for one tenant, so a multi-tenant bot needs it set too."""

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
        return f"{self.login_host.rstrip('/')}/{self.tenant_id}"

    def client_credential(self) -> str | dict[str, str]:
        """What msal's ``client_credential`` takes: the secret, or the private key and thumbprint."""
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
    """The app-only token source for ``GRAPH_SCOPE``; ``msal_options`` go to ``ConfidentialClientApplication``."""
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
