"""A database that knows one member well: proposals, an opt-in, conversations, audit rows (shared by the
service, dialog and command-line tests of personal data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import COMMITTEE_TZ, FixedClock
from bot.conversations import ConversationRef, ConversationUser, conversation_key
from bot.proposals.model import Person, ProposalDraft
from bot.services import build_services
from bot.settings import Settings
from dialogs.turn import Services
from storage.database import create_engine, session_factory, upgrade
from tests.seeds import seed_date

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
NOW = dt.datetime(2021, 3, 3, 10, 0, tzinfo=COMMITTEE_TZ)
FOLLOW_GROUP = "Følgegruppen for uddannelse og arbejde"  # seed 000
FOCUS_GROUP = "Fokusgruppen Sundhed & Beskæftigelse"  # seed 002

MEMBER = ConversationUser("29:1member-mette", "11111111-2222-3333-4444-555555555555", "Mette Hansen")
OTHER = ConversationUser("29:1other-bo", "11111111-2222-3333-4444-666666666666", "Bo Andersen")
SECRETARY = ConversationUser("29:1secretary-sanne", "7d3b3a52-9a6f-4c1e-8d2b-5e6f7a8b9c0d", "Sanne Secretary")
FOCUS_SECRETARY = ConversationUser("29:1secretary-finn", "7d3b3a52-9a6f-4c1e-8d2b-00000000000f", "Finn Fokus")
ADMIN = ConversationUser("29:1admin-ada", "adadadad-0000-4000-8000-000000000001", "Ada Admin")

CHANNEL = ConversationRef(
    channel_id="msteams",
    service_url="https://smba.example/emea/",
    conversation_id="19:committee@thread.tacv2",
    conversation_type="channel",
    tenant_id="tenant-1",
    team_id="19:team@thread.tacv2",
    teams_channel_id="19:committee@thread.tacv2",
    bot_id="28:bot",
)
MEMBER_CHAT = replace(
    CHANNEL, conversation_id="a:1member-mette-chat", conversation_type="personal", team_id=None, teams_channel_id=None
)


def person(user: ConversationUser) -> Person:
    return Person(user.user_id, user.aad_object_id, user.name)


async def build(database_url: str) -> tuple[Services, AsyncEngine]:
    """Services over an empty database with both seed minutes and the member's data; also the engine."""
    engine = create_engine(database_url)
    await upgrade(engine)
    sessions = session_factory(engine)
    services = build_services(
        sessions, FixedClock(NOW), Settings(database_url="sqlite://", admins=frozenset({ADMIN.aad_object_id}))
    )
    for seed in sorted(SEEDS.glob("*.txt")):
        await services.knowledge.ingest(seed, meeting_date=seed_date(seed))
    await services.proposals.add_secretary(FOLLOW_GROUP, SECRETARY.aad_object_id or "", by="test")
    await services.proposals.add_secretary(FOCUS_GROUP, FOCUS_SECRETARY.aad_object_id or "", by="test")

    conversations = services.conversations
    await conversations.remember(CHANNEL, MEMBER)
    await conversations.remember(CHANNEL, OTHER)
    await conversations.remember(CHANNEL, SECRETARY)
    await conversations.link(conversation_key(CHANNEL.channel_id, CHANNEL.conversation_id), FOLLOW_GROUP, MEMBER)
    await conversations.remember(MEMBER_CHAT, MEMBER)
    await services.reminders.opt_in(FOLLOW_GROUP, MEMBER)

    proposals = services.proposals
    kept = await proposals.submit(
        ProposalDraft(title="Status på PTSD-arbejdet", description="Mette fortæller"),
        committee=FOLLOW_GROUP,
        submitter=person(MEMBER),
        channel_id="msteams",
        conversation_id=CHANNEL.conversation_id,
        activity_id="act-1",
    )
    await proposals.submit(
        ProposalDraft(title="Mettes eget forslag"),
        committee=FOLLOW_GROUP,
        submitter=person(MEMBER),
        channel_id="msteams",
        conversation_id=MEMBER_CHAT.conversation_id,
        activity_id="act-2",
    )
    await proposals.submit(
        ProposalDraft(title="Bos forslag"),
        committee=FOLLOW_GROUP,
        submitter=person(OTHER),
        channel_id="msteams",
        conversation_id=CHANNEL.conversation_id,
        activity_id="act-3",
    )
    await proposals.accept(kept.proposal.id, by=person(SECRETARY))
    return services, engine
