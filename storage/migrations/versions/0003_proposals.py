"""Agenda proposals, their audit trail, committee secretaries and per-committee settings.

Revision ID: 0003
Revises: 0002
Create Date: 2025-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the model types: a migration must not change when models.py does.
INSTANT = sa.DateTime(timezone=True)
JSON_TYPE = sa.JSON().with_variant(JSONB(), "postgresql")
ENUM_LENGTH = 32


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("rolled_over_from", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("presenter", sa.Text(), nullable=True),
        sa.Column("minutes_needed", sa.Integer(), nullable=True),
        sa.Column("material_url", sa.Text(), nullable=True),
        sa.Column("status", sa.String(ENUM_LENGTH), nullable=False),
        sa.Column("submitter_user_id", sa.String(256), nullable=False),
        sa.Column("submitter_aad_object_id", sa.String(64), nullable=True),
        sa.Column("submitter_name", sa.String(300), nullable=True),
        sa.Column("submitted_at", INSTANT, nullable=False),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.Text(), nullable=False),
        sa.Column("activity_id", sa.String(256), nullable=False),
        sa.Column("decided_by_user_id", sa.String(256), nullable=True),
        sa.Column("decided_by_aad_object_id", sa.String(64), nullable=True),
        sa.Column("decided_by_name", sa.String(300), nullable=True),
        sa.Column("decided_at", INSTANT, nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"], ["committees.id"], name="fk_proposals_committee_id_committees", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_proposals"),
        sa.UniqueConstraint(
            "channel_id",
            "conversation_id",
            "activity_id",
            name="uq_proposals_channel_id_conversation_id_activity_id",
        ),
    )
    op.create_index("ix_proposals_committee_id", "proposals", ["committee_id"])
    op.create_index("ix_proposals_meeting_date", "proposals", ["meeting_date"])
    op.create_index("ix_proposals_submitter_user_id", "proposals", ["submitter_user_id"])
    op.create_index("ix_proposals_submitter_aad_object_id", "proposals", ["submitter_aad_object_id"])

    op.create_table(
        "proposal_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("actor_user_id", sa.String(256), nullable=False),
        sa.Column("actor_aad_object_id", sa.String(64), nullable=True),
        sa.Column("actor_name", sa.String(300), nullable=True),
        sa.Column("action", sa.String(ENUM_LENGTH), nullable=False),
        sa.Column("details", JSON_TYPE, nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name="fk_proposal_events_proposal_id_proposals", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_proposal_events"),
    )
    op.create_index("ix_proposal_events_proposal_id", "proposal_events", ["proposal_id"])

    op.create_table(
        "committee_secretaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("aad_object_id", sa.String(64), nullable=False),
        sa.Column("added_by", sa.String(300), nullable=False),
        sa.Column("added_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name="fk_committee_secretaries_committee_id_committees",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_committee_secretaries"),
        sa.UniqueConstraint(
            "committee_id", "aad_object_id", name="uq_committee_secretaries_committee_id_aad_object_id"
        ),
    )
    op.create_index("ix_committee_secretaries_aad_object_id", "committee_secretaries", ["aad_object_id"])

    op.create_table(
        "committee_proposal_settings",
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("cutoff_days", sa.Integer(), nullable=False),
        sa.Column("updated_by_user_id", sa.String(256), nullable=False),
        sa.Column("updated_by_name", sa.String(300), nullable=True),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name="fk_committee_proposal_settings_committee_id_committees",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("committee_id", name="pk_committee_proposal_settings"),
    )


def downgrade() -> None:
    op.drop_table("committee_proposal_settings")
    op.drop_index("ix_committee_secretaries_aad_object_id", table_name="committee_secretaries")
    op.drop_table("committee_secretaries")
    op.drop_index("ix_proposal_events_proposal_id", table_name="proposal_events")
    op.drop_table("proposal_events")
    op.drop_index("ix_proposals_submitter_aad_object_id", table_name="proposals")
    op.drop_index("ix_proposals_submitter_user_id", table_name="proposals")
    op.drop_index("ix_proposals_meeting_date", table_name="proposals")
    op.drop_index("ix_proposals_committee_id", table_name="proposals")
    op.drop_table("proposals")
