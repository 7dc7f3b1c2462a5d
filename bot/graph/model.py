"""What the bot reads from Microsoft Graph, as plain Python types (no Graph JSON past the client).

Time semantics: every datetime here is a timezone-aware UTC instant, except an all-day event's
``day``, which is the calendar day as the group calendar shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePath

from bot.minutes.read import SUPPORTED_SUFFIXES

#: File extensions the folder sync offers as minutes (the knowledge core reads these).
MINUTES_EXTENSIONS = SUPPORTED_SUFFIXES


@dataclass(frozen=True, slots=True)
class DriveItem:
    """A file or folder in a OneDrive or SharePoint document library.

    Attributes:
        drive_id: the document library's id (``parentReference.driveId``).
        id: the item's id within the drive.
        name: the file or folder name.
        etag: changes whenever the item or its content changes.
        ctag: changes only when the content changes (absent on some folders).
        size: bytes (a folder's is the sum of its contents).
        last_modified: when it last changed, UTC.
        is_folder: True for a folder.
        mime_type: the file's MIME type as Graph reports it (None for folders).
        web_url: the item's address in SharePoint, for people.
    """

    drive_id: str
    id: str
    name: str
    etag: str | None
    ctag: str | None
    size: int | None
    last_modified: dt.datetime | None
    is_folder: bool
    mime_type: str | None = None
    web_url: str | None = None

    @property
    def is_file(self) -> bool:
        return not self.is_folder

    @property
    def extension(self) -> str:
        """The lower-case file extension with its dot (".pdf"), or "" when there is none."""
        return PurePath(self.name).suffix.lower()

    @property
    def looks_like_minutes(self) -> bool:
        """A file whose extension the knowledge core can read as minutes."""
        return self.is_file and self.extension in MINUTES_EXTENSIONS


@dataclass(frozen=True, slots=True)
class DownloadedFile:
    """A file's metadata and its content, fetched whole (at most the configured size limit)."""

    item: DriveItem
    content: bytes

    @property
    def name(self) -> str:
        return self.item.name

    def write_to(self, folder: Path) -> Path:
        """Write the content into ``folder`` under the file's own name (without any folder part).

        The knowledge core reads documents by path and tells the kind by the extension, so the
        name is kept; only its last component is used, so a name cannot write outside ``folder``.
        """
        safe = PurePath(self.item.name.replace("\\", "/")).name or "dokument"
        path = Path(folder) / safe
        path.write_bytes(self.content)
        return path


@dataclass(frozen=True, slots=True)
class GroupEvent:
    """One event (or one occurrence of a series) in a Microsoft 365 group's calendar.

    Attributes:
        id: Graph's event id (differs per occurrence).
        ical_uid: the iCalendar UID, stable across calendars; per occurrence for a series.
        subject: the event's title.
        starts_at: the start, UTC.
        ends_at: the end, UTC.
        all_day: True for an all-day event; then ``day`` is its first day.
        day: the calendar day of an all-day event (None for a timed event).
        location: ``location.displayName``, when given.
        cancelled: True when the organiser cancelled it.
    """

    id: str
    ical_uid: str | None
    subject: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    all_day: bool
    day: dt.date | None
    location: str | None
    cancelled: bool

    @property
    def uid(self) -> str:
        """The id the meeting calendar keys this event by: its iCalUId, else Graph's id."""
        return self.ical_uid or self.id


@dataclass(frozen=True, slots=True)
class FolderLink:
    """The folder a committee's minutes are synced from.

    Attributes:
        committee: the committee's stored name.
        sharing_url: the link the secretary gave.
        drive_id: the document library Graph resolved it to.
        item_id: the folder's id in that library.
        folder_name: the folder's name, to show.
        set_by: the secretary's Entra object id.
        set_at: when it was set, UTC.
        last_polled_at: the last successful listing, UTC.
        last_error: why the last listing failed (Danish, for a secretary), None after a success.
    """

    committee: str
    sharing_url: str
    drive_id: str
    item_id: str
    folder_name: str
    set_by: str | None
    set_at: dt.datetime
    last_polled_at: dt.datetime | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class CalendarLink:
    """The Microsoft 365 group whose calendar fills a committee's meeting calendar.

    Attributes:
        committee: the committee's stored name.
        group_id: the group's object id.
        set_by: the secretary's Entra object id.
        set_at: when it was set, UTC.
        last_synced_at: the last successful sync, UTC.
        last_error: why the last sync failed (Danish, for a secretary), None after a success.
    """

    committee: str
    group_id: str
    set_by: str | None
    set_at: dt.datetime
    last_synced_at: dt.datetime | None
    last_error: str | None
