"""Diagnosed mistakes and hints on attempts; imported instructor packs.

Revision ID: 0002
Revises: 0001
Create Date: 2024-07-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add attempts.mistake and attempts.hints_used (0 for old rows), and the packs table."""
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("mistake", sa.String(100), nullable=True))
        batch.add_column(sa.Column("hints_used", sa.Integer(), nullable=False, server_default="0"))
        batch.create_index("ix_attempts_profile_mistake", ["profile_id", "mistake"])
    op.create_table(
        "packs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.String(100), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_packs"),
        sa.UniqueConstraint("pack_id", "version", name="uq_packs_pack_id_version"),
    )


def downgrade() -> None:
    """Drop the packs table and the two attempt columns."""
    op.drop_table("packs")
    with op.batch_alter_table("attempts") as batch:
        batch.drop_index("ix_attempts_profile_mistake")
        batch.drop_column("hints_used")
        batch.drop_column("mistake")
