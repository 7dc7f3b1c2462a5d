"""Who may see a committee: the tenants it was set up for, and its calendar feed's token."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
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
