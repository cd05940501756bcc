"""A class on one server: each profile may name the login role it belongs to.

`profiles.role_name` ties a learner's PostgreSQL role to their profile; the row-level
security policies (made by `class init`, app/store/class_roles.py) compare it with
`current_user`. An index on attempts by answer time serves the class report's date range.

Revision ID: 0004_class_rls
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_class_rls"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add profiles.role_name (unique, empty for a profile with no role of its own)."""
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("role_name", sa.String(63), nullable=True))
        batch.create_unique_constraint("uq_profiles_role_name", ["role_name"])
    op.create_index("ix_attempts_answered", "attempts", ["answered_at"])


def downgrade() -> None:
    """Drop profiles.role_name and the answer-time index."""
    op.drop_index("ix_attempts_answered", table_name="attempts")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_constraint("uq_profiles_role_name", type_="unique")
        batch.drop_column("role_name")
