"""Graph settings from the environment: the bot's app registration, a certificate, limits; wrong values refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigurationError
from bot.settings import Settings

APP = {
    "MicrosoftAppId": "11111111-2222-3333-4444-555555555555",
    "MicrosoftAppPassword": "s3cret",
    "MicrosoftAppType": "SingleTenant",
    "MicrosoftAppTenantId": "0a1b2c3d-0000-4000-8000-00000000beef",
}
THUMBPRINT = "A1B2C3D4E5F60718293A4B5C6D7E8F9011223344"


def graph_of(env: dict[str, str]):
    return Settings.from_env(env, database_url="x.db").graph


def test_the_bot_registration_with_a_tenant_reads_graph_with_its_secret() -> None:
    graph = graph_of({**APP, "GRAPH_MAX_FILE_MB": "10"})

    assert graph is not None
    assert (graph.client_id, graph.client_secret, graph.certificate_path) == (APP["MicrosoftAppId"], "s3cret", None)
    assert graph.authority == "https://login.microsoftonline.com/" + APP["MicrosoftAppTenantId"]
    assert graph.max_file_bytes == 10 * 1024 * 1024
    assert graph.base_url == "https://graph.microsoft.com/v1.0"
    assert "s3cret" not in repr(graph)


def test_without_a_tenant_or_registration_graph_is_off() -> None:
    assert graph_of({}) is None
    assert graph_of({k: v for k, v in APP.items() if k not in ("MicrosoftAppType", "MicrosoftAppTenantId")}) is None


def test_a_certificate_replaces_the_secret(tmp_path: Path) -> None:
    key = tmp_path / "graph.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")

    graph = graph_of({**APP, "GRAPH_CERTIFICATE_PATH": str(key), "GRAPH_CERTIFICATE_THUMBPRINT": THUMBPRINT.lower()})

    assert graph is not None and graph.client_secret is None
    assert graph.client_credential() == {"private_key": key.read_text(), "thumbprint": THUMBPRINT.lower()}


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"GRAPH_CERTIFICATE_PATH": "/nowhere/graph.pem"}, "skal sættes sammen"),
        ({"GRAPH_CERTIFICATE_PATH": "/nowhere/graph.pem", "GRAPH_CERTIFICATE_THUMBPRINT": THUMBPRINT}, "findes ikke"),
        ({"GRAPH_CERTIFICATE_PATH": "x.pem", "GRAPH_CERTIFICATE_THUMBPRINT": "abc"}, "40 hex-tegn"),
        ({"GRAPH_MAX_FILE_MB": "0"}, "GRAPH_MAX_FILE_MB"),
        ({"GRAPH_BASE_URL": "http://graph.example/v1.0"}, "GRAPH_BASE_URL"),
    ],
)
def test_wrong_graph_settings_are_refused_at_start(extra: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigurationError, match=named):
        graph_of({**APP, **extra})
