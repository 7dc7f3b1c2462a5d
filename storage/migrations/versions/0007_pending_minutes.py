"""Minutes uploaded from Teams awaiting a secretary's review.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the model types: a migration must not change when models.py does.
INSTANT = sa.DateTime(timezone=True)
ENUM_LENGTH = 32


def upgrade() -> None:
    op.create_table(
        "pending_minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(ENUM_LENGTH), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("uploader_user_id", sa.String(256), nullable=False),
        sa.Column("uploader_aad_object_id", sa.String(64), nullable=True),
        sa.Column("uploader_name", sa.String(300), nullable=True),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.Text(), nullable=False),
        sa.Column("activity_id", sa.String(256), nullable=False),
        sa.Column("committee", sa.Text(), nullable=True),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("decided_by_user_id", sa.String(256), nullable=True),
        sa.Column("decided_by_aad_object_id", sa.String(64), nullable=True),
        sa.Column("decided_by_name", sa.String(300), nullable=True),
        sa.Column("decided_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_pending_minutes"),
        sa.UniqueConstraint(
            "channel_id",
            "conversation_id",
            "activity_id",
            name="uq_pending_minutes_channel_id_conversation_id_activity_id",
        ),
    )
    op.create_index("ix_pending_minutes_sha256", "pending_minutes", ["sha256"])
    op.create_index("ix_pending_minutes_uploader_user_id", "pending_minutes", ["uploader_user_id"])


def downgrade() -> None:
    op.drop_index("ix_pending_minutes_uploader_user_id", table_name="pending_minutes")
    op.drop_index("ix_pending_minutes_sha256", table_name="pending_minutes")
    op.drop_table("pending_minutes")
