"""Files for a Teams personal chat: the consent card and file card as rendered, reading the user's
answer, and the upload to a OneDrive upload session (a stand-in on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.teams.connector import BotConnector, serialize_model
from bot.teams.files import MalformedConsent, OneDriveUploads, UploadError, UploadInfo, read_consent
from bot.teams.render import FILE_CONSENT_CARD, FILE_INFO_CARD, file_info_activity, render
from dialogs.replies import FileOfferReply, FileReply
from tests.teams.onedrive_standin import OneDriveStandIn

CONTEXT = {
    "action": "export_agenda",
    "committee": "Fokusgruppen Sundhed & Beskæftigelse",
    "meeting_date": "2021-05-27",
    "format": "docx",
    "language": "da",
}
OFFER = FileOfferReply(
    name="Dagsordensudkast Fokusgruppen Sundhed Beskæftigelse 2021-05-27.docx",
    size=36_912,
    description="Udkast til dagsorden for Fokusgruppen Sundhed & Beskæftigelse, mødet 27. maj 2021",
    context=CONTEXT,
)
UPLOAD_INFO = {
    "name": "Dagsordensudkast Fokusgruppen Sundhed Beskæftigelse 2021-05-27 (1).docx",
    "uploadUrl": "https://contoso-my.sharepoint.com/personal/sanne/_api/v2.0/drive/items/01X/uploadSession?tempauth=x",
    "contentUrl": "https://contoso-my.sharepoint.com/personal/sanne/Documents/Applications/Moedeassistent/x.docx",
    "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C8C",
    "fileType": "docx",
}


# ---------------------------------------------------------------------------- rendering


def test_a_file_offer_renders_as_a_file_consent_card_carrying_its_context_both_ways() -> None:
    [activity] = render([OFFER], language="da", with_cards=True)

    wire = serialize_model(activity)
    assert wire["type"] == "message"
    assert wire["attachments"] == [
        {
            "contentType": FILE_CONSENT_CARD,
            "name": OFFER.name,
            "content": {
                "description": OFFER.description,
                "sizeInBytes": 36_912,
                "acceptContext": CONTEXT,
                "declineContext": CONTEXT,
            },
        }
    ]
    assert FILE_CONSENT_CARD == "application/vnd.microsoft.teams.card.file.consent"


def test_without_cards_a_file_offer_is_its_description() -> None:
    [activity] = render([OFFER], language="da", with_cards=False)

    assert activity.text == OFFER.description and not activity.attachments


def test_a_file_reply_still_renders_inline_for_the_emulator() -> None:
    [activity] = render([FileReply("a.docx", "application/x-test", b"PK\x03\x04")], language="da", with_cards=True)

    [attachment] = serialize_model(activity)["attachments"]
    assert attachment["contentUrl"] == "data:application/x-test;base64,UEsDBA=="


def test_a_stored_file_renders_as_a_file_info_card() -> None:
    upload = read_consent(
        {"type": "fileUpload", "action": "accept", "context": CONTEXT, "uploadInfo": UPLOAD_INFO}
    ).upload
    assert upload is not None

    wire = serialize_model(file_info_activity(upload, "Filen ligger nu i din OneDrive:"))

    assert wire["text"] == "Filen ligger nu i din OneDrive:"
    assert wire["attachments"] == [
        {
            "contentType": "application/vnd.microsoft.teams.card.file.info",
            "contentUrl": UPLOAD_INFO["contentUrl"],
            "name": UPLOAD_INFO["name"],
            "content": {"uniqueId": UPLOAD_INFO["uniqueId"], "fileType": "docx"},
        }
    ]
    assert wire["attachments"][0]["contentType"] == FILE_INFO_CARD


# ---------------------------------------------------------------------------- reading the answer


def test_an_accept_carries_the_context_and_where_to_upload() -> None:
    consent = read_consent({"type": "fileUpload", "action": "accept", "context": CONTEXT, "uploadInfo": UPLOAD_INFO})

    assert consent.action == "accept" and consent.context == CONTEXT
    assert consent.upload == UploadInfo(
        name=UPLOAD_INFO["name"],
        upload_url=UPLOAD_INFO["uploadUrl"],
        content_url=UPLOAD_INFO["contentUrl"],
        unique_id=UPLOAD_INFO["uniqueId"],
        file_type="docx",
    )


def test_a_decline_needs_no_upload_info() -> None:
    consent = read_consent({"type": "fileUpload", "action": "decline", "context": CONTEXT})

    assert (consent.action, consent.context, consent.upload) == ("decline", CONTEXT, None)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "accept",
        {"type": "fileDownload", "action": "accept", "uploadInfo": UPLOAD_INFO},
        {"type": "fileUpload", "action": "maybe", "context": CONTEXT},
        {"type": "fileUpload", "action": "accept", "context": CONTEXT},
        {"type": "fileUpload", "action": "accept", "uploadInfo": {**UPLOAD_INFO, "uploadUrl": ""}},
        {"type": "fileUpload", "action": "accept", "uploadInfo": {**UPLOAD_INFO, "uploadUrl": "file:///etc/passwd"}},
        {"type": "fileUpload", "action": "accept", "uploadInfo": {**UPLOAD_INFO, "uniqueId": 7}},
    ],
)
def test_an_answer_teams_would_not_send_is_malformed(value: object) -> None:
    with pytest.raises(MalformedConsent):
        read_consent(value)


# ---------------------------------------------------------------------------- uploading


@pytest.fixture
async def onedrive() -> AsyncIterator[OneDriveStandIn]:
    async with OneDriveStandIn() as standin:
        yield standin


@pytest.fixture
async def connector() -> AsyncIterator[BotConnector]:
    async with BotConnector() as shared:
        yield shared


async def test_the_whole_file_goes_in_one_put_with_its_range_and_no_token(
    onedrive: OneDriveStandIn, connector: BotConnector
) -> None:
    data = b"PK\x03\x04" + bytes(range(256)) * 40
    url = onedrive.upload_url()

    await OneDriveUploads(connector.session).put(url, data)

    [upload] = onedrive.uploads
    assert upload.method == "PUT"
    assert f"http://127.0.0.1:{onedrive.port}{upload.path_qs}" == url  # the pre-authorised URL, unchanged
    assert upload.body == data
    assert upload.headers["Content-Range"] == f"bytes 0-{len(data) - 1}/{len(data)}"
    assert upload.headers["Content-Length"] == str(len(data))
    assert "Authorization" not in upload.headers


@pytest.mark.parametrize("status", [400, 404, 409, 500, 503, 202])
async def test_any_answer_but_200_or_201_is_an_upload_error(
    onedrive: OneDriveStandIn, connector: BotConnector, status: int
) -> None:
    onedrive.fail_next(status)

    with pytest.raises(UploadError) as raised:
        await OneDriveUploads(connector.session).put(onedrive.upload_url(), b"PK")

    assert raised.value.status == status


async def test_a_onedrive_that_does_not_answer_is_an_upload_error(
    onedrive: OneDriveStandIn, connector: BotConnector
) -> None:
    onedrive.hold()
    uploads = OneDriveUploads(connector.session, timeout=aiohttp.ClientTimeout(total=0.3))

    with pytest.raises(UploadError) as raised:
        await uploads.put(onedrive.upload_url(), b"PK")

    assert raised.value.status is None and len(onedrive.uploads) == 1


async def test_a_onedrive_that_cannot_be_reached_is_an_upload_error(connector: BotConnector) -> None:
    async with OneDriveStandIn() as gone:
        url = gone.upload_url()
    with pytest.raises(UploadError):
        await OneDriveUploads(connector.session).put(url, b"PK")
