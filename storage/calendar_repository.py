"""Store the committees' meeting calendar. The caller owns the transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendar.model import SOURCES, STATUS_CANCELLED, STATUS_PLANNED, CalendarMeeting
from bot.words import committee_key
from storage.models import CalendarMeetingRow, Committee
from storage.sql import require_aware

_STATUSES = (STATUS_PLANNED, STATUS_CANCELLED)
_UPDATABLE = {"starts_at", "ends_at", "all_day", "place", "source", "status", "updated_by"}


@dataclass(frozen=True, slots=True)
class StoredMeeting:
    """A calendar meeting, the local day the minutes gave if it came from minutes, and when it last changed."""

    meeting: CalendarMeeting
    origin_date: dt.date | None
    updated_at: dt.datetime | None = None


async def committee_row(session: AsyncSession, name: str, *, create: bool = False) -> tuple[int, str] | None:
    """The (row id, stored name) of the committee with this name in any case or spacing; ``create`` adds a missing one."""
    key = committee_key(name)
    row = (await session.execute(select(Committee.id, Committee.name).where(Committee.key == key))).first()
    if row is not None:
        return row.id, row.name
    if not create:
        return None
    committee = Committee(key=key, name=" ".join(name.split()))
    session.add(committee)
    await session.flush()
    return committee.id, committee.name


async def insert_meeting(
    session: AsyncSession,
    committee_id: int,
    *,
    uid: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None,
    all_day: bool,
    place: str | None,
    source: str,
    status: str = STATUS_PLANNED,
    origin_date: dt.date | None = None,
    by: str | None = None,
    at: dt.datetime,
) -> int:
    """Add a meeting; returns its row id. (committee_id, uid) must be new."""
    _check(source=source, status=status)
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at), ("at", at)):
        require_aware(value, name)
    row = CalendarMeetingRow(
        committee_id=committee_id, uid=uid, starts_at=starts_at, ends_at=ends_at, all_day=all_day, place=place,
        source=source, status=status, origin_date=origin_date, updated_by=by, created_at=at, updated_at=at,
    )  # fmt: skip  # keyword arguments grouped by meaning
    session.add(row)
    await session.flush()
    return row.id


async def update_meeting(session: AsyncSession, meeting_id: int, *, at: dt.datetime, **fields: Any) -> None:
    """Change some of a meeting's fields (starts_at, ends_at, all_day, place, source, status, updated_by)."""
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    _check(source=fields.get("source"), status=fields.get("status"))
    for name in ("starts_at", "ends_at"):
        require_aware(fields.get(name), name)
    await session.execute(
        update(CalendarMeetingRow).where(CalendarMeetingRow.id == meeting_id).values(**fields, updated_at=at)
    )


async def meetings_of(
    session: AsyncSession,
    committee: str | None = None,
    *,
    since: dt.datetime | None = None,
    statuses: Collection[str] | None = None,
    before: dt.datetime | None = None,
) -> list[StoredMeeting]:
    """Calendar meetings (of one committee, starting in [since, before), in these statuses), by start then id."""
    query = select(CalendarMeetingRow, Committee.name).join(Committee, Committee.id == CalendarMeetingRow.committee_id)
    if committee is not None:
        query = query.where(Committee.key == committee_key(committee))
    if since is not None:
        query = query.where(CalendarMeetingRow.starts_at >= since)
    if statuses is not None:
        query = query.where(CalendarMeetingRow.status.in_(list(statuses)))
    if before is not None:
        query = query.where(CalendarMeetingRow.starts_at < before)
    query = query.order_by(CalendarMeetingRow.starts_at, CalendarMeetingRow.id)
    return [_stored(row, name) for row, name in (await session.execute(query)).all()]


async def committees_with_meetings(session: AsyncSession) -> list[str]:
    """The stored names of the committees that have calendar meetings (any status), sorted."""
    has_meetings = select(CalendarMeetingRow.id).where(CalendarMeetingRow.committee_id == Committee.id).exists()
    return sorted(await session.scalars(select(Committee.name).where(has_meetings)))


async def meeting_by_uid(session: AsyncSession, committee_id: int, uid: str) -> StoredMeeting | None:
    """The committee's meeting with this UID, or None."""
    found = (
        await session.execute(
            select(CalendarMeetingRow, Committee.name)
            .join(Committee, Committee.id == CalendarMeetingRow.committee_id)
            .where(
                CalendarMeetingRow.committee_id == committee_id,
                CalendarMeetingRow.uid == uid,
            )
        )
    ).first()
    return None if found is None else _stored(found[0], found[1])


def _stored(row: CalendarMeetingRow, committee_name: str) -> StoredMeeting:
    meeting = CalendarMeeting(
        id=row.id, committee=committee_name, starts_at=row.starts_at, ends_at=row.ends_at, all_day=row.all_day,
        place=row.place, source=row.source, status=row.status, uid=row.uid,
    )  # fmt: skip  # keyword arguments grouped by meaning
    return StoredMeeting(meeting, row.origin_date, row.updated_at)


def _check(*, source: str | None, status: str | None) -> None:
    if source is not None and source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    if status is not None and status not in _STATUSES:
        raise ValueError(f"unknown status {status!r}")
