"""Agenda proposals (migration 0003): proposals and their audit trail, secretaries, per-committee settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.proposals.model import ProposalStatus
from storage.models.base import ENUM_LENGTH, Base, JSONType, UTCDateTime, string_enum
from storage.models.minutes import Committee


class ProposalRow(Base):
    """A member's proposal for an item on a committee's meeting, known by its date (meetings have no row here)."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("channel_id", "conversation_id", "activity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="RESTRICT"), index=True)
    meeting_date: Mapped[dt.date] = mapped_column(Date, index=True)  # local
    # The wished (or next) meeting whose cut-off had passed when it was submitted.
    rolled_over_from: Mapped[dt.date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    presenter: Mapped[str | None] = mapped_column(Text)
    minutes_needed: Mapped[int | None] = mapped_column(Integer)
    material_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ProposalStatus] = mapped_column(string_enum(ProposalStatus))
    submitter_user_id: Mapped[str] = mapped_column(String(256), index=True)
    submitter_aad_object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    submitter_name: Mapped[str | None] = mapped_column(String(300))
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    channel_id: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str] = mapped_column(Text)
    activity_id: Mapped[str] = mapped_column(String(256))
    decided_by_user_id: Mapped[str | None] = mapped_column(String(256))
    decided_by_aad_object_id: Mapped[str | None] = mapped_column(String(64))
    decided_by_name: Mapped[str | None] = mapped_column(String(300))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    committee: Mapped[Committee] = relationship()


class ProposalEventRow(Base):
    """The audit trail: one row per change to a proposal (who, when, what)."""

    __tablename__ = "proposal_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor_user_id: Mapped[str] = mapped_column(String(256))
    actor_aad_object_id: Mapped[str | None] = mapped_column(String(64))
    actor_name: Mapped[str | None] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    details: Mapped[dict[str, Any]] = mapped_column(JSONType)


class CommitteeSecretaryRow(Base):
    """A secretary of a committee, by Microsoft Entra object id (stored lower-case)."""

    __tablename__ = "committee_secretaries"
    __table_args__ = (UniqueConstraint("committee_id", "aad_object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    aad_object_id: Mapped[str] = mapped_column(String(64), index=True)
    added_by: Mapped[str] = mapped_column(String(300))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class CommitteeProposalSettingsRow(Base):
    """Per-committee proposal settings; a committee without a row uses the service defaults."""

    __tablename__ = "committee_proposal_settings"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    cutoff_days: Mapped[int] = mapped_column(Integer)
    updated_by_user_id: Mapped[str] = mapped_column(String(256))
    updated_by_name: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
