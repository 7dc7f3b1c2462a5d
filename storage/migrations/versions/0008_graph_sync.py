"""Microsoft Graph folder and calendar sync per committee.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the model types: a migration must not change when models.py does.
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "graph_folder_links",
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("sharing_url", sa.Text(), nullable=False),
        sa.Column("drive_id", sa.String(300), nullable=False),
        sa.Column("item_id", sa.String(300), nullable=False),
        sa.Column("folder_name", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(300), nullable=True),
        sa.Column("set_at", INSTANT, nullable=False),
        sa.Column("last_polled_at", INSTANT, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name="fk_graph_folder_links_committee_id_committees",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("committee_id", name="pk_graph_folder_links"),
    )
    op.create_table(
        "graph_folder_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("drive_id", sa.String(300), nullable=False),
        sa.Column("item_id", sa.String(300), nullable=False),
        sa.Column("etag", sa.String(300), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("offered_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name="fk_graph_folder_offers_committee_id_committees",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_graph_folder_offers"),
        sa.UniqueConstraint(
            "committee_id",
            "drive_id",
            "item_id",
            name="uq_graph_folder_offers_committee_id_drive_id_item_id",
        ),
    )
    op.create_table(
        "graph_calendar_links",
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(64), nullable=False),
        sa.Column("set_by", sa.String(300), nullable=True),
        sa.Column("set_at", INSTANT, nullable=False),
        sa.Column("last_synced_at", INSTANT, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name="fk_graph_calendar_links_committee_id_committees",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("committee_id", name="pk_graph_calendar_links"),
    )


def downgrade() -> None:
    op.drop_table("graph_calendar_links")
    op.drop_table("graph_folder_offers")
    op.drop_table("graph_folder_links")
