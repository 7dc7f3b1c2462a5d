"""Small SQL helpers the repositories share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def require_aware(value: dt.datetime | None, name: str) -> None:
    """Refuse naive datetimes (None passes): every instant we store is UTC and must say so."""
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware, not naive")


async def put(session: AsyncSession, model: Any, keys: Sequence[str], **values: Any) -> None:
    """Insert a row, or update every other given column of the row with the same ``keys``."""
    statement = upsert_insert(session)(model).values(**values)
    changed = {name: statement.excluded[name] for name in values if name not in keys}
    await session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=changed))


def upsert_insert(session: AsyncSession) -> Any:
    """The dialect's insert(), which offers on_conflict_do_nothing/do_update with the same arguments."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise NotImplementedError(f"the bot's storage supports SQLite and PostgreSQL, not {dialect}")
