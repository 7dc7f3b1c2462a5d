"""Who may do what, tried on the real server with credentials (signed tokens, two tenants): every action the
role table (bot/access.py ``MAY``) keeps above a member's is tried as a member, as another committee's secretary,
as a member of another tenant, from a conversation linked to another committee and from a personal chat (linked
to none), through each path it has
(text command, Action.Submit, Action.Execute, file consent, upload approval). Each attempt is refused in Danish,
audited (``audit_events``: allowed False, the action) and changes nothing stored; the committee's secretary and
an administrator are let through, audited as allowed.

The list of actions comes from ``MAY``: a new guarded action without cases here fails
``test_every_guarded_action_has_its_cases``. Replies come back in the HTTP answer (expectReplies), invoke
responses inside it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import select

from bot.access import MAY, Action, AuditedDecision, Role
from bot.app import ENGINE, SERVICES, create_app
from bot.clock import COMMITTEE_TZ, FixedClock
from bot.conversations import ConversationUser, conversation_key
from bot.settings import Settings
from bot.teams.auth import BotCredentials
from bot.teams.signing_keys import KeySource
from storage.database import session_factory
from storage.models import Base
from tests.e2e.test_hardening import APP_ID, bearer
from tests.e2e.test_proposals import ACTIVITIES, SEEDS
from tests.seeds import seed_date
from tests.teams.connector_standin import ConnectorStandIn
from tests.teams.openid_standin import OpenIdStandIn
from tests.uploads.file_server import FileServer

HOME = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
OTHER = "0f0e0d0c-0b0a-4909-8807-060504030201"
FOLLOW_GROUP = "Følgegruppen for uddannelse og arbejde"  # the committee acted on; seed 000, next meeting 13 April 2021
FOCUS_GROUP = "Fokusgruppen Sundhed & Beskæftigelse"  # another committee, seed 002
EARLY_MARCH = dt.datetime(2021, 3, 3, 10, 0, tzinfo=COMMITTEE_TZ)
MINUTES_FILE = "referat-foelgegruppen.txt"
MINUTES = f"""Referat fra møde i {FOLLOW_GROUP}

Mødetid: Mandag d. 1. marts 2021 kl. 9.00-11.00
Mødested: Regionshuset

1. Godkendelse af dagsorden

Referat:
Dagsordenen blev godkendt.

2. Eventuelt

