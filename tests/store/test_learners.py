"""Learner housekeeping in the store: rename, reset and delete, and the sessions' history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.store.errors import ProfileExists, ProfileNotFound
from app.store.learners import delete_profile, rename_profile, reset_profile, session_summaries
from app.store.records import Profile
from app.store.repository import Repository

from .factories import T0, attempt, review_state


def answered_session(repo: Repository, who: Profile, right: int, wrong: int, minutes: int = 0):
    """A finished practice session with some right and some wrong answers."""
    session = repo.start_session(who.id, "practice", started_at=T0 + timedelta(minutes=minutes))
    for i in range(right + wrong):
        repo.record_attempt(
            attempt(who.id, session_id=session.id, correct=i < right, score=float(i < right))
        )
    return repo.finish_session(session.id, right / (right + wrong))


def test_a_learner_is_renamed_and_a_taken_name_refused(repo: Repository, learner) -> None:
    grace = repo.create_profile("Grace")
    renamed = rename_profile(repo, learner.id, "  Ada L. ")
    assert (renamed.id, renamed.name) == (learner.id, "Ada L.")
    assert repo.find_profile("Ada L.") == renamed
    with pytest.raises(ProfileExists, match="exists already"):
        rename_profile(repo, learner.id, "Grace")
    assert repo.get_profile(grace.id).name == "Grace"
    with pytest.raises(ProfileNotFound):
        rename_profile(repo, 9999, "Nobody")


def test_a_reset_removes_answers_schedule_and_finished_sessions_only(
    repo: Repository, learner
) -> None:
    grace = repo.create_profile("Grace")
    answered_session(repo, learner, 2, 1)
    answered_session(repo, grace, 1, 0)
    repo.put_review_state(review_state(learner.id))
    under_way = repo.start_session(learner.id, "study")
    removed = reset_profile(repo, learner.id)
    assert (removed.attempts, removed.review_states, removed.sessions) == (3, 1, 1)
    assert repo.known_skills(learner.id) == frozenset()
    assert [s.id for s in repo.list_sessions(learner.id)] == [under_way.id]
    assert repo.get_profile(learner.id).name == "Ada"
    assert session_summaries(repo, grace.id)[0].answers == 1  # another learner is untouched


def test_a_deleted_learner_takes_everything_with_them(repo: Repository, learner) -> None:
    grace = repo.create_profile("Grace")
    answered_session(repo, learner, 1, 1)
    repo.start_session(learner.id, "exam")
    repo.put_review_state(review_state(learner.id))
    answered_session(repo, grace, 1, 0)
    removed = delete_profile(repo, learner.id)
    assert (removed.attempts, removed.review_states, removed.sessions) == (2, 1, 2)
    assert [p.name for p in repo.list_profiles()] == ["Grace"]
    assert session_summaries(repo, grace.id)[0].correct == 1


def test_session_summaries_count_answers_newest_first(repo: Repository, learner) -> None:
    first = answered_session(repo, learner, 2, 1, minutes=0)
    blank_exam = repo.start_session(learner.id, "exam", started_at=T0 + timedelta(minutes=5))
    repo.finish_session(blank_exam.id, 0.0)
    repo.start_session(learner.id, "study", started_at=T0 + timedelta(minutes=9))  # nothing yet
    summaries = session_summaries(repo, learner.id)
    assert [(s.session.mode, s.answers, s.correct) for s in summaries] == [
        ("exam", 0, 0),
        ("practice", 3, 2),
    ]
    assert summaries[1].session.id == first.id
    assert summaries[1].session.score == pytest.approx(2 / 3)
