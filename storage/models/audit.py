"""The general audit log and the key of personal-data pseudonyms (migration 0010)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JSONType, UTCDateTime


class AuditEventRow(Base):
    """Something done or refused that is not a change to a proposal (those are ``proposal_events``).

    ``details`` hold ids and pseudonyms, never message text or the name of someone the action was about.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    actor_user_id: Mapped[str] = mapped_column(String(256))
    actor_aad_object_id: Mapped[str | None] = mapped_column(String(64))
    actor_name: Mapped[str | None] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSONType)


class PseudonymKeyRow(Base):
    """The secret that keys pseudonyms of deleted people, in the database so every process gives one the same."""

    __tablename__ = "pseudonym_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))  # 32 random bytes, hex
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


PSEUDONYM_KEY_ID = 1
