"""Fixtures: Entra ID and Microsoft Graph stand-ins over HTTPS, trusted only here, and a migrated SQLite file."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import requests

from bot.graph.client import GraphClient
from bot.graph.config import GraphSettings, build_graph_token_source
from tests.calendar.conftest import engine, sessions  # a migrated SQLite file per test
from tests.graph.standin import EntraStandIn, GraphStandIn
from tests.teams.connector_standin import make_self_signed_certificate

__all__ = [
    "client",
    "engine",
    "entra",
    "graph",
    "sessions",
    "settings",
    "ssl_context",
    "tls",
    "trusting_session",
    "waits",
]

TENANT = "0a1b2c3d-0000-4000-8000-00000000beef"
SECRET = "graph-s3cret"


@pytest.fixture
def tls(tmp_path: Path) -> tuple[Path, Path]:
    """The stand-ins' TLS certificate and key (a self-signed CA for 127.0.0.1)."""
    folder = tmp_path / "tls"
    folder.mkdir()
    return make_self_signed_certificate(folder)


@pytest.fixture
async def entra(tls: tuple[Path, Path]) -> AsyncIterator[EntraStandIn]:
    standin = await EntraStandIn(*tls, client_secret=SECRET).start()
    try:
        yield standin
    finally:
        await standin.close()


@pytest.fixture
async def graph(tls: tuple[Path, Path], entra: EntraStandIn) -> AsyncIterator[GraphStandIn]:
    standin = await GraphStandIn(*tls, entra=entra).start()
    try:
        yield standin
    finally:
        await standin.close()


@pytest.fixture
def settings(entra: EntraStandIn, graph: GraphStandIn) -> GraphSettings:
    return GraphSettings(
        client_id=entra.client_id,
        tenant_id=TENANT,
        client_secret=SECRET,
        base_url=graph.base_url,
        login_host=entra.login_host,
        max_file_bytes=1024 * 1024,
    )


def trusting_session(cert: Path) -> requests.Session:
    """A requests session for msal that trusts the stand-in's CA, and nothing from the environment."""
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise replace `verify`
    session.verify = str(cert)
    return session


@pytest.fixture
def ssl_context(tls: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(tls[0]))


@pytest.fixture
def waits() -> list[float]:
    """The retry waits the client asked for (recorded instead of slept)."""
    return []


@pytest.fixture
async def client(
    settings: GraphSettings, tls: tuple[Path, Path], ssl_context: ssl.SSLContext, waits: list[float]
) -> AsyncIterator[GraphClient]:
    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    tokens = build_graph_token_source(settings, http_client=trusting_session(tls[0]), instance_discovery=False)
    graph_client = GraphClient(
        tokens, base_url=settings.base_url, ssl_context=ssl_context, max_file_bytes=settings.max_file_bytes, sleep=sleep
    )
    try:
        yield graph_client
    finally:
        await graph_client.close()
