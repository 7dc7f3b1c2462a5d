"""Every routed command is advertised, and every advertised command reaches the dialog that declares it:
in the help card (both languages), in Teams' command menu (manifest and its English file) and by text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.conversations import ConversationKey
from bot.teams import cards
from bot.teams.package import english_strings, menu, render_manifest
from dialogs import ask, link_committee, propose_item
from dialogs import help as help_dialog
from dialogs.commands import Help
from dialogs.router import FALLBACK, ROUTES, advertised, route
from dialogs.turn import Turn
from storage.conversations_repository import ConversationUser

USER = ConversationUser(user_id="29:user", aad_object_id=None, name="Test")
# The manifest's scope and the conversation type a Teams activity from it carries.
CONVERSATION_TYPES = {"personal": "personal", "team": "channel", "groupChat": "groupChat"}
MANIFEST = render_manifest("11111111-2222-3333-4444-555555555555", bot_domain="moedeassistent.kommune.dk")
# The argument a dialog reads from the text after the command word.
ARGUMENT = {ask.DIALOG_ID: "question", propose_item.DIALOG_ID: "title", link_committee.DIALOG_ID: "committee"}


def turn(text: str, scope: str = "personal") -> Turn:
    return Turn(
        text=text,
        language="da",
        key=ConversationKey("msteams", f"a:{scope}"),
        conversation_type=CONVERSATION_TYPES[scope],
        user=USER,
        received_at=dt.datetime(2021, 2, 10, 11, tzinfo=dt.UTC),
    )


def dialog_for(text: str, scope: str = "personal") -> tuple[str | None, dict[str, Any]]:
    routed = route(turn(text, scope))
    return (None, {}) if routed is None else (routed.dialog_id, dict(routed.args))


def declared() -> list[tuple[str, Help]]:
    """(dialog id, help row) of every advertised, typed way to use the bot."""
    return [(c.dialog_id, h) for c in ROUTES for h in c.help if h.typed]


def test_every_command_a_member_can_type_is_advertised() -> None:
    silent = [c.dialog_id for c in ROUTES if not c.button and not c.help]
    assert silent == []
    assert {h.word for h in advertised()} >= {"mødekalender", "nyt møde …", "flyt møde …", "aflys møde …", "påmind mig"}


@pytest.mark.parametrize(("dialog_id", "command"), declared(), ids=lambda v: getattr(v, "word", v))
@pytest.mark.parametrize("scope", list(CONVERSATION_TYPES))
def test_every_advertised_command_reaches_its_dialog(scope: str, dialog_id: str, command: Help) -> None:
    sample = command.example or command.title  # a message that uses the command
    assert dialog_for(sample, scope)[0] == dialog_id, sample
    if command.example is None:
        return
    # The dialog gets what follows the command word, untouched.
    found, args = dialog_for(command.example, scope)
    if found in ARGUMENT:
        assert args[ARGUMENT[found]] == command.example.removeprefix(command.title).strip()


def test_a_command_word_that_takes_text_has_an_example() -> None:
    assert [h.word for h in advertised() if h.title != h.word and h.typed and not h.example] == []


@pytest.mark.parametrize("title", [h.title for h in menu()])
def test_the_bare_menu_command_opens_its_dialog_not_a_question_about_it(title: str) -> None:
    dialog_id, args = dialog_for(title)
    if title == "spørg":  # no question yet: help
        assert dialog_id is None and FALLBACK.dialog_id == help_dialog.DIALOG_ID
    elif dialog_id == ask.DIALOG_ID:
        assert args == {"question": title}  # "næste møde", "frister" are questions
    elif dialog_id in ARGUMENT:
        assert args[ARGUMENT[dialog_id]] == "", args  # the form / the "which committee?" reply


def test_the_manifest_menu_is_the_declared_menu_in_every_scope() -> None:
    lists = MANIFEST["bots"][0]["commandLists"]
    assert sorted(s for lst in lists for s in lst["scopes"]) == ["groupChat", "personal", "team"]
    for command_list in lists:
        assert [c["title"] for c in command_list["commands"]] == [h.title for h in menu()]
        assert len(command_list["commands"]) <= 10  # Teams' limit per list
    english = english_strings(MANIFEST)
    for i, command_list in enumerate(lists):
        for j, command in enumerate(command_list["commands"]):
            described = english[f"bots[0].commandLists[{i}].commands[{j}].description"]
            assert described != command["description"]  # translated, not copied


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_help_card_lists_every_advertised_command(language: str) -> None:
    shown = str(cards.help_card(language))
    rows = cards.help_rows(language, secretary=False) + cards.help_rows(language, secretary=True)
    assert sorted(rows) == sorted((h.word, h.en if language == "en" else h.da) for h in advertised())
    for command in advertised():
        assert command.title in shown
    members = dict(cards.help_rows(language, secretary=False))
    secretaries = dict(cards.help_rows(language, secretary=True))
    assert "forslag til behandling" in secretaries and "forslag …" in members
    who = "committee's secretaries" if language == "en" else "udvalgets sekretærer"
    assert not any(who in line for line in members.values())
