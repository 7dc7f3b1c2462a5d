"""The Microsoft 365 sync commands reach their dialogs, read their link, id and committee, and say when Graph is off."""

from __future__ import annotations

import pytest

from dialogs import graph_sync
from dialogs.replies import TextReply
from dialogs.router import route
from dialogs.turn import Services
from tests.dialogs.test_router import turn

LINK = "https://contoso.sharepoint.com/:f:/s/sundhed/EhQ3Referater?e=Kf7xQ2"
GROUP = "5c2f8a4e-1b3d-4e6f-9a0b-7c8d9e0f1a2b"


@pytest.mark.parametrize(
    ("text", "dialog_id", "args"),
    [
        (f"referatmappe {LINK}", graph_sync.SET_FOLDER_DIALOG_ID, {"url": LINK, "committee": ""}),
        (f"Referatmappe {LINK} for Fokusgruppen", graph_sync.SET_FOLDER_DIALOG_ID,
         {"url": LINK, "committee": "Fokusgruppen"}),
        # Teams may send a pasted link as HTML.
        (f'referatmappe <a href="{LINK}">{LINK}</a>', graph_sync.SET_FOLDER_DIALOG_ID, {"url": LINK, "committee": ""}),
        (f"minutes folder {LINK} for the Focus group", graph_sync.SET_FOLDER_DIALOG_ID,
         {"url": LINK, "committee": "Focus group"}),
        (f"kalendergruppe {GROUP}", graph_sync.SET_GROUP_DIALOG_ID, {"group_id": GROUP, "committee": ""}),
        (f"calendar group {GROUP} for udvalget Fokusgruppen", graph_sync.SET_GROUP_DIALOG_ID,
         {"group_id": GROUP, "committee": "Fokusgruppen"}),
        ("fjern referatmappe", graph_sync.REMOVE_DIALOG_ID, {"what": "folder", "committee": ""}),
        ("fjern kalendergruppe for Fokusgruppen", graph_sync.REMOVE_DIALOG_ID,
         {"what": "group", "committee": "Fokusgruppen"}),
        ("remove minutes folder", graph_sync.REMOVE_DIALOG_ID, {"what": "folder", "committee": ""}),
        ("synkronisering", graph_sync.STATUS_DIALOG_ID, {"committee": ""}),
        ("sync status", graph_sync.STATUS_DIALOG_ID, {"committee": ""}),
        ("referatmappe", graph_sync.STATUS_DIALOG_ID, {"committee": ""}),
        ("kalendergruppe Fokusgruppen", graph_sync.STATUS_DIALOG_ID, {"committee": "Fokusgruppen"}),
    ],
)  # fmt: skip
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
    ("language", "start"),
    [("da", "Microsoft Graph er ikke sat op for botten"), ("en", "Microsoft Graph is not set up for the bot")],
)
async def test_without_graph_every_command_says_so(language: str, start: str) -> None:
    services = Services(knowledge=None, conversations=None)  # type: ignore[arg-type]  # neither is reached
    for text in (f"referatmappe {LINK}", f"kalendergruppe {GROUP}", "fjern referatmappe", "synkronisering"):
        asked = turn(text, language=language)
        routed = route(asked)
        assert routed is not None

        [reply] = await routed.run(asked, services)

        assert isinstance(reply, TextReply) and reply.text.startswith(start), text
