"""The pending-minutes storage contract, on a SQLite file and on PostgreSQL (``database_url``)."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.proposals.model import Person
from bot.uploads.model import UploadState
from storage.database import create_engine, writing
from storage.models import PendingMinutesRow
from storage.pending_minutes_repository import (
    get_pending,
    insert_pending,
    open_upload_with_content,
    pending_by_activity,
    pending_data,
    set_state,
)
from tests.storage.test_proposals_repository import _migrate, _schema_differences

Sessions = async_sessionmaker[AsyncSession]

T0 = dt.datetime(2026, 9, 16, 7, 30, tzinfo=dt.UTC)
SANNE = Person("29:sanne", "7d3b3a52-9a6f-4c1e-8d2b-5e6f7a8b9c0d", "Sanne Sekretær")
DATA = b"%PDF-1.4 referat"


async def insert(
    sessions: Sessions, activity_id: str = "1767378504354", data: bytes = DATA, **changes: object
) -> int | None:
    values: dict[str, object] = {
        "file_name": "referat.pdf",
        "data": data,
        "sha256": hashlib.sha256(data).hexdigest(),
        "uploader": SANNE,
        "channel_id": "msteams",
        "conversation_id": "a:chat",
        "activity_id": activity_id,
        "committee": "Følgegruppen for sundhed og beskæftigelse",
        "meeting_date": dt.date(2026, 9, 15),
        "created_at": T0,
    }
    values.update(changes)
    async with writing(sessions) as session:
        return await insert_pending(session, **values)  # type: ignore[arg-type]  # keyword arguments from a test's dict


async def rows(sessions: Sessions) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(PendingMinutesRow)) or 0


async def test_an_upload_is_stored_pending_with_its_bytes_and_read_back(sessions: Sessions) -> None:
    upload_id = await insert(sessions)

    async with sessions() as session:
        upload = await get_pending(session, upload_id)
        data = await pending_data(session, upload_id)
    assert upload is not None and data == DATA
    assert (upload.state, upload.file_name, upload.size, upload.uploader, upload.has_data) == (
        UploadState.PENDING,
        "referat.pdf",
        len(DATA),
        SANNE,
        True,
    )
    assert upload.created_at == T0 and upload.created_at.tzinfo is not None
    assert (upload.committee, upload.meeting_date, upload.decided_by) == (
        "Følgegruppen for sundhed og beskæftigelse",
        dt.date(2026, 9, 15),
        None,
    )


async def test_a_retried_activity_stores_one_row_even_when_the_retries_race(sessions: Sessions) -> None:
    first, *retries = await asyncio.gather(*(insert(sessions) for _ in range(4)))

    assert await rows(sessions) == 1
    ids = [first, *retries]
    assert sum(i is not None for i in ids) == 1
    async with sessions() as session:
        found = await pending_by_activity(
            session, channel_id="msteams", conversation_id="a:chat", activity_id="1767378504354"
        )
    assert found is not None and found.id in ids


async def test_the_same_activity_id_in_another_conversation_is_another_upload(sessions: Sessions) -> None:
    assert await insert(sessions) is not None
    assert await insert(sessions, conversation_id="a:other-chat") is not None
    assert await rows(sessions) == 2


async def test_an_open_upload_of_the_same_bytes_is_found_until_it_is_decided(sessions: Sessions) -> None:
    upload_id = await insert(sessions)
    sha = hashlib.sha256(DATA).hexdigest()
    async with sessions() as session:
        assert (await open_upload_with_content(session, uploader_user_id=SANNE.user_id, sha256=sha)).id == upload_id
        assert await open_upload_with_content(session, uploader_user_id="29:someone-else", sha256=sha) is None

    async with writing(sessions) as session:
        await set_state(session, upload_id, UploadState.REJECTED, by=SANNE, at=T0, drop_data=True)

    async with sessions() as session:
        assert await open_upload_with_content(session, uploader_user_id=SANNE.user_id, sha256=sha) is None


async def test_a_decision_records_who_and_when_and_drops_the_bytes(sessions: Sessions) -> None:
    upload_id = await insert(sessions, committee=None)
    later = T0 + dt.timedelta(hours=2)

    async with writing(sessions) as session:
        await set_state(session, upload_id, UploadState.APPROVING, by=SANNE, at=later, committee="Udvalg X")
    async with sessions() as session:
        approving = await get_pending(session, upload_id)
    assert approving.committee == "Udvalg X" and approving.has_data

    async with writing(sessions) as session:
        await set_state(session, upload_id, UploadState.APPROVED, by=SANNE, at=later, drop_data=True)
    async with sessions() as session:
        approved = await get_pending(session, upload_id)
        assert await pending_data(session, upload_id) is None
    assert (approved.state, approved.decided_by, approved.decided_at, approved.has_data) == (
        UploadState.APPROVED,
        SANNE,
        later,
        False,
    )


async def test_undoing_a_step_clears_who_decided(sessions: Sessions) -> None:
    upload_id = await insert(sessions)
    async with writing(sessions) as session:
        await set_state(session, upload_id, UploadState.APPROVING, by=SANNE, at=T0)
        await set_state(session, upload_id, UploadState.PENDING, by=None, at=None)
    async with sessions() as session:
        upload = await get_pending(session, upload_id)
    assert (upload.state, upload.decided_by, upload.decided_at, upload.has_data) == (
        UploadState.PENDING,
        None,
        None,
        True,
    )


async def test_naive_times_are_refused_and_nothing_is_stored(sessions: Sessions) -> None:
    with pytest.raises(ValueError, match="created_at"):
        await insert(sessions, created_at=dt.datetime(2026, 9, 16, 9, 30))
    assert await rows(sessions) == 0


async def test_migration_0007_creates_exactly_the_modelled_table_and_goes_back(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await _migrate(engine, "upgrade", "0006")
        assert "pending_minutes" not in await _tables(engine)

        await _migrate(engine, "upgrade", "head")
        async with engine.connect() as connection:
            differences = await connection.run_sync(_schema_differences)
        assert [d for d in differences if "pending_minutes" in repr(d)] == []

        await _migrate(engine, "downgrade", "0006")
        assert "pending_minutes" not in await _tables(engine)
        assert "committees" in await _tables(engine)
    finally:
        await engine.dispose()


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
