"""Conversation references (migration 0002): the conversations the bot can reach, and who wrote in them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime
from storage.models.minutes import Committee


class Conversation(Base):
    """A conversation the bot has been in: what a proactive message needs to reach it, and its committee link.

    A removed bot leaves the row inactive rather than deleting it.
    """

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(64))  # "msteams", "emulator", "console"
    # Teams ids run long ("19:…@thread.tacv2;messageid=…", personal "a:1…"); Text has no limit.
    conversation_id: Mapped[str] = mapped_column(Text)
    service_url: Mapped[str] = mapped_column(Text)
    conversation_type: Mapped[str | None] = mapped_column(String(32))  # personal, groupChat, channel
    tenant_id: Mapped[str | None] = mapped_column(String(128))
    team_id: Mapped[str | None] = mapped_column(Text, index=True)  # channelData.team.id
    teams_channel_id: Mapped[str | None] = mapped_column(Text)  # channelData.channel.id
    bot_id: Mapped[str] = mapped_column(String(256))
    bot_name: Mapped[str | None] = mapped_column(String(300))
    locale: Mapped[str | None] = mapped_column(String(35))  # last seen, BCP 47
    active: Mapped[bool] = mapped_column(Boolean)  # False once the bot was removed
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id", ondelete="SET NULL"), index=True)
    linked_by_user_id: Mapped[str | None] = mapped_column(String(256))
    linked_by_aad_object_id: Mapped[str | None] = mapped_column(String(64))
    linked_by_name: Mapped[str | None] = mapped_column(String(300))
    linked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # first remembered
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # reference or link last changed
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # latest activity remembered

    committee: Mapped[Committee | None] = relationship()
    users: Mapped[list[ConversationUserRow]] = relationship(
        back_populates="conversation", order_by="ConversationUserRow.id"
    )


class ConversationUserRow(Base):
    """Someone who wrote in a conversation (Teams user id "29:…"), with when they were last seen."""

    __tablename__ = "conversation_users"
    __table_args__ = (UniqueConstraint("conversation_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The conversations row, not the channel's conversation id string.
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(256))
    aad_object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    conversation: Mapped[Conversation] = relationship(back_populates="users")
