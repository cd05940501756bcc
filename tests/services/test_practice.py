"""A practice quiz: chosen topics, count and level, with feedback and rescheduling."""

from __future__ import annotations

import random

from fsrs import Rating

from app.services import Services
from app.store.records import Profile
from questions.model import FamilyKey

from .helpers import right_response, wrong_response


def test_a_practice_quiz_gives_feedback_and_reschedules(services: Services, ada: Profile, clock):
    quiz = services.practice(ada.id, ["losses"], count=5, level=2, rng=random.Random(3))
    asked, outcomes = [], []
    while (question := quiz.next()) is not None:
        asked.append(question)
        response = right_response(question) if len(asked) % 2 else wrong_response(question)
        outcomes.append(quiz.submit(response, seconds=25))
        clock.advance(seconds=30)
    assert len(asked) == 5 and all(q.topic == "losses" for q in asked)
    assert all(q.key.level == 2 for q in asked if isinstance(q.key, FamilyKey))
    assert [o.verdict.correct for o in outcomes] == [True, False, True, False, True]
    assert all(o.verdict.message and o.verdict.expected for o in outcomes)  # feedback at once
    assert [o.rating for o in outcomes][:2] == [Rating.Good, Rating.Again]
    assert [(o.done, o.remaining) for o in outcomes][-1] == (5, 0)
    assert quiz.progress.correct == 3 and quiz.record.score == 3 / 5
    stored = services.repo.attempts_for_session(quiz.record.id)
    assert [a.mode for a in stored] == ["practice"] * 5
    assert {q.key.skill for q in asked} <= services.repo.known_skills(ada.id)  # reviews too


def test_practice_override_reschedules_the_last_answer(services: Services, ada: Profile) -> None:
    quiz = services.practice(ada.id, ["activations"], count=2, level=1)
    question = quiz.next()
    assert question is not None
    wrong = quiz.submit(wrong_response(question), seconds=40)
    changed = quiz.override(Rating.Hard)
    assert changed.rating == Rating.Hard and changed.next_due != wrong.next_due
    assert services.repo.get_review_state(ada.id, question.key.skill).due == changed.next_due


def test_another_variant_counts_in_the_tally_and_leaves_the_plan_as_it_was(services, ada) -> None:
    quiz = services.practice(ada.id, ["losses"], count=2, level=1, rng=random.Random(4))
    first = quiz.next()
    assert first is not None
    quiz.submit(wrong_response(first), seconds=10)
    variant = services.another_variant(first)
    extra = quiz.submit_extra(variant, right_response(variant), seconds=10)
    assert (extra.done, extra.remaining) == (2, 1)
    assert (quiz.progress.done, quiz.progress.correct, quiz.progress.total) == (2, 1, 3)
    second = quiz.next()
    assert second is not None
    quiz.submit(right_response(second), seconds=10)
    assert quiz.next() is None and quiz.record.score == 2 / 3
    assert len(services.repo.attempts_for_session(quiz.record.id)) == 3
