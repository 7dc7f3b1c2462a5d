"""Committees' tenants, calendar feed tokens (storage/models/access.py) and access decisions in the audit log."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEventRow, CalendarFeedRow, Committee, CommitteeTenantRow


async def committee_tenants(session: AsyncSession) -> dict[str, frozenset[str]]:
    """Every committee's key with the tenants it was set up for (an empty set: the home tenants')."""
    committees = {key: set[str]() for key in await session.scalars(select(Committee.key))}
    rows = await session.execute(
        select(Committee.key, CommitteeTenantRow.tenant_id).join(
            CommitteeTenantRow, CommitteeTenantRow.committee_id == Committee.id
        )
    )
    for key, tenant in rows:
        committees[key].add(tenant)
    return {key: frozenset(tenants) for key, tenants in committees.items()}


async def add_tenant(session: AsyncSession, committee_id: int, tenant_id: str, *, at: dt.datetime, by: str) -> bool:
    """Set the committee up for the tenant too; False when it already was."""
    if await session.get(CommitteeTenantRow, (committee_id, tenant_id)) is not None:
        return False
    session.add(CommitteeTenantRow(committee_id=committee_id, tenant_id=tenant_id, added_at=at, added_by=by))
    await session.flush()
    return True


async def feed_token(session: AsyncSession, committee_id: int, *, at: dt.datetime, rotate: bool = False) -> str:
    """The committee's calendar feed token, made on first use; ``rotate`` replaces it (old links stop working)."""
    row = await session.get(CalendarFeedRow, committee_id)
    if row is not None and not rotate:
        return row.token
    token = secrets.token_urlsafe(24)
    if row is None:
        session.add(CalendarFeedRow(committee_id=committee_id, token=token, created_at=at))
    else:
        row.token, row.created_at = token, at
    await session.flush()
    return token


async def committee_of_token(session: AsyncSession, token: str) -> str | None:
    """The name of the committee whose feed has this token, if any."""
    return await session.scalar(
        select(Committee.name)
        .join(CalendarFeedRow, CalendarFeedRow.committee_id == Committee.id)
        .where(CalendarFeedRow.token == token)
    )


async def record(session: AsyncSession, row: AuditEventRow) -> None:
    session.add(row)
    await session.flush()


async def audit(session: AsyncSession, *, prefix: str) -> list[AuditEventRow]:
    """The audit log's entries whose action starts with ``prefix``, oldest first."""
    query = select(AuditEventRow).where(AuditEventRow.action.startswith(prefix)).order_by(AuditEventRow.id)
    return list(await session.scalars(query))
