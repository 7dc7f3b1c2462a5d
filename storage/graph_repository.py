"""Store which folder and which group calendar each committee syncs from, and which files were offered.

Transactions belong to the caller, as in ``storage.calendar_repository``: these functions never
commit; writers use ``storage.database.writing(sessions)``. Committees are found or added with
``storage.calendar_repository.committee_row``.

Time semantics: every datetime is a UTC instant (naive ones are refused).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.graph.model import CalendarLink, FolderLink
from storage.models import Committee, GraphCalendarLinkRow, GraphFolderLinkRow, GraphFolderOfferRow
from storage.sql import require_aware, upsert_insert

# --- folders -----------------------------------------------------------------------------------


async def set_folder_link(
    session: AsyncSession,
    committee_id: int,
    *,
    sharing_url: str,
    drive_id: str,
    item_id: str,
    folder_name: str,
    by: str | None,
    at: dt.datetime,
) -> None:
    """Set (or replace) the committee's folder; a new folder starts with no poll and no error."""
    require_aware(at, "at")
    values = {
        "sharing_url": sharing_url, "drive_id": drive_id, "item_id": item_id, "folder_name": folder_name,
        "set_by": by, "set_at": at, "last_polled_at": None, "last_error": None,
    }  # fmt: skip  # a literal kept compact
    insert = upsert_insert(session)
    statement = insert(GraphFolderLinkRow).values(committee_id=committee_id, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=["committee_id"], set_=values))


async def folder_links(session: AsyncSession, committee_id: int | None = None) -> list[FolderLink]:
    """Every committee's folder (or one committee's), by committee name."""
    query = select(GraphFolderLinkRow, Committee.name).join(Committee, Committee.id == GraphFolderLinkRow.committee_id)
    if committee_id is not None:
        query = query.where(GraphFolderLinkRow.committee_id == committee_id)
    rows = (await session.execute(query.order_by(Committee.name))).all()
    return [
        FolderLink(
            committee=name,
            sharing_url=row.sharing_url,
            drive_id=row.drive_id,
            item_id=row.item_id,
            folder_name=row.folder_name,
            set_by=row.set_by,
            set_at=row.set_at,
            last_polled_at=row.last_polled_at,
            last_error=row.last_error,
        )
        for row, name in rows
    ]


async def remove_folder_link(session: AsyncSession, committee_id: int) -> bool:
    """Stop syncing the committee's folder; what was offered is forgotten too. True when there was one."""
    await session.execute(delete(GraphFolderOfferRow).where(GraphFolderOfferRow.committee_id == committee_id))
    result = await session.execute(delete(GraphFolderLinkRow).where(GraphFolderLinkRow.committee_id == committee_id))
    return bool(result.rowcount)


async def record_folder_poll(
    session: AsyncSession, committee_id: int, *, at: dt.datetime, error: str | None = None
) -> None:
    """Note a poll: a success stamps ``last_polled_at`` and clears the error; a failure keeps the stamp."""
    await _record(session, GraphFolderLinkRow, "last_polled_at", committee_id, at, error)


async def claim_offer(
    session: AsyncSession,
    committee_id: int,
    *,
    drive_id: str,
    item_id: str,
    etag: str,
    name: str,
    at: dt.datetime,
) -> bool:
    """Record that this version of the file is offered; False when exactly this version was offered before.

    One statement (insert, or update when the eTag differs), so two replicas polling at once offer
    each version once between them.
    """
    require_aware(at, "at")
    insert = upsert_insert(session)
    statement = (
        insert(GraphFolderOfferRow)
        .values(committee_id=committee_id, drive_id=drive_id, item_id=item_id, etag=etag, name=name, offered_at=at)
        .on_conflict_do_update(
            index_elements=["committee_id", "drive_id", "item_id"],
            set_={"etag": etag, "name": name, "offered_at": at},
            where=GraphFolderOfferRow.etag != etag,
        )
        .returning(GraphFolderOfferRow.id)
    )
    return (await session.execute(statement)).first() is not None


async def release_offer(session: AsyncSession, committee_id: int, *, drive_id: str, item_id: str, etag: str) -> None:
    """Forget an offer of this version (it could not be shown), so the next poll offers the file again."""
    await session.execute(
        delete(GraphFolderOfferRow).where(
            GraphFolderOfferRow.committee_id == committee_id,
            GraphFolderOfferRow.drive_id == drive_id,
            GraphFolderOfferRow.item_id == item_id,
            GraphFolderOfferRow.etag == etag,
        )
    )


# --- group calendars ---------------------------------------------------------------------------


async def set_calendar_link(
    session: AsyncSession, committee_id: int, *, group_id: str, by: str | None, at: dt.datetime
) -> None:
    """Set (or replace) the committee's group calendar; a new group starts with no sync and no error."""
    require_aware(at, "at")
    values = {"group_id": group_id, "set_by": by, "set_at": at, "last_synced_at": None, "last_error": None}
    insert = upsert_insert(session)
    statement = insert(GraphCalendarLinkRow).values(committee_id=committee_id, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=["committee_id"], set_=values))


async def calendar_links(session: AsyncSession, committee_id: int | None = None) -> list[CalendarLink]:
    """Every committee's group calendar (or one committee's), by committee name."""
    query = select(GraphCalendarLinkRow, Committee.name).join(
        Committee, Committee.id == GraphCalendarLinkRow.committee_id
    )
    if committee_id is not None:
        query = query.where(GraphCalendarLinkRow.committee_id == committee_id)
    rows = (await session.execute(query.order_by(Committee.name))).all()
    return [
        CalendarLink(
            committee=name,
            group_id=row.group_id,
            set_by=row.set_by,
            set_at=row.set_at,
            last_synced_at=row.last_synced_at,
            last_error=row.last_error,
        )
        for row, name in rows
    ]


async def remove_calendar_link(session: AsyncSession, committee_id: int) -> bool:
    """Stop syncing the committee's group calendar (its meetings stay). True when there was one."""
    result = await session.execute(
        delete(GraphCalendarLinkRow).where(GraphCalendarLinkRow.committee_id == committee_id)
    )
    return bool(result.rowcount)


async def record_calendar_sync(
    session: AsyncSession, committee_id: int, *, at: dt.datetime, error: str | None = None
) -> None:
    """Note a sync: a success stamps ``last_synced_at`` and clears the error; a failure keeps the stamp."""
    await _record(session, GraphCalendarLinkRow, "last_synced_at", committee_id, at, error)


async def _record(
    session: AsyncSession,
    table: type[GraphFolderLinkRow] | type[GraphCalendarLinkRow],
    stamp: str,
    committee_id: int,
    at: dt.datetime,
    error: str | None,
) -> None:
    require_aware(at, "at")
    values: dict[str, object] = {"last_error": error}
    if error is None:
        values[stamp] = at
    await session.execute(update(table).where(table.committee_id == committee_id).values(**values))
