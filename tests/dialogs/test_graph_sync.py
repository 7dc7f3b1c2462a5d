"""The Microsoft 365 sync commands reach their dialogs, read their link, id and committee, and say when Graph is not set up."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.services import build_services
from bot.settings import Settings
from dialogs import graph_sync
from dialogs.replies import TextReply
from dialogs.router import route
from dialogs.turn import Turn
from storage.conversations_repository import ConversationUser
from storage.database import create_engine, session_factory, upgrade
from tests.dialogs.test_router import turn

LINK = "https://contoso.sharepoint.com/:f:/s/sundhed/EhQ3Referater?e=Kf7xQ2"
GROUP = "5c2f8a4e-1b3d-4e6f-9a0b-7c8d9e0f1a2b"
COMMITTEE = "Fokusgruppen Sundhed & Beskæftigelse"
SECRETARY = ConversationUser(user_id="29:line", aad_object_id="0b6a3c1e-aaaa-bbbb-cccc-00000000000a", name="Line")
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "dialog_id", "args"),
    [
        (f"referatmappe {LINK}", graph_sync.SET_FOLDER_DIALOG_ID, {"url": LINK, "committee": ""}),
        (
            f"Referatmappe {LINK} for Fokusgruppen",
            graph_sync.SET_FOLDER_DIALOG_ID,
            {"url": LINK, "committee": "Fokusgruppen"},
        ),
        # Teams may send a pasted link as HTML.
        (f'referatmappe <a href="{LINK}">{LINK}</a>', graph_sync.SET_FOLDER_DIALOG_ID, {"url": LINK, "committee": ""}),
        (
            f"minutes folder {LINK} for the Focus group",
            graph_sync.SET_FOLDER_DIALOG_ID,
            {"url": LINK, "committee": "Focus group"},
        ),
        (f"kalendergruppe {GROUP}", graph_sync.SET_GROUP_DIALOG_ID, {"group_id": GROUP, "committee": ""}),
        (
            f"calendar group {GROUP} for udvalget Fokusgruppen",
            graph_sync.SET_GROUP_DIALOG_ID,
            {"group_id": GROUP, "committee": "Fokusgruppen"},
        ),
        ("fjern referatmappe", graph_sync.REMOVE_DIALOG_ID, {"what": "folder", "committee": ""}),
        (
            "fjern kalendergruppe for Fokusgruppen",
            graph_sync.REMOVE_DIALOG_ID,
            {"what": "group", "committee": "Fokusgruppen"},
        ),
        ("remove minutes folder", graph_sync.REMOVE_DIALOG_ID, {"what": "folder", "committee": ""}),
        ("synkronisering", graph_sync.STATUS_DIALOG_ID, {"committee": ""}),
        ("sync status", graph_sync.STATUS_DIALOG_ID, {"committee": ""}),
        ("referatmappe", graph_sync.STATUS_DIALOG_ID, {"committee": ""}),
        ("kalendergruppe Fokusgruppen", graph_sync.STATUS_DIALOG_ID, {"committee": "Fokusgruppen"}),
    ],
)
def test_each_command_reaches_its_dialog_with_what_it_names(text: str, dialog_id: str, args: dict) -> None:
    routed = route(turn(text))

    assert routed is not None and (routed.dialog_id, dict(routed.args)) == (dialog_id, args)


@pytest.mark.parametrize(
    "text", ["kalender", "fjern tilknytning", "Hvornår er næste møde?", "hvad er en referatmappe?"]
)
def test_other_commands_and_questions_are_not_taken(text: str) -> None:
    routed = route(turn(text))

    assert routed is not None and not routed.dialog_id.startswith("graph_")


@pytest.mark.parametrize(
    ("language", "says"),
    [("da", "Microsoft Graph er ikke sat op for botten"), ("en", "Microsoft Graph is not set up for the bot")],
)
async def test_without_graph_reading_says_so_and_what_is_stored_still_shows(
    tmp_path: Path, language: str, says: str
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'graph.db'}")
    await upgrade(engine)
    services = build_services(session_factory(engine), FixedClock(NOW), Settings(database_url="sqlite://"))
    seed = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds" / "002_d275c62a07e34f7d.txt"
    await services.knowledge.ingest(seed)
    await services.proposals.add_secretary(COMMITTEE, SECRETARY.aad_object_id or "", by="test")

    def said(text: str) -> Turn:
        return replace(turn(text, language=language), user=SECRETARY)

    try:
        for text in (f"referatmappe {LINK}", f"kalendergruppe {GROUP}"):
            routed = route(said(text))
            assert routed is not None
            [reply] = await routed.run(said(text), services)
            assert isinstance(reply, TextReply) and says in reply.text and COMMITTEE in reply.text, text
        for text in ("fjern referatmappe", "synkronisering"):
            routed = route(said(text))
            assert routed is not None
            [reply] = await routed.run(said(text), services)
            assert isinstance(reply, TextReply) and says not in reply.text and COMMITTEE in reply.text, text
    finally:
        await engine.dispose()
