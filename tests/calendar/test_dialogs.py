"""The meeting calendar dialogs: routing, a secretary's commands in Danish and English, the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.clock import FixedClock
from bot.conversations import ConversationKey
from bot.services import build_services
from bot.settings import Settings
from dialogs import meetings
from dialogs.replies import TextReply
from dialogs.router import route
from dialogs.turn import Services, Turn
from storage.conversations_repository import ConversationUser

BESKAEFTIGELSE = "Fokusgruppen Sundhed & Beskæftigelse"
SECRETARY = "0b6a3c1e-aaaa-bbbb-cccc-00000000000a"

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
LINE = ConversationUser(user_id="29:line", aad_object_id=SECRETARY, name="Line")
ANNE = ConversationUser(user_id="29:anne", aad_object_id="0b6a3c1e-aaaa-bbbb-cccc-000000000001", name="Anne")


def turn(
    text: str,
    *,
    user: ConversationUser = LINE,
    language: str = "da",
    committee: str | None = BESKAEFTIGELSE,
) -> Turn:
    return Turn(
        text=text,
        language=language,
        key=ConversationKey("msteams", "19:c@thread.tacv2"),
        conversation_type="channel",
        user=user,
        received_at=NOW,
        committee=committee,
    )


@pytest.fixture
def services(sessions) -> Services:
    settings = Settings(database_url="sqlite://", secretaries={BESKAEFTIGELSE: (SECRETARY,)})
    return build_services(sessions, FixedClock(NOW), settings)


async def say(services: Services, text: str, **kwargs: Any) -> str:
    one = turn(text, **kwargs)
    routed = route(one)
    assert routed is not None and routed.dialog_id in (
        meetings.DIALOG_ID,
        meetings.CHANGE_DIALOG_ID,
        meetings.NEW_FEED_DIALOG_ID,
    ), text
    replies = await routed.run(one, services)
    assert len(replies) == 1 and isinstance(replies[0], TextReply)
    return replies[0].text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "nyt møde 4. marts 2027 kl. 9-12 Regionshuset",
            {"action": "add", "rest": "4. marts 2027 kl. 9-12 Regionshuset"},
        ),
        (
            "flyt møde 4. marts 2027 til 11. marts 2027",
            {"action": "move", "old": "4. marts 2027", "new": "11. marts 2027"},
        ),
        ("Aflys mødet den 4. marts 2027", {"action": "cancel", "day": "4. marts 2027"}),
        ("cancel meeting 4 March 2027", {"action": "cancel", "day": "4 March 2027"}),
        ("hvornår er næste møde?", None),
    ],
)
def test_commands_are_matched(text: str, expected: dict | None) -> None:
    assert meetings.match_change(turn(text)) == expected


def test_the_calendar_command_is_matched_but_not_a_question_about_it() -> None:
    assert meetings.match_list(turn("mødekalender")) == {}
    assert meetings.match_list(turn("Calendar")) == {}
    assert meetings.match_list(turn("kalender for hvilket udvalg har vi?")) is None


async def test_a_secretary_adds_moves_and_cancels_by_chat(
    services: Services,
) -> None:
    added = await say(services, "nyt møde 4. marts 2027 kl. 9-12 Regionshuset")
    assert (
        added == f"Mødet 4. marts 2027 kl. 09.00–12.00, Regionshuset er tilføjet til kalenderen for {BESKAEFTIGELSE}."
    )
    moved = await say(services, "flyt møde 4. marts 2027 til 11. marts 2027")
    assert "11. marts 2027 kl. 09.00–12.00, Regionshuset" in moved
    listed = await say(services, "mødekalender")
    assert "- 11. marts 2027 kl. 09.00–12.00, Regionshuset" in listed
    assert "/kalender/fokusgruppen-sundhed-og-beskaeftigelse.ics?token=" in listed
    cancelled = await say(services, "aflys møde 11. marts 2027")
    assert cancelled == f"Mødet 11. marts 2027 er aflyst ({BESKAEFTIGELSE})."
    assert "ingen kommende møder" in await say(services, "mødekalender")


async def test_english_commands(services: Services) -> None:
    added = await say(services, "new meeting 4 March 2027 at 9-12 Regionshuset", language="en")
    assert added.startswith("The meeting on 4 March 2027 at 09:00–12:00, Regionshuset was added")
    assert "was moved to 11 March 2027" in await say(
        services, "move meeting 4 March 2027 to 11 March 2027", language="en"
    )


async def test_a_member_is_refused_and_nothing_changes(services: Services) -> None:
    reply = await say(services, "nyt møde 4. marts 2027 kl. 9-12 Regionshuset", user=ANNE)
    assert reply == f"Kun sekretariatet for {BESKAEFTIGELSE} kan ændre mødekalenderen."
    assert await services.calendar.upcoming(BESKAEFTIGELSE) == []
    assert [(row.action, row.allowed, row.committee) for row in await services.access.audit()] == [
        ("change_meeting", False, BESKAEFTIGELSE)
    ]


async def test_an_unreadable_date_and_an_unknown_meeting(
    services: Services,
) -> None:
    assert "kunne ikke læse en dato" in await say(services, "nyt møde i morgen tidlig")
    assert "intet planlagt møde" in await say(services, "aflys møde 4. marts 2027")
    assert "den 4. marts 2027" in await say(services, "aflys møde 4. marts 2027")


async def test_a_new_calendar_link_replaces_the_old_one_and_only_a_secretary_may_ask(services: Services) -> None:
    await say(services, "nyt møde 4. marts 2027 kl. 9-12 Regionshuset")
    listed = await say(services, "mødekalender", user=ANNE)
    old = listed.split("?token=")[1].split()[0]

    refused = await say(services, "nyt kalenderlink", user=ANNE)
    renewed = await say(services, "nyt kalenderlink")
    new = renewed.split("?token=")[1].split()[0]

    assert refused == f"Kun sekretariatet for {BESKAEFTIGELSE} kan give kalenderen en ny adresse."
    assert new != old and len(new) >= 32
    assert await services.access.committee_of_feed(new) == BESKAEFTIGELSE
    assert await services.access.committee_of_feed(old) is None
    assert [(row.action, row.allowed) for row in await services.access.audit()] == [
        ("change_meeting", True),
        ("rotate_feed", False),
        ("rotate_feed", True),
    ]


async def test_an_unknown_meeting_in_english(services: Services) -> None:
    """Seen in the Agents Playground (an en-US client): the refusal came in Danish."""
    reply = await say(services, "aflys møde 4. marts 2027", language="en")
    assert reply.endswith("has no meeting planned on 4 March 2027.") and "intet" not in reply
