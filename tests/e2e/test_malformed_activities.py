"""Malformed activities against the real service in local mode: a 4xx, no traceback, nothing stored, nothing sent.

Each shape is one that a fuzz run found answered 500 or 501, or left a traceback in the log, before the
shape check at the edge (bot/teams/activity_shape.py). The Bot Connector is the local stand-in.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.e2e.test_service import Service, recorded, start_service
from tests.teams.connector_standin import ConnectorStandIn

Shape = Callable[[str], dict | str]


def message(service_url: str, **changes: object) -> dict:
    activity = recorded("message_personal_chat.json", service_url, text="hjælp")
    activity.update(changes)
    return activity


def invoke(service_url: str, value: object, name: str = "adaptiveCard/action") -> dict:
    activity = recorded("invoke_adaptive_card_action_personal.json", service_url, value=value)
    activity["name"] = name
    return activity


def without(activity: dict, field: str) -> dict:
    activity = copy.deepcopy(activity)
    activity.pop(field)
    return activity


def raw_with_surrogate(activity: dict, where: str) -> str:
    """The activity as JSON text with a lone surrogate escaped into the string ``where`` names."""
    marker = "@@SURROGATE@@"
    if where == "id":
        activity["id"] = marker
    elif where == "conversation.id":
        activity["conversation"]["id"] = marker
    elif where == "from.id":
        activity["from"]["id"] = marker
    elif where == "text":
        activity["text"] = "hvornår " + marker
    elif where == "key":
        activity["channelData"][marker] = 1
    return json.dumps(activity).replace(marker, "\\udc80x")


MENTION_AS_NUMBER = [{"type": "mention", "text": 12, "mentioned": {"id": "28:11111111-2222-3333-4444-555555555555"}}]
FILE = {"contentType": "text/plain", "contentUrl": "http://127.0.0.1:9/referat.txt", "name": "referat.txt"}

SHAPES: dict[str, tuple[Shape, int]] = {
    "card action, value null": (lambda url: invoke(url, None), 400),
    "card action, value {}": (lambda url: invoke(url, {}), 400),
    "card action, bare action": (lambda url: invoke(url, {"action": {}}), 400),
    "card action, action is text": (lambda url: invoke(url, {"action": "accept"}), 400),
    "card action, Action.Submit": (lambda url: invoke(url, {"action": {"type": "Action.Submit"}}), 400),
    "sign-in token exchange": (lambda url: invoke(url, {"id": "x", "token": "t"}, "signin/tokenExchange"), 400),
    "sign-in verify state": (lambda url: invoke(url, {"state": "123456"}, "signin/verifyState"), 400),
    "message extension query": (lambda url: invoke(url, {"commandId": "x"}, "composeExtension/query"), 400),
    "invoke without a name": (lambda url: without(invoke(url, {}), "name"), 400),
    "proposal id 2^64, submit": (lambda url: message(url, value={"action": "accept", "proposal_id": 2**64}), 400),
    "proposal id -2^64, submit": (lambda url: message(url, value={"action": "withdraw", "proposal_id": -(2**64)}), 400),
    "proposal id 2^64, Action.Execute": (
        lambda url: invoke(
            url, {"action": {"type": "Action.Execute", "data": {"action": "accept", "proposal_id": 2**64}}}
        ),
        400,
    ),
    "lone surrogate in the id": (lambda url: raw_with_surrogate(message(url), "id"), 400),
    "lone surrogate in the conversation id": (lambda url: raw_with_surrogate(message(url), "conversation.id"), 400),
    "lone surrogate in the sender's id": (lambda url: raw_with_surrogate(message(url), "from.id"), 400),
    "lone surrogate in the text": (lambda url: raw_with_surrogate(message(url), "text"), 400),
    "lone surrogate in a key": (lambda url: raw_with_surrogate(message(url), "key"), 400),
    "NaN": (lambda url: json.dumps(message(url, value={"x": float("nan")})), 400),
    "mention with a number as text": (lambda url: message(url, entities=MENTION_AS_NUMBER), 400),
    "entities not a list": (lambda url: message(url, entities={"type": "mention"}), 400),
    "text a number": (lambda url: message(url, text=42), 400),
    "channelId a number": (lambda url: message(url, channelId=7), 400),
    "no channelId": (lambda url: without(message(url), "channelId"), 400),
    "no type": (lambda url: without(message(url), "type"), 400),
    "null conversation": (lambda url: message(url, conversation=None), 400),
    "no conversation": (lambda url: without(message(url), "conversation"), 400),
    "conversation id a number": (lambda url: message(url, conversation={"id": 5, "conversationType": "personal"}), 400),
    "conversation id of 10,000 characters": (
        lambda url: message(url, conversation={"id": "a:" + "x" * 10_000, "conversationType": "personal"}),
        400,
    ),
    "from a list": (lambda url: message(url, **{"from": ["29:x"]}), 400),
    "serviceUrl not a url": (lambda url: message(url, serviceUrl="not a url"), 400),
    "no serviceUrl": (lambda url: without(message(url), "serviceUrl"), 400),
    "serviceUrl ftp": (lambda url: message(url, serviceUrl="ftp://127.0.0.1/"), 400),
    "serviceUrl with a bad port": (lambda url: message(url, serviceUrl="http://127.0.0.1:99999/"), 400),
    "serviceUrl with user:password": (
        lambda url: message(url, serviceUrl=url.replace("http://", "http://user:password@")),
        400,
    ),
    "serviceUrl off loopback": (lambda url: message(url, serviceUrl="https://smba.trafficmanager.net/amer/"), 403),
    "serviceUrl on a private address": (lambda url: message(url, serviceUrl="http://10.0.0.5:3978/"), 403),
    "expectReplies without conversation": (
        lambda url: without(message(url, deliveryMode="expectReplies"), "conversation"),
        400,
    ),
    "unknown deliveryMode": (lambda url: message(url, deliveryMode="everywhere"), 400),
    "1,000 attachments": (lambda url: message(url, attachments=[FILE] * 1000), 413),
    "attachments of text": (lambda url: message(url, attachments=["referat.txt"]), 400),
}


@pytest.fixture
async def local(tmp_path: Path) -> AsyncIterator[tuple[Service, ConnectorStandIn]]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", load_examples=False)
    async with ConnectorStandIn() as connector:
        runner, service, http = await start_service(settings)
        yield service, connector
        await http.close()
        await runner.cleanup()


async def post(service: Service, body: dict | str) -> tuple[int, str]:
    data = body if isinstance(body, str) else json.dumps(body)
    headers = {"Content-Type": "application/json"}
    async with service.http.post(f"{service.url}/api/messages", data=data, headers=headers) as response:
        return response.status, await response.text()


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("shape", list(SHAPES))
async def test_a_malformed_activity_gets_a_4xx_and_leaves_nothing(
    local: tuple[Service, ConnectorStandIn], caplog: pytest.LogCaptureFixture, shape: str
) -> None:
    service, connector = local
    caplog.set_level(logging.INFO)
    make, expected = SHAPES[shape]

    status, _ = await post(service, make(connector.service_url))

    assert status == expected
    assert not tracebacks(caplog)
    assert await service.stored_conversations() == 0
    assert connector.received == []


async def test_the_same_activities_well_formed_are_answered(
    local: tuple[Service, ConnectorStandIn], caplog: pytest.LogCaptureFixture
) -> None:
    # The shapes above differ from these in the one field the test names, so the 4xx is that field's.
    service, connector = local
    caplog.set_level(logging.INFO)
    url = connector.service_url
    localhost = url.replace("127.0.0.1", "localhost")
    execute = {"action": {"type": "Action.Execute", "data": {"action": "withdraw", "proposal_id": 2**40}}}
    for body in (
        message(url),
        message(localhost, id="2"),
        message(url, id="3", value={"action": "withdraw", "proposal_id": 2**40}),  # no such row: told so
        message(url, id="4", attachments=[FILE] * 20),
        invoke(url, execute),
    ):
        status, _ = await post(service, body)
        assert status in (200, 201)
    assert not tracebacks(caplog)
    assert await service.stored_conversations() == 2  # the personal chat and the invoke's chat
    replies = [
        r.body.get("text", "") + json.dumps(r.body.get("attachments"), ensure_ascii=False) for r in connector.received
    ]
    assert len(replies) == 4
    assert "hvilket forslag knappen gælder" in replies[2]


async def test_a_send_off_loopback_in_local_mode_is_refused_before_it_leaves(
    local: tuple[Service, ConnectorStandIn],
) -> None:
    from botbuilder.schema import Activity

    from bot.app import ADAPTER
    from bot.teams.connector import ConnectorError

    service, _ = local
    connector = service.app[ADAPTER].connector
    for url in ("https://smba.trafficmanager.net/amer/", "http://user:password@127.0.0.1:9/"):
        with pytest.raises(ConnectorError) as refused:
            await connector.send_to_conversation(url, "a:1", Activity(type="message", text="hej"))
        assert refused.value.status == 403
