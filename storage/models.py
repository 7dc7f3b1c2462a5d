"""Tables for stored minutes, as typed declarative models.

Time semantics: columns of type ``UTCDateTime`` hold instants, always timezone-aware UTC
(also on SQLite, which has no time zones). ``Date`` and ``Time`` columns hold local
Europe/Copenhagen wall-clock values exactly as written in the minutes.

Later migrations add separate tables for conversation references, agenda proposals and
reminders; they may reference ``committees.id`` and ``meetings.id``, which stay stable when
a meeting's minutes are replaced by a new version.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Enum,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.minutes.model import DateKind, DocumentKind, Outcome, Precision, SectionKind

# Named constraints so later migrations (and SQLite batch mode) can address them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ENUM_LENGTH = 32
JSONType = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware instant, stored and returned in UTC.

    Naive datetimes are refused: their meaning depends on where the code runs.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: store instants as timezone-aware UTC")
        value = value.astimezone(dt.UTC)
        # SQLite stores text without an offset; keep it naive UTC there.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _string_enum(enum: type[StrEnum]) -> Enum:
    # Values ("approved"), not member names, as VARCHAR without a CHECK: a new member needs
    # no migration and older replicas see the text.
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=ENUM_LENGTH,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {dt.datetime: UTCDateTime()}


class Committee(Base):
    """A følgegruppe, fokusgruppe or other committee, identified by its normalised name."""

    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)  # casefolded, whitespace folded
    name: Mapped[str] = mapped_column(String(300))  # as first written, whitespace folded

    meetings: Mapped[list[Meeting]] = relationship(back_populates="committee")


class Meeting(Base):
    """One meeting of a committee; its row and id survive a replaced version of the minutes."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("committee_id", "meeting_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="RESTRICT"), index=True)
    # "date:2021-02-02", or "document:<name>" when the minutes give no date.
    meeting_key: Mapped[str] = mapped_column(String(600))
    committee_as_written: Mapped[str] = mapped_column(String(300))
    meeting_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)  # local
    end_time: Mapped[dt.time | None] = mapped_column(Time)  # local
    starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    date_confidence: Mapped[float] = mapped_column(Float)
    date_evidence: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    chair: Mapped[str | None] = mapped_column(Text)
    minute_taker: Mapped[str | None] = mapped_column(Text)
    attendees: Mapped[list[str]] = mapped_column(JSONType)
    absentees: Mapped[list[str]] = mapped_column(JSONType)

    committee: Mapped[Committee] = relationship(back_populates="meetings")
    document: Mapped[MinutesDocument] = relationship(back_populates="meeting")
    items: Mapped[list[AgendaItemRow]] = relationship(
        back_populates="meeting", order_by="AgendaItemRow.position"
    )
    dates: Mapped[list[DateMentionRow]] = relationship(
        back_populates="meeting", order_by="DateMentionRow.position"
    )


class MinutesDocument(Base):
    """The document the meeting's current minutes were read from (the text is not kept)."""

    __tablename__ = "minutes_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    content_sha256: Mapped[str] = mapped_column(String(64), index=True)
    ingested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    warnings: Mapped[list[str]] = mapped_column(JSONType)
    kind: Mapped[DocumentKind] = mapped_column(_string_enum(DocumentKind), server_default=DocumentKind.MINUTES.value)

    meeting: Mapped[Meeting] = relationship(back_populates="document")