Intet.
"""
FOLDER_URL = "https://contoso.sharepoint.com/sites/udvalg/Shared%20Documents/Referater"
GROUP_ID = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c"
INVOKE_NAME = "adaptiveCard/action"
# Every refusal says so in Danish ("Kun sekretariatet…", "Beklager…", "…ikke knyttet…", "Kender ingen gruppe…").
DANISH_REFUSAL = re.compile(r"\b(?:kun|ikke|ingen|beklager)\b", re.IGNORECASE)

# Tables that any message changes (the conversation's reference, the sender) or that the scheduler keeps.
_BOOKKEEPING = {"audit_events", "conversations", "conversation_users", "reminder_deliveries", "reminder_tenant_leases"}


def spoken(said: str) -> list[str]:
    """What the user reads in an answer: each message's text, each invoke response's message (a card or a file is
    never a refusal, so it shows as a marker)."""
    found: list[str] = []
    for activity in json.loads(said)["activities"]:
        if activity["type"] == "invokeResponse":
            body = (activity.get("value") or {}).get("body")
            if body:  # a file consent's answer has none: what it says follows as a message
                found.append(body["value"] if isinstance(body.get("value"), str) else json.dumps(body))
        else:
            found.append("<a card or file>" if activity.get("attachments") else activity.get("text") or "")
    return found


@dataclass(frozen=True)
class Actor:
    name: str
    oid: str
    tenant: str
    channel: str | None  # the channel conversation they write in; None: their personal chat with the bot

    @property
    def personal(self) -> str:
        return f"a:personal-{self.name}"


CHANNEL_A = "19:follow-group-channel@thread.tacv2"  # linked to FOLLOW_GROUP by its secretary
CHANNEL_B = "19:focus-group-channel@thread.tacv2"  # linked to FOCUS_GROUP by its secretary
CHANNEL_OTHER = (
    "19:other-tenant-channel@thread.tacv2"  # the other tenant's; linked to FOLLOW_GROUP before it was theirs to see
)
CHANNEL_NEW = "19:new-channel@thread.tacv2"  # not linked yet

SECRETARY = Actor("secretary", "7d3b3a52-9a6f-4c1e-8d2b-5e6f7a8b9c0d", HOME, CHANNEL_A)
ADMIN = Actor("admin", "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", HOME, CHANNEL_A)
FOCUS_SECRETARY = Actor("focus-secretary", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", HOME, CHANNEL_B)
MEMBER = Actor("member", "00000000-1111-2222-3333-444444444444", HOME, CHANNEL_A)

#: Who tries, and where: a member; another committee's secretary in the committee's own channel; a member of
#: another tenant; a member in a conversation linked to another committee.
REFUSED = {
    "member": MEMBER,
    "other committee's secretary": Actor(FOCUS_SECRETARY.name, FOCUS_SECRETARY.oid, HOME, CHANNEL_A),
    "other tenant": Actor("stranger", "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", OTHER, CHANNEL_OTHER),
    "conversation linked to another committee": Actor(
        "member-b", "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", HOME, CHANNEL_B
    ),
    "personal chat": Actor("member-p", "3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f", HOME, None),
}
ALLOWED = {"secretary": SECRETARY, "admin": ADMIN}


class World:
    """The running server, the stand-ins it talks to, and what the setup made (a proposal, a pending upload)."""

    def __init__(self, app: web.Application, url: str, openid: OpenIdStandIn, connector: ConnectorStandIn) -> None:
        self.app, self.url, self.openid, self.connector = app, url, openid, connector
        self.http = aiohttp.ClientSession()
        self.files: FileServer
        self.proposal_id = 0
        self.upload_id = 0
        self._ids = itertools.count(1)

    # --- activities ----------------------------------------------------------------------------

    def activity(
        self,
        actor: Actor,
        *,
        text: str | None = None,
        value: dict | None = None,
        personal: bool = False,
        invoke: str | None = None,
        channel: str | None = None,
    ) -> dict:
        """A recorded Teams activity from ``actor``: a message (with text or an Action.Submit value) or an invoke."""
        personal = personal or actor.channel is None
        if invoke is not None:
            name = "invoke_adaptive_card_action_personal.json"
        elif personal:
            name = "message_personal_chat.json"
        else:
            name = "message_channel_with_mention_vercel.json"
        activity = json.loads((ACTIVITIES / name).read_text(encoding="utf-8"))
        activity["serviceUrl"] = self.connector.service_url
        activity["locale"] = "da-DK"
        activity["id"] = f"access-{next(self._ids)}"
        activity["from"] = {"id": f"29:{actor.name}", "name": actor.name.title(), "aadObjectId": actor.oid}
        where = actor.personal if personal else (channel or actor.channel)
        kind = "personal" if personal else "channel"
        activity["conversation"] = {"id": where, "conversationType": kind, "tenantId": actor.tenant}
        if kind == "channel":
            activity["conversation"]["id"] += ";messageid=1"
            activity["conversation"]["isGroup"] = True
        activity["channelData"] = {"tenant": {"id": actor.tenant}}
        activity["deliveryMode"] = "expectReplies"
        if invoke == INVOKE_NAME:
            activity["value"] = {"action": {"type": "Action.Execute", "verb": value["action"], "data": value}}
        elif invoke is not None:
            activity["name"] = invoke
            activity["value"] = value
        else:
            activity["text"] = text or ""
            if text and not personal:
                activity["text"] = f"<at>{activity['recipient']['name']}</at> {text}"
            if value is not None:
                activity["value"] = value
        return activity

    async def send(self, activity: dict) -> str:
        """Post a signed activity; everything the bot answered (messages, cards, the invoke response) as text."""
        headers = bearer(self.openid, self.connector)
        async with self.http.post(f"{self.url}/api/messages", json=activity, headers=headers) as response:
            assert response.status == 200, (response.status, await response.text())
            body = await response.json()
        return json.dumps(body, ensure_ascii=False)

    def file_message(self, actor: Actor, name: str = MINUTES_FILE) -> dict:
        """A file sent in ``actor``'s personal chat, as Teams announces it (download link on the file server)."""
        [attachment] = json.loads(
            (ACTIVITIES / "message_personal_file_attachment_docs_fragment.json").read_text(encoding="utf-8")
        )["attachments"]
        attachment["name"] = name
        attachment["content"]["downloadUrl"] = self.files.url(name)
        attachment["content"]["fileType"] = name.rsplit(".", 1)[-1]
        activity = self.activity(actor, personal=True)
        activity["attachments"] = [attachment]
        return activity

    # --- the database --------------------------------------------------------------------------

    async def stored(self) -> dict[str, list[str]]:
        """Every stored row that an access decision guards: all tables but bookkeeping, and the links."""
        found: dict[str, list[str]] = {}
        async with session_factory(self.app[ENGINE])() as session:
            for table in Base.metadata.sorted_tables:
                if table.name not in _BOOKKEEPING:
                    found[table.name] = sorted(repr(tuple(row)) for row in (await session.execute(select(table))).all())
            conversations = Base.metadata.tables["conversations"]
            links = select(conversations.c.conversation_id, conversations.c.committee_id).where(
                conversations.c.committee_id.is_not(None)
            )
            found["links"] = sorted(repr(tuple(row)) for row in (await session.execute(links)).all())
        return found

    async def audit(self) -> list[AuditedDecision]:
        return await self.app[SERVICES].access.audit()

    async def close(self) -> None:
        await self.http.close()


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'access.db'}",
        credentials=BotCredentials(APP_ID, "not-a-real-secret", "SingleTenant", HOME),
        secretaries={FOLLOW_GROUP: (SECRETARY.oid,), FOCUS_GROUP: (FOCUS_SECRETARY.oid,)},
        admins=frozenset({ADMIN.oid}),
        load_examples=False,
    )
    openid = await OpenIdStandIn().start()
    app = create_app(settings, FixedClock(EARLY_MARCH), key_source=KeySource(origin=openid.origin, refresh_interval=0))
    runner = web.AppRunner(app, access_log=None)
    async with ConnectorStandIn() as connector, FileServer() as files:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        for seed in sorted(SEEDS.glob("*.txt")):
            await app[SERVICES].knowledge.ingest(seed, meeting_date=seed_date(seed))
        world = World(app, f"http://127.0.0.1:{runner.addresses[0][1]}", openid, connector)
        world.files = files
        files.files[MINUTES_FILE] = MINUTES.encode()
        try:
            await _set_up(world)
            yield world
        finally:
            await world.close()
            await runner.cleanup()
            await openid.close()


