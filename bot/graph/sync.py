"""Per-committee sync from Microsoft Graph: minutes files from a folder, meetings from a group calendar.

A failure is a ``GraphError``, whose Danish explanation is also stored on the committee's link for a secretary.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.calendar.ics import ImportedEvent
from bot.calendar.model import local_instant
from bot.calendar.service import Calendar, ImportCounts
from bot.clock import Clock
from bot.graph.client import GraphClient
from bot.graph.errors import GraphError
from bot.graph.model import CalendarLink, DownloadedFile, DriveItem, FolderLink, GroupEvent
from bot.graph.unconfigured import UnconfiguredGraph
from bot.people.model import is_guid
from storage import graph_repository as repo
from storage.calendar_repository import committee_row
from storage.database import writing

logger = logging.getLogger(__name__)

_CALENDAR_WINDOW = dt.timedelta(days=365)  # how far ahead group calendars are read


@dataclass(frozen=True, slots=True)
class OfferedFile:
    """A new or changed minutes file in a committee's synced folder, offered once for review."""

    committee: str
    item: DriveItem

    @property
    def drive_id(self) -> str:
        return self.item.drive_id

    @property
    def item_id(self) -> str:
        return self.item.id

    @property
    def name(self) -> str:
        return self.item.name

    @property
    def version(self) -> str:
        return content_version(self.item)


class FolderSync:
    """Offers each minutes file in a committee's folder once per version of its content (cTag, else eTag):
    a renamed file is not offered again, an edited one is."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], client: GraphClient | UnconfiguredGraph, clock: Clock
    ) -> None:
        self._sessions = sessions
        self._client = client
        self._clock = clock

    async def set_folder(
        self, committee: str, sharing_url: str, *, by: str | None, offer_existing: bool = True
    ) -> FolderLink:
        """Sync the committee's (created if new) minutes from this folder; Graph is asked at once, so a wrong link
        or a missing permission is told now. Without ``offer_existing`` the files already there count as offered."""
        folder, children = await self._client.list_shared_folder(sharing_url)
        now = self._clock.now()
        async with writing(self._sessions) as session:
            committee_id, _ = await committee_row(session, committee, create=True)  # type: ignore[misc]  # with create=True a row is always returned
            previous = await repo.folder_links(session, committee_id)
            if previous and (previous[0].drive_id, previous[0].item_id) != (folder.drive_id, folder.id):
                await repo.remove_folder_link(session, committee_id)  # another folder starts afresh
            await repo.set_folder_link(
                session, committee_id, sharing_url=sharing_url.strip(), drive_id=folder.drive_id, item_id=folder.id,
                folder_name=folder.name, by=by, at=now,
            )  # fmt: skip  # keyword arguments grouped by meaning
            if not offer_existing:
                for item in _minutes_files(children):
                    await repo.claim_offer(
                        session, committee_id, drive_id=item.drive_id, item_id=item.id, etag=content_version(item),
                        name=item.name, at=now,
                    )  # fmt: skip  # keyword arguments grouped by meaning
            [link] = await repo.folder_links(session, committee_id)
        return link

    async def folder(self, committee: str) -> FolderLink | None:
        async with self._sessions() as session:
            row = await committee_row(session, committee)
            return None if row is None else next(iter(await repo.folder_links(session, row[0])), None)

    async def folders(self) -> list[FolderLink]:
        async with self._sessions() as session:
            return await repo.folder_links(session)

    async def remove_folder(self, committee: str) -> bool:
        """True when one was set."""
        async with writing(self._sessions) as session:
            row = await committee_row(session, committee)
            return row is not None and await repo.remove_folder_link(session, row[0])

    async def poll(self, committee: str) -> list[OfferedFile]:
        """The minutes files not offered before, oldest change first; they count as offered from now on
        (``release`` hands one back)."""
        async with self._sessions() as session:
            row = await committee_row(session, committee)
            links = [] if row is None else await repo.folder_links(session, row[0])
        if row is None or not links:
            return []
        committee_id, name = row
        try:
            children = await self._client.list_folder(links[0].drive_id, links[0].item_id)
        except GraphError as error:
            async with writing(self._sessions) as session:
                await repo.record_folder_poll(session, committee_id, at=self._clock.now(), error=error.explain("da"))
            raise
        now = self._clock.now()
        offered = []
        async with writing(self._sessions) as session:
            for item in sorted(_minutes_files(children), key=_change_order):
                claimed = await repo.claim_offer(
                    session, committee_id, drive_id=item.drive_id, item_id=item.id, etag=content_version(item),
                    name=item.name, at=now,
                )  # fmt: skip  # keyword arguments grouped by meaning
                if claimed:
                    offered.append(OfferedFile(name, item))
            await repo.record_folder_poll(session, committee_id, at=now)
        return offered

    async def release(self, offer: OfferedFile) -> None:
        """Offer the file again at the next poll (its card could not be shown)."""
        async with writing(self._sessions) as session:
            row = await committee_row(session, offer.committee)
            if row is not None:
                await repo.release_offer(
                    session, row[0], drive_id=offer.drive_id, item_id=offer.item_id, etag=offer.version
                )

    async def download(self, offer: OfferedFile) -> DownloadedFile:
        return await self._client.download_item(offer.drive_id, offer.item_id)


class CalendarSync:
    """Fills committees' meeting calendars from their Microsoft 365 group calendars."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        client: GraphClient | UnconfiguredGraph,
        calendar: Calendar,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._client = client
        self._calendar = calendar
        self._clock = clock

    async def set_group(self, committee: str, group_id: str, *, by: str | None) -> CalendarLink:
        """Read at once, so a wrong id or a missing permission is told now; ValueError (Danish) for a non-GUID."""
        group_id = group_id.strip().lower()
        if not is_guid(group_id):
            raise ValueError(f"»{group_id}« er ikke en gruppes objekt-id (en GUID som 1a2b3c4d-…).")
        now = self._clock.now()
        await self._client.group_events(group_id, now, now + dt.timedelta(days=1))
        async with writing(self._sessions) as session:
            committee_id, _ = await committee_row(session, committee, create=True)  # type: ignore[misc]  # with create=True a row is always returned
            await repo.set_calendar_link(session, committee_id, group_id=group_id, by=by, at=now)
            [link] = await repo.calendar_links(session, committee_id)
        return link

    async def group(self, committee: str) -> CalendarLink | None:
        async with self._sessions() as session:
            row = await committee_row(session, committee)
            return None if row is None else next(iter(await repo.calendar_links(session, row[0])), None)

    async def groups(self) -> list[CalendarLink]:
        async with self._sessions() as session:
            return await repo.calendar_links(session)

    async def remove_group(self, committee: str) -> bool:
        """The meetings already there stay; True when one was set."""
        async with writing(self._sessions) as session:
            row = await committee_row(session, committee)
            return row is not None and await repo.remove_calendar_link(session, row[0])

    async def sync(self, committee: str) -> ImportCounts | None:
        """Upsert the group calendar's window into the meeting calendar; None without a group calendar."""
        link = await self.group(committee)
        if link is None:
            return None
        since = self._clock.now()
        until = since + _CALENDAR_WINDOW
        try:
            events = await self._client.group_events(link.group_id, since, until)
        except GraphError as error:
            await self._record(link.committee, error.explain("da"))
            raise
        counts = await self._calendar.sync_from_group_calendar(
            link.committee, [_imported(e) for e in events], since=since, until=until
        )
        await self._record(link.committee, None)
        return counts

    async def _record(self, committee: str, error: str | None) -> None:
        async with writing(self._sessions) as session:
            row = await committee_row(session, committee)
            if row is not None:
                await repo.record_calendar_sync(session, row[0], at=self._clock.now(), error=error)


