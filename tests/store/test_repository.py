"""The repository: profiles, sessions, answers and the schedule, each call one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, replace
from datetime import timedelta

import pytest

from app.store.errors import (
    InvalidProfileName,
    InvalidRecord,
    ProfileExists,
    ProfileNotFound,
    SessionNotFound,
)
from app.store.records import Attempt, Profile, ReviewState
from app.store.repository import Repository

from .factories import T0, attempt, review_state


def test_profiles_are_created_found_and_listed(repo: Repository) -> None:
    ada = repo.create_profile("  Ada ", {"pace": 5})
    assert (ada.name, ada.settings) == ("Ada", {"pace": 5})
    assert repo.get_or_create_profile("Ada") == ada
    bob = repo.get_or_create_profile("Bob")
    assert [p.name for p in repo.list_profiles()] == ["Ada", "Bob"]
    assert repo.find_profile("Bob") == bob and repo.find_profile("Cy") is None
    assert repo.get_profile(ada.id) == ada


def test_a_profile_name_is_unique_and_sensible(repo: Repository, learner: Profile) -> None:
    with pytest.raises(ProfileExists, match="'Ada' exists already"):
        repo.create_profile("Ada")
    with pytest.raises(InvalidProfileName, match="cannot be empty"):
        repo.create_profile("   ")
    with pytest.raises(InvalidProfileName, match="at most 100"):
        repo.create_profile("x" * 101)
    assert repo.list_profiles() == [learner]


def test_profile_settings_are_replaced(repo: Repository, learner: Profile) -> None:
    updated = repo.update_profile_settings(learner.id, {"pace": 8, "topics": ["purpose"]})
    assert repo.get_profile(learner.id).settings == {"pace": 8, "topics": ["purpose"]}
    assert updated.settings["pace"] == 8
    with pytest.raises(InvalidRecord, match="plain JSON"):
        repo.update_profile_settings(learner.id, {"when": T0})
    with pytest.raises(ProfileNotFound):
        repo.update_profile_settings(9999, {})


def test_records_are_frozen(learner: Profile) -> None:
    with pytest.raises(FrozenInstanceError):
        learner.name = "Eve"  # type: ignore[misc]


def test_a_session_is_started_finished_and_listed(repo: Repository, learner: Profile) -> None:
    study = repo.start_session(learner.id, "study", {"pace": 5}, started_at=T0)
    exam = repo.start_session(learner.id, "exam", {"count": 10}, started_at=T0 + timedelta(hours=1))
    assert (study.ended_at, study.score) == (None, None)
    done = repo.finish_session(exam.id, 0.8, ended_at=T0 + timedelta(hours=2))
    assert (done.score, done.ended_at) == (0.8, T0 + timedelta(hours=2))
    assert repo.finish_session(exam.id, 0.1) == done  # finishing twice changes nothing
    assert repo.get_session(exam.id) == done
    assert repo.list_sessions(learner.id) == [done, study]
    assert repo.list_sessions(learner.id, mode="study") == [study]


def test_bad_sessions_are_explained(repo: Repository, learner: Profile) -> None:
    with pytest.raises(InvalidRecord, match="study, practice, exam"):
        repo.start_session(learner.id, "holiday")
    with pytest.raises(ProfileNotFound):
        repo.start_session(9999, "study")
    with pytest.raises(SessionNotFound):
        repo.get_session(9999)


def test_an_attempt_and_its_review_state_are_stored_together(
    repo: Repository, learner: Profile
) -> None:
    session = repo.start_session(learner.id, "study")
    answer = attempt(learner.id, session_id=session.id, mistake="pre-activation", hints_used=1)
    assert repo.record_attempt(answer, review_state(learner.id)) is True
    assert repo.attempts_for_session(session.id) == [answer]
    assert repo.get_review_state(learner.id, "chain-rule/L2") == review_state(learner.id)
    assert repo.known_skills(learner.id) == {"chain-rule/L2"}


def test_recording_the_same_attempt_again_changes_nothing(
    repo: Repository, learner: Profile
) -> None:
    answer = attempt(learner.id)
    assert repo.record_attempt(answer, review_state(learner.id, reps=1))
    assert not repo.record_attempt(answer, review_state(learner.id, reps=99))
    assert repo.get_review_state(learner.id, "chain-rule/L2").reps == 1
    assert len(repo.recent_question_times(learner.id)) == 1


def test_a_later_review_replaces_the_state(repo: Repository, learner: Profile) -> None:
    repo.record_attempt(attempt(learner.id), review_state(learner.id))
    later = review_state(learner.id, reps=2, due=T0 + timedelta(days=5), last_review=T0)
    repo.record_attempt(attempt(learner.id), later)
    assert repo.get_review_state(learner.id, "chain-rule/L2") == later
    assert repo.get_review_state(learner.id, "losses/L1") is None


def test_a_failed_write_stores_neither_part(repo: Repository, learner: Profile) -> None:
    with pytest.raises(InvalidRecord, match="does not exist"):
        repo.record_attempt(attempt(learner.id, session_id=9999), review_state(learner.id))
    assert repo.get_review_state(learner.id, "chain-rule/L2") is None
    with pytest.raises(InvalidRecord, match="different profiles"):
        repo.record_attempt(attempt(learner.id), review_state(learner.id + 1))
    with pytest.raises(InvalidRecord, match="mode must be"):
        repo.record_attempt(attempt(learner.id, mode="quiz"))
    with pytest.raises(InvalidRecord, match=r"attempt\.question_key has at most 200 characters"):
        repo.record_attempt(attempt(learner.id, question_key="k" * 201))  # PostgreSQL would fail
    with pytest.raises(InvalidRecord, match=r"pack\.version has at most 50 characters"):
        repo.record_pack("bank", "1." * 30, "Bank", "built-in")
    assert repo.recent_question_times(learner.id) == []


def test_due_reviews_come_most_overdue_first(repo: Repository, learner: Profile) -> None:
    for i, skill in enumerate(["losses/L1", "chain-rule/L2", "pack:bank/purpose-01", "batches/L1"]):
        due = T0 + timedelta(hours=i - 2)  # -2h, -1h, now, +1h
        repo.record_attempt(
            attempt(learner.id, skill=skill), review_state(learner.id, skill=skill, due=due)
        )
    other = repo.create_profile("Bob")
    repo.record_attempt(attempt(other.id), review_state(other.id, due=T0 - timedelta(days=9)))
    due = repo.due_reviews(learner.id, T0)
    assert [s.skill for s in due] == ["losses/L1", "chain-rule/L2", "pack:bank/purpose-01"]
    assert [s.skill for s in repo.due_reviews(learner.id, T0, limit=2)] == [
        "losses/L1",
        "chain-rule/L2",
    ]
    assert repo.next_due(learner.id, T0) == due[0]
    assert repo.next_due(learner.id, T0 - timedelta(hours=3)) is None
    assert len(repo.known_skills(learner.id)) == 4


def test_packs_are_recorded_once_per_version(repo: Repository) -> None:
    assert not repo.has_packs()
    first = repo.record_pack("bank", "1", "Question bank", "built-in")
    repo.record_pack("course", "2", "Course pack", "/home/t/course.toml")
    again = repo.record_pack("bank", "1", "Question bank (fixed)", "built-in")
    repo.record_pack("bank", "2", "Question bank", "built-in")
    assert again.imported_at == first.imported_at and again.title == "Question bank (fixed)"
    assert repo.has_packs()
    assert [(p.pack_id, p.version) for p in repo.list_packs()] == [
        ("bank", "1"),
        ("bank", "2"),
        ("course", "2"),
    ]


def test_a_batch_of_answers_is_stored_in_one_transaction(
    repo: Repository, learner: Profile
) -> None:
    first, second = attempt(learner.id), attempt(learner.id, skill="losses/L1", topic="losses")
    later = review_state(learner.id, reps=2)
    batch = [(first, review_state(learner.id)), (second, None), (attempt(learner.id), later)]
    assert repo.record_attempts(batch) == 3
    assert repo.get_review_state(learner.id, "chain-rule/L2") == later
    assert repo.get_review_state(learner.id, "losses/L1") is None
    assert repo.record_attempts(batch) == 0  # a retried batch adds nothing
    assert len(repo.recent_question_times(learner.id)) == 3


def test_a_batch_with_one_bad_answer_stores_nothing(repo: Repository, learner: Profile) -> None:
    good, bad = attempt(learner.id), attempt(learner.id, session_id=9999)
    with pytest.raises(InvalidRecord, match=r"session \(9999\) that does not exist"):
        repo.record_attempts([(good, review_state(learner.id)), (bad, None)])
    assert repo.recent_question_times(learner.id) == []
    assert repo.get_review_state(learner.id, "chain-rule/L2") is None


def test_a_review_state_is_put_without_an_answer(repo: Repository, learner: Profile) -> None:
    overridden = review_state(learner.id, due=T0 + timedelta(days=4))
    assert repo.put_review_state(review_state(learner.id)) == review_state(learner.id)
    assert repo.put_review_state(overridden) == overridden
    assert repo.get_review_state(learner.id, "chain-rule/L2") == overridden
    assert repo.recent_question_times(learner.id) == []
    with pytest.raises(InvalidRecord, match="no profile with id 9999"):
        repo.put_review_state(review_state(9999))


def test_reviews_due_are_counted(repo: Repository, learner: Profile) -> None:
    for hours in (-3, -1, 0, 2):
        skill = f"losses/L{hours + 4}"
        repo.put_review_state(
            review_state(learner.id, skill=skill, due=T0 + timedelta(hours=hours))
        )
    assert repo.count_due(learner.id, T0) == 3
    assert repo.count_due(learner.id, T0 - timedelta(days=1)) == 0
    assert repo.count_due(learner.id + 1, T0) == 0


@dataclass(frozen=True)
class Answer:
    attempt: Attempt
    state: ReviewState


def test_an_answer_is_scheduled_from_the_state_read_inside_its_own_write(
    repo: Repository, learner: Profile
) -> None:
    repo.record_attempt(attempt(learner.id), review_state(learner.id, reps=3))

    def next_review(read: Callable[[str], ReviewState | None]) -> list[Answer]:
        before = read("chain-rule/L2")
        assert before is not None and read("never/L1") is None
        return [Answer(attempt(learner.id), review_state(learner.id, reps=before.reps + 1))]

    done, new = repo.record_scheduled(learner.id, next_review)
    assert new == 1 and repo.get_review_state(learner.id, "chain-rule/L2").reps == 4
    assert repo.record_scheduled(learner.id, lambda _read: done) == (done, 0)  # a retry
    with pytest.raises(ProfileNotFound):
        repo.record_scheduled(learner.id + 1, next_review)
    late = repo.change_review_state(learner.id, "chain-rule/L2", lambda s: replace(s, reps=9))
    assert late.reps == 9 == repo.get_review_state(learner.id, "chain-rule/L2").reps