async def _set_up(world: World) -> None:
    """Each committee's channel linked by its secretary, a member's proposal, minutes awaiting review, and the
    other tenant's channel linked to the committee before it was someone else's (as after a change of hands)."""
    assert "knyttet til" in await world.send(world.activity(SECRETARY, text="tilknyt udvalg følgegruppen"))
    assert "knyttet til" in await world.send(world.activity(FOCUS_SECRETARY, text="tilknyt udvalg fokusgruppen"))
    await world.send(world.activity(MEMBER, text="forslag: Borgere med PTSD"))
    [proposal] = await world.app[SERVICES].proposals.pending(FOLLOW_GROUP)
    world.proposal_id = proposal.id
    reviewed = await world.send(world.file_message(SECRETARY))
    world.upload_id = int(re.search(r'"upload_id": (\d+)', reviewed)[1])
    stranger = REFUSED["other tenant"]
    await world.send(world.activity(stranger, text="hjælp"))
    services = world.app[SERVICES]
    user = ConversationUser(user_id=f"29:{stranger.name}", aad_object_id=stranger.oid, name=None)
    await services.conversations.link(conversation_key("msteams", CHANNEL_OTHER), FOLLOW_GROUP, user)
    assert not await services.access.sees(FOLLOW_GROUP, OTHER)


# ------------------------------------------------------------------------------------------------ the cases

Attempt = Callable[[World, Actor], Awaitable[str]]


