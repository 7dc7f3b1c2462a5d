"""Per-committee sync from Microsoft Graph: minutes files from a folder, meetings from a group calendar.

Both are pure domain services over the database and a ``GraphClient``; the scheduler wakes them
(``run_graph_sync``), dialogs set them up. Failures are ``GraphError``s; the sync also stores the
Danish explanation on the committee's link so a secretary can be shown why it stopped.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
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
from storage import graph_repository as repo
from storage.calendar_repository import committee_row
from storage.database import writing

logger = logging.getLogger(__name__)

_GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True, slots=True)
class OfferedFile:
    """A new or changed minutes file in a committee's synced folder, offered once for review.

    Download it with ``FolderSync.download(offer)`` (or ``GraphClient.download_item(drive_id, item_id)``).
    """

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
    """Offers each new or changed minutes file (.pdf, .docx, .txt, .html) in a committee's folder once.

    "Once" is per version of the content: the file's (committee, drive, item, cTag) is remembered when it
    is offered, so an unchanged file is never offered again, a renamed one neither, and one whose content
    changed (new cTag) is offered again. Without a cTag, the eTag stands in.

    Args:
        sessions: the database's session factory.
        client: the Graph client.
        clock: where "now" comes from.
    """

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], client: GraphClient | UnconfiguredGraph, clock: Clock
    ) -> None:
        self._sessions = sessions
        self._client = client
        self._clock = clock

    async def set_folder(
        self, committee: str, sharing_url: str, *, by: str | None, offer_existing: bool = True
    ) -> FolderLink:
        """Sync the committee's minutes from the folder this link points at.

        Graph is asked at once, so a wrong link or a missing permission is told now, not at the
        first poll.

        Args:
            committee: the committee's name; added when there is none yet.
            sharing_url: the folder's sharing link or address, as copied from Teams or SharePoint.
            by: the secretary's Entra object id.
            offer_existing: False records the files already there as offered, so only files added
                or changed from now on are offered.

        Raises:
            GraphError: the link leads to no folder the bot may read (``explain()`` says why).
        """
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
        """The committee's synced folder, or None."""
        async with self._sessions() as session:
            row = await committee_row(session, committee)
            return None if row is None else next(iter(await repo.folder_links(session, row[0])), None)

    async def folders(self) -> list[FolderLink]:
        """Every committee's synced folder."""
        async with self._sessions() as session:
            return await repo.folder_links(session)

    async def remove_folder(self, committee: str) -> bool:
        """Stop syncing the committee's folder. True when one was set."""
        async with writing(self._sessions) as session:
            row = await committee_row(session, committee)
            return row is not None and await repo.remove_folder_link(session, row[0])

    async def poll(self, committee: str) -> list[OfferedFile]:
        """List the committee's folder and return the minutes files not offered before, oldest change first.

        The returned files count as offered from now on; hand back one that could not be shown with
        ``release``. A committee without a folder gives [].

        Raises:
            GraphError: the listing failed; the explanation is also stored on the link.
        """
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
        """The offer could not be shown (e.g. the card failed to send): offer the file again at the next poll."""
        async with writing(self._sessions) as session:
            row = await committee_row(session, offer.committee)
            if row is not None:
                await repo.release_offer(
                    session, row[0], drive_id=offer.drive_id, item_id=offer.item_id, etag=offer.version
                )

    async def download(self, offer: OfferedFile) -> DownloadedFile:
        """Fetch an offered file's content (at most the client's size limit).

        Raises:
            GraphError: e.g. too_large, or the file was deleted meanwhile (not_found).
        """
        return await self._client.download_item(offer.drive_id, offer.item_id)


