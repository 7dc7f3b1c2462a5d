"""The personal-data chat command with real services over a SQLite file, without Bot Framework types."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.conversations import ConversationKey, ConversationUser
from bot.people.service import DELETED, EXPORTED, REFUSED
from dialogs import personal_data
from dialogs.replies import FileOfferReply, FileReply, Reply, TextReply
from dialogs.router import handle, route
from dialogs.turn import Services, Turn
from tests.people.data import ADMIN, MEMBER, NOW, OTHER, SECRETARY, build, person

TEAMS_CHAT = ConversationKey("msteams", "a:1secretary-chat")
EMULATOR = ConversationKey("emulator", "emulator-chat")
CHANNEL = ConversationKey("msteams", "19:committee@thread.tacv2")


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    services, engine = await build(f"sqlite:///{tmp_path / 'people.db'}")
    try:
        yield services
    finally:
        await engine.dispose()


def turn(
    text: str,
    *,
    user: ConversationUser = SECRETARY,
    key: ConversationKey = TEAMS_CHAT,
    kind: str | None = "personal",
    language: str = "da",
) -> Turn:
    return Turn(
        text=text, language=language, key=key, conversation_type=kind, user=user, received_at=NOW.astimezone(dt.UTC)
    )


async def say(services: Services, text: str, **kwargs: object) -> list[Reply]:
    one = turn(text, **kwargs)  # type: ignore[arg-type]  # keyword arguments from a test's dict
    routed = route(one)
    assert routed is not None and routed.dialog_id == personal_data.DIALOG_ID, text
    return await handle(one, services)


def texts(replies: list[Reply]) -> list[str]:
    return [r.text for r in replies if isinstance(r, TextReply)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("persondata eksport Mette Hansen", {"operation": "export", "person": "Mette Hansen", "confirmed": False}),
        (
            "Persondata  slet  Mette   Hansen  bekræft",
            {"operation": "delete", "person": "Mette Hansen", "confirmed": True},
        ),
        (
            "personal data delete 29:1member-mette confirm",
            {"operation": "delete", "person": "29:1member-mette", "confirmed": True},
        ),
        ("persondata", {"operation": None, "person": "", "confirmed": False}),
        ("persondata hvad", {"operation": None, "person": "", "confirmed": False}),
    ],
)
def test_the_command_is_read_from_the_text(text: str, expected: dict[str, object]) -> None:
    routed = route(turn(text))
    assert routed is not None and routed.dialog_id == personal_data.DIALOG_ID
    assert dict(routed.args) == expected


def test_other_text_is_not_the_command() -> None:
    for text in ("persondatabeskyttelse i udvalget?", "Hvad sagde Mette Hansen om personlige data?"):
        routed = route(turn(text))
        assert routed is None or routed.dialog_id != personal_data.DIALOG_ID


async def test_a_secretary_gets_a_summary_and_the_json_offered_for_consent_in_teams(services: Services) -> None:
    summary, offer_text, offer = await say(services, "persondata eksport Mette Hansen")

    assert isinstance(summary, TextReply) and summary.text.startswith("Det har jeg gemt om Mette Hansen: 2 forslag")
    assert "1 påmindelsesvalg" in summary.text
    assert isinstance(offer_text, TextReply) and "OneDrive" in offer_text.text
    assert isinstance(offer, FileOfferReply) and offer.name.endswith(".json")
    assert offer.context == {"action": "export_person", "person": "Mette Hansen", "language": "da"}

    [file] = await personal_data.consented_file(turn(""), {"value": offer.context}, services)
    assert isinstance(file, FileReply) and file.media_type == "application/json"
    export = json.loads(file.data)
    assert [p["title"] for p in export["tables"]["proposals"]] == ["Status på PTSD-arbejdet", "Mettes eget forslag"]
    # The offer and the file are two exports, each audited.
    assert [e["action"] for e in await services.people.audit_log()] == [EXPORTED, EXPORTED]


async def test_the_emulator_gets_the_file_inline(services: Services) -> None:
    replies = await say(services, "personal data export Mette Hansen", key=EMULATOR, kind=None, language="en")
    assert texts(replies)[0].startswith("What I have stored about Mette Hansen: 2 proposals")
    [file] = [r for r in replies if isinstance(r, FileReply)]
    assert json.loads(file.data)["person"]["user_ids"] == [MEMBER.user_id]


async def test_personal_data_is_not_shown_in_a_channel(services: Services) -> None:
    replies = await say(services, "persondata eksport Mette Hansen", key=CHANNEL, kind="channel")
    assert texts(replies) == [personal_data._DA["personal_only"]]
    assert await services.people.audit_log() == []


async def test_a_member_is_refused_politely_and_the_attempt_is_audited(services: Services) -> None:
    [refusal] = await say(services, "persondata slet Bo Andersen bekræft", user=MEMBER)
    assert isinstance(refusal, TextReply)
    assert refusal.text.startswith("Kun udvalgets sekretærer og administratorer")
    [entry] = await services.people.audit_log()
    assert (entry["action"], entry["actor_user_id"], entry["details"]["operation"]) == (
        REFUSED,
        MEMBER.user_id,
        "delete",
    )
    assert "Bo" not in str(entry["details"])
    assert (await services.people.export(OTHER.user_id, by=person(ADMIN)))["tables"]["conversation_users"]


async def test_delete_asks_for_confirmation_then_deletes(services: Services, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    [preview] = await say(services, "persondata slet Mette Hansen")
    assert isinstance(preview, TextReply)
    assert "forslag: 1 slettes, 1 pseudonymiseres" in preview.text
    assert "Skriv »persondata slet Mette Hansen bekræft« for at slette." in preview.text
    assert (await services.people.export("Mette Hansen", by=person(ADMIN)))["tables"]["proposals"]  # still there

    [done] = await say(services, "persondata slet Mette Hansen bekræft")
    assert isinstance(done, TextReply) and done.text.startswith("Slettet: forslag: 1 slettet, 1 pseudonymiseret")
    assert "slettet-" in done.text

    [gone] = await say(services, "persondata eksport Mette Hansen")
    assert isinstance(gone, TextReply) and gone.text.startswith("Jeg har intet gemt om »Mette Hansen«")
    [deletion] = [e for e in await services.people.audit_log() if e["action"] == DELETED]
    assert "Mette" not in str(deletion) and MEMBER.user_id not in str(deletion)
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.split(".")[0] in ("bot", "dialogs", "storage"))
    assert "personal data of slettet-" in ours  # the log says what happened, by pseudonym and ids
    assert "Mette" not in ours and MEMBER.user_id not in ours


async def test_an_admin_deletes_in_english(services: Services) -> None:
    [done] = await say(services, "personal data delete Bo Andersen confirm", user=ADMIN, language="en")
    assert isinstance(done, TextReply) and done.text.startswith(
        "Deleted: proposals: 1 deleted, 0 pseudonymised; proposal events: 1 deleted, 0 pseudonymised; "
        "conversation memberships: 1 deleted, 0 pseudonymised. What stays is now called slettet-"
    )


async def test_an_unknown_person_and_a_missing_name_are_explained(services: Services) -> None:
    [unknown] = await say(services, "persondata eksport Ingen Sådan")
    assert texts([unknown]) == [
        "Jeg har intet gemt om »Ingen Sådan«. Skriv navnet præcis som i Teams, eller personens Entra-objekt-id."
    ]
    [usage] = await say(services, "persondata eksport")
    assert texts([usage]) == [personal_data._DA["usage"]]


def test_every_table_an_export_lists_has_a_name_in_both_languages() -> None:
    from dialogs.personal_data import _TABLES_DA, _TABLES_EN
    from storage.people_repository import TABLES

    assert set(TABLES) <= _TABLES_DA.keys() and set(TABLES) <= _TABLES_EN.keys()
