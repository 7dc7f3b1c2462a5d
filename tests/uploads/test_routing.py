"""How files and review decisions reach the upload dialog: from Teams activities to our turns and routes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from botbuilder.schema import Activity

from bot.teams.handler import file_attachments
from bot.uploads.model import FileAttachment
from dialogs import upload_minutes
from dialogs.router import ACTION_ROUTES, ROUTES, route
from tests.dialogs.test_router import turn

ACTIVITIES = Path(__file__).resolve().parents[2].parent / "shared" / "activities"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def activity(attachments: list[dict[str, Any]], channel_id: str = "msteams") -> Activity:
    recorded = json.loads((ACTIVITIES / "message_personal_chat.json").read_text(encoding="utf-8"))
    return Activity().deserialize({**recorded, "channelId": channel_id, "attachments": attachments})


def test_teams_file_download_info_becomes_a_file_with_its_download_link() -> None:
    fragment = json.loads((ACTIVITIES / "message_personal_file_attachment_docs_fragment.json").read_text("utf-8"))

    [file] = file_attachments(activity(fragment["attachments"]))

    assert file == FileAttachment(
        "file_example.txt",
        download_url="https://download.link",
        content_url=fragment["attachments"][0]["contentUrl"],
        file_type="txt",
        unique_id="1150D938-8870-4044-9F2C-5BBDEBA70C9D",
    )


def test_a_sharepoint_reference_in_a_channel_is_a_file_fetched_through_graph() -> None:
    url = "https://contoso.sharepoint.com/sites/Udvalg/Shared%20Documents/General/Referat.docx"
    files = file_attachments(
        activity(
            [
                {"contentType": "reference", "contentUrl": url, "name": "Referat.docx"},
                {"contentType": "text/html", "contentUrl": url.replace("Referat", "Bilag"), "name": "Bilag.pdf"},
            ]
        )
    )

    assert files == (
        FileAttachment("Referat.docx", content_url=url),
        FileAttachment("Bilag.pdf", content_url=url.replace("Referat", "Bilag")),
    )


def test_the_messages_own_html_and_cards_are_no_files() -> None:
    recorded = json.loads((ACTIVITIES / "message_channel_with_mention_vercel.json").read_text(encoding="utf-8"))
    card = {"contentType": "application/vnd.microsoft.card.adaptive", "content": {"type": "AdaptiveCard"}}

    assert file_attachments(Activity().deserialize(recorded)) == ()
    assert file_attachments(activity([card])) == ()


def test_the_emulators_plain_document_links_are_files_but_not_in_teams() -> None:
    attachment = {
        "contentType": DOCX,
        "contentUrl": "http://localhost:51234/v3/attachments/1/views/original",
        "name": "referat.docx",
    }

    assert file_attachments(activity([attachment], channel_id="emulator")) == (
        FileAttachment("referat.docx", download_url=attachment["contentUrl"]),
    )
    assert file_attachments(activity([attachment])) == ()


def test_a_message_with_files_goes_to_the_upload_dialog_whatever_its_text() -> None:
    files = (FileAttachment("referat.pdf", download_url="https://download.link"),)

    routed = route(dataclasses.replace(turn("hjælp"), attachments=files), ROUTES)

    assert routed is not None and routed.dialog_id == upload_minutes.DIALOG_ID and routed.args == {"files": files}


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("godkend referat 7", "approve_upload"),
        ("Afvis referat nr. 7.", "reject_upload"),
        ("approve minutes 7", "approve_upload"),
        ("reject the minutes 7", "reject_upload"),
    ],
)
def test_decisions_can_be_typed_where_there_are_no_buttons(text: str, action: str) -> None:
    routed = route(turn(text), ROUTES)

    assert routed is not None and routed.dialog_id == upload_minutes.DECIDE_DIALOG_ID
    assert routed.args == {"action": action, "value": {"action": action, "upload_id": "7"}}


def test_the_review_buttons_route_by_their_action() -> None:
    routed = route(turn(value={"action": "reject_upload", "upload_id": 7}), ACTION_ROUTES)

    assert routed is not None and routed.dialog_id == upload_minutes.DECIDE_DIALOG_ID


def test_a_question_about_approving_minutes_is_still_a_question() -> None:
    routed = route(turn("Hvem skal godkende referatet fra sidste møde?"), ROUTES)

    assert routed is not None and routed.dialog_id != upload_minutes.DECIDE_DIALOG_ID