class CalendarSync:
    """Fills committees' meeting calendars from their Microsoft 365 group calendars.

    Args:
        sessions: the database's session factory.
        client: the Graph client.
        calendar: the meeting calendar the events go into (source "graph").
        clock: where "now" comes from.
        window: how far ahead events are read (a year by default).
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        client: GraphClient | UnconfiguredGraph,
        calendar: Calendar,
        clock: Clock,
        *,
        window: dt.timedelta = dt.timedelta(days=365),
    ) -> None:
        self._sessions = sessions
        self._client = client
        self._calendar = calendar
        self._clock = clock
        self._window = window

    async def set_group(self, committee: str, group_id: str, *, by: str | None) -> CalendarLink:
        """Fill the committee's meeting calendar from this group's calendar.

        The group calendar is read once at once, so a wrong id or a missing permission is told now.

        Raises:
            ValueError: ``group_id`` is not a GUID (the message is Danish).
            GraphError: the group calendar cannot be read (``explain()`` says why).
        """
        group_id = group_id.strip().lower()
        if not _GUID_RE.match(group_id):
            raise ValueError(f"»{group_id}« er ikke en gruppes objekt-id (en GUID som 1a2b3c4d-…).")
        now = self._clock.now()
        await self._client.group_events(group_id, now, now + dt.timedelta(days=1))
        async with writing(self._sessions) as session:
            committee_id, _ = await committee_row(session, committee, create=True)  # type: ignore[misc]  # with create=True a row is always returned
            await repo.set_calendar_link(session, committee_id, group_id=group_id, by=by, at=now)
            [link] = await repo.calendar_links(session, committee_id)
        return link

    async def group(self, committee: str) -> CalendarLink | None:
        """The committee's group calendar, or None."""
        async with self._sessions() as session:
            row = await committee_row(session, committee)
            return None if row is None else next(iter(await repo.calendar_links(session, row[0])), None)

    async def groups(self) -> list[CalendarLink]:
        """Every committee's group calendar."""
        async with self._sessions() as session:
            return await repo.calendar_links(session)

    async def remove_group(self, committee: str) -> bool:
        """Stop syncing the committee's group calendar (the meetings already there stay). True when one was set."""
        async with writing(self._sessions) as session:
            row = await committee_row(session, committee)
            return row is not None and await repo.remove_calendar_link(session, row[0])

    async def sync(self, committee: str) -> ImportCounts | None:
        """Read the group calendar from now to the end of the window and upsert it into the meeting calendar.

        Returns:
            What changed, or None when the committee has no group calendar.

        Raises:
            GraphError: the calendar could not be read; nothing changed, and the explanation is stored.
        """
        link = await self.group(committee)
        if link is None:
            return None
        since = self._clock.now()
        until = since + self._window
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
    """What one run of ``run_graph_sync`` did, per committee.

    Attributes:
        offered: the new or changed minutes files, to put before the committee's secretary.
        calendars: per committee, the meetings added, changed and unchanged.
        errors: per (committee, "folder" | "calendar"), the GraphError that stopped it.
    """

    offered: list[OfferedFile] = field(default_factory=list)
    calendars: dict[str, ImportCounts] = field(default_factory=dict)
    errors: dict[tuple[str, str], GraphError] = field(default_factory=dict)


async def run_graph_sync(folders: FolderSync | None, calendars: CalendarSync | None) -> GraphSyncReport:
    """Poll every configured folder and sync every configured group calendar, once.

    For the scheduler: one committee's failure is logged and reported, and the others still run.

    Args:
        folders: the folder sync, or None to skip folders.
        calendars: the calendar sync, or None to skip calendars.

    Returns:
        The files to offer, the calendar changes and the failures.
    """
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
    """What changes only when the file's content does: the cTag (the eTag changes on a rename too)."""
    return item.ctag or item.etag or ""


def _minutes_files(items: list[DriveItem]) -> list[DriveItem]:
    return [item for item in items if item.looks_like_minutes and item.etag]


def _change_order(item: DriveItem) -> tuple[dt.datetime, str]:
    return (item.last_modified or dt.datetime.min.replace(tzinfo=dt.UTC), item.name)


def _imported(event: GroupEvent) -> ImportedEvent:
    """A group event as the meeting calendar takes events in (the .ics import's type)."""
    if event.all_day and event.day is not None:
        return ImportedEvent(event.uid, local_instant(event.day, None), None, True, event.location, event.cancelled)
    return ImportedEvent(event.uid, event.starts_at, event.ends_at, False, event.location, event.cancelled)
