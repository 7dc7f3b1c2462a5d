"""Microsoft Graph where none is configured (the console, a server without GRAPH_*): every read says so."""

from __future__ import annotations

import datetime as dt

from bot.graph.errors import CALENDAR, FILE, FOLDER, NOT_CONFIGURED, GraphError
from bot.graph.model import DownloadedFile, DriveItem, GroupEvent


class UnconfiguredGraph:
    """Stands where a :class:`bot.graph.client.GraphClient` would: the same reads, each refused."""

    async def shared_item(self, sharing_url: str, *, operation: str = FILE) -> DriveItem:
        raise GraphError(NOT_CONFIGURED, operation)

    async def download_shared(self, sharing_url: str) -> DownloadedFile:
        raise GraphError(NOT_CONFIGURED, FILE)

    async def download_item(self, drive_id: str, item_id: str) -> DownloadedFile:
        raise GraphError(NOT_CONFIGURED, FILE)

    async def list_folder(self, drive_id: str, item_id: str) -> list[DriveItem]:
        raise GraphError(NOT_CONFIGURED, FOLDER)

    async def list_shared_folder(self, sharing_url: str) -> tuple[DriveItem, list[DriveItem]]:
        raise GraphError(NOT_CONFIGURED, FOLDER)

    async def group_events(self, group_id: str, start: dt.datetime, end: dt.datetime) -> list[GroupEvent]:
        raise GraphError(NOT_CONFIGURED, CALENDAR)
