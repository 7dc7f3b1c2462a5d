"""The real service with credentials, against a slow or stalled key endpoint, deep JSON and malformed activities.

Inbound tokens are signed by the OpenID stand-in (tests/teams/openid_standin.py), as the Bot Framework
signs them; replies come back in the HTTP answer (deliveryMode expectReplies), so no outbound token is needed.
Ordering, not time, shows that the server keeps answering while a key fetch hangs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.app import SERVICES, create_app
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.settings import Settings
from bot.teams.auth import BotCredentials
from bot.teams.signing_keys import KeySource
from tests.e2e.test_service import QUESTION_DA, SEEDS, Service, recorded
from tests.teams.connector_standin import ConnectorStandIn
from tests.teams.openid_standin import OpenIdStandIn

APP_ID = "2b7d4a5e-1c3f-4e8a-9b6d-0f1e2d3c4b5a"
TENANT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    async with ConnectorStandIn() as standin:
        yield standin


@pytest.fixture
async def openid() -> AsyncIterator[OpenIdStandIn]:
    standin = await OpenIdStandIn().start()
    yield standin
    standin.drop()
    await standin.close()


@pytest.fixture
async def secured(tmp_path: Path, openid: OpenIdStandIn) -> AsyncIterator[Service]:
    import aiohttp

    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'secured.db'}",
        credentials=BotCredentials(APP_ID, "not-a-real-secret"),
        allowed_tenants=frozenset({TENANT}),
        load_examples=False,
    )
    clock = FixedClock(dt.datetime(2021, 2, 15, 10, 0, tzinfo=COMMITTEE_TZ))
    # refresh_interval 0: every unknown key id may refresh, unless a refresh is already under way.
    app = create_app(settings, clock, key_source=KeySource(origin=openid.origin, refresh_interval=0))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    http = aiohttp.ClientSession()
    service = Service(app, f"http://127.0.0.1:{runner.addresses[0][1]}", http)
    for seed in sorted(SEEDS.glob("*.txt")):
        await app[SERVICES].knowledge.ingest(seed)
    yield service
    await http.close()
    await runner.cleanup()


def question(connector: ConnectorStandIn, conversation: str) -> dict:
    activity = recorded("message_personal_chat.json", connector.service_url, text=QUESTION_DA)
    activity["conversation"]["id"] = conversation
    activity["deliveryMode"] = "expectReplies"
    return activity


def bearer(openid: OpenIdStandIn, connector: ConnectorStandIn, **options: object) -> dict[str, str]:
    return {"Authorization": f"Bearer {openid.token(app_id=APP_ID, service_url=connector.service_url, **options)}"}


def forged(openid: OpenIdStandIn, connector: ConnectorStandIn) -> dict[str, str]:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return bearer(openid, connector, key_id="made-up-key", signer=stranger)


async def answered(service: Service, activity: dict, headers: dict[str, str]) -> tuple[int, dict]:
    async with service.http.post(f"{service.url}/api/messages", json=activity, headers=headers) as response:
        return response.status, (await response.json() if response.status == 200 else {})


async def healthz(service: Service) -> int:
    async with service.http.get(f"{service.url}/healthz") as response:
        return response.status


@pytest.mark.parametrize("endpoint", ["slow", "stalled"])
async def test_a_hanging_key_fetch_does_not_stop_other_requests(
    secured: Service, openid: OpenIdStandIn, connector: ConnectorStandIn, endpoint: str
) -> None:
    status, body = await answered(secured, question(connector, "a:first"), bearer(openid, connector))
    assert status == 200
    assert "22. februar" in str(body["activities"])
    assert openid.key_requests == 1

    openid.hold()
    attack = asyncio.create_task(answered(secured, question(connector, "a:forged"), forged(openid, connector)))
    await openid.keys_requested.wait()  # the forged key id made the server ask for the key set again

    assert await healthz(secured) == 200
    status, body = await answered(secured, question(connector, "a:second"), bearer(openid, connector))
    assert status == 200
    assert "22. februar" in str(body["activities"])
    # Another unknown key id while the refresh is under way is refused at once, without a second fetch.
    status, _ = await answered(secured, question(connector, "a:forged-2"), forged(openid, connector))
    assert status == 401
    assert not attack.done()
    assert (openid.metadata_requests, openid.key_requests) == (2, 2)

    if endpoint == "slow":
        openid.release()
    else:
        openid.drop()  # the endpoint never answers; the fetch ends with its connection
    status, _ = await attack
    assert status == 401
    assert await secured.stored_conversations() == 2  # a:first and a:second; nothing for the forged ones


async def test_without_a_token_a_foreign_tenant_gets_401_and_with_one_403(
    secured: Service, openid: OpenIdStandIn, connector: ConnectorStandIn
) -> None:
    activity = question(connector, "a:foreign")
    activity["conversation"]["tenantId"] = "99999999-0000-0000-0000-000000000000"
    activity["channelData"]["tenant"]["id"] = "99999999-0000-0000-0000-000000000000"
    for headers in ({}, {"Authorization": "Bearer not.a.token"}, forged(openid, connector)):
        status, _ = await answered(secured, activity, headers)
        assert status == 401
    status, _ = await answered(secured, activity, bearer(openid, connector))
    assert status == 403
    assert await secured.stored_conversations() == 0


async def test_with_credentials_the_token_decides_the_service_url_not_loopback(
    secured: Service, openid: OpenIdStandIn, connector: ConnectorStandIn
) -> None:
    # Teams' own connector is not on loopback: with credentials it is accepted when the token names it.
    teams = "https://smba.trafficmanager.net/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890/"
    activity = question(connector, "a:teams")
    activity["serviceUrl"] = teams
    token = {"Authorization": f"Bearer {openid.token(app_id=APP_ID, service_url=teams)}"}
    status, body = await answered(secured, activity, token)
    assert status == 200  # expectReplies: the answer comes back in the response, nothing is sent
    assert "22. februar" in str(body["activities"])
    # A token for another serviceUrl does not do, and credentials in the URL are refused by shape (400).
    status, _ = await answered(secured, activity, bearer(openid, connector))
    assert status == 401
    activity["serviceUrl"] = teams.replace("https://", "https://user:password@")
    status, _ = await answered(secured, activity, token)
    assert status == 400
    assert await secured.stored_conversations() == 1
