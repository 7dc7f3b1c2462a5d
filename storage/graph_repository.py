"""Store which folder and which group calendar each committee syncs from, and which files were offered.

The caller owns the transaction; committees are found or added with ``calendar_repository.committee_row``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.graph.model import CalendarLink, FolderLink
from storage.models import Committee, GraphCalendarLinkRow, GraphFolderLinkRow, GraphFolderOfferRow
from storage.sql import put, require_aware, upsert_insert

_LinkRow = type[GraphFolderLinkRow] | type[GraphCalendarLinkRow]


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
    values = {"sharing_url": sharing_url, "drive_id": drive_id, "item_id": item_id, "folder_name": folder_name}
    await _set(session, GraphFolderLinkRow, committee_id, by, at, last_polled_at=None, **values)


async def folder_links(session: AsyncSession, committee_id: int | None = None) -> list[FolderLink]:
    """Every committee's folder (or one committee's), by committee name."""
    return await _links(session, GraphFolderLinkRow, FolderLink, committee_id)


async def remove_folder_link(session: AsyncSession, committee_id: int) -> bool:
    """Stop syncing the committee's folder; what was offered is forgotten too. True when there was one."""
    await session.execute(delete(GraphFolderOfferRow).where(GraphFolderOfferRow.committee_id == committee_id))
    return await _remove(session, GraphFolderLinkRow, committee_id)


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
    """Record that this version (eTag) of the file is offered; False when exactly it was offered before.

    One statement, so two replicas polling at once offer each version once between them.
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


async def set_calendar_link(
    session: AsyncSession, committee_id: int, *, group_id: str, by: str | None, at: dt.datetime
) -> None:
    """Set (or replace) the committee's group calendar; a new group starts with no sync and no error."""
    await _set(session, GraphCalendarLinkRow, committee_id, by, at, group_id=group_id, last_synced_at=None)


async def calendar_links(session: AsyncSession, committee_id: int | None = None) -> list[CalendarLink]:
    """Every committee's group calendar (or one committee's), by committee name."""
    return await _links(session, GraphCalendarLinkRow, CalendarLink, committee_id)


async def remove_calendar_link(session: AsyncSession, committee_id: int) -> bool:
    """Stop syncing the committee's group calendar (its meetings stay). True when there was one."""
    return await _remove(session, GraphCalendarLinkRow, committee_id)


async def record_calendar_sync(
    session: AsyncSession, committee_id: int, *, at: dt.datetime, error: str | None = None
) -> None:
    """Note a sync: a success stamps ``last_synced_at`` and clears the error; a failure keeps the stamp."""
    await _record(session, GraphCalendarLinkRow, "last_synced_at", committee_id, at, error)


async def _set(
    session: AsyncSession, table: _LinkRow, committee_id: int, by: str | None, at: dt.datetime, **values: Any
) -> None:
    require_aware(at, "at")
    await put(
        session, table, ["committee_id"], committee_id=committee_id, set_by=by, set_at=at, last_error=None, **values
    )


async def _links(session: AsyncSession, table: _LinkRow, link: Any, committee_id: int | None) -> list[Any]:
    query = select(table, Committee.name).join(Committee, Committee.id == table.committee_id)
    if committee_id is not None:
        query = query.where(table.committee_id == committee_id)
    names = [field.name for field in fields(link) if field.name != "committee"]
    rows = await session.execute(query.order_by(Committee.name))
    return [link(committee=committee, **{name: getattr(row, name) for name in names}) for row, committee in rows]


async def _remove(session: AsyncSession, table: _LinkRow, committee_id: int) -> bool:
    result = await session.execute(delete(table).where(table.committee_id == committee_id))
    return bool(result.rowcount)


async def _record(
    session: AsyncSession, table: _LinkRow, stamp: str, committee_id: int, at: dt.datetime, error: str | None
) -> None:
    require_aware(at, "at")
    values: dict[str, object] = {"last_error": error}
    if error is None:
        values[stamp] = at
    await session.execute(update(table).where(table.committee_id == committee_id).values(**values))
