"""Minutes: committees, meetings, documents, agenda items, sections, dates, corpus version.

Revision ID: 0001
Revises:
Create Date: 2025-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the model types: a migration must not change when models.py does.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
ENUM = sa.String(32)
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "committees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_committees"),
        sa.UniqueConstraint("key", name="uq_committees_key"),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("meeting_key", sa.String(600), nullable=False),
        sa.Column("committee_as_written", sa.String(300), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("starts_at", INSTANT, nullable=True),
        sa.Column("ends_at", INSTANT, nullable=True),
        sa.Column("date_confidence", sa.Float(), nullable=False),
        sa.Column("date_evidence", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("chair", sa.Text(), nullable=True),
        sa.Column("minute_taker", sa.Text(), nullable=True),
        sa.Column("attendees", JSON, nullable=False),
        sa.Column("absentees", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"], ["committees.id"], name="fk_meetings_committee_id_committees", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_meetings"),
        sa.UniqueConstraint("committee_id", "meeting_key", name="uq_meetings_committee_id_meeting_key"),
    )
    op.create_index("ix_meetings_committee_id", "meetings", ["committee_id"])
    op.create_index("ix_meetings_meeting_date", "meetings", ["meeting_date"])
    op.create_table(
        "minutes_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("ingested_at", INSTANT, nullable=False),
        sa.Column("warnings", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_minutes_documents_meeting_id_meetings", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_minutes_documents"),
        sa.UniqueConstraint("meeting_id", name="uq_minutes_documents_meeting_id"),
    )
    op.create_index("ix_minutes_documents_content_sha256", "minutes_documents", ["content_sha256"])
    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(50), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("presenter", sa.Text(), nullable=True),
        sa.Column("time_slot", sa.String(200), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("outcome", ENUM, nullable=False),
        sa.Column("outcome_sentence", sa.Text(), nullable=True),
        sa.Column("outcome_source", ENUM, nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_agenda_items_meeting_id_meetings", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_agenda_items"),
        sa.UniqueConstraint("meeting_id", "position", name="uq_agenda_items_meeting_id_position"),
    )
    op.create_table(
        "agenda_item_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name="fk_agenda_item_sections_agenda_item_id_agenda_items",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_agenda_item_sections"),
        sa.UniqueConstraint("agenda_item_id", "position", name="uq_agenda_item_sections_agenda_item_id_position"),
    )
    op.create_table(
        "date_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("item_number", sa.String(50), nullable=True),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("precision", ENUM, nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_date_mentions_meeting_id_meetings", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name="fk_date_mentions_agenda_item_id_agenda_items",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_date_mentions"),
        sa.UniqueConstraint("meeting_id", "position", name="uq_date_mentions_meeting_id_position"),
    )
    op.create_index("ix_date_mentions_agenda_item_id", "date_mentions", ["agenda_item_id"])
    op.create_index("ix_date_mentions_on_date", "date_mentions", ["on_date"])
    corpus_state = op.create_table(
        "corpus_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_corpus_state"),
    )
    op.bulk_insert(corpus_state, [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_table("corpus_state")
    op.drop_index("ix_date_mentions_on_date", table_name="date_mentions")
    op.drop_index("ix_date_mentions_agenda_item_id", table_name="date_mentions")
    op.drop_table("date_mentions")
    op.drop_table("agenda_item_sections")
    op.drop_table("agenda_items")
    op.drop_index("ix_minutes_documents_content_sha256", table_name="minutes_documents")
    op.drop_table("minutes_documents")
    op.drop_index("ix_meetings_meeting_date", table_name="meetings")
    op.drop_index("ix_meetings_committee_id", table_name="meetings")
    op.drop_table("meetings")
    op.drop_table("committees")
