"""Who opened the database: its owner, the class's instructor, or one learner of the class.

The app opens the Class page for the instructor and goes straight to a learner's own profile
for a learner (their role can see no other), with no profile to choose.
"""

from __future__ import annotations

from app.services.context import Context
from app.store.class_reads import ClassReads, Who
from app.store.records import Profile

__all__ = ["Who", "class_access", "own_profile"]


def class_access(ctx: Context) -> Who:
    """Owner (a file, or the server's admin), instructor, or learner with their profile id."""
    return ClassReads(ctx.repo.db).who()


def own_profile(ctx: Context, who: Who) -> Profile | None:
    """A learner's own profile; None for anyone else."""
    if who.access != "learner" or who.profile_id is None:
        return None
    return ctx.repo.get_profile(who.profile_id)
