"""Class report tallies kept by triggers, and each review state's stability as a column.

skill_tallies and mistake_tallies count answers per learner and skill (and mistake);
review_states.stability is read out of card_json on write (app/store/tallies.py). Indexes
on attempts by skill and seconds (the median time per skill without a sort) and by mistake
(the questions where a mistake happened).

Revision ID: 0005_class_tallies
Revises: 0004_class_rls
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.store import tallies

revision = "0005_class_tallies"
down_revision = "0004_class_rls"
branch_labels = None
depends_on = None


def _profile_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["profile_id"], ["profiles.id"], name=f"fk_{table}_profile_id_profiles", ondelete="CASCADE"
    )


def upgrade() -> None:
    """Create the tallies, fill them from the answers, and keep them with triggers."""
    op.create_table(
        "skill_tallies",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(200), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("right_count", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        _profile_fk("skill_tallies"),
        sa.PrimaryKeyConstraint("profile_id", "skill", name="pk_skill_tallies"),
    )
    op.create_table(
        "mistake_tallies",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(200), nullable=False),
        sa.Column("mistake", sa.String(100), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _profile_fk("mistake_tallies"),
        sa.PrimaryKeyConstraint("profile_id", "skill", "mistake", name="pk_mistake_tallies"),
    )
    with op.batch_alter_table("review_states") as batch:
        batch.add_column(sa.Column("stability", sa.Float(), nullable=True))
    op.create_index("ix_attempts_skill_seconds", "attempts", ["skill", "seconds"])
    only_mistakes = sa.text("mistake IS NOT NULL")  # right answers add nothing to it
    op.create_index(
        "ix_attempts_mistake_skill",
        "attempts",
        ["mistake", "skill"],
        postgresql_where=only_mistakes,
        sqlite_where=only_mistakes,
    )
    conn = op.get_bind()
    tallies.create_triggers(conn, days=False)
    tallies.rebuild(conn, days=False)


def downgrade() -> None:
    """Drop the triggers, the tallies, the stability column and the indexes."""
    tallies.drop_triggers(op.get_bind())
    op.drop_index("ix_attempts_mistake_skill", table_name="attempts")
    op.drop_index("ix_attempts_skill_seconds", table_name="attempts")
    with op.batch_alter_table("review_states") as batch:
        batch.drop_column("stability")
    op.drop_table("mistake_tallies")
    op.drop_table("skill_tallies")
