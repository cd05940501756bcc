"""Renaming, resetting and deleting learners, one by one or staged in a dialog with undo."""

from __future__ import annotations

import pytest

from app.services import Services
from app.services.learners import (
    StagedChanges,
    clean_name,
    delete_learner,
    rename_learner,
    reset_learner,
)

from .helpers import right_response


def answer_one(services: Services, profile_id: int) -> None:
    session = services.study(profile_id)
    session.submit(right_response(session.next()))
    session.finish()


def test_names_are_tidied_and_clashes_refused_whatever_the_case() -> None:
    assert clean_name("  Ada   Lovelace ", ["Grace"]) == "Ada Lovelace"
    with pytest.raises(ValueError, match="Another learner is called 'grace'"):
        clean_name("grace", ["Grace"])
    with pytest.raises(ValueError, match="cannot be empty"):
        clean_name("   ", [])
    with pytest.raises(ValueError, match="at most 80"):
        clean_name("x" * 81, [])


def test_rename_learner_keeps_the_progress(services: Services, ada) -> None:
    answer_one(services, ada.id)
    services.create_profile("Grace")
    assert rename_learner(services.repo, ada.id, "Ada L.").name == "Ada L."
    assert services.home(ada.id).attempts == 1
    with pytest.raises(ValueError, match="Another learner"):
        rename_learner(services.repo, ada.id, "GRACE")
    assert rename_learner(services.repo, ada.id, "ada l.").name == "ada l."  # own name, new case


def test_reset_learner_removes_progress_and_self_grades_but_keeps_the_pace(
    services: Services, ada
) -> None:
    answer_one(services, ada.id)
    services.update_settings(ada.id, 9)
    services.grade_guide_question(ada.id, "losses", 0, True)
    removed = reset_learner(services.repo, ada.id)
    assert (removed.attempts, removed.sessions) == (1, 1)
    assert services.home(ada.id).attempts == 0 and services.home(ada.id).skills_started == 0
    assert services.guide_grades(ada.id, "losses") == {}
    assert services.settings(ada.id).new_per_day == 9


def test_delete_learner_leaves_the_others(services: Services, ada) -> None:
    grace = services.create_profile("Grace")
    answer_one(services, grace.id)
    delete_learner(services.repo, grace.id)
    assert [p.name for p in services.profiles()] == ["Ada"]


def test_staged_changes_are_written_only_when_applied(services: Services, ada) -> None:
    grace = services.create_profile("Grace")
    answer_one(services, ada.id)
    answer_one(services, grace.id)
    staged = StagedChanges(services.repo, current_id=ada.id)
    staged.rename(ada.id, "Ada L.")
    staged.reset(ada.id)
    staged.delete(grace.id)
    assert [c.describe() for c in staged.pending] == [
        "Rename Ada to Ada L.",
        "Reset Ada L.'s progress (answers, schedule, sessions)",
        "Delete Grace and all of their progress",
    ]
    assert staged.name_of(ada.id) == "Ada L." and staged.is_deleted(grace.id)
    assert [p.name for p in services.profiles()] == ["Ada", "Grace"]  # nothing written yet
    assert services.home(ada.id).attempts == 1
    assert [c.kind for c in staged.apply()] == ["rename", "reset", "delete"]
    assert [p.name for p in services.profiles()] == ["Ada L."]
    assert services.home(ada.id).attempts == 0 and staged.pending == ()


def test_undo_takes_back_the_latest_change_and_nothing_is_written(services: Services, ada) -> None:
    grace = services.create_profile("Grace")
    answer_one(services, grace.id)
    staged = StagedChanges(services.repo, current_id=ada.id)
    staged.delete(grace.id)
    staged.reset(ada.id)
    assert staged.undo().kind == "reset"
    assert staged.undo().kind == "delete"
    assert staged.undo() is None
    assert staged.apply() == []
    assert services.home(grace.id).attempts == 1


def test_staging_refuses_what_cannot_be_done(services: Services, ada) -> None:
    grace = services.create_profile("Grace")
    staged = StagedChanges(services.repo, current_id=ada.id)
    with pytest.raises(ValueError, match="Ada is studying now: switch to another learner"):
        staged.delete(ada.id)
    with pytest.raises(ValueError, match="Another learner is called 'grace'"):
        staged.rename(ada.id, "grace")
    staged.rename(grace.id, "Bea")
    staged.rename(ada.id, "Grace")  # free once Grace is to be called Bea
    staged.delete(grace.id)
    with pytest.raises(ValueError, match="Bea is already to be deleted; Undo takes that back"):
        staged.reset(grace.id)
    staged.reset(ada.id)
    with pytest.raises(ValueError, match="already staged"):
        staged.reset(ada.id)
