"""The real service on 127.0.0.1: recorded Teams activities in, what reached the Bot Connector out.

The Bot Connector is a local stand-in (tests/teams/connector_standin.py) that speaks the v3 REST wire
format; every activity's serviceUrl is rewritten to point at it.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import func, select

from bot.app import ENGINE, SERVICES, create_app
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.settings import Settings
from bot.teams.auth import BotCredentials
from storage.conversations_repository import get_conversation
from storage.database import session_factory
from storage.models import Conversation
from tests.seeds import seed_date
from tests.teams.connector_standin import ConnectorStandIn

ROOT = Path(__file__).resolve().parents[2]
ACTIVITIES = ROOT.parent / "shared" / "activities"
SEEDS = ROOT.parent / "shared" / "seeds"
ADAPTIVE = "application/vnd.microsoft.card.adaptive"
QUESTION_DA = "Hvornår er fristen for besvarelse af spørgeskemaerne?"
QUESTION_EN = "What is the deadline for the questionnaires?"


def recorded(name: str, service_url: str, **changes: object) -> dict:
    activity = json.loads((ACTIVITIES / name).read_text(encoding="utf-8"))
    activity["serviceUrl"] = service_url
    activity.update(changes)
    return activity


class Service:
    """The bot app listening on 127.0.0.1, and a client session to post to it."""

    def __init__(self, app: web.Application, url: str, http: aiohttp.ClientSession):
        self.app, self.url, self.http = app, url, http

    async def post(self, body: object, *, headers: dict[str, str] | None = None) -> aiohttp.ClientResponse:
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        merged = {"Content-Type": "application/json", **(headers or {})}
        async with self.http.post(f"{self.url}/api/messages", data=data, headers=merged) as response:
            await response.read()
            return response

    async def stored_conversations(self) -> int:
        async with self.app[ENGINE].connect() as connection:
            return (await connection.execute(select(func.count()).select_from(Conversation))).scalar_one()


async def start_service(settings: Settings) -> tuple[web.AppRunner, Service, aiohttp.ClientSession]:
    clock = FixedClock(dt.datetime(2021, 2, 15, 10, 0, tzinfo=COMMITTEE_TZ))
    app = create_app(settings, clock)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    http = aiohttp.ClientSession()
    return runner, Service(app, f"http://127.0.0.1:{port}", http), http


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    async with ConnectorStandIn() as standin:
        yield standin


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[Service]:
    # The sample activities' sender administers the installation (linking is an admin's or secretary's act).
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        load_examples=False,
        admins=frozenset({"00000000-1111-2222-3333-444444444444"}),
    )
    runner, service, http = await start_service(settings)
    for seed in sorted(SEEDS.glob("*.txt")):
        await service.app[SERVICES].knowledge.ingest(seed, meeting_date=seed_date(seed))
    yield service
    await http.close()
    await runner.cleanup()


def only_reply(connector: ConnectorStandIn) -> dict:
    replies = connector.of_kind("reply")
    assert len(replies) == 1, [r.path for r in connector.received]
    return replies[0].body


def card_text(activity: dict) -> str:
    attachment = activity["attachments"][0]
    assert attachment["contentType"] == ADAPTIVE
    assert attachment["content"]["version"] == "1.5"
    return json.dumps(attachment["content"], ensure_ascii=False)


async def test_a_question_in_personal_chat_gets_an_answer_card_with_its_source(
    service: Service, connector: ConnectorStandIn
) -> None:
    activity = recorded("message_personal_chat.json", connector.service_url, text=QUESTION_DA, locale="da-DK")
    response = await service.post(activity)
    assert response.status in (200, 201)
    reply = only_reply(connector)
    received = connector.of_kind("reply")[0]
    assert received.conversation_id == activity["conversation"]["id"]
    assert received.activity_id == activity["id"]
    assert reply["replyToId"] == activity["id"]
    assert reply["recipient"]["id"] == activity["from"]["id"]
    assert reply["from"]["id"] == activity["recipient"]["id"]
    text = card_text(reply)
    assert "22. februar" in text
    assert "Der er deadline for besvarelse af spørgeskemaerne" in text
    assert "Følgegruppen for uddannelse og arbejde" in text
    assert "6.2" in text
    assert "Vis hele punktet" in text


async def test_english_locale_gets_english(service: Service, connector: ConnectorStandIn) -> None:
    activity = recorded("message_personal_chat.json", connector.service_url, text=QUESTION_EN, locale="en-US")
    await service.post(activity)
    text = card_text(only_reply(connector))
    assert "22 February 2021" in text
    assert "Show the whole item" in text
    assert "Vis hele punktet" not in text


async def test_a_channel_mention_is_answered_in_the_thread_without_the_mention(
    service: Service, connector: ConnectorStandIn
) -> None:
    activity = recorded("message_channel_with_mention_vercel.json", connector.service_url)
    bot_name = activity["recipient"]["name"]
    activity["text"] = f"<at>{bot_name}</at> hjælp"
    await service.post(activity)
    reply = only_reply(connector)
    assert connector.of_kind("reply")[0].conversation_id == activity["conversation"]["id"]
    assert reply["replyToId"] == activity["id"]
    assert "spørg" in card_text(reply).lower()


async def test_the_conversation_reference_is_stored_on_every_message(
    service: Service, connector: ConnectorStandIn
) -> None:
    activity = recorded("message_channel_with_mention_vercel.json", connector.service_url)
    await service.post(activity)
    again = copy.deepcopy(activity)
    again["id"] = activity["id"] + "-2"
    await service.post(again)
    assert await service.stored_conversations() == 1
    # A channel thread ("…;messageid=…") is remembered under its channel, so reminders reach the channel.
    channel_conversation = activity["conversation"]["id"].split(";")[0]
    async with session_factory(service.app[ENGINE])() as session:
        ref = await get_conversation(session, channel_id=activity["channelId"], conversation_id=channel_conversation)
    assert ref is not None
    assert ref.service_url == connector.service_url
    assert ref.tenant_id == activity["conversation"]["tenantId"]
    assert ref.team_id == activity["channelData"]["team"]["id"]


async def test_installing_the_app_gets_a_welcome(service: Service, connector: ConnectorStandIn) -> None:
    activity = recorded("conversation_update_bot_added_to_team.json", connector.service_url)
    response = await service.post(activity)
    assert response.status in (200, 201)
    sent = connector.received
    assert len(sent) == 1
    assert "Mødeassistent" in card_text(sent[0].body)
    assert await service.stored_conversations() == 1


async def test_linking_a_channel_to_a_committee_searches_it_first(
    service: Service, connector: ConnectorStandIn
) -> None:
    link = recorded("message_channel_with_mention_vercel.json", connector.service_url)
    link["text"] = f"<at>{link['recipient']['name']}</at> tilknyt udvalg fokusgruppen"
    await service.post(link)
    assert "Fokusgruppen Sundhed & Beskæftigelse" in json.dumps(only_reply(connector), ensure_ascii=False)
    connector.received.clear()
    ask = copy.deepcopy(link)
    ask["id"] += "-ask"
    ask["text"] = f"<at>{link['recipient']['name']}</at> Hvornår er næste møde?"
    await service.post(ask)
    text = json.dumps(only_reply(connector), ensure_ascii=False)
    assert "Fokusgruppen Sundhed & Beskæftigelse" in text
    assert "Følgegruppen for uddannelse og arbejde" not in text


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2, 3]", "application/json", 400),
        (b'{"text": "no type"}', "application/json", 400),
        (b'{"type": "message", "from": "not an object", "conversation": 7}', "application/json", 400),
        (b'{"type": "message"}', "text/plain", 415),
    ],
)
async def test_malformed_requests_get_a_4xx_and_store_nothing(
    service: Service, body: bytes, content_type: str, status: int
) -> None:
    response = await service.post(body, headers={"Content-Type": content_type})
    assert response.status == status
    assert await service.stored_conversations() == 0


async def test_an_oversized_body_is_refused(service: Service, connector: ConnectorStandIn) -> None:
    activity = recorded("message_personal_chat.json", connector.service_url, text="x" * (2 * 1024 * 1024))
    response = await service.post(activity)
    assert response.status == 413
    assert connector.received == []
    assert await service.stored_conversations() == 0


async def test_unknown_activity_types_are_ignored(service: Service, connector: ConnectorStandIn) -> None:
    activity = recorded("message_personal_chat.json", connector.service_url, type="somethingNew")
    response = await service.post(activity)
    assert response.status in (200, 201)
    assert connector.received == []
    assert await service.stored_conversations() == 0


async def test_health(service: Service) -> None:
    async with service.http.get(f"{service.url}/healthz") as response:
        assert response.status == 200
        assert (await response.json())["status"] == "ok"
    for path in ("/om", "/privatliv", "/vilkaar"):
        async with service.http.get(f"{service.url}{path}") as response:
            assert response.status == 200
            assert "Mødeassistent" in await response.text()


@pytest.fixture
async def secured(tmp_path: Path) -> AsyncIterator[Service]:
    credentials = BotCredentials("2b7d4a5e-1c3f-4e8a-9b6d-0f1e2d3c4b5a", "not-a-real-secret")
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'secured.db'}",
        credentials=credentials,
        allowed_tenants=frozenset({"a1b2c3d4-e5f6-7890-abcd-ef1234567890"}),
        load_examples=False,
    )
    runner, service, http = await start_service(settings)
    yield service
    await http.close()
    await runner.cleanup()


@pytest.mark.parametrize("authorization", [None, "Bearer not.a.token", "Basic dXNlcjpwdw==", "Bearer "])
async def test_with_credentials_an_unauthenticated_request_gets_401(
    secured: Service, connector: ConnectorStandIn, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    activity = recorded("message_personal_chat.json", connector.service_url, text=QUESTION_DA)
    response = await secured.post(activity, headers=headers)
    assert response.status == 401
    assert connector.received == []
    assert await secured.stored_conversations() == 0


async def test_other_tenants_without_a_valid_token_get_401(secured: Service, connector: ConnectorStandIn) -> None:
    # Authentication comes before the allow-list, so a stranger learns nothing about it; with a valid
    # token the same activity gets 403 (tests/e2e/test_hardening.py).
    activity = recorded("message_personal_chat.json", connector.service_url, text=QUESTION_DA)
    activity["conversation"]["tenantId"] = "99999999-0000-0000-0000-000000000000"
    activity["channelData"]["tenant"]["id"] = "99999999-0000-0000-0000-000000000000"
    response = await secured.post(activity, headers={"Authorization": "Bearer not.a.token"})
    assert response.status == 401
    assert connector.received == []
    assert await secured.stored_conversations() == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_serve_starts_answers_and_shuts_down_gracefully(tmp_path: Path, connector: ConnectorStandIn) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    env.update(PORT=str(port), DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.1)
            else:
                pytest.fail("the server did not come up")
            # The sample minutes were loaded into the empty database: a question about them is answered.
            activity = recorded("message_personal_chat.json", connector.service_url, text="Hvornår er næste møde?")
            async with http.post(f"http://127.0.0.1:{port}/api/messages", json=activity) as response:
                assert response.status in (200, 201)
        assert "Følgegruppen for sundhed og beskæftigelse" in card_text(only_reply(connector))
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        # The start-up line names local mode's rule: replies and file links only on this machine.
        assert "serviceUrl og fil-links kun på loopback: localhost, 127.0.0.0/8, ::1" in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    assert "Traceback" not in process.stderr.read()


async def test_concurrent_messages_on_sqlite_are_all_answered(service: Service, connector: ConnectorStandIn) -> None:
    template = recorded("message_personal_chat.json", connector.service_url, text=QUESTION_DA)
    activities = []
    for n in range(24):
        activity = copy.deepcopy(template)
        activity["id"] = f"{template['id']}-{n}"
        activity["conversation"]["id"] = f"{template['conversation']['id']}-{n % 6}"
        activities.append(activity)
    responses = await asyncio.gather(*(service.post(a) for a in activities))
    assert [r.status for r in responses] == [201] * len(activities)
    replies = connector.of_kind("reply")
    assert len(replies) == len(activities)
    assert all("22. februar" in card_text(r.body) for r in replies)
    assert await service.stored_conversations() == 6
