"""Statistics series: accuracy per day and topic, time per question, mistakes, reviews due."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from app.store.records import DayAccuracy, DueCount, MistakeCount, Profile, TopicAccuracy
from app.store.repository import Repository

from .factories import T0, attempt, review_state

DAY = timedelta(days=1)


def answer(repo: Repository, who: Profile, when_h: float, correct: bool, **changes: Any) -> None:
    """Record an answer given `when_h` hours after T0 (2024-03-10 12:00 UTC)."""
    repo.record_attempt(
        attempt(who.id, answered_at=T0 + timedelta(hours=when_h), correct=correct, **changes)
    )


def test_accuracy_per_day(repo: Repository, learner: Profile) -> None:
    answer(repo, learner, 0, True)
    answer(repo, learner, 1, False)
    answer(repo, learner, 2, True)
    answer(repo, learner, 48, False)
    answer(repo, repo.create_profile("Bob"), 0, True)
    days = repo.accuracy_per_day(learner.id)
    assert days == [DayAccuracy(date(2024, 3, 10), 3, 2), DayAccuracy(date(2024, 3, 12), 1, 0)]
    assert days[0].accuracy == 2 / 3
    assert repo.accuracy_per_day(learner.id, since=T0 + DAY) == days[1:]


def test_days_follow_the_learners_utc_offset(repo: Repository, learner: Profile) -> None:
    answer(repo, learner, 11.5, True)  # 23:30 UTC on the 10th
    assert [d.day for d in repo.accuracy_per_day(learner.id)] == [date(2024, 3, 10)]
    in_paris = repo.accuracy_per_day(learner.id, utc_offset=timedelta(hours=1))
    assert [d.day for d in in_paris] == [date(2024, 3, 11)]


def test_accuracy_per_topic(repo: Repository, learner: Profile) -> None:
    answer(repo, learner, 0, True, topic="losses")
    answer(repo, learner, 1, False, topic="losses")
    answer(repo, learner, 2, True)
    assert repo.accuracy_per_topic(learner.id) == [
        TopicAccuracy("chain-rule", 1, 1),
        TopicAccuracy("losses", 2, 1),
    ]


def test_time_per_question_for_the_latest_questions(repo: Repository, learner: Profile) -> None:
    for h, seconds in enumerate([30.0, 12.5, 8.0, 20.0]):
        answer(repo, learner, h, True, seconds=seconds)
    recent = repo.recent_question_times(learner.id, limit=3)
    assert [t.seconds for t in recent] == [12.5, 8.0, 20.0]
    assert recent[-1].answered_at == T0 + timedelta(hours=3)


def test_most_frequent_mistakes(repo: Repository, learner: Profile) -> None:
    for h, mistake in enumerate(["pre-activation", "sign", "pre-activation", None, "no-fan-in"]):
        answer(repo, learner, h, mistake is None, mistake=mistake)
    answer(repo, repo.create_profile("Bob"), 0, False, mistake="sign")
    assert repo.mistake_counts(learner.id, top=2) == [
        MistakeCount("pre-activation", 2),
        MistakeCount("no-fan-in", 1),
    ]


def test_reviews_due_over_the_next_30_days(repo: Repository, learner: Profile) -> None:
    for i, offset in enumerate([-3 * DAY, timedelta(hours=1), DAY, DAY, 29 * DAY, 30 * DAY]):
        skill = f"family-{i}/L1"
        repo.record_attempt(
            attempt(learner.id, skill=skill), review_state(learner.id, skill=skill, due=T0 + offset)
        )
    series = repo.due_per_day(learner.id, T0)
    assert len(series) == 30 and series[0] == DueCount(date(2024, 3, 10), 2)
    assert series[1] == DueCount(date(2024, 3, 11), 2)
    assert series[29] == DueCount(date(2024, 4, 8), 1)
    assert sum(d.count for d in series) == 5


def test_review_states_grouped_by_topic_for_mastery(repo: Repository, learner: Profile) -> None:
    for skill, topic in [
        ("losses/L2", "losses"),
        ("chain-rule/L2", "chain-rule"),
        ("losses/L1", "losses"),
    ]:
        repo.record_attempt(
            attempt(learner.id, skill=skill, topic=topic),
            review_state(learner.id, skill=skill, topic=topic),
        )
    states = repo.review_states_by_topic(learner.id)
    assert [(s.topic, s.skill) for s in states] == [
        ("chain-rule", "chain-rule/L2"),
        ("losses", "losses/L1"),
        ("losses", "losses/L2"),
    ]
