"""Reminder deliveries: one row per reminder and target, claimed by one replica, with state and attempts.

Also the per-tenant send leases: one replica at a time sends a tenant's reminders.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the model types: a migration must not change when models.py does.
INSTANT = sa.DateTime(timezone=True)
JSON_TYPE = sa.JSON().with_variant(JSONB(), "postgresql")
ENUM_LENGTH = 32


def upgrade() -> None:
    op.create_table(
        "reminder_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reminder_key", sa.Text(), nullable=False),
        sa.Column("conversation_row_id", sa.Integer(), nullable=False),
        sa.Column("committee", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(ENUM_LENGTH), nullable=False),
        sa.Column("tenant_key", sa.String(128), nullable=False),
        sa.Column("due_at", INSTANT, nullable=False),
        sa.Column("state", sa.String(ENUM_LENGTH), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", INSTANT, nullable=False),
        sa.Column("claimed_by", sa.String(200), nullable=True),
        sa.Column("claim_instance", sa.String(64), nullable=True),
        sa.Column("lease_until", INSTANT, nullable=True),
        sa.Column("sent_at", INSTANT, nullable=True),
        sa.Column("activity_id", sa.Text(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("payload", JSON_TYPE, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_row_id"],
            ["conversations.id"],
            name="fk_reminder_deliveries_conversation_row_id_conversations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reminder_deliveries"),
        sa.UniqueConstraint(
            "reminder_key",
            "conversation_row_id",
            name="uq_reminder_deliveries_reminder_key_conversation_row_id",
        ),
    )
    op.create_index("ix_reminder_deliveries_due_at", "reminder_deliveries", ["due_at"])
    op.create_index(
        "ix_reminder_deliveries_state_next_attempt_at", "reminder_deliveries", ["state", "next_attempt_at"]
    )
    op.create_table(
        "reminder_tenant_leases",
        sa.Column("tenant_key", sa.String(128), nullable=False),
        sa.Column("claimed_by", sa.String(200), nullable=False),
        sa.Column("claim_instance", sa.String(64), nullable=False),
        sa.Column("lease_until", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("tenant_key", name="pk_reminder_tenant_leases"),
    )


def downgrade() -> None:
    op.drop_table("reminder_tenant_leases")
    op.drop_index("ix_reminder_deliveries_state_next_attempt_at", table_name="reminder_deliveries")
    op.drop_index("ix_reminder_deliveries_due_at", table_name="reminder_deliveries")
    op.drop_table("reminder_deliveries")
