"""Agenda proposals through the real service on 127.0.0.1: recorded Teams activities in, what reached
the Bot Connector stand-in (or the invoke response) out.

The app is the one ``create_app`` builds (SQLite file, FixedClock, both seed minutes ingested); every
activity's serviceUrl points at the stand-in, so the proactive notices to submitters are seen there.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.app import SERVICES, create_app
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.proposals.model import Person, ProposalStatus
from bot.proposals.service import Proposals
from bot.settings import Settings
from tests.seeds import seed_date
from tests.teams.connector_standin import ConnectorStandIn, Received
from tests.teams.onedrive_standin import OneDriveStandIn

ROOT = Path(__file__).resolve().parents[2]
ACTIVITIES = ROOT.parent / "shared" / "activities"
SEEDS = ROOT.parent / "shared" / "seeds"
ADAPTIVE = "application/vnd.microsoft.card.adaptive"
INVOKE_MESSAGE = "application/vnd.microsoft.activity.message"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FOLLOW_GROUP = "Følgegruppen for uddannelse og arbejde"  # seed 000: met 4 February, next 13 April 2021
FOCUS_GROUP = "Fokusgruppen Sundhed & Beskæftigelse"  # seed 002: next meetings 11 February, 27 May 2021
EARLY_MARCH = dt.datetime(2021, 3, 3, 10, 0, tzinfo=COMMITTEE_TZ)
SECRETARY_OID = "7d3b3a52-9a6f-4c1e-8d2b-5e6f7a8b9c0d"
PERSONAL = "message_personal_chat.json"
CHANNEL = "message_channel_with_mention_vercel.json"
SUBMIT = "message_channel_card_action_submit.json"
INVOKE = "invoke_adaptive_card_action_personal.json"
# The points seed 000 lists under "8. Punkter til næste møde i følgegruppen den 13. april 2021".
LISTED_FOR_13_APRIL = (
    "Temadrøftelse om praksisplanen",
    "Opfølgning vedr. dagens drøftelse af følgegruppens understøttelse af forløbsprogrammet for depression",
    "Evt. fast statuspunkt om IPS",
    "Borgere med PTSD",
    "Drøftelse af følgegruppens input til midtvejsstatus for Sundhedsaftalen 2019-2023",
)
POSTPONED = "Prøvehandlinger for 3 somatiske patientgrupper"


class Bot:
    """The running service, the clock it reads, and the connector stand-in it sends to."""

    def __init__(
        self,
        app: web.Application,
        url: str,
        clock: FixedClock,
        connector: ConnectorStandIn,
    ) -> None:
        self.app, self.url, self.clock, self.connector = app, url, clock, connector
        self.http = aiohttp.ClientSession()
        self._ids = 0

    @property
    def proposals(self) -> Proposals:
        return self.app[SERVICES].proposals

    def activity(
        self,
        name: str,
        *,
        text: str | None = None,
        value: Any = None,
        locale: str = "da-DK",
        **changes: Any,
    ) -> dict:
        """A recorded activity pointed at the stand-in, with a fresh id (a new message, not a retry)."""
        activity = json.loads((ACTIVITIES / name).read_text(encoding="utf-8"))
        activity["serviceUrl"] = self.connector.service_url
        activity["locale"] = locale
        self._ids += 1
        activity["id"] = f"{activity['id']}-{self._ids}"
        if text is not None:
            activity["text"] = f"<at>{activity['recipient']['name']}</at> {text}" if name == CHANNEL else text
        if value is not None:
            if activity["type"] == "invoke":
                activity["value"]["action"]["data"] = value
                activity["value"]["action"]["verb"] = value.get("action") if isinstance(value, dict) else None
            else:
                activity["value"] = value
        activity.update(changes)
        return activity

    async def post(self, activity: dict) -> tuple[int, Any]:
        async with self.http.post(f"{self.url}/api/messages", json=activity) as response:
            body = await response.text()
            return response.status, (json.loads(body) if body else None)

    async def say(self, activity: dict) -> list[Received]:
        """Post a message activity; return what reached the connector for it."""
        before = len(self.connector.received)
        status, _ = await self.post(activity)
        assert status in (200, 201), status
        return self.connector.received[before:]

    async def close(self) -> None:
        await self.http.close()


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    async with ConnectorStandIn() as standin:
        yield standin


async def start(tmp_path: Path, connector: ConnectorStandIn, now: dt.datetime) -> tuple[web.AppRunner, Bot]:
    clock = FixedClock(now)
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", load_examples=False)
    app = create_app(settings, clock)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    for seed in sorted(SEEDS.glob("*.txt")):
        await app[SERVICES].knowledge.ingest(seed, meeting_date=seed_date(seed))
    await app[SERVICES].proposals.add_secretary(FOLLOW_GROUP, SECRETARY_OID, by="test")
    return runner, Bot(app, f"http://127.0.0.1:{runner.addresses[0][1]}", clock, connector)


@pytest.fixture
async def bot(tmp_path: Path, connector: ConnectorStandIn) -> AsyncIterator[Bot]:
    runner, running = await start(tmp_path, connector, EARLY_MARCH)
    yield running
    await running.close()
    await runner.cleanup()


# ---------------------------------------------------------------------------- reading what was sent


def card_of(received: Received | dict) -> dict:
    body = received.body if isinstance(received, Received) else received
    [attachment] = body["attachments"]
    assert attachment["contentType"] == ADAPTIVE
    return attachment["content"]


def shown(card: dict) -> str:
    """The texts a reader sees (TextBlocks, facts, button titles), card escapes undone, one per line."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "value"):
                if isinstance(node.get(key), str):
                    found.append(re.sub(r"\\(.)", r"\1", node[key]))
            for value in node.values():
                if isinstance(value, (dict, list)):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card.get("body", []))
    walk(card.get("actions", []))
    return "\n".join(found)


