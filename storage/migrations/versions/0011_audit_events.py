"""The general audit log (personal-data exports, deletions and refusals) and the pseudonym key.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the model types: a migration must not change when models.py does.
INSTANT = sa.DateTime(timezone=True)
JSON_TYPE = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("actor_user_id", sa.String(256), nullable=False),
        sa.Column("actor_aad_object_id", sa.String(64), nullable=True),
        sa.Column("actor_name", sa.String(300), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("details", JSON_TYPE, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_table(
        "pseudonym_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pseudonym_keys"),
    )


def downgrade() -> None:
    op.drop_table("pseudonym_keys")
    op.drop_index("ix_audit_events_at", table_name="audit_events")
    op.drop_table("audit_events")