def text(command: str, *, personal: bool = False) -> Attempt:
    async def attempt(world: World, actor: Actor) -> str:
        return await world.send(world.activity(actor, text=command, personal=personal))

    attempt.__name__ = f"text «{command}»"
    return attempt


def submit(make: Callable[[World], dict], label: str) -> Attempt:
    async def attempt(world: World, actor: Actor) -> str:
        return await world.send(world.activity(actor, value=make(world)))

    attempt.__name__ = f"Action.Submit {label}"
    return attempt


def execute(make: Callable[[World], dict], label: str) -> Attempt:
    async def attempt(world: World, actor: Actor) -> str:
        return await world.send(world.activity(actor, value=make(world), invoke=INVOKE_NAME))

    attempt.__name__ = f"Action.Execute {label}"
    return attempt


def file_consent(make: Callable[[World], dict]) -> Attempt:
    async def attempt(world: World, actor: Actor) -> str:
        value = {
            "type": "fileUpload",
            "action": "accept",
            "context": make(world),
            "uploadInfo": {
                "contentUrl": "https://contoso-my.sharepoint.com/personal/x/Documents/Dagsordensudkast.docx",
                "name": "Dagsordensudkast.docx",
                "uploadUrl": "https://contoso-my.sharepoint.com/upload-session/not-to-be-used",
                "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C8C",
                "fileType": "docx",
                "etag": "1",
            },
        }
        return await world.send(world.activity(actor, value=value, personal=True, invoke="fileConsent/invoke"))

    attempt.__name__ = "file consent"
    return attempt


async def send_file(world: World, actor: Actor) -> str:
    return await world.send(world.file_message(actor))


send_file.__name__ = "file message"


def decision(action: str, **extra: Any) -> Callable[[World], dict]:
    return lambda world: {"action": action, "proposal_id": world.proposal_id, **extra}


def upload(action: str, **extra: Any) -> Callable[[World], dict]:
    return lambda world: {"action": action, "upload_id": world.upload_id, **extra}


def agenda(action: str, **extra: Any) -> Callable[[World], dict]:
    return lambda world: {"action": action, "committee": FOLLOW_GROUP, **extra}


def typed_decision(verb: str) -> Attempt:
    async def attempt(world: World, actor: Actor) -> str:
        return await world.send(world.activity(actor, text=f"{verb} referat {world.upload_id}"))

    attempt.__name__ = f"text «{verb} referat N»"
    return attempt


EXPORT = {"meeting_date": "2021-04-13", "format": "docx"}

#: Every path to each guarded action.
PATHS: dict[Action, list[Attempt]] = {
    Action.LINK: [text("tilknyt udvalg følgegruppen")],
    Action.UNLINK: [text("fjern tilknytning")],
    Action.REVIEW: [
        text("forslag til behandling"),
        submit(decision("accept"), "accept"),
        execute(decision("reject", reason="Ikke relevant"), "reject"),
        submit(decision("move", meeting_date="2021-05-25"), "move"),
        execute(decision("accept"), "accept"),
    ],
    Action.DRAFT_AGENDA: [
        text("dagsordensudkast"),
        submit(agenda("draft_agenda"), "draft agenda"),
        submit(agenda("export_agenda", meeting_date="2021-04-13", format="markdown"), "export"),
        execute(agenda("export_agenda", **EXPORT), "export"),
        file_consent(agenda("export_agenda", language="da", **EXPORT)),
    ],
    Action.CHANGE_MEETING: [
        text("nyt møde 4. maj 2021 kl. 10-12"),
        text("flyt møde 13. april 2021 til 20. april 2021"),
        text("aflys møde 13. april 2021"),
    ],
    Action.REMINDER_RULE: [text("påmindelse dagen før kl. 9"), text("påmindelse frist kl 8.30")],
    Action.UPLOAD_MINUTES: [
        send_file,
        submit(upload("approve_upload"), "approve"),
        execute(upload("approve_upload"), "approve"),
        execute(upload("reject_upload"), "reject"),
        typed_decision("godkend"),
        typed_decision("afvis"),
    ],
    Action.GRAPH_SYNC: [
        text(f"referatmappe {FOLDER_URL}"),
        text(f"kalendergruppe {GROUP_ID}"),
        text("fjern referatmappe"),
        text("synkronisering"),
        text("fjern kalendergruppe for følgegruppen", personal=True),
    ],
    Action.ROTATE_FEED: [text("nyt kalenderlink")],
    Action.PROPOSAL_CUTOFF: [text("forslagsfrist 7 dage")],
}


