"""Minutes sent for review, pending a secretary's decision (migration 0007)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.uploads.model import UploadState
from storage.models.base import Base, UTCDateTime, string_enum


class PendingMinutesRow(Base):
    """Minutes a secretary sent in Teams, kept apart from the stored minutes until reviewed.

    ``data`` holds the bytes until a decision. ``committee`` is a name, not a reference: the minutes may be
    the first of a committee not stored yet.
    """

    __tablename__ = "pending_minutes"
    __table_args__ = (UniqueConstraint("channel_id", "conversation_id", "activity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[UploadState] = mapped_column(string_enum(UploadState))
    file_name: Mapped[str] = mapped_column(Text)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploader_user_id: Mapped[str] = mapped_column(String(256), index=True)
    uploader_aad_object_id: Mapped[str | None] = mapped_column(String(64))
    uploader_name: Mapped[str | None] = mapped_column(String(300))
    channel_id: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str] = mapped_column(Text)
    activity_id: Mapped[str] = mapped_column(String(256))
    committee: Mapped[str | None] = mapped_column(Text)
    meeting_date: Mapped[dt.date | None] = mapped_column(Date)  # local
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    decided_by_user_id: Mapped[str | None] = mapped_column(String(256))
    decided_by_aad_object_id: Mapped[str | None] = mapped_column(String(64))
    decided_by_name: Mapped[str | None] = mapped_column(String(300))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
