"""Who may see a committee (its tenants, its calendar feed's token) and the record of access decisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class CommitteeTenantRow(Base):
    """A Microsoft Entra tenant a committee was set up for; a committee with none belongs to the home tenants."""

    __tablename__ = "committee_tenants"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    added_by: Mapped[str] = mapped_column(String(200))  # an Entra object id, or "cli"


class CalendarFeedRow(Base):
    """The unguessable token in a committee's .ics address; rotating it ends every old subscription."""

    __tablename__ = "calendar_feeds"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AccessAuditRow(Base):
    """One access decision on a guarded action: who (ids only, never text they wrote), what, allowed or not."""

    __tablename__ = "access_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    action: Mapped[str] = mapped_column(String(64))
    allowed: Mapped[bool] = mapped_column(Boolean)
    role: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(200), index=True)  # Entra object id, else the channel's user id
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    committee: Mapped[str | None] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(String(64))