class AgendaItemRow(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(Text)
    case_number: Mapped[str | None] = mapped_column(String(100))
    presenter: Mapped[str | None] = mapped_column(Text)
    time_slot: Mapped[str | None] = mapped_column(String(200))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[Outcome] = mapped_column(_string_enum(Outcome))
    outcome_sentence: Mapped[str | None] = mapped_column(Text)
    outcome_source: Mapped[SectionKind | None] = mapped_column(_string_enum(SectionKind), nullable=True)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    sections: Mapped[list[SectionRow]] = relationship(back_populates="item", order_by="SectionRow.position")


class SectionRow(Base):
    __tablename__ = "agenda_item_sections"
    __table_args__ = (UniqueConstraint("agenda_item_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[SectionKind] = mapped_column(_string_enum(SectionKind))
    heading: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)

    item: Mapped[AgendaItemRow] = relationship(back_populates="sections")


class DateMentionRow(Base):
    """A date written in the minutes; dates are local, as written."""

    __tablename__ = "date_mentions"
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order in Minutes.dates
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    item_number: Mapped[str | None] = mapped_column(String(50))  # as set by the parser
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    precision: Mapped[Precision] = mapped_column(_string_enum(Precision))
    kind: Mapped[DateKind] = mapped_column(_string_enum(DateKind))
    text: Mapped[str] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)

    meeting: Mapped[Meeting] = relationship(back_populates="dates")
    item: Mapped[AgendaItemRow | None] = relationship()


class CorpusState(Base):
    """One row whose version bumps whenever stored minutes change; readers poll it."""

    __tablename__ = "corpus_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


CORPUS_STATE_ID = 1


class Conversation(Base):
    """A conversation the bot has been in (personal, group chat or team channel).

    Holds what a proactive message needs to reach it (a conversation reference, without
    Bot Framework types) and the committee a secretary linked it to. Keyed by the channel
    ("msteams") and the channel's conversation id; ``id`` is what later tables point at.
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
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="SET NULL"), index=True
    )
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


# --- Agenda proposals (migration 0003) ------------------------------------------------------
# Imported here, not at the top, so that this section stays an append-only addition.
from bot.proposals.model import ProposalStatus  # noqa: E402


class ProposalRow(Base):
    """A member's proposal for an item on a committee's meeting.

    ``meeting_date`` is the local date of the meeting it is for (meetings are known from
    stored minutes by date, not by a row). A retried Teams activity is recognised by
    (channel_id, conversation_id, activity_id), which is unique.
    """

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
    status: Mapped[ProposalStatus] = mapped_column(_string_enum(ProposalStatus))
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


# --- Meeting calendar (migration 0004) -------------------------------------------------------


class CalendarMeetingRow(Base):
    """A meeting in a committee's calendar: from minutes, a secretary or an imported .ics.

    ``origin_date`` is the local day the minutes gave for a meeting that came from minutes; it
    stays when a secretary moves the meeting, so a re-sync recognises it and leaves it alone.
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


# --- Reminders (migration 0005) -------------------------------------------------------------


class ReminderRuleRow(Base):
    """A committee's override of one default reminder rule (bot.reminders.rules.DEFAULT_RULES).

    ``at`` is a local Europe/Copenhagen wall-clock time of day.
    """

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
    """A member's choice to get (or not get) a committee's reminders personally.

    Keyed by committee and Teams user id ("29:…"). ``conversation_row_id`` is the member's
    personal chat with the bot (a ``conversations`` row), where reminders go; None until known.
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


# --- Pending minutes (migration 0007) -------------------------------------------------------
from sqlalchemy import LargeBinary  # noqa: E402

from bot.uploads.model import UploadState  # noqa: E402


class PendingMinutesRow(Base):
    """Minutes a secretary sent in Teams, kept apart from the stored minutes until reviewed.

    ``data`` holds the file's bytes while the upload is pending; a decision drops them (approved
    minutes live in the minutes tables, rejected ones are discarded). ``committee`` is a name, not
    a reference: minutes may be the first of a committee the database does not know yet. A
    retried Teams activity is recognised by (channel_id, conversation_id, activity_id), which is
    unique. ``meeting_date`` is local.
    """

    __tablename__ = "pending_minutes"
    __table_args__ = (UniqueConstraint("channel_id", "conversation_id", "activity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[UploadState] = mapped_column(_string_enum(UploadState))
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


# --- Graph sync (migration 0008) ------------------------------------------------------------


class GraphFolderLinkRow(Base):
    """The SharePoint/Teams folder a committee's minutes are synced from (one per committee).

    ``sharing_url`` is what the secretary gave; ``drive_id``/``item_id`` are what Graph resolved
    it to, so that later listings need no sharing-link access.
    """

    __tablename__ = "graph_folder_links"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    sharing_url: Mapped[str] = mapped_column(Text)
    drive_id: Mapped[str] = mapped_column(String(300))
    item_id: Mapped[str] = mapped_column(String(300))
    folder_name: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str | None] = mapped_column(String(300))  # the secretary's Entra object id
    set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_polled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)  # the last poll's failure, as told to a secretary


class GraphFolderOfferRow(Base):
    """A file of a synced folder that was offered for review, at the version (eTag) offered.

    One row per file: a changed file (new eTag) updates the row and is offered again.
    """

    __tablename__ = "graph_folder_offers"
    __table_args__ = (UniqueConstraint("committee_id", "drive_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    drive_id: Mapped[str] = mapped_column(String(300))
    item_id: Mapped[str] = mapped_column(String(300))
    etag: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(Text)
    offered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class GraphCalendarLinkRow(Base):
    """The Microsoft 365 group whose calendar fills a committee's meeting calendar (one per committee)."""

    __tablename__ = "graph_calendar_links"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(64))
    set_by: Mapped[str | None] = mapped_column(String(300))
    set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_synced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


# --- Reminder deliveries (migration 0006) ---------------------------------------------------
from sqlalchemy import Index  # noqa: E402


class ReminderDeliveryRow(Base):
    """One reminder (by its planner ``key``) to one target conversation, and how sending it went.

    ``state`` is pending, sending (claimed by replica ``claimed_by`` until ``lease_until``), sent,
    failed or missed (not sent within the grace period). ``claim_instance`` tells the processes of one
    replica apart: one restarted under the same replica id must not take its dead predecessor's claims. ``payload`` is the planned reminder as JSON,
    so the text can be written after a restart without planning again. ``tenant_key`` is the target's
    Entra tenant ("" when unknown): one replica at a time sends a tenant's reminders.
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
