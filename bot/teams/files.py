"""Files for a user in a Teams personal chat: the user's answer to a FileConsentCard, and the upload.

A Teams message is limited to about 28 KB and Teams shows no inline (data URI) files, so a bot
hands a file over in three steps (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4):

1. it sends a FileConsentCard (bot/teams/render.py makes one from a FileOfferReply);
2. Teams sends the invoke "fileConsent/invoke" with the user's answer; on "accept" Teams has opened
   an upload session in the user's OneDrive and sends its ``uploadUrl``;
3. the bot PUTs the bytes to that URL and shows the stored file with a FileInfoCard.

The upload URL is pre-authorised by OneDrive (no token); the PUT uses the Bot Connector's shared session.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from yarl import URL

from bot.words import DANISH, ENGLISH

logger = logging.getLogger(__name__)

#: The name of the invoke activity that carries the user's answer to a FileConsentCard.
FILE_CONSENT_INVOKE = "fileConsent/invoke"
ACCEPT = "accept"
DECLINE = "decline"

#: An upload of a few hundred kilobytes takes seconds; Teams waits about 15 s for the invoke's answer.
DEFAULT_UPLOAD_TIMEOUT = aiohttp.ClientTimeout(total=12, connect=5)
# OneDrive takes at most 60 MiB in one request of an upload session; larger files need several ranges.
_MAX_SINGLE_PUT = 60 * 1024 * 1024

WORDS = {
    DANISH: {
        "declined": "I orden, så sender jeg ikke filen.",
        "uploaded": "Filen ligger nu i din OneDrive:",
        "upload_failed": (
            "Beklager, jeg kunne ikke lægge filen i din OneDrive, fordi OneDrive ikke tog imod den. "
            "Prøv at hente den igen om lidt."
        ),
    },
    ENGLISH: {
        "declined": "All right, I won't send the file.",
        "uploaded": "The file is now in your OneDrive:",
        "upload_failed": (
            "Sorry, I couldn't save the file to your OneDrive because OneDrive did not accept it. "
            "Please try again in a moment."
        ),
    },
}


class MalformedConsent(ValueError):
    """The invoke's value is not a file consent answer Teams would send."""


class UploadError(Exception):
    """OneDrive did not take the file; ``status`` is its HTTP answer, None when there was none."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class UploadInfo:
    """Where an accepted file goes: OneDrive's upload session and the file it becomes (Teams may rename it)."""

    name: str
    upload_url: str
    content_url: str
    unique_id: str
    file_type: str


@dataclass(frozen=True, slots=True)
class FileConsent:
    """The user's answer to a FileConsentCard: the card's accept or decline context, and where to upload on accept."""

    action: str
    context: Mapping[str, Any]
    upload: UploadInfo | None


def read_consent(value: Any) -> FileConsent:
    """The answer in a "fileConsent/invoke" activity's ``value``, else MalformedConsent."""
    if not isinstance(value, Mapping) or value.get("type", "fileUpload") != "fileUpload":
        raise MalformedConsent("the value is not a fileUpload answer")
    action = value.get("action")
    if action not in (ACCEPT, DECLINE):
        raise MalformedConsent(f"unknown action {action!r}")
    context = value.get("context")
    context = context if isinstance(context, Mapping) else {}
    if action == DECLINE:
        return FileConsent(action, context, None)
    info = value.get("uploadInfo")
    if not isinstance(info, Mapping):
        raise MalformedConsent("an accepted file has no uploadInfo")
    fields = {key: info.get(key) for key in ("name", "uploadUrl", "contentUrl", "uniqueId", "fileType")}
    missing = [key for key, field in fields.items() if not isinstance(field, str) or not field]
    if missing:
        raise MalformedConsent(f"uploadInfo lacks {', '.join(missing)}")
    upload_url = URL(fields["uploadUrl"])
    if upload_url.scheme not in ("https", "http") or not upload_url.host:
        raise MalformedConsent("uploadUrl is not an http(s) URL")
    upload = UploadInfo(
        name=fields["name"],
        upload_url=fields["uploadUrl"],
        content_url=fields["contentUrl"],
        unique_id=fields["uniqueId"],
        file_type=fields["fileType"],
    )
    return FileConsent(action, context, upload)


class OneDriveUploads:
    """Puts files into the upload sessions Teams opens in users' OneDrive (the session is not closed here)."""

    def __init__(self, session: aiohttp.ClientSession, *, timeout: aiohttp.ClientTimeout = DEFAULT_UPLOAD_TIMEOUT):
        self._session = session
        self._timeout = timeout

    async def put(self, upload_url: str, data: bytes) -> None:
        """Upload the whole file in one request (ValueError if empty or too large; UploadError if not taken).

        OneDrive ends the session with 200 or 201; 202 (more ranges expected) cannot be right here, so it fails.
        """
        size = len(data)
        if not 0 < size <= _MAX_SINGLE_PUT:
            raise ValueError(f"cannot upload {size} bytes in one request")
        headers = {"Content-Length": str(size), "Content-Range": f"bytes 0-{size - 1}/{size}"}
        host = URL(upload_url).host
        try:
            async with self._session.put(
                URL(upload_url, encoded=True), data=data, headers=headers, timeout=self._timeout
            ) as response:
                body = await response.text()
                if response.status not in (200, 201):
                    logger.warning("OneDrive upload to %s answered %s: %s", host, response.status, body[:300])
                    raise UploadError(f"OneDrive answered {response.status}", response.status)
        except (TimeoutError, aiohttp.ClientError) as error:
            logger.warning("OneDrive upload to %s failed: %r", host, error)
            raise UploadError(f"no answer from OneDrive: {error!r}") from error
