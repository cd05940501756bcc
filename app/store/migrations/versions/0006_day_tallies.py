"""The class report's tallies per UTC day, so a report over a range of days reads no answers.

day_tallies and day_mistakes count each learner's answers (and diagnosed mistakes) per skill
and day; the trigger on attempts keeps them with the whole-history tallies of 0005 (app/store/
tallies.py), and they are filled from the answers here. The primary keys lead with the day,
so a range of days is one contiguous scan.

Revision ID: 0006_day_tallies
Revises: 0005_class_tallies
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.store import tallies

revision = "0006_day_tallies"
down_revision = "0005_class_tallies"
branch_labels = None
depends_on = None


def _profile_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["profile_id"], ["profiles.id"], name=f"fk_{table}_profile_id_profiles", ondelete="CASCADE"
    )


def upgrade() -> None:
    """Create the day tallies, fill them from the answers, and keep them with the trigger."""
    op.create_table(
        "day_tallies",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(200), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("right_count", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        _profile_fk("day_tallies"),
        sa.PrimaryKeyConstraint("day", "profile_id", "skill", name="pk_day_tallies"),
    )
    op.create_table(
        "day_mistakes",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(200), nullable=False),
        sa.Column("mistake", sa.String(100), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _profile_fk("day_mistakes"),
        sa.PrimaryKeyConstraint("day", "profile_id", "skill", "mistake", name="pk_day_mistakes"),
    )
    conn = op.get_bind()
    tallies.create_triggers(conn)
    for statement in tallies.rebuild_statements(conn.dialect.name, whole=False):
        conn.exec_driver_sql(statement)


def downgrade() -> None:
    """Back to the triggers of 0005, without the day tallies."""
    tallies.create_triggers(op.get_bind(), days=False)
    op.drop_table("day_mistakes")
    op.drop_table("day_tallies")
