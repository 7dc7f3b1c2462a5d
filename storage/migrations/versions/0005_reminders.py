"""Reminder rule overrides per committee and members' reminder opt-in.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the model types: a migration must not change when models.py does.
INSTANT = sa.DateTime(timezone=True)
ENUM_LENGTH = 32


def upgrade() -> None:
    op.create_table(
        "reminder_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(ENUM_LENGTH), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("at", sa.Time(), nullable=False),
        sa.Column("working_days", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_by_user_id", sa.String(256), nullable=False),
        sa.Column("updated_by_name", sa.String(300), nullable=True),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name="fk_reminder_rules_committee_id_committees",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reminder_rules"),
        sa.UniqueConstraint(
            "committee_id", "kind", name="uq_reminder_rules_committee_id_kind"
        ),
    )
    op.create_table(
        "reminder_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(256), nullable=False),
        sa.Column("aad_object_id", sa.String(64), nullable=True),
        sa.Column("name", sa.String(300), nullable=True),
        sa.Column("conversation_row_id", sa.Integer(), nullable=True),
        sa.Column("subscribed", sa.Boolean(), nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name="fk_reminder_subscriptions_committee_id_committees",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_row_id"],
            ["conversations.id"],
            name="fk_reminder_subscriptions_conversation_row_id_conversations",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reminder_subscriptions"),
        sa.UniqueConstraint(
            "committee_id",
            "user_id",
            name="uq_reminder_subscriptions_committee_id_user_id",
        ),
    )
    op.create_index(
        "ix_reminder_subscriptions_user_id", "reminder_subscriptions", ["user_id"]
    )
    op.create_index(
        "ix_reminder_subscriptions_conversation_row_id",
        "reminder_subscriptions",
        ["conversation_row_id"],
    )


def downgrade() -> None:
    op.drop_index(
        "ix_reminder_subscriptions_conversation_row_id",
        table_name="reminder_subscriptions",
    )
    op.drop_index(
        "ix_reminder_subscriptions_user_id", table_name="reminder_subscriptions"
    )
    op.drop_table("reminder_subscriptions")
    op.drop_table("reminder_rules")
