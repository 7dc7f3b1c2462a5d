"""Reminders: committees' rules and members' opt-in (migration 0005), deliveries and tenant leases (0006)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import ENUM_LENGTH, Base, JSONType, UTCDateTime


class ReminderRuleRow(Base):
    """A committee's override of one default reminder rule (bot.reminders.rules.DEFAULT_RULES)."""

    __tablename__ = "reminder_rules"
    __table_args__ = (UniqueConstraint("committee_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(ENUM_LENGTH))  # call_for_items, agenda, day_before, deadline
    offset_days: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.time] = mapped_column(Time)  # local
    working_days: Mapped[bool] = mapped_column(Boolean)
    enabled: Mapped[bool] = mapped_column(Boolean)
    updated_by_user_id: Mapped[str] = mapped_column(String(256))
    updated_by_name: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ReminderSubscriptionRow(Base):
    """A member's choice to get a committee's reminders personally, in their personal chat with the bot (once known).

    An opt-out keeps the row with ``subscribed`` False, so the choice is remembered.
    """

    __tablename__ = "reminder_subscriptions"
    __table_args__ = (UniqueConstraint("committee_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(256), index=True)
    aad_object_id: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(300))
    conversation_row_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    subscribed: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ReminderDeliveryRow(Base):
    """One reminder to one target conversation, and how sending it went.

    ``state`` is pending, sending (claimed until ``lease_until``), sent, failed or missed (not sent in the grace
    period). ``claim_instance`` tells a restarted process from its dead predecessor under the same replica id.
    ``payload`` lets the text be written after a restart without planning again.
    """

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint("reminder_key", "conversation_row_id"),
        Index("ix_reminder_deliveries_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reminder_key: Mapped[str] = mapped_column(Text)
    conversation_row_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    committee: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(ENUM_LENGTH))  # a ReminderKind, or missed_report
    tenant_key: Mapped[str] = mapped_column(String(128))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    state: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claim_instance: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    activity_id: Mapped[str | None] = mapped_column(Text)
    last_error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ReminderTenantLeaseRow(Base):
    """Which replica (and process of it) sends a tenant's reminders, until when (so its rate limits hold)."""

    __tablename__ = "reminder_tenant_leases"

    tenant_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    claimed_by: Mapped[str] = mapped_column(String(200))
    claim_instance: Mapped[str] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime] = mapped_column(UTCDateTime)
