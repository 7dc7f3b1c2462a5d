"""The meeting calendar dialogs: routing, a secretary's commands in Danish and English, the list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from bot.calendar.service import Calendar
from bot.clock import FixedClock
from bot.conversations import ConversationKey
from dialogs import meetings
from dialogs.replies import TextReply
from dialogs.router import route
from dialogs.turn import Turn
from storage.conversations_repository import ConversationUser

BESKAEFTIGELSE = "Fokusgruppen Sundhed & Beskæftigelse"
SECRETARY = "0b6a3c1e-aaaa-bbbb-cccc-00000000000a"

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
LINE = ConversationUser(user_id="29:line", aad_object_id=SECRETARY, name="Line")
ANNE = ConversationUser(user_id="29:anne", aad_object_id="0b6a3c1e-aaaa-bbbb-cccc-000000000001", name="Anne")


@dataclass
class FakeServices:
    """What the dialogs use of Services, with the calendar field the lead adds to it."""

    calendar: Any
    proposals: Any = None
    knowledge: Any = None
    conversations: Any = None


def turn(
    text: str,
    *,
    user: ConversationUser = LINE,
    language: str = "da",
    committee: str | None = BESKAEFTIGELSE,
) -> Turn:
    return Turn(
        text=text, language=language, key=ConversationKey("msteams", "19:c@thread.tacv2"), conversation_type="channel",
        user=user, received_at=NOW, committee=committee,
    )  # fmt: skip


async def only_the_secretary(committee: str, aad_object_id: str | None) -> bool:
    return aad_object_id == SECRETARY


@pytest.fixture
def services(sessions) -> FakeServices:
    return FakeServices(Calendar(sessions, FixedClock(NOW), is_secretary=only_the_secretary))


async def say(services: FakeServices, text: str, **kwargs: Any) -> str:
    one = turn(text, **kwargs)
    routed = route(one)
    assert routed is not None and routed.dialog_id in (
        meetings.DIALOG_ID,
        meetings.CHANGE_DIALOG_ID,
    ), text
    replies = await routed.run(one, services)  # type: ignore[arg-type]
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
    services: FakeServices,
) -> None:
    added = await say(services, "nyt møde 4. marts 2027 kl. 9-12 Regionshuset")
    assert (
        added == f"Mødet 4. marts 2027 kl. 09.00–12.00, Regionshuset er tilføjet til kalenderen for {BESKAEFTIGELSE}."
    )
    moved = await say(services, "flyt møde 4. marts 2027 til 11. marts 2027")
    assert "11. marts 2027 kl. 09.00–12.00, Regionshuset" in moved
    listed = await say(services, "mødekalender")
    assert "- 11. marts 2027 kl. 09.00–12.00, Regionshuset" in listed
    assert "/kalender/fokusgruppen-sundhed-og-beskaeftigelse.ics" in listed
    cancelled = await say(services, "aflys møde 11. marts 2027")
    assert cancelled == f"Mødet 11. marts 2027 er aflyst ({BESKAEFTIGELSE})."
    assert "ingen kommende møder" in await say(services, "mødekalender")


async def test_english_commands(services: FakeServices) -> None:
    added = await say(services, "new meeting 4 March 2027 at 9-12 Regionshuset", language="en")
    assert added.startswith("The meeting on 4 March 2027 at 09:00–12:00, Regionshuset was added")
    assert "was moved to 11 March 2027" in await say(
        services, "move meeting 4 March 2027 to 11 March 2027", language="en"
    )


async def test_a_member_is_refused_and_nothing_changes(services: FakeServices) -> None:
    reply = await say(services, "nyt møde 4. marts 2027 kl. 9-12 Regionshuset", user=ANNE)
    assert "sekretær" in reply
    assert await services.calendar.upcoming(BESKAEFTIGELSE) == []


async def test_an_unreadable_date_and_an_unknown_meeting(
    services: FakeServices,
) -> None:
    assert "kunne ikke læse en dato" in await say(services, "nyt møde i morgen tidlig")
    assert "intet planlagt møde" in await say(services, "aflys møde 4. marts 2027")
    assert "den 4. marts 2027" in await say(services, "aflys møde 4. marts 2027")


async def test_an_unknown_meeting_in_english(services: FakeServices) -> None:
    """Seen in the Agents Playground (an en-US client): the refusal came in Danish."""
    reply = await say(services, "aflys møde 4. marts 2027", language="en")
    assert reply.endswith("has no meeting planned on 4 March 2027.") and "intet" not in reply
