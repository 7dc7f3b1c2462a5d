"""Agendas beside minutes (the document's kind) and agenda items' case numbers.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Everything stored before this revision was read as minutes.
    with op.batch_alter_table("minutes_documents") as batch:
        batch.add_column(sa.Column("kind", sa.String(32), nullable=False, server_default="minutes"))
    with op.batch_alter_table("agenda_items") as batch:
        batch.add_column(sa.Column("case_number", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agenda_items") as batch:
        batch.drop_column("case_number")
    with op.batch_alter_table("minutes_documents") as batch:
        batch.drop_column("kind")
