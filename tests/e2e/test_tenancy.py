"""The tenancy rule on the real server with credentials and no ALLOWED_TENANTS: another tenant's members see
nothing of the home tenant's committees (questions, links, proposals, reminders, the whole item), and a
committee reaches a second tenant only when its secretary links a conversation there.

Inbound tokens are signed by the OpenID stand-in; replies come back in the HTTP answer (expectReplies).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import func, select

from bot.app import ENGINE, SERVICES, create_app
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.settings import Settings
from bot.teams.auth import BotCredentials
from bot.teams.signing_keys import KeySource
from storage.database import session_factory
from storage.models import Conversation, ProposalRow, ReminderSubscriptionRow
from tests.e2e.test_hardening import APP_ID, answered, bearer
from tests.e2e.test_service import SEEDS, Service, recorded
from tests.seeds import seed_date
from tests.teams.connector_standin import ConnectorStandIn
from tests.teams.openid_standin import OpenIdStandIn

HOME = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
OTHER = "0f0e0d0c-0b0a-4909-8807-060504030201"
SECRETARY = "7d3b3a52-9a6f-4c1e-8d2b-5e6f7a8b9c0d"
FOCUS_GROUP = "Fokusgruppen Sundhed & Beskæftigelse"
QUESTION = "Hvornår er fristen for besvarelse af spørgeskemaerne?"
ANSWER = "22. februar"


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    async with ConnectorStandIn() as standin:
        yield standin


@pytest.fixture
async def openid() -> AsyncIterator[OpenIdStandIn]:
    standin = await OpenIdStandIn().start()
    yield standin
    await standin.close()


@pytest.fixture
async def service(tmp_path: Path, openid: OpenIdStandIn) -> AsyncIterator[Service]:
    import aiohttp

    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'tenancy.db'}",
        credentials=BotCredentials(APP_ID, "not-a-real-secret", "SingleTenant", HOME),
        secretaries={FOCUS_GROUP: (SECRETARY,)},
        load_examples=False,
    )
    clock = FixedClock(dt.datetime(2021, 2, 15, 10, 0, tzinfo=COMMITTEE_TZ))
    app = create_app(settings, clock, key_source=KeySource(origin=openid.origin, refresh_interval=0))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    http = aiohttp.ClientSession()
    for seed in sorted(SEEDS.glob("*.txt")):
        await app[SERVICES].knowledge.ingest(seed, meeting_date=seed_date(seed))
    yield Service(app, f"http://127.0.0.1:{runner.addresses[0][1]}", http)
    await http.close()
    await runner.cleanup()


def said(connector: ConnectorStandIn, tenant: str, text: str, *, oid: str | None = None, channel: bool = False) -> dict:
    name = "message_channel_with_mention_vercel.json" if channel else "message_personal_chat.json"
    activity = recorded(name, connector.service_url, locale="da-DK")
    activity["text"] = f"<at>{activity['recipient']['name']}</at> {text}" if channel else text
    activity["conversation"]["tenantId"] = tenant
    activity["conversation"]["id"] += f"-{tenant[:4]}"
    activity["channelData"] = {**activity.get("channelData", {}), "tenant": {"id": tenant}}
    activity["id"] = f"{tenant[:4]}-{abs(hash(text))}"
    if oid is not None:
        activity["from"]["aadObjectId"] = oid
    activity["deliveryMode"] = "expectReplies"
    return activity


async def reply(service: Service, openid: OpenIdStandIn, connector: ConnectorStandIn, activity: dict) -> str:
    status, body = await answered(service, activity, bearer(openid, connector))
    assert status == 200, status
    return " ".join(str(a.get("text", "")) + str(a.get("attachments", "")) for a in body["activities"])


async def count(service: Service, table: type) -> int:
    async with session_factory(service.app[ENGINE])() as session:
        return await session.scalar(select(func.count()).select_from(table)) or 0


async def test_another_tenant_sees_nothing_of_the_home_tenants_committees(
    service: Service, openid: OpenIdStandIn, connector: ConnectorStandIn
) -> None:
    home = await reply(service, openid, connector, said(connector, HOME, QUESTION))
    assert ANSWER in home

    for text in (
        QUESTION,
        "tilknyt udvalg fokusgruppen",
        "påmind mig om fokusgruppen",
        "forslag: Et punkt fra en fremmed",
        "mødekalender",
    ):
        answer = await reply(service, openid, connector, said(connector, OTHER, text))
        assert ANSWER not in answer and "Fokusgruppen" not in answer and "Følgegruppen" not in answer, text
    # A card button naming a home-tenant item shows nothing from another tenant.
    button = said(connector, OTHER, "")
    button["value"] = {"action": "show_item", "document": "000_ff41c34304ad259a.txt", "item_number": "6.2"}
    shown = await reply(service, openid, connector, button)
    assert "Samarbejdsaftale" not in shown and "Følgegruppen" not in shown
    home_button = said(connector, HOME, "")
    home_button["value"] = button["value"]
    assert "Samarbejdsaftale" in await reply(service, openid, connector, home_button)
    # The same link as the secretary's, sent as a stranger's, is refused too.
    stranger = await reply(service, openid, connector, said(connector, OTHER, "tilknyt udvalg fokusgruppen", oid=OTHER))
    assert "Fokusgruppen" not in stranger

    assert await count(service, ProposalRow) == 0
    assert await count(service, ReminderSubscriptionRow) == 0
    async with session_factory(service.app[ENGINE])() as session:
        links = await session.scalar(select(func.count()).where(Conversation.committee_id.is_not(None)))
    assert links == 0


async def test_a_secretary_linking_a_conversation_in_another_tenant_sets_the_committee_up_there(
    service: Service, openid: OpenIdStandIn, connector: ConnectorStandIn
) -> None:
    member_link = said(connector, OTHER, "tilknyt udvalg fokusgruppen", channel=True)
    assert "Fokusgruppen" not in await reply(service, openid, connector, member_link)

    link = said(connector, OTHER, "tilknyt udvalg fokusgruppen", oid=SECRETARY, channel=True)
    assert f"knyttet til {FOCUS_GROUP}" in await reply(service, openid, connector, link)

    # Now the other tenant's members see that committee, and only it.
    answer = await reply(service, openid, connector, said(connector, OTHER, "Hvornår er næste møde?", channel=True))
    assert FOCUS_GROUP in answer and "Følgegruppen" not in answer
    assert await service.app[SERVICES].access.sees(FOCUS_GROUP, OTHER)
    assert not await service.app[SERVICES].access.sees("Følgegruppen for uddannelse og arbejde", OTHER)
    audit = [(r.action, r.allowed, r.tenant_id) for r in await service.app[SERVICES].access.audit()]
    assert ("link", True, OTHER) in audit
