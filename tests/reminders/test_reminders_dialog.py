"""The reminder dialogs through dialogs.router, with real services over SQLite and the seed minutes."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import COMMITTEE_TZ, FixedClock
from bot.conversations import ConversationKey
from bot.services import build_services
from bot.settings import Settings
from dialogs import reminders
from dialogs.replies import TextReply
from dialogs.router import handle, route
from dialogs.turn import Services, Turn
from storage.conversations_repository import ConversationRef, ConversationUser
from storage.database import create_engine, session_factory, upgrade
from tests.seeds import seed_date

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
NOW = dt.datetime(2021, 3, 3, 10, 0, tzinfo=COMMITTEE_TZ)
FOLLOW_GROUP = "Følgegruppen for uddannelse og arbejde"
MEMBER = ConversationUser("29:member", "11111111-2222-3333-4444-555555555555", "Mette")
SECRETARY = ConversationUser("29:secretary", "7d3b3a52-9a6f-4c1e-8d2b-5e6f7a8b9c0d", "Sanne")
CHANNEL = ConversationKey("msteams", "19:channel@thread.tacv2")
CHAT = ConversationKey("msteams", "a:member-chat")


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    engine = create_engine(f"sqlite:///{tmp_path / 'reminders.db'}")
    await upgrade(engine)
    sessions = session_factory(engine)
    clock = FixedClock(NOW)
    services = build_services(sessions, clock, Settings(database_url="sqlite://"))
    knowledge, proposals, conversations = services.knowledge, services.proposals, services.conversations
    for seed in sorted(SEEDS.glob("*.txt")):
        await knowledge.ingest(seed, meeting_date=seed_date(seed))
    await proposals.add_secretary(FOLLOW_GROUP, SECRETARY.aad_object_id or "", by="test")
    await conversations.remember(
        ConversationRef(
            "msteams",
            "https://smba.example/emea/",
            CHAT.conversation_id,
            "personal",
            "t",
            None,
            None,
            "28:bot",
        ),
        MEMBER,
    )

    try:
        yield services
    finally:
        await engine.dispose()


def turn(
    text: str,
    *,
    user: ConversationUser = MEMBER,
    key: ConversationKey = CHANNEL,
    kind: str = "channel",
    committee: str | None = FOLLOW_GROUP,
    language: str = "da",
) -> Turn:
    return Turn(
        text=text,
        language=language,
        key=key,
        conversation_type=kind,
        user=user,
        received_at=NOW.astimezone(dt.UTC),
        committee=committee,
    )


@pytest.mark.parametrize(
    ("text", "dialog_id", "args"),
    [
        ("påmind mig", reminders.OPT_IN_DIALOG_ID, {"committee": ""}),
        (
            "Påmind mig om Fokusgruppen Sundhed & Beskæftigelse",
            reminders.OPT_IN_DIALOG_ID,
            {"committee": "Fokusgruppen Sundhed & Beskæftigelse"},
        ),
        ("remind me", reminders.OPT_IN_DIALOG_ID, {"committee": ""}),
        ("stop påmindelser", reminders.OPT_OUT_DIALOG_ID, {"committee": ""}),
        ("Stop reminders!", reminders.OPT_OUT_DIALOG_ID, {"committee": ""}),
        ("påmindelser", reminders.RULES_DIALOG_ID, {}),
        ("Reminders?", reminders.RULES_DIALOG_ID, {}),
        (
            "påmindelse dagen før kl 8",
            reminders.SET_RULE_DIALOG_ID,
            {"kind": "day_before", "hour": 8, "minute": 0},
        ),
        (
            "reminder agenda at 13:30",
            reminders.SET_RULE_DIALOG_ID,
            {"kind": "agenda", "hour": 13, "minute": 30},
        ),
    ],
)
def test_routes(text: str, dialog_id: str, args: dict[str, object]) -> None:
    routed = route(turn(text))
    assert routed is not None
    assert routed.dialog_id == dialog_id
    assert dict(routed.args) == args


def test_questions_about_reminders_stay_questions() -> None:
    routed = route(turn("Hvornår sender I påmindelser om møderne?"))
    assert routed is not None and routed.dialog_id not in {
        reminders.OPT_IN_DIALOG_ID,
        reminders.OPT_OUT_DIALOG_ID,
        reminders.RULES_DIALOG_ID,
        reminders.SET_RULE_DIALOG_ID,
    }


async def test_opt_in_and_out_by_message(services: Services) -> None:
    store = services.reminders
    [reply] = await handle(turn("påmind mig"), services)
    assert isinstance(reply, TextReply) and "personlige chat" in reply.text and FOLLOW_GROUP in reply.text
    assert [s.user_id for s in await store.subscribers(FOLLOW_GROUP)] == [MEMBER.user_id]

    [reply] = await handle(turn("stop reminders", language="en"), services)
    assert isinstance(reply, TextReply) and "no longer" in reply.text
    assert await store.subscribers(FOLLOW_GROUP) == []

    # Without a personal chat the member is signed up and asked to write to the bot.
    [reply] = await handle(turn("remind me", user=SECRETARY, language="en"), services)
    assert isinstance(reply, TextReply) and "personal chat so I can reach you" in reply.text


async def test_opt_in_in_a_personal_chat_needs_a_committee(services: Services) -> None:
    [reply] = await handle(turn("påmind mig", key=CHAT, kind="personal", committee=None), services)
    assert isinstance(reply, TextReply) and "påmind mig om" in reply.text
    [reply] = await handle(
        turn(
            f"påmind mig om {FOLLOW_GROUP.upper()}",
            key=CHAT,
            kind="personal",
            committee=None,
        ),
        services,
    )
    assert isinstance(reply, TextReply) and f"påmindelser om {FOLLOW_GROUP}" in reply.text
    [reply] = await handle(
        turn("påmind mig om Ukendt gruppe", key=CHAT, kind="personal", committee=None),
        services,
    )
    assert isinstance(reply, TextReply) and "Ukendt gruppe" in reply.text


async def test_secretary_sees_and_changes_rules(services: Services) -> None:
    [reply] = await handle(turn("påmindelser"), services)
    assert isinstance(reply, TextReply) and "Dagen før: 1 dag før mødet kl. 9.00" in reply.text

    [refused] = await handle(turn("påmindelse dagen før kl 8"), services)
    assert isinstance(refused, TextReply) and "Kun gruppens sekretariat" in refused.text

    [changed] = await handle(turn("påmindelse dagen før kl 8", user=SECRETARY), services)
    assert isinstance(changed, TextReply) and "kl. 8.00" in changed.text
    [reply] = await handle(turn("reminders", language="en"), services)
    assert isinstance(reply, TextReply) and "Day before: 1 day before the meeting at 8:00" in reply.text

    [bad] = await handle(turn("påmindelse dagen før kl 25", user=SECRETARY), services)
    assert isinstance(bad, TextReply) and "findes ikke" in bad.text
