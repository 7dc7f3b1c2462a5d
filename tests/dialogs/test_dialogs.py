"""Dialogs with real services (SQLite with the two seed minutes), without any Bot Framework types."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import COMMITTEE_TZ, FixedClock
from bot.conversations import ConversationKey
from bot.services import build_services
from bot.settings import Settings
from dialogs import welcome
from dialogs.replies import AnswerReply, HelpReply, ItemReply, TextReply, WelcomeReply
from dialogs.router import handle
from dialogs.turn import Services, Turn
from storage.conversations_repository import ConversationRef, ConversationUser
from storage.database import create_engine, session_factory, upgrade
from tests.seeds import seed_date

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
NOW = dt.datetime(2021, 2, 10, 12, 0, tzinfo=COMMITTEE_TZ)
FOLLOW_GROUP = "Følgegruppen for uddannelse og arbejde"
FOCUS_GROUP = "Fokusgruppen Sundhed & Beskæftigelse"
USER = ConversationUser(user_id="29:user", aad_object_id="aad-1", name="Test User")
KEY = ConversationKey("msteams", "19:channel@thread.tacv2")


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    engine = create_engine(f"sqlite:///{tmp_path / 'dialogs.db'}")
    await upgrade(engine)
    sessions = session_factory(engine)
    clock = FixedClock(NOW)
    # The user is the focus group's secretary: linking is a secretary's act.
    settings = Settings(database_url="sqlite://", secretaries={FOCUS_GROUP: ("aad-1",)})
    services = build_services(sessions, clock, settings)
    knowledge = services.knowledge
    for seed in sorted(SEEDS.glob("*.txt")):
        await knowledge.ingest(seed, meeting_date=seed_date(seed))
    conversations = services.conversations
    ref = ConversationRef(
        channel_id=KEY.channel_id,
        service_url="http://127.0.0.1:9/",
        conversation_id=KEY.conversation_id,
        conversation_type="channel",
        tenant_id="t",
        team_id="19:team",
        teams_channel_id=KEY.conversation_id,
        bot_id="28:bot",
    )
    assert await conversations.remember(ref, USER) is True
    assert await conversations.remember(ref, USER) is False  # known now
    try:
        yield services
    finally:
        await engine.dispose()


async def say(
    services: Services, text: str, *, language: str = "da", value: dict | None = None, user: ConversationUser = USER
) -> list:
    committee = await services.conversations.committee_for(KEY)
    turn = Turn(
        text=text,
        language=language,
        key=KEY,
        conversation_type="channel",
        user=user,
        received_at=NOW.astimezone(dt.UTC),
        committee=committee,
        value=value,
    )
    return await handle(turn, services)


async def test_ask_quotes_and_finds_the_whole_item(services: Services) -> None:
    [reply] = await say(services, "Hvornår er fristen for besvarelse af spørgeskemaerne?")

    assert isinstance(reply, AnswerReply)
    assert reply.answer.answered and reply.answer.language == "da"
    source = reply.answer.sources[0]
    assert (source.committee, source.item_number) == (FOLLOW_GROUP, "6.2")
    assert reply.item is not None and reply.item.number == "6.2"
    assert reply.item.title == source.item_title


@pytest.mark.parametrize(
    ("question", "client", "expected"),
    [
        ("Hvornår er fristen for besvarelse af spørgeskemaerne?", "en", "da"),  # Danish in an English Teams
        ("When is the deadline for answering the questionnaires?", "da", "en"),  # and the other way round
        ("PTSD?", "en", "en"),  # the question does not tell: the client's language
        ("PTSD?", "da", "da"),
    ],
)
async def test_answer_follows_the_question_language(
    services: Services, question: str, client: str, expected: str
) -> None:
    [reply] = await say(services, question, language=client)

    assert isinstance(reply, AnswerReply)
    assert reply.answer.language == expected
    if question.endswith("spørgeskemaerne?"):
        assert "punkt 6.2" in reply.answer.answer and "item" not in reply.answer.answer


async def test_unanswered_question_has_no_item(services: Services) -> None:
    [reply] = await say(services, "Hvem vandt Tour de France i 1998?")

    assert isinstance(reply, AnswerReply)
    assert not reply.answer.answered and reply.item is None


async def test_linked_committee_is_searched_first(services: Services) -> None:
    [before] = await say(services, "spørg hvornår er næste møde?")
    [linked] = await say(services, "tilknyt udvalg fokusgruppen")
    [after] = await say(services, "spørg hvornår er næste møde?")

    assert {s.committee for s in before.answer.sources} == {FOLLOW_GROUP, FOCUS_GROUP}
    assert linked == TextReply(
        f"Denne kanal er nu knyttet til {FOCUS_GROUP}. Spørgsmål her søger først i gruppens referater."
    )
    assert [s.committee for s in after.answer.sources] == [FOCUS_GROUP]


async def test_a_member_may_not_link_or_unlink_and_the_refusal_is_audited(services: Services) -> None:
    member = ConversationUser(user_id="29:member", aad_object_id="aad-2", name="Member")
    [refused] = await say(services, "tilknyt udvalg fokusgruppen", user=member)
    await say(services, "tilknyt udvalg fokusgruppen")
    [kept] = await say(services, "fjern tilknytning", user=member)

    assert isinstance(refused, TextReply) and refused.text.startswith(f"Kun sekretariatet for {FOCUS_GROUP}")
    assert isinstance(kept, TextReply) and kept.text.startswith(f"Kun sekretariatet for {FOCUS_GROUP}")
    assert await services.conversations.committee_for(KEY) == FOCUS_GROUP
    audit = [(row.action, row.allowed, row.role, row.actor) for row in await services.access.audit()]
    assert audit == [
        ("link", False, "member", "aad-2"),
        ("link", True, "secretary", "aad-1"),
        ("unlink", False, "member", "aad-2"),
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "link committee gruppen",
            "en",
            f"“gruppen” matches several committees: “{FOCUS_GROUP}”; “{FOLLOW_GROUP}”. Type more of the name.",
        ),
        (
            "link committee regionsrådet",
            "en",
            f"I don't know a committee called “regionsrådet”. Known committees: “{FOCUS_GROUP}”; “{FOLLOW_GROUP}”.",
        ),
        (
            "tilknyt udvalg",
            "da",
            f"Skriv gruppens navn efter »tilknyt udvalg«, fx »tilknyt udvalg {FOCUS_GROUP}«. "
            f"Kendte grupper: “{FOCUS_GROUP}”; “{FOLLOW_GROUP}”.",
        ),
    ],
)
async def test_link_explains_names_it_cannot_use(services: Services, text: str, language: str, expected: str) -> None:
    [reply] = await say(services, text, language=language)

    assert reply == TextReply(expected)
    assert await services.conversations.committee_for(KEY) is None


async def test_unlink_when_not_linked(services: Services) -> None:
    assert await say(services, "fjern tilknytning") == [TextReply("Denne kanal er ikke knyttet til nogen gruppe.")]


async def test_show_item_needs_to_know_which_minutes(services: Services) -> None:
    [reply] = await say(services, "vis punkt 6.2", language="en")

    assert isinstance(reply, TextReply) and "show item 6.2 in" in reply.text


async def test_show_item_from_a_button(services: Services) -> None:
    value = {"action": "show_item", "document": "002_d275c62a07e34f7d.txt", "item_number": "10"}

    [reply] = await say(services, "", value=value)

    assert isinstance(reply, ItemReply)
    assert (reply.committee, reply.meeting_date) == (FOCUS_GROUP, dt.date(2020, 9, 2))
    assert reply.item.number == "10" and reply.item.title == "Mødetider i 2021"


async def test_help_and_welcome(services: Services) -> None:
    assert await say(services, "") == [HelpReply()]
    assert await say(services, "spørg") == [HelpReply()]
    assert welcome.run() == [WelcomeReply()]
