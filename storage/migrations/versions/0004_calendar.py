"""The committees' meeting calendar.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the model types: a migration must not change when models.py does.
INSTANT = sa.DateTime(timezone=True)
ENUM_LENGTH = 32


def upgrade() -> None:
    op.create_table(
        "calendar_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(300), nullable=False),
        sa.Column("starts_at", INSTANT, nullable=False),
        sa.Column("ends_at", INSTANT, nullable=True),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("source", sa.String(ENUM_LENGTH), nullable=False),
        sa.Column("status", sa.String(ENUM_LENGTH), nullable=False),
        sa.Column("origin_date", sa.Date(), nullable=True),
        sa.Column("updated_by", sa.String(300), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name="fk_calendar_meetings_committee_id_committees",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_calendar_meetings"),
        sa.UniqueConstraint(
            "committee_id", "uid", name="uq_calendar_meetings_committee_id_uid"
        ),
    )
    op.create_index(
        "ix_calendar_meetings_committee_id", "calendar_meetings", ["committee_id"]
    )
    op.create_index(
        "ix_calendar_meetings_starts_at", "calendar_meetings", ["starts_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_calendar_meetings_starts_at", table_name="calendar_meetings")
    op.drop_index("ix_calendar_meetings_committee_id", table_name="calendar_meetings")
    op.drop_table("calendar_meetings")
