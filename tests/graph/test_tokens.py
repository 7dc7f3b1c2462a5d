"""App-only Graph tokens from the real msal client against a local Entra ID stand-in (HTTPS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.graph.client import GraphClient
from bot.graph.config import GRAPH_SCOPE, GraphSettings, build_graph_token_source
from bot.graph.errors import GraphError
from tests.graph.conftest import SECRET, TENANT, trusting_session
from tests.graph.standin import AppCertificate, EntraStandIn, GraphStandIn, drive_item

URL = "https://contoso.sharepoint.com/sites/sundhed/Delte%20dokumenter/Referat.txt"


class Ticks:
    """A monotonic clock moved by hand, for the token source's in-memory copy."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_secret_gives_a_graph_token_that_graph_accepts(
    client: GraphClient, entra: EntraStandIn, graph: GraphStandIn
) -> None:
    graph.add_file(URL, drive_item("Referat.txt", item_id="01A", size=5), b"hello")

    item = await client.shared_item(URL)

    assert item.name == "Referat.txt"
    [form] = entra.token_requests
    assert form["grant_type"] == "client_credentials"
    assert form["client_id"] == entra.client_id
    assert form["client_secret"] == SECRET
    assert form["scope"] == GRAPH_SCOPE
    assert graph.requests[0].authorization == f"Bearer {entra.issued[0]}"


async def test_certificate_signs_an_assertion_the_stand_in_verifies(
    tmp_path: Path, tls: tuple[Path, Path], graph: GraphStandIn, entra: EntraStandIn
) -> None:
    app = AppCertificate.make(tmp_path)
    entra.app_certificate = app
    settings = GraphSettings(
        client_id=entra.client_id,
        tenant_id=TENANT,
        certificate_path=app.key_path,
        certificate_thumbprint=app.thumbprint,
        base_url=graph.base_url,
        login_host=entra.login_host,
    )
    tokens = build_graph_token_source(settings, http_client=trusting_session(tls[0]), instance_discovery=False)

    token = await tokens.token(GRAPH_SCOPE)

    assert token == entra.issued[0]
    [form] = entra.token_requests
    assert "client_secret" not in form
    [header] = entra.assertion_headers
    assert header["alg"] == "RS256" and "x5t" in header


async def test_a_wrong_certificate_is_refused_and_explained(
    tmp_path: Path, tls: tuple[Path, Path], graph: GraphStandIn, entra: EntraStandIn, ssl_context
) -> None:
    entra.app_certificate = AppCertificate.make(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    impostor = AppCertificate.make(other)
    settings = GraphSettings(
        client_id=entra.client_id,
        tenant_id=TENANT,
        certificate_path=impostor.key_path,
        certificate_thumbprint=entra.app_certificate.thumbprint,
        base_url=graph.base_url,
        login_host=entra.login_host,
    )
    tokens = build_graph_token_source(settings, http_client=trusting_session(tls[0]), instance_discovery=False)
    async with GraphClient(tokens, base_url=graph.base_url, ssl_context=ssl_context) as client:
        with pytest.raises(GraphError) as caught:
            await client.shared_item(URL)

    assert caught.value.reason == "sign_in"
    assert "GRAPH_CERTIFICATE_PATH" in caught.value.explain()
    assert entra.issued == [] and graph.requests == []


async def test_msal_cache_serves_the_second_request(
    settings: GraphSettings, tls: tuple[Path, Path], entra: EntraStandIn
) -> None:
    ticks = Ticks()
    tokens = build_graph_token_source(
        settings, clock=ticks, http_client=trusting_session(tls[0]), instance_discovery=False
    )

    first = await tokens.token(GRAPH_SCOPE)
    ticks.now += 3600  # past our in-memory copy's renewal point: the token source asks msal again
    second = await tokens.token(GRAPH_SCOPE)

    assert first == second
    assert len(entra.token_requests) == 1  # msal answered from its own cache


async def test_a_token_near_expiry_is_renewed(
    settings: GraphSettings, tls: tuple[Path, Path], entra: EntraStandIn, graph: GraphStandIn, ssl_context
) -> None:
    entra.expires_in = 120  # inside msal's five-minute margin: expired as far as msal is concerned
    graph.add_file(URL, drive_item("Referat.txt", item_id="01A", size=5), b"hello")
    tokens = build_graph_token_source(settings, http_client=trusting_session(tls[0]), instance_discovery=False)
    async with GraphClient(tokens, base_url=graph.base_url, ssl_context=ssl_context) as client:
        await client.shared_item(URL)
        await client.shared_item(URL)

    assert len(entra.token_requests) == 2
    assert [r.authorization for r in graph.requests] == [f"Bearer {t}" for t in entra.issued]
    assert entra.issued[0] != entra.issued[1]


async def test_a_refused_secret_is_a_sign_in_error(client: GraphClient, entra: EntraStandIn) -> None:
    entra.refuse_with = "invalid client secret"

    with pytest.raises(GraphError) as caught:
        await client.shared_item(URL)

    assert caught.value.reason == "sign_in"
    assert "AADSTS7000215" in caught.value.detail
    assert "MicrosoftAppPassword" in caught.value.explain("da")
    assert "could not sign in" in caught.value.explain("en")
