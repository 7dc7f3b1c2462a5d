"""The meeting calendar (migration 0004)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import ENUM_LENGTH, Base, UTCDateTime
from storage.models.minutes import Committee


class CalendarMeetingRow(Base):
    """A meeting in a committee's calendar: from minutes, a secretary or an imported .ics.

    ``origin_date``, the day minutes gave, stays when a secretary moves it, so a re-sync leaves it alone.
    """

    __tablename__ = "calendar_meetings"
    __table_args__ = (UniqueConstraint("committee_id", "uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    all_day: Mapped[bool] = mapped_column(Boolean)
    place: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    status: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    origin_date: Mapped[dt.date | None] = mapped_column(Date)  # local
    updated_by: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    committee: Mapped[Committee] = relationship()
