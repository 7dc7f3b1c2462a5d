"""The routing table: which dialog takes which text or button, and what it reads from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.conversations import ConversationKey, conversation_key
from bot.words import language_of
from dialogs import ask, link_committee, show_item
from dialogs import help as help_dialog
from dialogs.router import ACTION_ROUTES, ROUTES, route
from dialogs.turn import Turn
from storage.conversations_repository import ConversationUser

USER = ConversationUser(user_id="29:user", aad_object_id=None, name="Test")
KEY = ConversationKey("msteams", "a:chat")


def turn(text: str = "", value: dict[str, Any] | None = None, language: str = "da") -> Turn:
    return Turn(
        text=text,
        language=language,
        key=KEY,
        conversation_type="personal",
        user=USER,
        received_at=dt.datetime(2021, 2, 10, 11, tzinfo=dt.UTC),
        value=value,
    )


@pytest.mark.parametrize(
    ("text", "dialog_id", "args"),
    [
        ("hjælp", help_dialog.DIALOG_ID, {}),
        ("HJÆLP!", help_dialog.DIALOG_ID, {}),
        ("help", help_dialog.DIALOG_ID, {}),
        ("?", help_dialog.DIALOG_ID, {}),
        ("", help_dialog.DIALOG_ID, {}),
        (
            "tilknyt udvalg Fokusgruppen Sundhed & Beskæftigelse",
            link_committee.DIALOG_ID,
            {"committee": "Fokusgruppen Sundhed & Beskæftigelse"},
        ),
        ("Tilknyt udvalget: »følgegruppen«", link_committee.DIALOG_ID, {"committee": "følgegruppen"}),
        ("tilknyt fokusgruppen", link_committee.DIALOG_ID, {"committee": "fokusgruppen"}),
        ("tilknyt udvalg", link_committee.DIALOG_ID, {"committee": ""}),
        ("link committee focus group", link_committee.DIALOG_ID, {"committee": "focus group"}),
        ("fjern tilknytning", link_committee.UNLINK_DIALOG_ID, {}),
        ("Fjern udvalget.", link_committee.UNLINK_DIALOG_ID, {}),
        ("unlink committee", link_committee.UNLINK_DIALOG_ID, {}),
        ("vis punkt 6.2", show_item.DIALOG_ID, {"document": None, "item_number": "6.2"}),
        ("Vis punkt 3. i referat.pdf", show_item.DIALOG_ID, {"document": "referat.pdf", "item_number": "3"}),
        ("show item 4.1 from 000_x.txt", show_item.DIALOG_ID, {"document": "000_x.txt", "item_number": "4.1"}),
        ("Hvornår er næste møde?", ask.DIALOG_ID, {"question": "Hvornår er næste møde?"}),
        ("spørg: hvilke frister har vi?", ask.DIALOG_ID, {"question": "hvilke frister har vi?"}),
        # A question that merely contains a command word is still a question.
        ("Hvad skal vi bruge hjælp til i IPS?", ask.DIALOG_ID, {"question": "Hvad skal vi bruge hjælp til i IPS?"}),
        ("Kan du vise punktet om IPS?", ask.DIALOG_ID, {"question": "Kan du vise punktet om IPS?"}),
        ("Knyttes der en koordinator til IPS?", ask.DIALOG_ID, {"question": "Knyttes der en koordinator til IPS?"}),
        ("Tilknytning af praktikanter", ask.DIALOG_ID, {"question": "Tilknytning af praktikanter"}),
        (
            "Hvornår skal link til spørgeskemaet sendes?",
            ask.DIALOG_ID,
            {"question": "Hvornår skal link til spørgeskemaet sendes?"},
        ),
    ],
)
def test_text_routes(text: str, dialog_id: str, args: dict[str, Any]) -> None:
    routed = route(turn(text))

    assert routed is not None
    assert (routed.dialog_id, dict(routed.args)) == (dialog_id, args)


def test_a_prefix_without_a_question_matches_no_row() -> None:
    assert route(turn("spørg")) is None  # the handler then shows help


def test_show_item_button_wins_over_text() -> None:
    value = {"action": "show_item", "document": "000_x.txt", "item_number": 6.2}

    routed = route(turn("", value=value))

    assert routed is not None and routed.dialog_id == show_item.DIALOG_ID
    assert dict(routed.args) == {"document": "000_x.txt", "item_number": "6.2"}


@pytest.mark.parametrize(
    "value",
    [{"actionId": "channel-post"}, {"action": "show_item", "item_number": "3"}, {"action": "other"}],
)
def test_other_buttons_are_no_card_action(value: dict[str, Any]) -> None:
    assert route(turn("", value=value), ACTION_ROUTES) is None
    routed = route(turn("", value=value))
    assert routed is not None and routed.dialog_id == help_dialog.DIALOG_ID  # no text: help


def test_stored_dialog_ids_are_plain_strings_and_the_table_is_ordered() -> None:
    ids = [r.dialog_id for r in ROUTES]

    assert all(type(i) is str for i in ids)
    assert [r.rank for r in ROUTES] == sorted(r.rank for r in ROUTES)
    buttons = [r.button for r in ROUTES]
    assert buttons == sorted(buttons, reverse=True)  # every button before any text
    assert show_item.DIALOG_ID in ids[: buttons.count(True)] and ids[-1] == ask.DIALOG_ID


@pytest.mark.parametrize(
    ("locale", "language"),
    [("en-US", "en"), ("en-GB", "en"), ("EN", "en"), ("da-DK", "da"), ("de-DE", "da"), (None, "da"), ("", "da")],
)
def test_language_from_locale(locale: str | None, language: str) -> None:
    assert language_of(locale) == language


def test_a_channel_thread_has_its_channels_key() -> None:
    thread = conversation_key("msteams", "19:abc@thread.tacv2;messageid=1771290107407")

    assert thread == ConversationKey("msteams", "19:abc@thread.tacv2")
    assert conversation_key("msteams", "a:chat") == ConversationKey("msteams", "a:chat")
