"""Uploaded minutes as plain Python types: the file as Teams announced it, and the pending review.

These types carry no database or Teams concerns. Time semantics: ``meeting_date`` is a local
Europe/Copenhagen date as the minutes give it; every ``datetime`` is an instant, timezone-aware UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from bot.proposals.model import Person
from bot.words import is_english

# File names are kept to this many characters (file systems allow 255 bytes).
MAX_NAME = 120


class UploadState(StrEnum):
    """Where an uploaded minutes document stands.

    ``approving`` is the short step between a secretary's "Godkend" and the minutes being stored:
    a rejection cannot slip in meanwhile, and pressing "Godkend" again finishes an approval that
    was interrupted (storing the same minutes twice changes nothing).
    """

    PENDING = "pending"
    APPROVING = "approving"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class FileAttachment:
    """A file someone sent the bot, as the channel announced it (no bytes yet).

    Attributes:
        name: the file name as shown in Teams, e.g. "Referat 4. februar.pdf".
        download_url: a pre-authorised link (Teams personal chat: plain GET, no token); None otherwise.
        content_url: the file's SharePoint/OneDrive address (channels and group chats, fetched
            through Microsoft Graph); None when only ``download_url`` is given.
        file_type: the extension Teams gives ("pdf", "docx"), used when the name has none.
        unique_id: Teams' id of the file, for the log.
    """

    name: str
    download_url: str | None = None
    content_url: str | None = None
    file_type: str | None = None
    unique_id: str | None = None

    @property
    def file_name(self) -> str:
        """The name without folders, with the file type as suffix when the name has none."""
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
        """The lower-case suffix of ``file_name`` (".pdf"), or "" when there is none."""
        name = self.file_name
        return "." + name.rsplit(".", 1)[-1].lower() if "." in name.lstrip(".") else ""


@dataclass(frozen=True, slots=True)
class PendingUpload:
    """A minutes document a secretary sent, kept apart from the stored minutes until decided.

    Attributes:
        id: the row id; the review card's buttons carry it.
        state: pending, approving, approved or rejected.
        file_name: the file's name (becomes the minutes' document name when approved).
        size: the file's size in bytes.
        sha256: of the file's bytes.
        uploader: who sent it.
        channel_id, conversation_id: where it was sent (the conversation without a thread suffix).
        committee: the committee the minutes name, else the conversation's linked one; None
            when neither says (the secretary chooses on the review card).
        meeting_date: the meeting's local date as read from the minutes, if found.
        created_at: when it was received (UTC).
        decided_by, decided_at: who approved or rejected it, and when (UTC).
        has_data: whether the file's bytes are still kept (they are dropped on a decision).
    """

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


class UploadError(Exception):
    """Why an uploaded file could not be taken in; ``da`` and ``en`` are ready-to-show messages.

    Attributes:
        kind: what went wrong, for logs and tests: "not_found", "forbidden", "server", "timeout",
            "unreachable", "too_large", "unsupported", "unreadable", "no_graph", "not_secretary",
            "unknown_upload", "decided", "no_committee"; for a file fetched through Microsoft Graph, the
            Graph error's reason (bot.graph.errors.REASONS, e.g. "forbidden", "throttled", "sign_in").
        committee: the committee a "not_secretary" refusal is about, when it is about one.
    """

    def __init__(self, kind: str, da: str, en: str, *, committee: str | None = None):
        super().__init__(da)
        self.kind = kind
        self.da = da
        self.en = en
        self.committee = committee

    def message(self, language: str = "da") -> str:
        """The message in "da" or "en" (anything not English gets Danish)."""
        return self.en if is_english(language) else self.da
