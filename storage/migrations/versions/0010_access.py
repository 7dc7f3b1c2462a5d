"""Committees' tenants and calendar feed tokens.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of the model type: a migration must not change when the models do.
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "committee_tenants",
        sa.Column("committee_id", sa.Integer, nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("added_at", INSTANT, nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"], ["committees.id"], ondelete="CASCADE", name="fk_committee_tenants_committee_id_committees"
        ),
        sa.PrimaryKeyConstraint("committee_id", "tenant_id", name="pk_committee_tenants"),
    )
    op.create_table(
        "calendar_feeds",
        sa.Column("committee_id", sa.Integer, nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"], ["committees.id"], ondelete="CASCADE", name="fk_calendar_feeds_committee_id_committees"
        ),
        sa.PrimaryKeyConstraint("committee_id", name="pk_calendar_feeds"),
        sa.UniqueConstraint("token", name="uq_calendar_feeds_token"),
    )


def downgrade() -> None:
    op.drop_table("calendar_feeds")
    op.drop_table("committee_tenants")