@dataclass(slots=True)
class GraphSyncReport:
    """What one run of ``run_graph_sync`` did; ``errors`` by (committee, "folder" | "calendar")."""

    offered: list[OfferedFile] = field(default_factory=list)
    calendars: dict[str, ImportCounts] = field(default_factory=dict)
    errors: dict[tuple[str, str], GraphError] = field(default_factory=dict)


async def run_graph_sync(folders: FolderSync | None, calendars: CalendarSync | None) -> GraphSyncReport:
    """Poll every folder and sync every group calendar once; one committee's failure does not stop the others."""
    report = GraphSyncReport()
    if folders is not None:
        for link in await folders.folders():
            try:
                report.offered.extend(await folders.poll(link.committee))
            except GraphError as error:
                logger.warning("folder sync for %s failed: %s", link.committee, error)
                report.errors[(link.committee, "folder")] = error
    if calendars is not None:
        for group in await calendars.groups():
            try:
                counts = await calendars.sync(group.committee)
            except GraphError as error:
                logger.warning("calendar sync for %s failed: %s", group.committee, error)
                report.errors[(group.committee, "calendar")] = error
                continue
            if counts is not None:
                report.calendars[group.committee] = counts
    return report


def content_version(item: DriveItem) -> str:
    # The eTag changes on a rename too.
    return item.ctag or item.etag or ""


def _minutes_files(items: list[DriveItem]) -> list[DriveItem]:
    return [item for item in items if item.looks_like_minutes and item.etag]


def _change_order(item: DriveItem) -> tuple[dt.datetime, str]:
    return (item.last_modified or dt.datetime.min.replace(tzinfo=dt.UTC), item.name)


def _imported(event: GroupEvent) -> ImportedEvent:
    if event.all_day and event.day is not None:
        return ImportedEvent(event.uid, local_instant(event.day, None), None, True, event.location, event.cancelled)
    return ImportedEvent(event.uid, event.starts_at, event.ends_at, False, event.location, event.cancelled)
