"""Who opened the database: its owner, the class's instructor, or one learner of the class.

The app opens the Class page for the instructor and goes straight to a learner's own profile
for a learner (their role can see no other), with no profile to choose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.services.context import Context
from app.store.records import Profile

if TYPE_CHECKING:
    from app.store.class_reads import Who

__all__ = ["class_access", "may_have_class", "own_profile"]


def may_have_class(ctx: Context) -> bool:
    """Whether the database can hold a class (a PostgreSQL server); a file has only its
    owner, so start-up need not load the class report's reads to find that out."""
    return ctx.repo.db.dialect == "postgresql"


def class_access(ctx: Context) -> Who:
    """Owner (a file, or the server's admin), instructor, or learner with their profile id."""
    from app.store.class_reads import ClassReads

    return ClassReads(ctx.repo.db).who()


def own_profile(ctx: Context, who: Who) -> Profile | None:
    """A learner's own profile; None for anyone else."""
    if who.access != "learner" or who.profile_id is None:
        return None
    return ctx.repo.get_profile(who.profile_id)
