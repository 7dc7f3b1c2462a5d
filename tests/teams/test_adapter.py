"""The Bot Framework edge over real HTTP: recorded Teams activities in, Bot Connector calls out.

Every server here is a real aiohttp server on 127.0.0.1; the Bot Connector and the login service are
stand-ins (tests/teams/connector_standin.py). Any attempt to reach another address fails the test.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import jwt
import pytest
from aiohttp import web
from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    Attachment,
    CardAction,
    ChannelAccount,
    ConversationParameters,
    HeroCard,
    Mention,
    SuggestedActions,
)

from bot.errors import ConfigurationError
from bot.teams.adapter import SharedConnectorAdapter, copy_activity
from bot.teams.auth import BotCredentials, build_authentication, build_token_source, login_authority
from bot.teams.connector import BotConnector, ConnectorError, deserialize_model, parse_retry_after, serialize_model
from tests.teams.connector_standin import ConnectorStandIn, LoginStandIn, make_self_signed_certificate

ACTIVITIES = Path(__file__).resolve().parents[2] / ".." / "shared" / "activities"
CREDENTIALS = BotCredentials(app_id="11111111-2222-3333-4444-555555555555", app_password="not-a-real-secret")


# --- no internet -------------------------------------------------------------------------------


# --- the bot and the server --------------------------------------------------------------------


class EchoBot(ActivityHandler):
    """Echoes message text (without the @mention) and answers adaptive card actions."""

    def __init__(self) -> None:
        self.turns: list[Activity] = []

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        self.turns.append(turn_context.activity)
        text = TurnContext.remove_recipient_mention(turn_context.activity).strip()
        await turn_context.send_activity(f"Echo: {text}")

    async def on_adaptive_card_invoke(self, turn_context: TurnContext, invoke_value: Any) -> AdaptiveCardInvokeResponse:
        self.turns.append(turn_context.activity)
        return AdaptiveCardInvokeResponse(
            status_code=200,
            type="application/vnd.microsoft.card.adaptive",
            value={
                "type": "AdaptiveCard",
                "body": [{"type": "TextBlock", "text": f"Tak: {invoke_value.action['data']['feedback']}"}],
            },
        )


async def _serve(adapter: SharedConnectorAdapter, bot: ActivityHandler) -> tuple[web.AppRunner, str]:
    async def messages(request: web.Request) -> web.StreamResponse:
        response = await adapter.process(request, bot)
        return response if response is not None else web.Response(status=201)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"


class Harness:
    """An echo bot behind our adapter, a connector stand-in, and an HTTP client to post activities."""

    def __init__(self, standin: ConnectorStandIn, adapter: SharedConnectorAdapter, bot: EchoBot, url: str) -> None:
        self.standin, self.adapter, self.bot, self.url = standin, adapter, bot, url
        self.errors: list[BaseException] = []
        self.client = aiohttp.ClientSession()

        async def on_error(context: TurnContext, error: Exception) -> None:
            self.errors.append(error)

        adapter.on_turn_error = on_error

    def activity(self, name: str) -> dict[str, Any]:
        """A recorded Teams activity with its serviceUrl pointed at the stand-in."""
        payload = json.loads((ACTIVITIES / name).read_text(encoding="utf-8"))
        payload["serviceUrl"] = self.standin.service_url
        return payload

    async def post(self, payload: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[int, str]:
        async with self.client.post(self.url, json=payload, headers=headers or {}) as response:
            return response.status, await response.text()


@pytest.fixture
async def standin() -> AsyncIterator[ConnectorStandIn]:
    async with ConnectorStandIn() as running:
        yield running


async def _harness(
    standin: ConnectorStandIn, credentials: BotCredentials, connector: BotConnector
) -> AsyncIterator[Harness]:
    adapter = SharedConnectorAdapter(build_authentication(credentials), connector)
    bot = EchoBot()
    runner, url = await _serve(adapter, bot)
    harness = Harness(standin, adapter, bot, url)
    try:
        yield harness
    finally:
        await harness.client.close()
        await runner.cleanup()
        await connector.close()


@pytest.fixture
async def local(standin: ConnectorStandIn) -> AsyncIterator[Harness]:
    """Local mode: no credentials, as the Bot Framework Emulator runs."""
    async for harness in _harness(standin, BotCredentials(), BotConnector()):
        yield harness


@pytest.fixture
async def secured(standin: ConnectorStandIn) -> AsyncIterator[Harness]:
    """MicrosoftAppId and MicrosoftAppPassword set: inbound requests need a valid Bot Framework token."""
    async for harness in _harness(standin, CREDENTIALS, BotConnector()):
        yield harness


# --- replies -----------------------------------------------------------------------------------


async def test_personal_chat_reply_goes_to_the_reply_path_with_accounts_swapped(local: Harness) -> None:
    inbound = local.activity("message_personal_chat.json")

    status, _ = await local.post(inbound)

    assert status == 201
    assert not local.errors
    [reply] = local.standin.received
    assert reply.kind == "reply"
    assert reply.method == "POST"
    assert reply.base_path == "/amer/a1b2c3d4-e5f6-7890-abcd-ef1234567890"
    assert reply.conversation_id == inbound["conversation"]["id"]
    assert reply.activity_id == inbound["id"]
    body = reply.body
    assert body["type"] == "message"
    assert body["text"] == "Echo: Hey"
    assert body["replyToId"] == inbound["id"]
    assert body["conversation"]["id"] == inbound["conversation"]["id"]
    assert body["from"]["id"] == inbound["recipient"]["id"]
    assert body["recipient"]["id"] == inbound["from"]["id"]
    assert body["serviceUrl"] == local.standin.service_url
    assert reply.authorization is None  # local mode sends no token


async def test_channel_mention_reply_quotes_the_thread_conversation_id(local: Harness) -> None:
    inbound = local.activity("message_channel_with_mention_vercel.json")

    status, _ = await local.post(inbound)

    assert status == 201
    [reply] = local.standin.received
    # "19:…@thread.tacv2;messageid=…" must arrive whole, not cut at ';' or re-encoded twice.
    assert reply.conversation_id == inbound["conversation"]["id"]
    assert ";messageid=" in reply.conversation_id
    assert "%3Bmessageid%3D" in reply.path
    assert reply.activity_id == inbound["id"]
    assert reply.body["text"] == "Echo: Hey"  # botbuilder's mention removal still sees the entities
    assert reply.body["from"]["id"] == inbound["recipient"]["id"]
    assert reply.body["recipient"]["id"] == inbound["from"]["id"]
    assert reply.body["conversation"]["conversationType"] == "channel"


async def test_invoke_answers_in_the_http_response(local: Harness) -> None:
    inbound = local.activity("invoke_adaptive_card_action_personal.json")

    status, text = await local.post(inbound)

    assert not local.errors, local.errors
    assert status == 200
    assert json.loads(text) == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.card.adaptive",
        "value": {"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": "Tak: test invokes"}]},
    }
    assert local.standin.received == []


async def test_a_body_that_is_not_an_activity_is_refused(local: Harness) -> None:
    async with local.client.post(
        local.url, data=b"{not json", headers={"Content-Type": "application/json"}
    ) as response:
        assert response.status == 400
    async with local.client.post(local.url, data=b"x", headers={"Content-Type": "text/plain"}) as response:
        assert response.status == 415
    assert local.bot.turns == []


# --- inbound authentication --------------------------------------------------------------------


async def test_credentials_set_and_no_authorization_header_gives_401(secured: Harness) -> None:
    status, _ = await secured.post(secured.activity("message_personal_chat.json"))

    assert status == 401
    assert secured.bot.turns == []
    assert secured.standin.received == []


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer garbage",
        "Bearer "
        + jwt.encode({"iss": "https://issuer.invalid", "aud": CREDENTIALS.app_id}, "k" * 32, algorithm="HS256"),
        "Basic dXNlcjpwYXNz",
    ],
    ids=["not-a-jwt", "foreign-issuer", "wrong-scheme"],
)
async def test_credentials_set_and_bad_token_gives_401(secured: Harness, authorization: str) -> None:
    status, _ = await secured.post(secured.activity("message_personal_chat.json"), {"Authorization": authorization})

    assert status == 401
    assert secured.bot.turns == []
    assert secured.standin.received == []


# --- connector failures ------------------------------------------------------------------------


async def test_429_surfaces_as_connector_error_with_retry_after(standin: ConnectorStandIn) -> None:
    activity = Activity(type=ActivityTypes.message, text="hej")
    async with BotConnector() as connector:
        standin.fail_next(429, retry_after="7")
        with pytest.raises(ConnectorError) as caught:
            await connector.send_to_conversation(standin.service_url, "a:conversation", activity)
        assert caught.value.status == 429
        assert caught.value.retry_after == 7.0
        assert caught.value.is_throttled
        assert "Status429" in caught.value.body

        # The next call goes through: the caller can retry.
        response = await connector.send_to_conversation(standin.service_url, "a:conversation", activity)
    assert response.id and response.id.startswith("standin-activity-")
    assert [r.kind for r in standin.received] == ["send", "send"]


async def test_429_during_a_turn_reaches_the_turn_error_boundary(local: Harness) -> None:
    local.standin.fail_next(429, retry_after="2.5")

    await local.post(local.activity("message_personal_chat.json"))

    [error] = local.errors
    assert isinstance(error, ConnectorError)
    assert (error.status, error.retry_after) == (429, 2.5)


async def test_500_then_success(local: Harness) -> None:
    local.standin.fail_next(500, body="upstream hiccup")
    inbound = local.activity("message_personal_chat.json")

    await local.post(inbound)
    status, _ = await local.post(inbound)

    assert status == 201
    [error] = local.errors
    assert isinstance(error, ConnectorError)
    assert (error.status, error.retry_after, error.body) == (500, None, "upstream hiccup")
    assert [r.kind for r in local.standin.received] == ["reply", "reply"]


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    # An HTTP date 30 s after the given clock.
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=lambda: 1445412480.0) == 30.0


# --- connection reuse --------------------------------------------------------------------------


async def test_many_turns_share_few_connections_to_the_connector(local: Harness) -> None:
    inbound = local.activity("message_personal_chat.json")

    for _ in range(20):
        assert (await local.post(inbound))[0] == 201
    results = await asyncio.gather(*(local.post(inbound) for _ in range(20)))

    assert all(status == 201 for status, _ in results)
    assert len(local.standin.received) == 40
    # The stock adapter opens a new connection per turn; ours keeps them alive. At most one per
    # concurrent turn, far fewer than 40.
    assert len(local.standin.peers) <= 21


async def test_sequential_turns_use_one_connection(local: Harness) -> None:
    inbound = local.activity("message_personal_chat.json")

    for _ in range(15):
        await local.post(inbound)

    assert len(local.standin.received) == 15
    assert len(local.standin.peers) == 1


# --- proactive, update, create conversation ----------------------------------------------------


async def test_continue_conversation_sends_to_the_stored_conversation(local: Harness) -> None:
    inbound = local.activity("message_personal_chat.json")
    await local.post(inbound)
    reference = TurnContext.get_conversation_reference(Activity().deserialize(inbound))
    sent: list[str] = []

    async def remind(context: TurnContext) -> None:
        response = await context.send_activity("Påmindelse: forslag til dagsorden senest fredag")
        sent.append(response.id)

    await local.adapter.continue_conversation(reference, remind, bot_app_id=None)

    proactive = local.standin.received[-1]
    assert proactive.conversation_id == inbound["conversation"]["id"]
    assert proactive.body["text"] == "Påmindelse: forslag til dagsorden senest fredag"
    assert proactive.body["recipient"]["id"] == inbound["from"]["id"]
    assert sent and sent[0].startswith("standin-activity-")


async def test_update_activity_puts_to_the_activity(local: Harness) -> None:
    class Updating(EchoBot):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            response = await turn_context.send_activity("Arbejder …")
            replacement = Activity(type=ActivityTypes.message, id=response.id, text="Færdig")
            await turn_context.update_activity(replacement)

    local.bot.__class__ = Updating
    inbound = local.activity("message_personal_chat.json")

    await local.post(inbound)

    _first, update = local.standin.received
    assert update.kind == "update"
    assert update.method == "PUT"
    assert update.conversation_id == inbound["conversation"]["id"]
    assert update.body["text"] == "Færdig"
    assert update.activity_id and update.activity_id.startswith("standin-activity-")
    assert not local.errors


async def test_create_conversation_posts_parameters_and_runs_the_callback(local: Harness) -> None:
    seen: list[str] = []

    async def greet(context: TurnContext) -> None:
        seen.append(context.activity.conversation.id)
        await context.send_activity("Hej, jeg er Mødeassistent")

    parameters = ConversationParameters(
        is_group=False,
        bot=ChannelAccount(id="28:11111111-2222-3333-4444-555555555555"),
        members=[ChannelAccount(id="29:member")],
        tenant_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    )
    await local.adapter.create_conversation(
        None, greet, parameters, channel_id="msteams", service_url=local.standin.service_url
    )

    create, greeting = local.standin.received
    assert create.kind == "create_conversation"
    assert create.body["members"] == [{"id": "29:member"}]
    assert create.body["tenantID"] == "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
    assert seen == [greeting.conversation_id]
    assert greeting.conversation_id.startswith("a:standin-conversation-")
    assert greeting.body["text"] == "Hej, jeg er Mødeassistent"


# --- outbound tokens from msal -----------------------------------------------------------------


async def test_msal_token_is_fetched_once_and_sent_on_every_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # requests lets these variables override an explicit `verify`; the stand-in's CA must win here.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    cert, key = make_self_signed_certificate(tmp_path)
    login = await LoginStandIn(cert, key).start()
    credentials = BotCredentials(app_id="app-123", app_password="s3cret", app_type="SingleTenant", tenant_id="tenant-x")
    tokens = build_token_source(credentials, login_host=login.login_host, verify=str(cert), instance_discovery=False)
    assert tokens is not None
    connector = BotConnector(tokens)
    adapter = SharedConnectorAdapter(build_authentication(credentials), connector)
    inbound = json.loads((ACTIVITIES / "message_personal_chat.json").read_text(encoding="utf-8"))
    try:
        async with ConnectorStandIn(required_token=login.access_token) as standin:
            inbound["serviceUrl"] = standin.service_url
            reference = TurnContext.get_conversation_reference(Activity().deserialize(inbound))

            async def remind(context: TurnContext) -> None:
                await context.send_activity("Husk mødet")

            for _ in range(3):
                await adapter.continue_conversation(reference, remind, bot_app_id=credentials.app_id)
    finally:
        await connector.close()
        await login.close()

    assert [r.authorization for r in standin.received] == [f"Bearer {login.access_token}"] * 3
    [token_request] = login.token_requests
    assert token_request["grant_type"] == "client_credentials"
    assert token_request["client_id"] == "app-123"
    assert token_request["client_secret"] == "s3cret"
    assert token_request["scope"] == "https://api.botframework.com/.default"


# --- serialisation ----------------------------------------------------------------------------


def _replies_to(inbound: Activity) -> list[Activity]:
    reference = TurnContext.get_conversation_reference(inbound)
    card = HeroCard(title="Punkt 3: Budget", buttons=[CardAction(type="imBack", title="Vis", value="vis punkt 3")])
    replies = [
        Activity(type=ActivityTypes.message, text="Echo: Hey"),
        Activity(
            type="message",
            text="<at>Test User</at> se bilag",
            attachments=[
                Attachment(content_type="application/vnd.microsoft.card.hero", content=card),
                Attachment(
                    content_type="application/vnd.microsoft.card.adaptive",
                    content={
                        "type": "AdaptiveCard",
                        "version": "1.5",
                        "body": [{"type": "TextBlock", "text": "Møde 12. marts", "wrap": True}],
                        "n": 3,
                        "x": 1.5,
                        "ok": None,
                    },
                ),
            ],
            entities=[Mention(mentioned=inbound.from_property, text="<at>Test User</at>", type="mention")],
            suggested_actions=SuggestedActions(actions=[CardAction(type="imBack", title="Ja", value="ja")]),
            channel_data={"notification": {"alert": True}},
            timestamp=inbound.timestamp,
            value=[1, "to", {"tre": 3}],
        ),
    ]
    return [TurnContext.apply_conversation_reference(reply, reference) for reply in replies]


@pytest.mark.parametrize("name", sorted(p.name for p in ACTIVITIES.glob("*.json")))
def test_fast_serialisation_matches_msrest(name: str) -> None:
    inbound = Activity().deserialize(json.loads((ACTIVITIES / name).read_text(encoding="utf-8")))

    for activity in [inbound, *_replies_to(inbound)]:
        assert serialize_model(activity) == activity.serialize()


@pytest.mark.parametrize("name", sorted(p.name for p in ACTIVITIES.glob("*.json")))
def test_fast_deserialisation_matches_msrest(name: str) -> None:
    data = json.loads((ACTIVITIES / name).read_text(encoding="utf-8"))
    data["unknownTopLevel"] = {"kept": [1, None]}

    fast, stock = deserialize_model(Activity, data), Activity().deserialize(data)

    assert fast == stock  # msrest models compare every attribute, additional_properties included
    assert fast.additional_properties == {"unknownTopLevel": {"kept": [1, None]}}
    # Spot checks that equality is not vacuous: a parsed date, a nested model.
    assert fast.timestamp == stock.timestamp
    assert (fast.timestamp is not None) == ("timestamp" in data)
    assert fast.attachments == stock.attachments
    assert (fast.from_property is not None) == ("from" in data)


def test_copy_activity_copies_the_models_and_shares_json_objects() -> None:
    inbound = Activity().deserialize(
        json.loads((ACTIVITIES / "message_channel_with_mention_vercel.json").read_text(encoding="utf-8"))
    )
    for original in [inbound, *_replies_to(inbound)]:
        clone = copy_activity(original)

        assert clone == original and clone is not original
        assert clone.serialize() == original.serialize()
        # What addressing the copy changes (models' attributes, lists of models) leaves the original alone.
        clone.conversation.id = "changed"
        if clone.attachments:
            clone.attachments[0].content_type = "changed"
            clone.attachments.append(clone.attachments[0])
        assert original.conversation.id != "changed"
        assert not original.attachments or original.attachments[0].content_type != "changed"
        assert original.attachments is None or len(original.attachments) < len(clone.attachments)
        # JSON objects are only read when sending: shared, not walked.
        assert clone.channel_data is original.channel_data


async def test_sending_leaves_the_bots_own_activity_untouched(local: Harness) -> None:
    mine = Activity(
        type=ActivityTypes.message, text="Uændret", attachments=[Attachment(content_type="text/plain", content="x")]
    )
    before = mine.serialize()

    class Sending(EchoBot):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(mine)

    local.bot.__class__ = Sending
    await local.post(local.activity("message_personal_chat.json"))

    assert mine.serialize() == before  # the conversation reference went onto a copy
    [reply] = local.standin.received
    assert reply.body["text"] == "Uændret"
    assert reply.body["conversation"]["id"] == local.activity("message_personal_chat.json")["conversation"]["id"]


def test_fast_deserialisation_hands_odd_values_to_msrest() -> None:
    data = {
        "type": "message",
        "id": 12345,
        "membersAdded": [{"id": "29:a"}, None],
        "localTimestamp": "2026-02-16T17:01:47.45-08:00",
    }

    assert deserialize_model(Activity, data) == Activity().deserialize(data)


def test_fast_serialisation_of_conversation_parameters_matches_msrest() -> None:
    parameters = ConversationParameters(
        is_group=False,
        bot=ChannelAccount(id="28:bot"),
        members=[ChannelAccount(id="29:a", name="Å")],
        tenant_id="t",
        activity=Activity(type="message", text="Hej"),
        channel_data={"tenant": {"id": "t"}},
    )
    assert serialize_model(parameters) == parameters.serialize()


# --- configuration -----------------------------------------------------------------------------


def test_credentials_from_env() -> None:
    assert BotCredentials.from_env({}).local_mode
    full = BotCredentials.from_env(
        {
            "MicrosoftAppId": "id",
            "MicrosoftAppPassword": "pw",
            "MicrosoftAppType": "singletenant",
            "MicrosoftAppTenantId": "t",
        }
    )
    assert (full.app_type, full.local_mode) == ("SingleTenant", False)
    assert "pw" not in repr(full)
    assert login_authority(full) == "https://login.microsoftonline.com/t"
    assert (
        login_authority(BotCredentials(app_id="id", app_password="pw"))
        == "https://login.microsoftonline.com/botframework.com"
    )
    assert build_token_source(BotCredentials()) is None


@pytest.mark.parametrize(
    "env",
    [
        {"MicrosoftAppId": "id"},
        {"MicrosoftAppPassword": "pw"},
        {"MicrosoftAppId": "id", "MicrosoftAppPassword": "pw", "MicrosoftAppType": "SingleTenant"},
        {"MicrosoftAppType": "Anonymous"},
        {"MicrosoftAppType": "UserAssignedMSI", "MicrosoftAppId": "id"},
    ],
)
def test_half_set_credentials_fail_fast(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        BotCredentials.from_env(env)


async def test_a_kept_alive_connection_the_server_closed_is_not_a_lost_reply() -> None:
    """The Agents Playground's connector (Node) drops idle keep-alive connections; a reply sent on one
    as it closed got ServerDisconnectedError and the member saw "something went wrong". Here a raw
    server answers the first request on each connection and closes it when a second one arrives."""
    answered: list[bytes] = []
    dropped: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for request in range(2):
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            length = next(int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length"))
            body = await reader.readexactly(length)
            if request == 1:  # a reused connection: closed without an answer
                dropped.append(body)
                break
            answered.append(body)
            answer = b'{"id": "a1"}'
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(answer)
            )
            writer.write(answer)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with BotConnector() as connector:
            for text in ("first", "second"):
                activity = Activity(type="message", text=text)
                sent = await connector.reply_to_activity(f"http://127.0.0.1:{port}/", "conv", "act", activity)
                assert sent.id == "a1"
    finally:
        server.close()
        await server.wait_closed()

    assert len(dropped) == 1 and b"second" in dropped[0]  # the second send met the closed connection...
    assert [b"first" in answered[0], b"second" in answered[1]] == [True, True]  # ...and was sent again, once
