"""Renaming, resetting and deleting learners, staged so that each step can be undone.

`StagedChanges` is what a "Manage learners" dialog holds: every change is checked when it is
staged, shown as pending, undone last-first with `undo()`, and written only by `apply()`, so
nothing is lost until the learner closes the dialog with Done. The three writes are also
offered one by one (`rename_learner`, `reset_learner`, `delete_learner`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.services.guide import SETTINGS_KEY as GUIDE_KEY
from app.store.learners import Removed, delete_profile, rename_profile, reset_profile
from app.store.records import Profile
from app.store.repository import Repository

MAX_NAME = 80
Kind = Literal["rename", "reset", "delete"]


def clean_name(name: str, taken: list[str]) -> str:
    """A learner's name with spaces tidied; ValueError if empty, too long or taken (any case)."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ValueError("A learner's name cannot be empty.")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"A name is at most {MAX_NAME} characters; this one has {len(cleaned)}.")
    if cleaned.casefold() in {t.casefold() for t in taken}:
        raise ValueError(f"Another learner is called {cleaned!r}; choose a different name.")
    return cleaned


def rename_learner(repo: Repository, profile_id: int, name: str) -> Profile:
    """Give a learner a new name that no other learner has."""
    others = [p.name for p in repo.list_profiles() if p.id != profile_id]
    return rename_profile(repo, profile_id, clean_name(name, others))


def reset_learner(repo: Repository, profile_id: int) -> Removed:
    """Remove a learner's answers, schedule, finished sessions and study guide self-grades;
    the name and study settings stay."""
    removed = reset_profile(repo, profile_id)
    settings = repo.get_profile(profile_id).settings
    if GUIDE_KEY in settings:
        repo.update_profile_settings(
            profile_id, {k: v for k, v in settings.items() if k != GUIDE_KEY}
        )
    return removed


def delete_learner(repo: Repository, profile_id: int) -> Removed:
    """Remove a learner and all of their progress."""
    return delete_profile(repo, profile_id)


@dataclass(frozen=True)
class Change:
    """One staged change to a learner; `name` is the name shown when it was staged."""

    kind: Kind
    profile_id: int
    name: str
    new_name: str = ""

    def describe(self) -> str:
        """The change in words, for the list of pending changes."""
        if self.kind == "rename":
            return f"Rename {self.name} to {self.new_name}"
        if self.kind == "reset":
            return f"Reset {self.name}'s progress (answers, schedule, sessions)"
        return f"Delete {self.name} and all of their progress"


class StagedChanges:
    """Changes to learners kept until `apply()`; `undo()` takes back the latest one."""

    def __init__(self, repo: Repository, current_id: int | None) -> None:
        self.repo = repo
        self.current_id = current_id
        self.profiles = repo.list_profiles()
        self._changes: list[Change] = []

    @property
    def pending(self) -> tuple[Change, ...]:
        """The staged changes, oldest first."""
        return tuple(self._changes)

    def name_of(self, profile_id: int) -> str:
        """A learner's name once the staged renames are made."""
        name = next(p.name for p in self.profiles if p.id == profile_id)
        for change in self._changes:
            if change.kind == "rename" and change.profile_id == profile_id:
                name = change.new_name
        return name

    def is_deleted(self, profile_id: int) -> bool:
        """True if deleting this learner is staged."""
        return any(c.kind == "delete" and c.profile_id == profile_id for c in self._changes)

    def is_reset(self, profile_id: int) -> bool:
        """True if resetting this learner's progress is staged."""
        return any(c.kind == "reset" and c.profile_id == profile_id for c in self._changes)

    def _stage(self, change: Change) -> Change:
        if self.is_deleted(change.profile_id):
            raise ValueError(f"{change.name} is already to be deleted; Undo takes that back.")
        self._changes.append(change)
        return change

    def rename(self, profile_id: int, new_name: str) -> Change:
        """Stage a new name; ValueError if it is empty, too long or another learner's."""
        others = [self.name_of(p.id) for p in self.profiles if p.id != profile_id]
        name = clean_name(new_name, others)
        return self._stage(Change("rename", profile_id, self.name_of(profile_id), name))

    def reset(self, profile_id: int) -> Change:
        """Stage removing a learner's progress."""
        name = self.name_of(profile_id)
        if self.is_reset(profile_id):
            raise ValueError(f"Resetting {name}'s progress is already staged.")
        return self._stage(Change("reset", profile_id, name))

    def delete(self, profile_id: int) -> Change:
        """Stage deleting a learner; the learner studying now cannot be deleted."""
        name = self.name_of(profile_id)
        if profile_id == self.current_id:
            raise ValueError(
                f"{name} is studying now: switch to another learner first, or reset "
                f"{name}'s progress instead."
            )
        return self._stage(Change("delete", profile_id, name))

    def undo(self) -> Change | None:
        """Take back the latest staged change (None when there is none)."""
        return self._changes.pop() if self._changes else None

    def apply(self) -> list[Change]:
        """Make the staged changes in the order staged; returns those made.

        A change that fails raises; those before it stay made and are dropped from the list,
        the failed one and those after it stay staged.
        """
        made: list[Change] = []
        while self._changes:
            change = self._changes[0]
            if change.kind == "rename":
                rename_learner(self.repo, change.profile_id, change.new_name)
            elif change.kind == "reset":
                reset_learner(self.repo, change.profile_id)
            else:
                delete_learner(self.repo, change.profile_id)
            made.append(self._changes.pop(0))
        self.profiles = self.repo.list_profiles()
        return made
