"""Every command the Teams manifest and the help card advertise reaches the dialog it promises."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.conversations import ConversationKey
from bot.teams import cards
from dialogs import (
    ask,
    draft_agenda,
    graph_sync,
    link_committee,
    my_proposals,
    propose_item,
    review_proposals,
)
from dialogs import help as help_dialog
from dialogs.router import FALLBACK, route
from dialogs.turn import Turn
from storage.conversations_repository import ConversationUser

REPO = Path(__file__).resolve().parents[2]
MANIFEST = json.loads((REPO / "manifest" / "manifest.template.json").read_text(encoding="utf-8"))
ENGLISH = json.loads((REPO / "manifest" / "en.json").read_text(encoding="utf-8"))
COMMAND_LISTS = MANIFEST["bots"][0]["commandLists"]

USER = ConversationUser(user_id="29:user", aad_object_id=None, name="Test")
# The manifest's scope and the conversation type a Teams activity from it carries.
CONVERSATION_TYPES = {"personal": "personal", "team": "channel", "groupChat": "groupChat"}

# What picking the bare command from the Teams menu must open. "spørg" alone has no question, so no
# row takes it and the router falls back to help; "næste møde" and "frister" are questions.
EXPECTED = {
    "hjælp": help_dialog.DIALOG_ID,
    "spørg": None,
    "næste møde": ask.DIALOG_ID,
    "frister": ask.DIALOG_ID,
    "forslag": propose_item.DIALOG_ID,
    "mine forslag": my_proposals.DIALOG_ID,
    "forslag til behandling": review_proposals.DIALOG_ID,
    "dagsordensudkast": draft_agenda.DIALOG_ID,
    "tilknyt udvalg": link_committee.DIALOG_ID,
    "synkronisering": graph_sync.STATUS_DIALOG_ID,
}
# With text after it, "spørg" is a question like any other.
EXPECTED_WITH_ARGUMENT = {**EXPECTED, "spørg": ask.DIALOG_ID}
# The argument a dialog reads from the text after the command word.
ARGUMENT = {
    ask.DIALOG_ID: "question",
    propose_item.DIALOG_ID: "title",
    link_committee.DIALOG_ID: "committee",
}
# "…, fx: forslag Status på PTSD-arbejdet" / "…, e.g.: spørg What was decided about IPS?"
EXAMPLE_RE = re.compile(r"(?:fx|e\.g\.):\s*(?P<example>.+)$")


def turn(text: str, scope: str = "personal") -> Turn:
    return Turn(
        text=text, language="da", key=ConversationKey("msteams", f"a:{scope}"),
        conversation_type=CONVERSATION_TYPES[scope], user=USER,
        received_at=dt.datetime(2021, 2, 10, 11, tzinfo=dt.UTC),
    )  # fmt: skip


def dialog_for(text: str, scope: str = "personal") -> tuple[str | None, dict[str, Any]]:
    routed = route(turn(text, scope))
    return (None, {}) if routed is None else (routed.dialog_id, dict(routed.args))


def manifest_commands() -> list[tuple[str, int, int, dict[str, str]]]:
    """(scope, list index, command index, command) for every command in every scope."""
    return [
        (scope, i, j, command)
        for i, command_list in enumerate(COMMAND_LISTS)
        for scope in command_list["scopes"]
        for j, command in enumerate(command_list["commands"])
    ]


def test_every_manifest_command_has_an_expected_dialog() -> None:
    titles = {command["title"] for _, _, _, command in manifest_commands()}
    assert titles == set(EXPECTED)


@pytest.mark.parametrize(
    ("scope", "title"), [(scope, command["title"]) for scope, _, _, command in manifest_commands()]
)
def test_manifest_command_routes_to_its_dialog(scope: str, title: str) -> None:
    dialog_id, args = dialog_for(title, scope)
    assert dialog_id == EXPECTED[title], title
    if dialog_id is None:
        assert FALLBACK.dialog_id == help_dialog.DIALOG_ID
    # The bare command must not be read as a proposal titled "til behandling" or a question "mine forslag".
    if dialog_id == ask.DIALOG_ID:
        assert args == {"question": title}
    elif dialog_id in ARGUMENT:
        assert args[ARGUMENT[dialog_id]] == "", args  # no argument: the form / the "which committee?" reply


@pytest.mark.parametrize(
    ("scope", "language", "description"),
    [
        (scope, language, description)
        for scope, i, j, command in manifest_commands()
        for language, description in (
            ("da", command["description"]),
            ("en", ENGLISH[f"bots[0].commandLists[{i}].commands[{j}].description"]),
        )
        if EXAMPLE_RE.search(description)
    ],
)
def test_examples_in_descriptions_route_like_their_command(scope: str, language: str, description: str) -> None:
    example = EXAMPLE_RE.search(description)
    assert example
    text = example.group("example")
    command = next(title for title in sorted(EXPECTED, key=len, reverse=True) if text.startswith(title + " "))
    dialog_id, args = dialog_for(text, scope)
    assert dialog_id == EXPECTED_WITH_ARGUMENT[command] and dialog_id in ARGUMENT, (text, dialog_id)
    # The dialog gets what follows the command word, untouched.
    assert args[ARGUMENT[dialog_id]] == text.removeprefix(command + " ").strip()


def test_there_are_examples_to_check() -> None:
    with_examples = [c for _, _, _, c in manifest_commands() if EXAMPLE_RE.search(c["description"])]
    assert {c["title"] for c in with_examples} >= {"spørg", "forslag", "tilknyt udvalg"}


@pytest.mark.parametrize("language", ["da", "en"])
def test_help_card_rows_route_to_the_same_dialogs(language: str) -> None:
    rows = [word.removesuffix("…").strip() for word, _ in cards.texts(language)["help_commands"]]
    assert set(rows) == set(EXPECTED)
    for word in rows:
        assert dialog_for(word)[0] == EXPECTED[word], word
