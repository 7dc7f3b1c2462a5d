"""Conversations: references the bot can reach, their users and their committee links.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the model types: a migration must not change when models.py does.
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.Text(), nullable=False),
        sa.Column("service_url", sa.Text(), nullable=False),
        sa.Column("conversation_type", sa.String(32), nullable=True),
        sa.Column("tenant_id", sa.String(128), nullable=True),
        sa.Column("team_id", sa.Text(), nullable=True),
        sa.Column("teams_channel_id", sa.Text(), nullable=True),
        sa.Column("bot_id", sa.String(256), nullable=False),
        sa.Column("bot_name", sa.String(300), nullable=True),
        sa.Column("locale", sa.String(35), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=True),
        sa.Column("linked_by_user_id", sa.String(256), nullable=True),
        sa.Column("linked_by_aad_object_id", sa.String(64), nullable=True),
        sa.Column("linked_by_name", sa.String(300), nullable=True),
        sa.Column("linked_at", INSTANT, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.Column("last_seen_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name="fk_conversations_committee_id_committees",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_conversations"),
        sa.UniqueConstraint("channel_id", "conversation_id", name="uq_conversations_channel_id_conversation_id"),
    )
    op.create_index("ix_conversations_committee_id", "conversations", ["committee_id"])
    op.create_index("ix_conversations_team_id", "conversations", ["team_id"])
    op.create_table(
        "conversation_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(256), nullable=False),
        sa.Column("aad_object_id", sa.String(64), nullable=True),
        sa.Column("name", sa.String(300), nullable=True),
        sa.Column("first_seen_at", INSTANT, nullable=False),
        sa.Column("last_seen_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_conversation_users_conversation_id_conversations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_conversation_users"),
        sa.UniqueConstraint("conversation_id", "user_id", name="uq_conversation_users_conversation_id_user_id"),
    )
    op.create_index("ix_conversation_users_aad_object_id", "conversation_users", ["aad_object_id"])


def downgrade() -> None:
    op.drop_index("ix_conversation_users_aad_object_id", table_name="conversation_users")
    op.drop_table("conversation_users")
    op.drop_index("ix_conversations_team_id", table_name="conversations")
    op.drop_index("ix_conversations_committee_id", table_name="conversations")
    op.drop_table("conversations")
