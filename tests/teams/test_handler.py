"""Dialogs through the activity handler: recorded Teams activities in, Bot Connector calls out.

Each test runs ``MoedeassistentBot`` behind our ``SharedConnectorAdapter`` on a real aiohttp server
on 127.0.0.1, with a real SQLite file holding the two seed minutes, and reads what the Bot
Connector stand-in received (or the invoke response). Any attempt to leave 127.0.0.1 fails.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from botbuilder.schema import Activity

from bot.clock import COMMITTEE_TZ, FixedClock
from bot.conversations import Conversations, conversation_key
from bot.knowledge import Knowledge
from bot.services import build_services
from bot.settings import Settings
from bot.teams.adapter import SharedConnectorAdapter
from bot.teams.auth import BotCredentials, build_authentication
from bot.teams.connector import BotConnector
from bot.teams.console import CONSOLE_ADMIN, run_console
from bot.teams.handler import MoedeassistentBot, on_turn_error, strip_bot_mention
from bot.teams.render import ADAPTIVE_CARD
from storage.conversations_repository import get_conversation
from storage.database import create_engine, session_factory, upgrade
from tests.seeds import seed_date
from tests.teams.connector_standin import ConnectorStandIn, Received

ROOT = Path(__file__).resolve().parents[2]
ACTIVITIES = ROOT / ".." / "shared" / "activities"
SEEDS = ROOT / ".." / "shared" / "seeds"
FOLLOW_GROUP = "Følgegruppen for uddannelse og arbejde"  # the committee of seed 000
FOCUS_GROUP = "Fokusgruppen Sundhed & Beskæftigelse"  # the committee of seed 002
SENDER_OID = "00000000-1111-2222-3333-444444444444"  # the sender in the sample activities
DEADLINE_QUESTION = "Hvornår er fristen for besvarelse af spørgeskemaerne?"
DEADLINE_QUOTE = "Der er deadline for besvarelse af spørgeskemaerne den 22. februar."
SEED_000 = "000_ff41c34304ad259a.txt"
# A day between the two committees' next meetings (11 February and 13 April 2021).
NOW = dt.datetime(2021, 2, 10, 12, 0, tzinfo=COMMITTEE_TZ)


class Harness:
    """The bot behind the adapter on a real server, the connector stand-in and the database services."""

    def __init__(self, standin: ConnectorStandIn, url: str, conversations: Conversations, sessions: Any) -> None:
        self.standin, self.url, self.conversations, self.sessions = standin, url, conversations, sessions
        self.errors: list[BaseException] = []
        self.client = aiohttp.ClientSession()
        self.bot: MoedeassistentBot | None = None

    def activity(self, name: str, **changes: Any) -> dict[str, Any]:
        """A recorded activity pointed at the stand-in, with top-level fields replaced (None removes)."""
        payload = json.loads((ACTIVITIES / name).read_text(encoding="utf-8"))
        payload["serviceUrl"] = self.standin.service_url
        for key, value in changes.items():
            if value is None:
                payload.pop(key, None)
            else:
                payload[key] = value
        return payload

    async def post(self, payload: dict[str, Any]) -> tuple[int, Any]:
        async with self.client.post(self.url, json=payload) as response:
            text = await response.text()
            return response.status, (json.loads(text) if text else None)

    async def say(self, name: str, text: str, **changes: Any) -> list[Received]:
        """Post a message built from a recorded one; return what the stand-in received for it."""
        before = len(self.standin.received)
        status, _ = await self.post(self.activity(name, text=text, **changes))
        assert status == 201
        assert not self.errors, self.errors
        return self.standin.received[before:]


@pytest.fixture
async def harness(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    extra: dict[str, Any] = getattr(request, "param", {})  # indirect: "secretaries", "admins", "files"
    engine = create_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    await upgrade(engine)
    sessions = session_factory(engine)
    clock = FixedClock(NOW)
    settings = Settings(
        database_url="sqlite://", secretaries=extra.get("secretaries", {}), admins=frozenset(extra.get("admins", ()))
    )
    services = build_services(sessions, clock, settings)
    for seed in sorted(SEEDS.glob("*.txt")):
        await services.knowledge.ingest(seed, meeting_date=seed_date(seed))
    conversations = services.conversations
    connector = BotConnector()
    adapter = SharedConnectorAdapter(build_authentication(BotCredentials()), connector)
    bot = MoedeassistentBot(services, clock, files=extra.get("files"))

    async def messages(request: web.Request) -> web.StreamResponse:
        return await adapter.process(request, bot) or web.Response(status=201)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"
    async with ConnectorStandIn() as standin:
        h = Harness(standin, url, conversations, sessions)
        h.bot = bot

        async def record_error(context: Any, error: Exception) -> None:
            h.errors.append(error)
            await on_turn_error(context, error)

        adapter.on_turn_error = record_error
        try:
            yield h
        finally:
            await h.client.close()
            await runner.cleanup()
            await connector.close()
            await engine.dispose()


# --- reading cards -------------------------------------------------------------------------------


def card_of(received: Received) -> dict[str, Any]:
    [attachment] = received.body["attachments"]
    assert attachment["contentType"] == ADAPTIVE_CARD
    return attachment["content"]


def strings(node: Any) -> list[str]:
    """Every text a card shows (TextBlocks, fact titles and values), card-escaping undone."""
    found: list[str] = []
    if isinstance(node, dict):
        for key in ("text", "title", "value"):
            if isinstance(node.get(key), str):
                found.append(node[key].replace("\\", ""))
        for value in node.values():
            if isinstance(value, (dict, list)):
                found.extend(strings(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(strings(value))
    return found


def facts(card: dict[str, Any]) -> dict[str, list[str]]:
    """Fact titles to their values, in card order (a title may repeat, e.g. per source)."""
    out: dict[str, list[str]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "FactSet":
                for fact in node["facts"]:
                    out.setdefault(fact["title"], []).append(fact["value"].replace("\\", ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card.get("body", []))
    return out


# --- questions -----------------------------------------------------------------------------------


async def test_question_in_personal_chat_gets_an_answer_card_with_its_source(harness: Harness) -> None:
    [reply] = await harness.say("message_personal_chat.json", DEADLINE_QUESTION)

    inbound = harness.activity("message_personal_chat.json")
    assert reply.kind == "reply"
    assert (reply.conversation_id, reply.activity_id) == (inbound["conversation"]["id"], inbound["id"])
    card = card_of(reply)
    assert card["lang"] == "da"  # the recorded chat has no locale: Danish
    shown = strings(card)
    assert any("22. februar 2021" in text for text in shown)
    assert f"»{DEADLINE_QUOTE}«" in shown
    source = facts(card)
    assert source["Udvalg"][0] == FOLLOW_GROUP
    assert source["Møde"][0] == "torsdag den 4. februar 2021"
    assert source["Punkt"][0].startswith("6.2 Samarbejdsaftale om traumatiserede flygtninge")
    # "Vis hele punktet" shows the whole item 6.2 the quote comes from.
    [show] = card["actions"]
    assert show["type"] == "Action.ShowCard" and show["title"] == "Vis hele punktet"
    assert any(text.startswith("Punkt 6.2: Samarbejdsaftale") for text in strings(show["card"]))


async def test_english_locale_gets_english_words(harness: Harness) -> None:
    english = "When is the deadline for answering the questionnaires?"
    [reply] = await harness.say("message_personal_chat.json", english, locale="en-US")

    card = card_of(reply)
    assert card["lang"] == "en"
    assert any(text.startswith("The deadline is 22 February 2021") for text in strings(card))
    assert facts(card)["Committee"][0] == FOLLOW_GROUP
    assert facts(card)["Meeting"][0] == "Thursday 4 February 2021"
    assert card["actions"][0]["title"] == "Show the whole item"


async def test_danish_question_in_an_english_client_gets_danish(harness: Harness) -> None:
    """The answer follows the question's language, labels and all (seen in the Agents Playground,
    whose client is always en-US: English labels around a Danish quote)."""
    [reply] = await harness.say("message_personal_chat.json", DEADLINE_QUESTION, locale="en-US")

    card = card_of(reply)
    assert card["lang"] == "da"
    assert facts(card)["Møde"][0] == "torsdag den 4. februar 2021"
    assert card["actions"][0]["title"] == "Vis hele punktet"


async def test_unanswerable_question_says_so(harness: Harness) -> None:
    [reply] = await harness.say("message_personal_chat.json", "Hvem vandt Tour de France i 1998?")

    card = card_of(reply)
    shown = strings(card)
    assert shown[0] == "Det kan jeg ikke finde i referaterne."
    assert "actions" not in card and "Udvalg" not in facts(card)


async def test_channel_without_cards_gets_plain_text(harness: Harness) -> None:
    [reply] = await harness.say("message_personal_chat.json", DEADLINE_QUESTION, channelId="slack")

    body = reply.body
    assert not body.get("attachments")
    assert body["textFormat"] == "plain"
    lines = body["text"].splitlines()
    assert lines[0].startswith("Fristen er 22. februar 2021.")
    assert any(line.startswith(f"Kilde: {FOLLOW_GROUP}, torsdag den 4. februar 2021, punkt 6.2") for line in lines)


# --- help and mentions ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["hjælp", "Hjælp!", "help", "?"])
async def test_help_words_get_the_help_card(harness: Harness, text: str) -> None:
    [reply] = await harness.say("message_personal_chat.json", text)

    card = card_of(reply)
    assert strings(card)[0] == "Det kan jeg hjælpe med"
    assert [action["data"]["msteams"]["type"] for action in card["actions"]] == ["imBack"] * 3


async def test_bare_mention_in_a_channel_gets_help_in_the_thread(harness: Harness) -> None:
    inbound = harness.activity("message_channel_with_mention_vercel.json")

    [reply] = await harness.say("message_channel_with_mention_vercel.json", "<at>Chat SDK Demo</at> ")

    assert reply.kind == "reply"
    assert reply.conversation_id == inbound["conversation"]["id"]  # …;messageid=…: the thread
    assert reply.activity_id == inbound["id"]
    assert strings(card_of(reply))[0] == "What I can help with"  # the channel's client is en-US


async def test_mention_without_entity_is_removed_too(harness: Harness) -> None:
    [reply] = await harness.say("message_channel_reply_with_mention.json", "<at>ridotest</at> hjælp", entities=[])

    assert strings(card_of(reply))[0] == "What I can help with"


def test_strip_bot_mention_keeps_other_peoples_names() -> None:
    payload = json.loads((ACTIVITIES / "message_channel_with_mention_vercel.json").read_text(encoding="utf-8"))
    payload["text"] = "<at>Chat SDK Demo</at> hvad sagde <at>Anna Holm</at> om IPS?"

    assert strip_bot_mention(Activity().deserialize(payload)) == "hvad sagde Anna Holm om IPS?"


# --- committee links -----------------------------------------------------------------------------


@pytest.mark.parametrize("harness", [{"admins": (SENDER_OID,)}], indirect=True)  # linking is an admin's act
async def test_link_committee_then_question_searches_that_committee_first(harness: Harness) -> None:
    channel = "message_channel_with_mention_vercel.json"
    thread = harness.activity(channel)["conversation"]
    other_thread = {**thread, "id": thread["id"].split(";")[0] + ";messageid=1771290199999"}

    [before] = await harness.say(channel, "<at>Chat SDK Demo</at> Hvornår er næste møde?", locale="da-DK")
    [linked] = await harness.say(channel, "<at>Chat SDK Demo</at> tilknyt udvalg følgegruppen", locale="da-DK")
    [after] = await harness.say(
        channel, "<at>Chat SDK Demo</at> Hvornår er næste møde?", locale="da-DK", conversation=other_thread
    )

    assert set(facts(card_of(before))["Udvalg"]) == {FOLLOW_GROUP, FOCUS_GROUP}
    assert linked.body["text"].startswith(f"Denne kanal er nu knyttet til {FOLLOW_GROUP}.")
    # The link holds for the whole channel, so a question in another thread uses it.
    assert facts(card_of(after))["Udvalg"] == [FOLLOW_GROUP]
    assert strings(card_of(after))[0].startswith(f"Næste møde i {FOLLOW_GROUP} er 13. april 2021")
    assert after.conversation_id == other_thread["id"]
    key = conversation_key("msteams", thread["id"])
    assert await harness.conversations.committee_for(key) == FOLLOW_GROUP


@pytest.mark.parametrize("harness", [{"admins": (SENDER_OID,)}], indirect=True)  # linking is an admin's act
async def test_unlink_committee(harness: Harness) -> None:
    channel = "message_channel_with_mention_vercel.json"
    await harness.say(channel, "<at>Chat SDK Demo</at> link committee fokusgruppen")

    [unlinked] = await harness.say(channel, "<at>Chat SDK Demo</at> unlink committee")
    [again] = await harness.say(channel, "<at>Chat SDK Demo</at> fjern tilknytning")

    assert unlinked.body["text"] == f"This channel is no longer linked to {FOCUS_GROUP}."
    assert again.body["text"] == "This channel is not linked to any committee."
    key = conversation_key("msteams", harness.activity(channel)["conversation"]["id"])
    assert await harness.conversations.committee_for(key) is None


async def test_unknown_committee_names_the_known_ones(harness: Harness) -> None:
    [reply] = await harness.say("message_personal_chat.json", "tilknyt udvalg Sundhedsstyrelsen")

    text = reply.body["text"]
    assert "Sundhedsstyrelsen" in text
    assert FOLLOW_GROUP in text and FOCUS_GROUP in text


# --- install, removal and the conversation reference --------------------------------------------


async def test_install_in_a_team_remembers_the_channel_and_welcomes_once(harness: Harness) -> None:
    install = harness.activity("installation_update_add_team.json")
    added = harness.activity("conversation_update_bot_added_to_team.json")

    assert (await harness.post(install))[0] == 201
    assert (await harness.post(added))[0] == 201  # Teams announces the same install twice

    assert not harness.errors
    [welcome] = harness.standin.received
    assert welcome.conversation_id == install["conversation"]["id"]
    assert strings(card_of(welcome))[0] == "Hello, I'm Mødeassistent"  # the install came from en-US
    async with harness.sessions() as session:
        ref = await get_conversation(session, channel_id="msteams", conversation_id=install["conversation"]["id"])
    assert ref is not None
    assert ref.service_url == harness.standin.service_url
    assert ref.conversation_type == "channel"
    assert ref.tenant_id == install["conversation"]["tenantId"]
    assert ref.team_id == install["channelData"]["team"]["id"]
    assert ref.teams_channel_id == install["channelData"]["channel"]["id"]
    assert (ref.bot_id, ref.bot_name) == (install["recipient"]["id"], install["recipient"]["name"])


async def test_bot_added_by_conversation_update_gets_welcome(harness: Harness) -> None:
    status, _ = await harness.post(harness.activity("conversation_update_bot_added_to_team.json", locale="da-DK"))

    assert status == 201
    [welcome] = harness.standin.received
    assert strings(card_of(welcome))[0] == "Hej, jeg er Mødeassistent"


async def test_uninstall_and_removal_forget_the_conversation_without_a_reply(harness: Harness) -> None:
    install = harness.activity("installation_update_add_team.json")
    await harness.post(install)
    conversation_id = install["conversation"]["id"]

    uninstall = {**install, "action": "remove"}
    assert (await harness.post(uninstall))[0] == 201

    assert len(harness.standin.received) == 1  # only the welcome
    async with harness.sessions() as session:
        assert await get_conversation(session, channel_id="msteams", conversation_id=conversation_id) is None

    # Added back, then removed as a member: the same again.
    await harness.post(install)
    removed = harness.activity("conversation_update_bot_added_to_team.json", membersAdded=None)
    removed["membersRemoved"] = [{"id": removed["recipient"]["id"]}]
    assert (await harness.post(removed))[0] == 201
    async with harness.sessions() as session:
        assert await get_conversation(session, channel_id="msteams", conversation_id=conversation_id) is None
    assert not harness.errors


async def test_other_members_coming_and_going_are_remembered_quietly(harness: Harness) -> None:
    joined = harness.activity("conversation_update_bot_added_to_team.json")
    joined["membersAdded"] = [{"id": "29:new-colleague"}]
    left = harness.activity("conversation_update_bot_added_to_team.json", membersAdded=None)
    left["membersRemoved"] = [{"id": "29:new-colleague"}]

    assert (await harness.post(joined))[0] == 201
    assert (await harness.post(left))[0] == 201

    assert harness.standin.received == [] and not harness.errors
    async with harness.sessions() as session:
        ref = await get_conversation(session, channel_id="msteams", conversation_id=joined["conversation"]["id"])
    assert ref is not None and ref.team_id == joined["channelData"]["team"]["id"]


async def test_a_message_remembers_the_conversation_and_the_user(harness: Harness) -> None:
    inbound = harness.activity("message_channel_reply_with_mention.json")

    await harness.say("message_channel_reply_with_mention.json", "<at>ridotest</at> hjælp")

    async with harness.sessions() as session:
        stored = await get_conversation(session, channel_id="msteams", conversation_id=inbound["conversation"]["id"])
        channel = await get_conversation(
            session, channel_id="msteams", conversation_id=inbound["conversation"]["id"].split(";")[0]
        )
    assert stored is None  # a thread is stored as its channel, so a proactive message starts a new post
    assert channel is not None
    assert channel.team_id == inbound["channelData"]["team"]["id"]
    assert channel.tenant_id == inbound["conversation"]["tenantId"]
    assert channel.locale == "en-US"


# --- show the whole item -------------------------------------------------------------------------

SHOW_ITEM = {"action": "show_item", "document": SEED_000, "item_number": "6.2"}


async def test_show_item_by_card_submit(harness: Harness) -> None:
    inbound = harness.activity("message_channel_card_action_submit.json", value=SHOW_ITEM)

    status, _ = await harness.post(inbound)

    assert status == 201 and not harness.errors
    [reply] = harness.standin.received
    assert reply.conversation_id == inbound["conversation"]["id"]
    card = card_of(reply)
    assert strings(card)[0].startswith("Item 6.2: Samarbejdsaftale om traumatiserede flygtninge")
    assert facts(card)["Committee"] == [FOLLOW_GROUP]
    assert any(DEADLINE_QUOTE in text for text in strings(card))


async def test_show_item_by_invoke_answers_in_the_invoke_response(harness: Harness) -> None:
    inbound = harness.activity("invoke_adaptive_card_action_personal.json")
    inbound["value"]["action"]["data"] = SHOW_ITEM

    status, body = await harness.post(inbound)

    assert status == 200 and not harness.errors
    assert harness.standin.received == []  # the answer is the response, not a new message
    assert body["statusCode"] == 200
    assert body["type"] == ADAPTIVE_CARD
    assert strings(body["value"])[0].startswith("Item 6.2: Samarbejdsaftale om traumatiserede flygtninge")


async def test_unknown_card_action_by_invoke_gets_a_message(harness: Harness) -> None:
    status, body = await harness.post(harness.activity("invoke_adaptive_card_action_personal.json"))

    assert status == 200 and not harness.errors
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert body["value"].startswith("I can no longer use that button.")
    assert harness.standin.received == []


async def test_an_unknown_card_action_is_logged_by_its_name_not_by_what_the_user_typed(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    activity = harness.activity("invoke_adaptive_card_action_personal.json")
    activity["value"]["action"] = {"type": "Action.Execute", "data": {"action": "gone", "reason": "Mette er syg"}}

    with caplog.at_level(logging.DEBUG):
        status, _ = await harness.post(activity)

    assert status == 200
    assert "unknown card action 'gone'" in caplog.text
    assert "Mette" not in caplog.text


async def test_show_item_by_text_and_a_missing_item(harness: Harness) -> None:
    [found] = await harness.say("message_personal_chat.json", f"vis punkt 6.2 i {SEED_000}")
    [missing] = await harness.say("message_personal_chat.json", f"vis punkt 99 i {SEED_000}")

    assert strings(card_of(found))[0].startswith("Punkt 6.2: Samarbejdsaftale")
    assert missing.body["text"] == f"Jeg kan ikke finde punkt 99 i referatet {SEED_000}."


# --- what the bot does not answer ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["messageReaction", "typing", "somethingNew"])
async def test_unknown_or_unused_activity_types_get_no_reply(harness: Harness, kind: str) -> None:
    payload = harness.activity("message_personal_chat.json", type=kind)
    if kind == "messageReaction":
        payload["reactionsAdded"] = [{"type": "like"}]

    status, _ = await harness.post(payload)

    assert status == 201
    assert harness.standin.received == [] and not harness.errors


async def test_unsupported_invoke_is_refused_without_a_message(harness: Harness) -> None:
    status, _ = await harness.post(harness.activity("invoke_compose_extension_query.json"))

    assert status == 400  # the bot offers no message extension (botbuilder would answer 501)
    assert harness.standin.received == [] and not harness.errors


# --- the error boundary --------------------------------------------------------------------------


async def test_a_failing_turn_is_logged_and_the_user_told(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("index is gone")

    monkeypatch.setattr(Knowledge, "ask", broken)
    inbound = harness.activity("message_personal_chat.json", text=DEADLINE_QUESTION)

    with caplog.at_level(logging.ERROR, logger="bot.teams.handler"):
        status, _ = await harness.post(inbound)

    assert status == 201
    [error] = harness.errors
    assert str(error) == "index is gone"
    [record] = [r for r in caplog.records if r.name == "bot.teams.handler"]
    assert inbound["id"] in record.getMessage() and inbound["conversation"]["id"] in record.getMessage()
    assert record.exc_info is not None
    [sorry] = harness.standin.received
    assert sorry.body["text"] == "Beklager, noget gik galt hos mig. Prøv igen om lidt."


# --- the console channel -------------------------------------------------------------------------


@pytest.mark.parametrize("harness", [{"admins": (CONSOLE_ADMIN,)}], indirect=True)  # as python -m bot chat runs it
async def test_console_runs_the_same_dialogs_in_plain_text(harness: Harness) -> None:
    assert harness.bot is not None
    out = io.StringIO()
    lines = io.StringIO(f"{DEADLINE_QUESTION}\ntilknyt udvalg fokusgruppen\nhjælp\n\nnot read\n")

    await run_console(harness.bot, stdin=lines, out=out)

    printed = out.getvalue()
    assert printed.startswith("Hej, jeg er Mødeassistent\n")  # the console joins like an install
    assert "Fristen er 22. februar 2021." in printed
    assert f"Kilde: {FOLLOW_GROUP}, torsdag den 4. februar 2021, punkt 6.2" in printed
    assert f"Denne chat er nu knyttet til {FOCUS_GROUP}." in printed
    assert "Det kan jeg hjælpe med\n" in printed
    assert "Det kan jeg ikke finde" not in printed  # an empty line ends the chat: "not read" is not asked
    assert harness.standin.received == []  # nothing went to the Bot Connector


# --- a file the user accepted -----------------------------------------------------------------------------------

SECRETARY_OID = "5a6b7c8d-0000-4000-8000-00000000cafe"


class OneDriveAtItsLimit:
    """Stands in for OneDriveUploads refusing the file before any request, as its ``put`` documents (ValueError)."""

    def __init__(self) -> None:
        self.tried: list[int] = []

    async def put(self, upload_url: str, data: bytes) -> None:
        self.tried.append(len(data))
        raise ValueError(f"cannot upload {len(data)} bytes in one request")


AT_ITS_LIMIT = OneDriveAtItsLimit()


@pytest.mark.parametrize(
    "harness",
    [{"secretaries": {"Følgegruppen for uddannelse og arbejde": (SECRETARY_OID,)}, "files": AT_ITS_LIMIT}],
    indirect=True,
)
async def test_a_file_onedrive_cannot_take_in_one_request_is_told_and_the_invoke_succeeds(harness: Harness) -> None:
    context = {
        "action": "export_agenda",
        "committee": "Følgegruppen for uddannelse og arbejde",
        "meeting_date": "2021-04-13",
        "format": "docx",
        "language": "da",
    }
    answer = harness.activity("invoke_adaptive_card_action_personal.json")
    answer["name"] = "fileConsent/invoke"
    answer["from"] = {**answer["from"], "aadObjectId": SECRETARY_OID}
    answer["value"] = {
        "type": "fileUpload",
        "action": "accept",
        "context": context,
        "uploadInfo": {
            "contentUrl": "https://contoso-my.sharepoint.com/personal/sanne/Documents/Dagsordensudkast.docx",
            "name": "Dagsordensudkast.docx",
            "uploadUrl": "https://contoso-my.sharepoint.com/upload?tempauth=x",
            "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C8C",
            "fileType": "docx",
            "etag": "1",
        },
    }
    before = len(harness.standin.received)

    status, _ = await harness.post(answer)

    assert status == 200 and not harness.errors
    assert AT_ITS_LIMIT.tried and AT_ITS_LIMIT.tried[-1] > 0  # the agenda was made and handed over
    [said] = harness.standin.received[before:]
    assert said.body["text"].startswith("Sorry, I couldn't save the file to your OneDrive")  # the recorded locale is en
