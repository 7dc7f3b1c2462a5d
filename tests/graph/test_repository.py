"""The Graph sync tables on SQLite and PostgreSQL: one offer per file version, links replaced whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import graph_repository as repo
from storage.calendar_repository import committee_row
from storage.database import create_engine, session_factory, upgrade, writing

AT = dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
async def any_sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    await upgrade(engine)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


async def test_a_file_version_is_claimed_once(any_sessions: async_sessionmaker[AsyncSession]) -> None:
    async with writing(any_sessions) as session:
        committee_id, _ = await committee_row(session, "Følgegruppen", create=True)  # type: ignore[misc]  # with create=True a row is always returned
        claims = [
            await repo.claim_offer(session, committee_id, drive_id="d", item_id="i", etag=etag, name="R.pdf", at=AT)
            for etag in ("e1", "e1", "e2", "e2")
        ]
        await repo.release_offer(session, committee_id, drive_id="d", item_id="i", etag="e1")  # not the stored version
        kept = await repo.claim_offer(session, committee_id, drive_id="d", item_id="i", etag="e2", name="R.pdf", at=AT)
        await repo.release_offer(session, committee_id, drive_id="d", item_id="i", etag="e2")
        released = await repo.claim_offer(
            session, committee_id, drive_id="d", item_id="i", etag="e2", name="R.pdf", at=AT
        )

    assert claims == [True, False, True, False]
    assert (kept, released) == (False, True)


async def test_links_are_set_replaced_and_removed(any_sessions: async_sessionmaker[AsyncSession]) -> None:
    async with writing(any_sessions) as session:
        committee_id, _ = await committee_row(session, "Følgegruppen", create=True)  # type: ignore[misc]  # with create=True a row is always returned
        await repo.set_calendar_link(session, committee_id, group_id="g1", by="a", at=AT)
        await repo.record_calendar_sync(session, committee_id, at=AT, error="Botten har ikke lov …")
        await repo.set_calendar_link(session, committee_id, group_id="g2", by="b", at=AT)
        await repo.set_folder_link(
            session, committee_id, sharing_url="u", drive_id="d", item_id="f", folder_name="Referater", by="a", at=AT
        )
    async with any_sessions() as session:
        [calendar] = await repo.calendar_links(session)
        [folder] = await repo.folder_links(session, committee_id)
    async with writing(any_sessions) as session:
        removed = (
            await repo.remove_folder_link(session, committee_id),
            await repo.remove_folder_link(session, committee_id),
        )

    assert (calendar.committee, calendar.group_id, calendar.set_by, calendar.last_error) == (
        "Følgegruppen",
        "g2",
        "b",
        None,
    )
    assert (folder.drive_id, folder.item_id, folder.set_at) == ("d", "f", AT)
    assert removed == (True, False)
