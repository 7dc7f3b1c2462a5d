"""The index snapshot row on every backend: found only at its corpus version, never replaced by an older one."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.database import writing
from storage.index_snapshots_repository import load_index_snapshot, save_index_snapshot, stored_snapshot_version

Sessions = async_sessionmaker[AsyncSession]


async def save(sessions: Sessions, version: int, data: bytes) -> None:
    async with writing(sessions) as session:
        await save_index_snapshot(session, version, data)


async def load(sessions: Sessions, version: int) -> bytes | None:
    async with sessions() as session:
        return await load_index_snapshot(session, version)


async def test_a_snapshot_is_found_at_its_version_only(sessions: Sessions) -> None:
    assert await load(sessions, 0) is None

    await save(sessions, 3, b"\x00snapshot of 3\xff")

    assert await load(sessions, 3) == b"\x00snapshot of 3\xff"
    assert await load(sessions, 2) is None and await load(sessions, 4) is None


async def test_a_newer_snapshot_replaces_an_older_one_and_never_the_reverse(sessions: Sessions) -> None:
    await save(sessions, 3, b"three")
    await save(sessions, 5, b"five")
    await save(sessions, 4, b"four, built slowly by another replica")

    assert await load(sessions, 5) == b"five"
    assert await load(sessions, 3) is None and await load(sessions, 4) is None
    async with sessions() as session:
        assert await stored_snapshot_version(session) == 5


async def test_a_snapshot_of_the_same_version_replaces_the_stored_one(sessions: Sessions) -> None:
    await save(sessions, 5, b"damaged")
    await save(sessions, 5, b"rebuilt")

    assert await load(sessions, 5) == b"rebuilt"


async def test_a_large_snapshot_is_stored_whole(sessions: Sessions) -> None:
    data = bytes(range(256)) * 40_000  # 10 MB, every byte value

    await save(sessions, 1, data)

    assert await load(sessions, 1) == data
