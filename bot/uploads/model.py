"""Uploaded minutes as plain types: the file as Teams announced it, and the pending review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.errors import UserError
from bot.proposals.model import Person

# File names are kept to this many characters (file systems allow 255 bytes).
MAX_NAME = 120


class UploadState(StrEnum):
    """``approving`` lies between "Godkend" and the minutes stored: no rejection slips in, and "Godkend"
    pressed again finishes an interrupted approval."""

    PENDING = "pending"
    APPROVING = "approving"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class FileAttachment:
    """A file as the channel announced it: a personal chat gives a pre-authorised ``download_url``, channels
    and group chats a SharePoint ``content_url`` fetched through Graph."""

    name: str
    download_url: str | None = None
    content_url: str | None = None
    file_type: str | None = None
    unique_id: str | None = None

    @property
    def file_name(self) -> str:
        # The name becomes a file on disk while it is read: no folders, no NUL, not "..", not too long.
        name = self.name.replace("\\", "/").replace("\x00", "").rsplit("/", 1)[-1].strip()
        if not name.strip("."):
            name = "referat"
        if len(name) > MAX_NAME:
            stem, dot, suffix = name.rpartition(".")
            name = f"{stem[: MAX_NAME - len(suffix) - 1]}.{suffix}" if dot and len(suffix) <= 10 else name[:MAX_NAME]
        if "." not in name.lstrip(".") and self.file_type:
            name = f"{name}.{self.file_type.strip().lstrip('.').lower()}"
        return name

    @property
    def suffix(self) -> str:
        name = self.file_name
        return "." + name.rsplit(".", 1)[-1].lower() if "." in name.lstrip(".") else ""


@dataclass(frozen=True, slots=True)
class PendingUpload:
    """A minutes document kept apart from the stored minutes until decided (its bytes are dropped then);
    ``committee`` is None when neither the minutes nor the conversation say (chosen on the card)."""

    id: int
    state: UploadState
    file_name: str
    size: int
    sha256: str
    uploader: Person
    channel_id: str
    conversation_id: str
    committee: str | None
    meeting_date: dt.date | None
    created_at: dt.datetime
    decided_by: Person | None = None
    decided_at: dt.datetime | None = None
    has_data: bool = True


class UploadError(UserError):
    """Why an uploaded file could not be taken in: ``kind`` for logs and tests (a Graph error's reason for a
    shared file), ``da`` and ``en`` ready to show."""

    def __init__(self, kind: str, da: str, en: str, *, committee: str | None = None):
        super().__init__(da, en)
        self.kind = kind
        self.committee = committee
