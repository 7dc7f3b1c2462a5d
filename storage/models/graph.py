"""Microsoft Graph sync (migration 0008): a committee's synced folder, the files offered from it, its group calendar."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class GraphFolderLinkRow(Base):
    """The folder a committee's minutes are synced from; later listings use what Graph resolved the link to."""

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
    """A file of a synced folder offered for review, at the version (eTag) offered; a new eTag is offered again."""

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