def facts(card: dict) -> dict[str, str]:
    out: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "FactSet":
                for fact in node["facts"]:
                    out.setdefault(fact["title"], fact["value"].replace("\\", ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card["body"])
    return out


def buttons(card: dict, verb: str) -> list[dict]:
    found: list[dict] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Execute" and node.get("verb") == verb:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def member(activity: dict) -> Person:
    sender = activity["from"]
    return Person(sender["id"], sender.get("aadObjectId"), sender.get("name"))


def as_secretary(activity: dict) -> dict:
    activity["from"] = {
        "id": "29:secretary",
        "name": "Sanne Sekretær",
        "aadObjectId": SECRETARY_OID,
    }
    if activity["conversation"].get("conversationType") == "personal":  # the secretary's own chat with the bot
        activity["conversation"] = {
            **activity["conversation"],
            "id": "a:secretary-personal-chat",
        }
    return activity


async def link_channel(bot: Bot, committee: str = "følgegruppen") -> None:
    if committee == "fokusgruppen":
        await bot.proposals.add_secretary(FOCUS_GROUP, SECRETARY_OID, by="test")  # linking is a secretary's act
    [linked] = await bot.say(as_secretary(bot.activity(CHANNEL, text=f"tilknyt udvalg {committee}")))
    assert "knyttet til" in linked.body["text"]


# ---------------------------------------------------------------------------- proposing


async def test_proposal_by_text_in_a_linked_channel_is_confirmed_with_its_meeting(
    bot: Bot,
) -> None:
    await link_channel(bot)
    inbound = bot.activity(CHANNEL, text="Forslag til dagsorden: Temadrøftelse om praksisplanen")

    [reply] = await bot.say(inbound)

    assert reply.kind == "reply" and reply.activity_id == inbound["id"]
    card = card_of(reply)
    assert shown(card).startswith("Dit forslag er modtaget")
    assert facts(card)["Titel"] == "Temadrøftelse om praksisplanen"
    assert facts(card)["Udvalg"] == FOLLOW_GROUP
    assert facts(card)["Møde"] == "tirsdag den 13. april 2021"
    [stored] = await bot.proposals.mine(member(inbound))
    assert (stored.title, stored.committee, stored.meeting_date) == (
        "Temadrøftelse om praksisplanen",
        FOLLOW_GROUP,
        dt.date(2021, 4, 13),
    )
    assert stored.conversation_id == inbound["conversation"]["id"].split(";")[0]  # the channel, not the thread
    assert facts(card)["Forslag nr."] == str(stored.id)


async def test_english_agenda_proposal_gets_an_english_receipt(bot: Bot) -> None:
    await link_channel(bot)

    [reply] = await bot.say(bot.activity(CHANNEL, text="Agenda proposal: Citizens with PTSD", locale="en-US"))

    card = card_of(reply)
    assert card["lang"] == "en"
    assert facts(card)["Title"] == "Citizens with PTSD" and facts(card)["Meeting"] == "Tuesday 13 April 2021"


async def test_forslag_alone_shows_the_form_with_the_upcoming_meetings(
    bot: Bot,
) -> None:
    await link_channel(bot, "fokusgruppen")

    [reply] = await bot.say(bot.activity(CHANNEL, text="forslag"))

    card = card_of(reply)
    inputs = {n["id"]: n for n in card["body"] if str(n.get("type", "")).startswith("Input.")}
    assert [c["value"] for c in inputs["meeting_date"]["choices"]] == [
        "2021-05-27",
        "2021-09-07",
        "2021-12-08",
    ]
    assert facts(card)["Udvalg"] == FOCUS_GROUP
    assert buttons(card, "propose")


async def test_personal_chat_without_a_committee_asks_which_then_stores_it(
    bot: Bot,
) -> None:
    first = bot.activity(PERSONAL, text="forslag: Borgere med PTSD")
    [question] = await bot.say(first)
    card = card_of(question)
    [choice] = [n for n in card["body"] if n.get("id") == "committee"]
    assert {c["value"] for c in choice["choices"]} == {FOLLOW_GROUP, FOCUS_GROUP}
    [go] = buttons(card, "propose")
    assert go["data"]["title"] == "Borgere med PTSD"

    # Action.Submit: the button's data with the chosen input merged in, as Teams sends it.
    chosen = bot.activity(PERSONAL, text="", value={**go["fallback"]["data"], "committee": FOCUS_GROUP})
    [receipt] = await bot.say(chosen)

    assert facts(card_of(receipt))["Udvalg"] == FOCUS_GROUP
    assert facts(card_of(receipt))["Møde"] == "torsdag den 27. maj 2021"
    assert [p.title for p in await bot.proposals.mine(member(first))] == ["Borgere med PTSD"]


async def test_an_unlinked_channel_is_told_how_to_link(bot: Bot) -> None:
    [reply] = await bot.say(bot.activity(CHANNEL, text="forslag til dagsorden: Borgere med PTSD"))

    assert reply.body["text"].startswith("Denne kanal er ikke knyttet til et udvalg")
    assert "tilknyt udvalg" in reply.body["text"]


FORM = {
    "action": "propose",
    "title": "Samarbejde med FGU om unge med psykiske lidelser",
    "description": "Status på **indsats 1.1** og [næste skridt](http://x)",
    "meeting_date": "2021-04-13",
    "presenter": "Yelva Bjørnholdt Jensen",
    "minutes_needed": "20",
    "material_url": "https://example.org/fgu.pdf",
}


async def test_proposal_by_card_action_submit(bot: Bot) -> None:
    await link_channel(bot)
    inbound = bot.activity(SUBMIT, value=FORM)

    [reply] = await bot.say(inbound)

    card = card_of(reply)
    assert facts(card)["Titel"] == FORM["title"]
    assert facts(card)["Oplæg ved"] == "Yelva Bjørnholdt Jensen" and facts(card)["Tid"] == "20 min"
    # The description shows literally: the escapes keep a user's Markdown from formatting the card.
    texts = [n["text"] for n in card["body"] if n.get("type") == "TextBlock"]
    assert "Status på \\*\\*indsats 1.1\\*\\* og \\[næste skridt\\](http://x)" in texts
    [stored] = await bot.proposals.mine(member(inbound))
    assert (stored.minutes_needed, stored.material_url, stored.meeting_date) == (
        20,
        FORM["material_url"],
        dt.date(2021, 4, 13),
    )


async def test_proposal_by_action_execute_answers_in_the_invoke_response(
    bot: Bot,
) -> None:
    inbound = bot.activity(INVOKE, value={**FORM, "committee": FOLLOW_GROUP})

    status, body = await bot.post(inbound)

    assert status == 200
    assert bot.connector.received == []  # the receipt replaces the form: nothing is posted
    assert body["statusCode"] == 200 and body["type"] == ADAPTIVE
    assert facts(body["value"])["Udvalg"] == FOLLOW_GROUP
    assert facts(body["value"])["Titel"] == FORM["title"]
    assert len(await bot.proposals.mine(member(inbound))) == 1


async def test_a_retried_activity_stores_one_proposal_and_gets_the_same_receipt(
    bot: Bot,
) -> None:
    await link_channel(bot)
    inbound = bot.activity(SUBMIT, value=FORM)
    retry = copy.deepcopy(inbound)  # Teams redelivers with the same activity id

    [first] = await bot.say(inbound)
    [second] = await bot.say(retry)
    status, invoked = await bot.post(bot.activity(INVOKE, value={**FORM, "committee": FOLLOW_GROUP}, id="f:same"))
    status_again, invoked_again = await bot.post(
        bot.activity(INVOKE, value={**FORM, "committee": FOLLOW_GROUP}, id="f:same")
    )

    assert card_of(first) == card_of(second)
    assert (status, status_again) == (200, 200) and invoked == invoked_again
    assert len(await bot.proposals.mine(member(inbound))) == 1
    assert len(await bot.proposals.pending(FOLLOW_GROUP)) == 2  # the channel's one and the invoke's one


async def test_after_the_cut_off_the_proposal_goes_to_the_following_meeting_and_the_member_is_told(
    tmp_path: Path, connector: ConnectorStandIn
) -> None:
    # 6 days before Fokusgruppen's meeting on 11 February 2021; proposals close 10 days before.
    runner, bot = await start(tmp_path, connector, dt.datetime(2021, 2, 5, 9, 0, tzinfo=COMMITTEE_TZ))
    try:
        await link_channel(bot, "fokusgruppen")
        inbound = bot.activity(CHANNEL, text="Forslag til dagsorden: Aktuel status på dagpengeområdet")

        [reply] = await bot.say(inbound)

        card = card_of(reply)
        assert facts(card)["Møde"] == "torsdag den 27. maj 2021"
        assert "Fristen for forslag til mødet torsdag den 11. februar 2021 er overskredet" in shown(card)
        [stored] = await bot.proposals.mine(member(inbound))
        assert stored.meeting_date == dt.date(2021, 5, 27)
    finally:
        await bot.close()
        await runner.cleanup()


# ---------------------------------------------------------------------------- own proposals


async def test_a_member_lists_and_withdraws_a_proposal(bot: Bot) -> None:
    await link_channel(bot)
    inbound = bot.activity(CHANNEL, text="forslag: Borgere med PTSD")
    await bot.say(inbound)
    await bot.say(bot.activity(CHANNEL, text="forslag: Evt. fast statuspunkt om IPS"))

    [listing] = await bot.say(bot.activity(CHANNEL, text="mine forslag"))
    card = card_of(listing)
    assert "Borgere med PTSD" in shown(card) and "Evt. fast statuspunkt om IPS" in shown(card)
    withdraw = {b["data"]["proposal_id"]: b for b in buttons(card, "withdraw")}
    assert len(withdraw) == 2
    [target] = [p for p in await bot.proposals.mine(member(inbound)) if p.title == "Borgere med PTSD"]

    [after] = await bot.say(bot.activity(SUBMIT, value=withdraw[target.id]["fallback"]["data"]))

    assert shown(card_of(after)).splitlines()[1] == "Forslaget »Borgere med PTSD« er trukket tilbage."
    assert "Borgere med PTSD" not in shown(card_of(after)).split("\n", 2)[2]
    assert (await bot.proposals.get(target.id)).status == ProposalStatus.WITHDRAWN
    # It cannot be withdrawn twice.
    [again] = await bot.say(bot.activity(SUBMIT, value={"action": "withdraw", "proposal_id": target.id}))
    assert "kan ikke trækkes tilbage" in again.body["text"]


async def test_a_member_cannot_withdraw_someone_elses_proposal(bot: Bot) -> None:
    await link_channel(bot)
    await bot.say(bot.activity(CHANNEL, text="forslag: Borgere med PTSD"))
    [pending] = await bot.proposals.pending(FOLLOW_GROUP)

    [reply] = await bot.say(
        as_secretary(bot.activity(PERSONAL, value={"action": "withdraw", "proposal_id": pending.id}))
    )

    assert reply.body["text"] == "Du kan kun trække dine egne forslag tilbage."
    assert (await bot.proposals.get(pending.id)).status == ProposalStatus.PENDING


# ---------------------------------------------------------------------------- the secretary


async def propose_in_channel(bot: Bot, title: str) -> int:
    await link_channel(bot)
    await bot.say(bot.activity(CHANNEL, text=f"forslag: {title}"))
    [proposal] = [p for p in await bot.proposals.pending(FOLLOW_GROUP) if p.title == title]
    bot.connector.received.clear()
    return proposal.id


async def test_a_non_secretary_is_refused_politely_and_nothing_changes(
    bot: Bot,
) -> None:
    proposal_id = await propose_in_channel(bot, "Borgere med PTSD")

    [by_text] = await bot.say(bot.activity(PERSONAL, text="forslag til behandling"))
    [by_button] = await bot.say(bot.activity(SUBMIT, value={"action": "accept", "proposal_id": proposal_id}))
    status, invoked = await bot.post(bot.activity(INVOKE, value={"action": "accept", "proposal_id": proposal_id}))

    assert by_text.body["text"].startswith("Beklager, du er ikke sat op som sekretær")
    assert by_button.body["text"].startswith(f"Beklager, det er kun sekretariatet for {FOLLOW_GROUP}")
    assert status == 200 and invoked["type"] == INVOKE_MESSAGE and invoked["value"].startswith("Beklager")
    assert (await bot.proposals.get(proposal_id)).status == ProposalStatus.PENDING
    assert bot.connector.of_kind("send") == []  # nobody was notified of anything


async def test_secretary_accepts_and_the_submitter_is_notified_in_their_channel(
    bot: Bot,
) -> None:
    proposal_id = await propose_in_channel(bot, "Borgere med PTSD")
    channel = bot.activity(CHANNEL)["conversation"]["id"].split(";")[0]

    [review] = await bot.say(as_secretary(bot.activity(PERSONAL, text="forslag til behandling")))
    [accept] = [b for b in buttons(card_of(review), "accept") if b["data"]["proposal_id"] == proposal_id]
    [reply] = [
        r
        for r in await bot.say(as_secretary(bot.activity(SUBMIT, value=accept["fallback"]["data"])))
        if r.kind == "reply"
    ]

    assert (await bot.proposals.get(proposal_id)).status == ProposalStatus.ACCEPTED
    assert "»Borgere med PTSD« er godkendt til mødet 13. april 2021. Forslagsstilleren har fået besked." in shown(
        card_of(reply)
    )
    [notice] = bot.connector.of_kind("send")
    assert notice.conversation_id == channel
    assert notice.body["from"]["id"] == bot.activity(CHANNEL)["recipient"]["id"]
    assert shown(card_of(notice)).startswith(
        "Dit forslag »Borgere med PTSD« er godkendt og kommer på dagsordenen til mødet tirsdag den 13. april 2021."
    )
    assert facts(card_of(notice))["Behandlet af"] == "Sanne Sekretær"


async def test_secretary_rejects_with_a_reason_by_action_execute_and_the_submitter_gets_it(
    bot: Bot,
) -> None:
    inbound = bot.activity(PERSONAL, text="forslag: Borgere med PTSD")
    await bot.say(inbound)
    await bot.say(
        bot.activity(
            PERSONAL,
            value={
                "action": "propose",
                "title": "Borgere med PTSD",
                "committee": FOLLOW_GROUP,
            },
        )
    )
    [proposal] = await bot.proposals.mine(member(inbound))
    bot.connector.received.clear()

    reject = {
        "action": "reject",
        "proposal_id": proposal.id,
        f"reason-{proposal.id}": "Punktet hører under DAK.",
    }
    status, body = await bot.post(as_secretary(bot.activity(INVOKE, value=reject)))

    assert status == 200 and body["type"] == ADAPTIVE
    assert "»Borgere med PTSD« er afvist. Forslagsstilleren har fået besked." in shown(body["value"])
    stored = await bot.proposals.get(proposal.id)
    assert (stored.status, stored.reason) == (
        ProposalStatus.REJECTED,
        "Punktet hører under DAK.",
    )
    [notice] = bot.connector.of_kind("send")
    assert notice.conversation_id == inbound["conversation"]["id"]  # the member's personal chat
    text = shown(card_of(notice))
    assert text.startswith("Dit forslag »Borgere med PTSD« er afvist.")
    assert "Punktet hører under DAK." in text


async def test_secretary_moves_a_proposal_and_a_failed_notice_does_not_undo_it(
    bot: Bot,
) -> None:
    await bot.proposals.add_secretary(FOCUS_GROUP, SECRETARY_OID, by="test")
    await link_channel(bot, "fokusgruppen")
    await bot.say(bot.activity(CHANNEL, text="forslag: Aktuel status på dagpengeområdet"))
    [proposal] = await bot.proposals.pending(FOCUS_GROUP)
    bot.connector.received.clear()
    bot.connector.fail_next(500)  # the notice is the first thing sent

    move = {
        "action": "move",
        "proposal_id": proposal.id,
        f"meeting_date-{proposal.id}": "2021-09-07",
    }
    replies = await bot.say(as_secretary(bot.activity(PERSONAL, value=move)))

    assert (await bot.proposals.get(proposal.id)).meeting_date == dt.date(2021, 9, 7)
    [failed] = bot.connector.of_kind("send")
    assert failed.body["attachments"]  # it was tried
    [reply] = [r for r in replies if r.kind == "reply"]
    assert "flyttet til mødet 7. september 2021. Forslagsstilleren kunne ikke få besked automatisk" in shown(
        card_of(reply)
    )


async def test_draft_agenda_for_the_meeting_after_seed_000(bot: Bot) -> None:
    [reply] = await bot.say(as_secretary(bot.activity(PERSONAL, text="dagsordensudkast")))

    card = card_of(reply)
    text = shown(card)
    assert text.startswith(f"Dagsordensudkast: {FOLLOW_GROUP}")
    assert facts(card)["Møde"] == "tirsdag den 13. april 2021"
    assert POSTPONED in text
    for point in LISTED_FOR_13_APRIL:
        assert point in text, point
    assert [b["data"]["format"] for b in buttons(card, "export_agenda")] == [
        "markdown",
        "docx",
    ]


async def test_draft_agenda_for_the_meeting_after_seed_002(tmp_path: Path, connector: ConnectorStandIn) -> None:
    runner, bot = await start(tmp_path, connector, dt.datetime(2021, 1, 20, 9, 0, tzinfo=COMMITTEE_TZ))
    try:
        await bot.proposals.add_secretary(FOCUS_GROUP, SECRETARY_OID, by="test")
        await link_channel(bot, "fokusgruppen")
        replies = await bot.say(as_secretary(bot.activity(CHANNEL, text="draft agenda", locale="en-US")))
    finally:
        await bot.close()
        await runner.cleanup()

    [reply] = replies
    card = card_of(reply)
    assert facts(card)["Meeting"] == "Thursday 11 February 2021, 8:30"
    assert facts(card)["Place"] == "HEV"
    text = shown(card)
    assert "Principper i arbejdsrettet rehabilitering og vurdering af funktionsevne/arbejdsevne" in text
    assert "Aktuel status på dagpengeområdet" in text


async def test_accepted_proposals_join_the_draft_and_export_as_markdown_and_docx(
    bot: Bot,
) -> None:
    proposal_id = await propose_in_channel(bot, "Temadrøftelse om *praksisplanen*")
    await bot.say(as_secretary(bot.activity(PERSONAL, value={"action": "accept", "proposal_id": proposal_id})))
    [draft] = [
        r for r in await bot.say(as_secretary(bot.activity(PERSONAL, text="dagsordensudkast"))) if r.kind == "reply"
    ]
    assert "Temadrøftelse om *praksisplanen*" in shown(card_of(draft))
    markdown, docx = buttons(card_of(draft), "export_agenda")

    [intro, md] = await bot.say(as_secretary(bot.activity(PERSONAL, value=markdown["fallback"]["data"])))
    # The Emulator takes the file inline (a Teams personal chat asks for consent: see below).
    in_emulator = as_secretary(bot.activity(PERSONAL, value=docx["fallback"]["data"]))
    in_emulator["channelId"] = "emulator"
    in_emulator["conversation"] = {"id": "emulator-secretary-chat"}
    [intro_docx, file] = await bot.say(in_emulator)

    assert intro.body["text"] == "Dagsordensudkastet til mødet 13. april 2021 som Markdown:"
    assert md.body["textFormat"] == "markdown"
    assert md.body["text"].startswith("# Udkast til dagsorden")
    assert POSTPONED in md.body["text"] and "Temadrøftelse om \\*praksisplanen\\*" in md.body["text"]
    assert intro_docx.body["text"] == "Dagsordensudkastet til mødet 13. april 2021 som Word-fil:"
    [attachment] = file.body["attachments"]
    assert attachment["contentType"] == DOCX and attachment["name"].endswith(".docx")
    prefix = f"data:{DOCX};base64,"
    assert attachment["contentUrl"].startswith(prefix)
    import docx as python_docx

    document = python_docx.Document(io.BytesIO(base64.b64decode(attachment["contentUrl"][len(prefix) :])))
    paragraphs = [p.text for p in document.paragraphs]
    assert any(POSTPONED in p for p in paragraphs)
    assert any("Temadrøftelse om *praksisplanen*" in p for p in paragraphs)


async def test_docx_export_by_action_execute_in_a_channel_offers_markdown(
    bot: Bot,
) -> None:
    await link_channel(bot)
    bot.connector.received.clear()
    export = {
        "action": "export_agenda",
        "committee": FOLLOW_GROUP,
        "meeting_date": "2021-04-13",
        "format": "docx",
    }
    invoke = as_secretary(bot.activity(INVOKE, value=export))
    invoke["conversation"] = bot.activity(CHANNEL)["conversation"]

    status, body = await bot.post(invoke)

    assert status == 200 and body["type"] == INVOKE_MESSAGE
    assert body["value"].startswith("I en kanal eller gruppechat kan jeg ikke vedhæfte en Word-fil.")
    [md] = bot.connector.of_kind("reply")
    assert md.body["textFormat"] == "markdown" and POSTPONED in md.body["text"]
    assert not md.body.get("attachments")


# ---------------------------------------------------------------------------- Word file in a Teams personal chat

FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
FILE_CONSENT_INVOKE = "fileConsent/invoke"
SECRETARY_CHAT = "a:secretary-personal-chat"  # as_secretary's personal conversation


@pytest.fixture
async def onedrive() -> AsyncIterator[OneDriveStandIn]:
    async with OneDriveStandIn() as standin:
        yield standin


async def offer_docx(bot: Bot, how: str, locale: str = "da-DK") -> tuple[str, dict]:
    """The secretary asks for the draft in personal chat and presses "Word": the intro text and the offer."""
    [draft] = await bot.say(as_secretary(bot.activity(PERSONAL, text="dagsordensudkast", locale=locale)))
    [_, docx] = buttons(card_of(draft), "export_agenda")
    if how == "Action.Submit":
        [intro, offer] = await bot.say(
            as_secretary(bot.activity(PERSONAL, value=docx["fallback"]["data"], locale=locale))
        )
        text = intro.body["text"]
    else:
        before = len(bot.connector.received)
        status, body = await bot.post(as_secretary(bot.activity(INVOKE, value=docx["data"], locale=locale)))
        assert status == 200 and body["type"] == INVOKE_MESSAGE
        text = body["value"]
        [offer] = bot.connector.received[before:]
    assert offer.conversation_id == SECRETARY_CHAT
    [attachment] = offer.body["attachments"]
    return text, attachment


def consent_answer(bot: Bot, action: str, context: dict, upload_url: str | None = None, locale: str = "da-DK") -> dict:
    """The invoke Teams sends when the user answers a FileConsentCard (the recorded invoke, renamed)."""
    invoke = as_secretary(bot.activity(INVOKE, locale=locale))
    invoke["name"] = FILE_CONSENT_INVOKE
    invoke["replyToId"] = "standin-consent-card"
    invoke["value"] = {"type": "fileUpload", "action": action, "context": context}
    if upload_url is not None:
        invoke["value"]["uploadInfo"] = {
            "contentUrl": "https://contoso-my.sharepoint.com/personal/sanne/Documents/Applications/Moedeassistent/"
            "Dagsordensudkast.docx",
            "name": "Dagsordensudkast Følgegruppen for uddannelse og arbejde 2021-04-13.docx",
            "uploadUrl": upload_url,
            "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C8C",
            "fileType": "docx",
            "etag": "1",
        }
    return invoke


@pytest.mark.parametrize(
    ("how", "locale", "intro", "heading"),
    [
        (
            "Action.Submit",
            "da-DK",
            "Dagsordensudkastet til mødet 13. april 2021 som Word-fil. Når du siger ja til filen herunder, "
            "lægger jeg den i din OneDrive:",
            "Udkast til dagsorden",
        ),
        (
            "Action.Execute",
            "en-US",
            "The draft agenda for the meeting on 13 April 2021 as a Word file. When you accept the file below, "
            "I'll save it to your OneDrive:",
            "Draft agenda",
        ),
    ],
)
async def test_word_file_in_teams_personal_chat_goes_through_consent_and_onedrive(
    bot: Bot, onedrive: OneDriveStandIn, how: str, locale: str, intro: str, heading: str
) -> None:
    text, offer = await offer_docx(bot, how, locale)

    assert text == intro
    assert offer["contentType"] == FILE_CONSENT
    assert offer["name"].endswith("2021-04-13.docx")
    consent = offer["content"]
    assert FOLLOW_GROUP in consent["description"]
    context = {
        "action": "export_agenda",
        "committee": FOLLOW_GROUP,
        "meeting_date": "2021-04-13",
        "format": "docx",
        "language": locale[:2],
    }
    assert consent["acceptContext"] == context and consent["declineContext"] == context
    assert "contentUrl" not in offer  # no bytes in the message: Teams' limit is about 28 KB

    bot.connector.received.clear()
    upload_url = onedrive.upload_url()
    answer = consent_answer(bot, "accept", consent["acceptContext"], upload_url, locale=locale)
    status, _ = await bot.post(answer)

    assert status == 200
    [upload] = onedrive.uploads
    assert f"http://127.0.0.1:{onedrive.port}{upload.path_qs}" == upload_url
    size = len(upload.body)
    assert upload.headers["Content-Range"] == f"bytes 0-{size - 1}/{size}"
    assert upload.headers["Content-Length"] == str(size) and size == consent["sizeInBytes"]
    assert "Authorization" not in upload.headers  # the upload URL is pre-authorised
    import docx as python_docx

    paragraphs = [p.text for p in python_docx.Document(io.BytesIO(upload.body)).paragraphs]
    assert paragraphs[0] == heading
    assert any(POSTPONED in p for p in paragraphs)
    for point in LISTED_FOR_13_APRIL:
        assert any(point in p for p in paragraphs), point

    [shown_file] = bot.connector.received
    assert shown_file.kind == "reply" and shown_file.conversation_id == SECRETARY_CHAT
    info = answer["value"]["uploadInfo"]
    assert shown_file.body["attachments"] == [
        {
            "contentType": FILE_INFO,
            "contentUrl": info["contentUrl"],
            "name": info["name"],
            "content": {"uniqueId": info["uniqueId"], "fileType": "docx"},
        }
    ]
    assert shown_file.body["text"] in ("Filen ligger nu i din OneDrive:", "The file is now in your OneDrive:")


async def test_a_declined_word_file_is_not_uploaded(bot: Bot, onedrive: OneDriveStandIn) -> None:
    _, offer = await offer_docx(bot, "Action.Submit")
    bot.connector.received.clear()

    status, _ = await bot.post(consent_answer(bot, "decline", offer["content"]["declineContext"]))

    assert status == 200
    assert not onedrive.uploads
    [said] = bot.connector.received
    assert said.body["text"] == "I orden, så sender jeg ikke filen." and not said.body.get("attachments")


async def test_onedrive_refusing_the_upload_is_told_in_danish_and_the_invoke_still_succeeds(
    bot: Bot, onedrive: OneDriveStandIn
) -> None:
    _, offer = await offer_docx(bot, "Action.Submit")
    bot.connector.received.clear()
    onedrive.fail_next(500)

    status, _ = await bot.post(consent_answer(bot, "accept", offer["content"]["acceptContext"], onedrive.upload_url()))

    assert status == 200
    assert len(onedrive.uploads) == 1  # it was tried
    [said] = bot.connector.received
    assert said.body["text"].startswith("Beklager, jeg kunne ikke lægge filen i din OneDrive")
    assert not said.body.get("attachments")


async def test_an_accept_without_upload_info_is_refused_with_400(bot: Bot, onedrive: OneDriveStandIn) -> None:
    _, offer = await offer_docx(bot, "Action.Submit")
    bot.connector.received.clear()

    status, body = await bot.post(consent_answer(bot, "accept", offer["content"]["acceptContext"]))

    assert status == 400 and "uploadInfo" in body["error"]
    assert not onedrive.uploads and not bot.connector.received


async def test_an_accepted_file_is_made_only_for_a_secretary(bot: Bot, onedrive: OneDriveStandIn) -> None:
    _, offer = await offer_docx(bot, "Action.Submit")
    bot.connector.received.clear()
    answer = consent_answer(bot, "accept", offer["content"]["acceptContext"], onedrive.upload_url())
    answer["from"] = bot.activity(PERSONAL)["from"]  # someone else replays the secretary's offer

    status, _ = await bot.post(answer)

    assert status == 200 and not onedrive.uploads
    [said] = bot.connector.received
    assert said.body["text"].startswith("Beklager, du er ikke sat op som sekretær")


async def test_a_persons_data_goes_to_the_secretarys_onedrive_as_json_and_only_to_a_secretary(
    bot: Bot, onedrive: OneDriveStandIn
) -> None:
    await link_channel(bot)
    proposing = bot.activity(CHANNEL, text="Forslag til dagsorden: Temadrøftelse om praksisplanen")
    await bot.say(proposing)
    name = member(proposing).name
    bot.connector.received.clear()

    summary, intro, offer = await bot.say(as_secretary(bot.activity(PERSONAL, text=f"persondata eksport {name}")))

    assert summary.body["text"].startswith(f"Det har jeg gemt om {name}: 1 forslag")
    assert "OneDrive" in intro.body["text"]
    [consent_card] = offer.body["attachments"]
    assert consent_card["contentType"] == FILE_CONSENT and consent_card["name"].endswith(".json")
    context = consent_card["content"]["acceptContext"]
    replayed = consent_answer(bot, "accept", context, onedrive.upload_url())
    replayed["from"] = bot.activity(PERSONAL)["from"]  # the member replays the offer: nothing is made
    assert (await bot.post(replayed))[0] == 200 and not onedrive.uploads

    status, _ = await bot.post(consent_answer(bot, "accept", context, onedrive.upload_url()))

    assert status == 200
    [upload] = onedrive.uploads
    export = json.loads(upload.body)
    assert [p["title"] for p in export["tables"]["proposals"]] == ["Temadrøftelse om praksisplanen"]
    assert export["person"]["user_ids"] == [member(proposing).user_id]


async def test_a_non_secretary_gets_no_draft_agenda(bot: Bot) -> None:
    await link_channel(bot)

    [reply] = await bot.say(bot.activity(CHANNEL, text="dagsordensudkast"))
    export = {
        "action": "export_agenda",
        "committee": FOLLOW_GROUP,
        "meeting_date": "2021-04-13",
        "format": "docx",
    }
    [exported] = await bot.say(bot.activity(PERSONAL, value=export))

    assert reply.body["text"].startswith("Beklager, kun udvalgets sekretærer")
    assert exported.body["text"].startswith("Beklager")
    assert not exported.body.get("attachments")


# ---------------------------------------------------------------------------- malformed submits


MALFORMED = [
    ({"action": "propose", "committee": FOLLOW_GROUP}, "mangler en titel"),
    (
        {"action": "propose", "committee": FOLLOW_GROUP, "title": "   "},
        "mangler en titel",
    ),
    ({"action": "propose", "committee": FOLLOW_GROUP, "title": "x" * 201}, "200"),
    (
        {"action": "propose", "committee": FOLLOW_GROUP, "title": 17},
        "feltet »Titel« skal være tekst",
    ),
    (
        {
            "action": "propose",
            "committee": FOLLOW_GROUP,
            "title": "IPS",
            "minutes_needed": "tyve",
        },
        "helt antal minutter",
    ),
    (
        {
            "action": "propose",
            "committee": FOLLOW_GROUP,
            "title": "IPS",
            "meeting_date": "13/4",
        },
        "mødedatoer",
    ),
    (
        {
            "action": "propose",
            "committee": FOLLOW_GROUP,
            "title": "IPS",
            "meeting_date": "2021-04-14",
        },
        "13. april 2021",
    ),
    (
        {
            "action": "propose",
            "committee": FOLLOW_GROUP,
            "title": "IPS",
            "material_url": "javascript:alert(1)",
        },
        "webadresse",
    ),
    (
        {"action": "propose", "committee": "Sundhedsstyrelsen", "title": "IPS"},
        "Jeg kender ikke udvalget »Sundhedsstyrelsen«",
    ),
    (
        {"action": "propose", "committee": ["x"], "title": "IPS"},
        "feltet »Udvalg« skal være tekst",
    ),
    ({"action": "withdraw"}, "hvilket forslag"),
    ({"action": "withdraw", "proposal_id": [1]}, "hvilket forslag"),
    ({"action": "withdraw", "proposal_id": "999"}, "999"),
    ({"action": "accept", "proposal_id": None}, "hvilket forslag"),
    ({"action": "accept", "proposal_id": 999}, "999"),
    ({"action": "reject", "proposal_id": "1"}, "begrundelse"),
    ({"action": "move", "proposal_id": 1, "meeting_date": 20210413}, "mødedatoer"),
    ({"action": "move", "proposal_id": 1}, "Vælg det møde"),
    (
        {"action": "export_agenda", "committee": FOLLOW_GROUP, "format": "pdf"},
        "Markdown eller Word",
    ),
    ({"action": "export_agenda", "format": "markdown"}, "mangler udvalget"),
    (
        {
            "action": "export_agenda",
            "committee": FOLLOW_GROUP,
            "meeting_date": "2021-13-01",
            "format": "markdown",
        },
        "mødedatoer",
    ),
]


@pytest.mark.parametrize(("value", "says"), MALFORMED, ids=[str(i) for i in range(len(MALFORMED))])
async def test_a_malformed_submit_gets_a_clear_danish_message(bot: Bot, value: dict, says: str) -> None:
    await link_channel(bot)
    await bot.say(bot.activity(CHANNEL, text="forslag: Borgere med PTSD"))  # proposal 1 exists
    bot.connector.received.clear()

    [by_submit] = await bot.say(as_secretary(bot.activity(PERSONAL, value=value)))
    status, by_invoke = await bot.post(as_secretary(bot.activity(INVOKE, value=value)))

    assert by_submit.body["textFormat"] == "plain"
    assert says in by_submit.body["text"], by_submit.body["text"]
    assert not by_submit.body["text"].startswith("Beklager, noget gik galt")  # not the error boundary
    assert status == 200 and by_invoke == {
        "statusCode": 200,
        "type": INVOKE_MESSAGE,
        "value": by_submit.body["text"],
    }
    assert [p.title for p in await bot.proposals.pending(FOLLOW_GROUP)] == ["Borgere med PTSD"]


# ---------------------------------------------------------------------------- the admin command


def test_secretaries_are_set_by_the_admin_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = str(ROOT)
    db = str(tmp_path / "cli.db")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args, "--db", db],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert run("ingest", str(SEEDS / "000_ff41c34304ad259a.txt")).returncode == 0
    added = run(
        "secretary",
        "add",
        "--committee",
        "følgegruppen for uddannelse og arbejde",
        "--aad-object-id",
        SECRETARY_OID,
    )
    listed = run("secretary", "list", "--committee", FOLLOW_GROUP)
    unknown = run(
        "secretary",
        "add",
        "--committee",
        "Sundhedsstyrelsen",
        "--aad-object-id",
        SECRETARY_OID,
    )
    missing = run("secretary", "remove", "--committee", FOLLOW_GROUP)
    removed = run(
        "secretary",
        "remove",
        "--committee",
        FOLLOW_GROUP,
        "--aad-object-id",
        SECRETARY_OID,
    )
    after = run("secretary", "list", "--committee", FOLLOW_GROUP)

    assert added.returncode == 0 and added.stdout.strip() == f"{SECRETARY_OID} er nu sekretær for {FOLLOW_GROUP}"
    assert listed.stdout.split() == [SECRETARY_OID]
    assert unknown.returncode == 1 and "Sundhedsstyrelsen" in unknown.stderr and FOLLOW_GROUP in unknown.stderr
    assert missing.returncode == 2 and "--aad-object-id" in missing.stderr
    assert removed.returncode == 0
    assert after.returncode == 0 and after.stdout.strip() == ""
