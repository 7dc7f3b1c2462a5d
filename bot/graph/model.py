"""What the bot reads from Microsoft Graph, as plain types; every datetime is UTC except an all-day event's ``day``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath

from bot.minutes.read import SUPPORTED_SUFFIXES


@dataclass(frozen=True, slots=True)
class DriveItem:
    """A file or folder in a OneDrive or SharePoint library; ``ctag`` changes only with the content."""

    drive_id: str
    id: str
    name: str
    etag: str | None
    ctag: str | None
    size: int | None
    last_modified: dt.datetime | None
    is_folder: bool

    @property
    def looks_like_minutes(self) -> bool:
        return not self.is_folder and PurePath(self.name).suffix.lower() in SUPPORTED_SUFFIXES


@dataclass(frozen=True, slots=True)
class DownloadedFile:
    """A file's metadata and its whole content (at most the size limit)."""

    item: DriveItem
    content: bytes

    @property
    def name(self) -> str:
        return self.item.name


@dataclass(frozen=True, slots=True)
class GroupEvent:
    """One event, or one occurrence of a series, in a Microsoft 365 group's calendar."""

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
        # iCalUId is stable across calendars; Graph's id differs per occurrence.
        return self.ical_uid or self.id


@dataclass(frozen=True, slots=True)
class FolderLink:
    """The folder a committee's minutes are synced from; ``last_error`` is for a secretary, None after a success."""

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
    """The Microsoft 365 group whose calendar fills a committee's meeting calendar."""

    committee: str
    group_id: str
    set_by: str | None
    set_at: dt.datetime
    last_synced_at: dt.datetime | None
    last_error: str | None
