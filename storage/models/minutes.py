"""Stored minutes: committees, meetings, the document, agenda items with their sections, and dates.

Later tables may reference ``committees.id`` and ``meetings.id``, which stay stable when a meeting's
minutes are replaced by a new version.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Integer, LargeBinary, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.minutes.model import DateKind, DocumentKind, Outcome, Precision, SectionKind
from storage.models.base import Base, JSONType, UTCDateTime, string_enum


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
    items: Mapped[list[AgendaItemRow]] = relationship(back_populates="meeting", order_by="AgendaItemRow.position")
    dates: Mapped[list[DateMentionRow]] = relationship(back_populates="meeting", order_by="DateMentionRow.position")


class MinutesDocument(Base):
    """The document the meeting's current minutes were read from (the text is not kept)."""

    __tablename__ = "minutes_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    content_sha256: Mapped[str] = mapped_column(String(64), index=True)
    ingested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    warnings: Mapped[list[str]] = mapped_column(JSONType)
    kind: Mapped[DocumentKind] = mapped_column(string_enum(DocumentKind), server_default=DocumentKind.MINUTES.value)

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
    outcome: Mapped[Outcome] = mapped_column(string_enum(Outcome))
    outcome_sentence: Mapped[str | None] = mapped_column(Text)
    outcome_source: Mapped[SectionKind | None] = mapped_column(string_enum(SectionKind), nullable=True)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    sections: Mapped[list[SectionRow]] = relationship(back_populates="item", order_by="SectionRow.position")


class SectionRow(Base):
    __tablename__ = "agenda_item_sections"
    __table_args__ = (UniqueConstraint("agenda_item_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[SectionKind] = mapped_column(string_enum(SectionKind))
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
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    item_number: Mapped[str | None] = mapped_column(String(50))  # as set by the parser
    on_date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    precision: Mapped[Precision] = mapped_column(string_enum(Precision))
    kind: Mapped[DateKind] = mapped_column(string_enum(DateKind))
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


class IndexSnapshotRow(Base):
    """The search index built from the corpus at one version (``bot.answering.snapshot``): one row, the newest."""

    __tablename__ = "index_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    corpus_version: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


INDEX_SNAPSHOT_ID = 1
