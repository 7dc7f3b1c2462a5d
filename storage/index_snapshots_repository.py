"""Save and load the search index's snapshot (``bot.answering.snapshot``): one row, the newest, by corpus version."""

from __future__ import annotations

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import INDEX_SNAPSHOT_ID, IndexSnapshotRow
from storage.sql import upsert_insert

_SNAPSHOTS: Table = IndexSnapshotRow.__table__  # type: ignore[assignment]  # SQLAlchemy types __table__ as FromClause; a mapped class's is a Table


async def load_index_snapshot(session: AsyncSession, corpus_version: int) -> bytes | None:
    """The snapshot of the index at ``corpus_version``; None when the stored one is of another version or none is."""
    return await session.scalar(
        select(_SNAPSHOTS.c.data).where(
            _SNAPSHOTS.c.id == INDEX_SNAPSHOT_ID, _SNAPSHOTS.c.corpus_version == corpus_version
        )
    )


async def save_index_snapshot(session: AsyncSession, corpus_version: int, data: bytes) -> None:
    """Store the index at ``corpus_version`` unless a newer one is stored (the same version: the stored was unusable)."""
    insert = upsert_insert(session)
    statement = insert(_SNAPSHOTS).values(id=INDEX_SNAPSHOT_ID, corpus_version=corpus_version, data=data)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[_SNAPSHOTS.c.id],
            set_={"corpus_version": statement.excluded.corpus_version, "data": statement.excluded.data},
            where=_SNAPSHOTS.c.corpus_version <= corpus_version,
        )
    )


async def stored_snapshot_version(session: AsyncSession) -> int | None:
    """The corpus version of the stored snapshot, without reading the snapshot itself."""
    return await session.scalar(select(_SNAPSHOTS.c.corpus_version).where(_SNAPSHOTS.c.id == INDEX_SNAPSHOT_ID))
