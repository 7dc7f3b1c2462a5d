"""Store minutes uploaded in Teams while they await a secretary's review. The caller owns the transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from bot.proposals.model import Person
from bot.uploads.model import PendingUpload, UploadState
from storage.models import PendingMinutesRow
from storage.sql import require_aware, upsert_insert


async def insert_pending(
    session: AsyncSession,
    *,
    file_name: str,
    data: bytes,
    sha256: str,
    uploader: Person,
    channel_id: str,
    conversation_id: str,
    activity_id: str,
    committee: str | None,
    meeting_date: dt.date | None,
    created_at: dt.datetime,
) -> int | None:
    """Insert a pending upload; None when the activity already made one (concurrent Teams retries store one)."""
    require_aware(created_at, "created_at")
    statement = (
        upsert_insert(session)(PendingMinutesRow)
        .values(
            state=UploadState.PENDING,
            file_name=file_name,
            data=data,
            size=len(data),
            sha256=sha256,
            uploader_user_id=uploader.user_id,
            uploader_aad_object_id=uploader.aad_object_id,
            uploader_name=uploader.name,
            channel_id=channel_id,
            conversation_id=conversation_id,
            activity_id=activity_id,
            committee=committee,
            meeting_date=meeting_date,
            created_at=created_at,
        )
        .on_conflict_do_nothing(
            index_elements=[
                PendingMinutesRow.channel_id,
                PendingMinutesRow.conversation_id,
                PendingMinutesRow.activity_id,
            ]
        )
        .returning(PendingMinutesRow.id)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def pending_by_activity(
    session: AsyncSession, *, channel_id: str, conversation_id: str, activity_id: str
) -> PendingUpload | None:
    """The upload an activity created, if any."""
    return await _one(
        session,
        _query().where(
            PendingMinutesRow.channel_id == channel_id,
            PendingMinutesRow.conversation_id == conversation_id,
            PendingMinutesRow.activity_id == activity_id,
        ),
    )


async def open_upload_with_content(
    session: AsyncSession, *, uploader_user_id: str, sha256: str, conversation_id: str | None = None
) -> PendingUpload | None:
    """The uploader's newest upload of the same bytes that still awaits a decision, if any; with
    ``conversation_id``, only one made there (folder offers: the conversation is the committee)."""
    query = _query().where(
        PendingMinutesRow.uploader_user_id == uploader_user_id,
        PendingMinutesRow.sha256 == sha256,
        PendingMinutesRow.state.in_([UploadState.PENDING, UploadState.APPROVING]),
    )
    if conversation_id is not None:
        query = query.where(PendingMinutesRow.conversation_id == conversation_id)
    return await _one(session, query.order_by(PendingMinutesRow.id.desc()).limit(1))


async def get_pending(session: AsyncSession, upload_id: int, *, for_update: bool = False) -> PendingUpload | None:
    """One upload by id; ``for_update`` locks its row until the transaction ends (PostgreSQL)."""
    query = _query().where(PendingMinutesRow.id == upload_id)
    if for_update:
        query = query.with_for_update(of=PendingMinutesRow)
    return await _one(session, query)


async def pending_data(session: AsyncSession, upload_id: int) -> bytes | None:
    """The file's bytes, while they are kept (None after a decision or for an unknown id)."""
    return await session.scalar(select(PendingMinutesRow.data).where(PendingMinutesRow.id == upload_id))


async def set_state(
    session: AsyncSession,
    upload_id: int,
    state: UploadState,
    *,
    by: Person | None,
    at: dt.datetime | None,
    committee: str | None = None,
    drop_data: bool = False,
) -> None:
    """Record a step of the review: who and when (UTC; None for both undoes a step), the committee
    chosen, and whether to drop the bytes."""
    if at is not None:
        require_aware(at, "at")
    values: dict[str, object] = {
        "state": state,
        "decided_by_user_id": by.user_id if by else None,
        "decided_by_aad_object_id": by.aad_object_id if by else None,
        "decided_by_name": by.name if by else None,
        "decided_at": at,
    }
    if committee is not None:
        values["committee"] = committee
    if drop_data:
        values["data"] = None
    await session.execute(
        update(PendingMinutesRow)
        .where(PendingMinutesRow.id == upload_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def _query() -> Select[tuple[PendingMinutesRow, bool]]:
    # The bytes stay in the database unless asked for (pending_data); whether they are kept is enough here.
    return select(PendingMinutesRow, PendingMinutesRow.data.is_not(None)).options(defer(PendingMinutesRow.data))


async def _one(session: AsyncSession, query: Select[tuple[PendingMinutesRow, bool]]) -> PendingUpload | None:
    found = (await session.execute(query)).first()
    return None if found is None else _upload(found[0], has_data=bool(found[1]))


def _upload(row: PendingMinutesRow, *, has_data: bool) -> PendingUpload:
    decided_by = (
        Person(row.decided_by_user_id, row.decided_by_aad_object_id, row.decided_by_name)
        if row.decided_by_user_id is not None
        else None
    )
    return PendingUpload(
        id=row.id,
        state=row.state,
        file_name=row.file_name,
        size=row.size,
        sha256=row.sha256,
        uploader=Person(row.uploader_user_id, row.uploader_aad_object_id, row.uploader_name),
        channel_id=row.channel_id,
        conversation_id=row.conversation_id,
        committee=row.committee,
        meeting_date=row.meeting_date,
        created_at=row.created_at,
        decided_by=decided_by,
        decided_at=row.decided_at,
        has_data=has_data,
    )
