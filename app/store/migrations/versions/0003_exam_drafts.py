"""Exam drafts: each question of an exam under way, saved as it is answered.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the exam_drafts table (one row per question of an unfinished exam)."""
    op.create_table(
        "exam_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(200), nullable=False),
        sa.Column("attempt_uuid", sa.String(36), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name="fk_exam_drafts_session_id_sessions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_exam_drafts"),
        sa.UniqueConstraint("session_id", "position", name="uq_exam_drafts_session_id_position"),
    )


def downgrade() -> None:
    """Drop the exam_drafts table."""
    op.drop_table("exam_drafts")