#: One path each for the secretary and the admin, and what the bot says when it was done.
DONE: dict[Action, tuple[Attempt, str]] = {
    Action.LINK: (
        lambda world, actor: world.send(world.activity(actor, text="tilknyt udvalg følgegruppen", channel=CHANNEL_NEW)),
        f"knyttet til {FOLLOW_GROUP}",
    ),
    Action.UNLINK: (text("fjern tilknytning"), "ikke længere knyttet til"),
    # (A decision tells the submitter, which needs an outbound token; tests/proposals shows an admin deciding.)
    Action.REVIEW: (text("forslag til behandling"), "Borgere med PTSD"),
    Action.DRAFT_AGENDA: (submit(agenda("export_agenda", meeting_date="2021-04-13", format="markdown"), "export"),
                          "Dagsordensudkastet til mødet 13. april 2021 som Markdown"),
    Action.CHANGE_MEETING: (text("nyt møde 4. maj 2021 kl. 10-12"), "er tilføjet til kalenderen"),
    Action.REMINDER_RULE: (text("påmindelse dagen før kl. 9"), "sendes nu kl. 9.00"),
    Action.UPLOAD_MINUTES: (execute(upload("approve_upload"), "approve"), f"{FOLLOW_GROUP}"),
    Action.GRAPH_SYNC: (text("fjern referatmappe"), f"{FOLLOW_GROUP} har ingen referatmappe"),
    Action.ROTATE_FEED: (text("nyt kalenderlink"), "har nu en ny adresse"),
    Action.PROPOSAL_CUTOFF: (text("forslagsfrist 7 dage"), "er nu 7 dage før mødet"),
}  # fmt: skip  # a table kept compact

GUARDED = [action for action, role in MAY.items() if role > Role.MEMBER]


def test_every_guarded_action_has_its_cases() -> None:
    assert set(PATHS) == set(GUARDED), "a guarded action needs its paths here"
    assert set(DONE) == set(GUARDED), "a guarded action needs its allowed case here"


@pytest.mark.parametrize("who", list(REFUSED))
@pytest.mark.parametrize("action", GUARDED)
async def test_a_forbidden_action_is_refused_audited_and_changes_nothing(
    world: World, action: Action, who: str
) -> None:
    actor = REFUSED[who]
    stored = await world.stored()
    for path in PATHS[action]:
        before = len(await world.audit())

        said = await path(world, actor)

        audited = (await world.audit())[before:]
        case = f"{action} by {who} through {path.__name__}: {said}"
        assert spoken(said) and all(DANISH_REFUSAL.search(words) for words in spoken(said)), case
        assert audited, case
        assert all((row.action, row.allowed) == (action.value, False) for row in audited), (case, audited)
        assert all(row.actor == actor.oid for row in audited), case
        if actor.tenant == OTHER:
            assert FOLLOW_GROUP not in said, case  # another tenant learns nothing of the committee
            # a committee named (by a button, a name, or a link it cannot see) is refused for the tenancy rule
            assert all(row.reason == "other_tenant" for row in audited if row.committee == FOLLOW_GROUP), case
            assert all(row.tenant_id == OTHER for row in audited), case
        assert await world.stored() == stored, case


@pytest.mark.parametrize("who", list(ALLOWED))
@pytest.mark.parametrize("action", GUARDED)
async def test_the_secretary_and_an_admin_may(world: World, action: Action, who: str) -> None:
    actor = ALLOWED[who]
    attempt, done = DONE[action]
    before = len(await world.audit())

    said = await attempt(world, actor)

    audited = (await world.audit())[before:]
    assert done in said, said
    assert [(row.action, row.allowed, row.role, row.committee) for row in audited] == [
        (action.value, True, "secretary" if actor is SECRETARY else "admin", FOLLOW_GROUP)
    ]
