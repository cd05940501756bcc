"""Choices are shown in an order of each presentation's own, and read back in that order."""

from __future__ import annotations

import json
import random

from app.services import Services
from app.services.exam_resume import resume_exam
from app.services.history import attempts, review, sessions
from app.store.records import Profile
from questions.bank import load_bank
from questions.choices import presented_order
from questions.grading import grade
from questions.model import Kind, Question

from .helpers import wrong_response


def authored(question: Question) -> Question:
    """The bank's question as written, for comparing orders."""
    return next(q for q in load_bank().questions if q.key == question.key)


def choice_questions(services: Services, who: Profile, count: int) -> tuple[list, object]:
    """A practice quiz on a topic whose questions are all the bank's choice questions."""
    quiz = services.practice(who.id, ["purpose"], count, 1, random.Random(2))
    asked = []
    while (question := quiz.next()) is not None:
        assert question.kind in (Kind.SINGLE, Kind.MULTIPLE)
        asked.append((question, quiz.submit(wrong_response(question))))
    return asked, quiz


def test_practice_shows_each_question_in_an_order_drawn_from_its_attempt(
    services: Services, ada: Profile
) -> None:
    asked, _ = choice_questions(services, ada, 6)
    stored = services.repo.attempts_for_session(sessions(services.ctx, ada.id)[0].id)
    moved = 0
    for (question, outcome), attempt in zip(asked, stored, strict=True):
        written = authored(question)
        order = presented_order(written, attempt.uuid)
        assert [c.text for c in question.choices] == [written.choices[i].text for i in order]
        assert outcome.attempt_uuid == attempt.uuid
        moved += order != tuple(range(len(order)))
        picked = json.loads(attempt.response)  # authored indices, whatever the order shown
        again = grade(written, picked)  # grading reads them as stored
        assert (again.correct, again.score, again.mistake) == (
            outcome.verdict.correct,
            outcome.verdict.score,
            outcome.verdict.mistake,
        )
    assert moved >= 4  # most orders differ from the authored one


def test_history_and_the_review_show_the_order_the_learner_saw(
    services: Services, ada: Profile
) -> None:
    asked, _ = choice_questions(services, ada, 3)
    [session] = sessions(services.ctx, ada.id)
    for (question, outcome), attempt in zip(
        asked, attempts(services.ctx, ada.id, session.id), strict=True
    ):
        again = review(services.ctx, attempt)
        assert again.question == question == outcome.question  # same choices, same order
        assert again.verdict == outcome.verdict and again.verdict is not None
        assert again.verdict.mistake == attempt.mistake


def test_an_exam_keeps_each_slots_order_through_resume_and_report(
    services: Services, ada: Profile
) -> None:
    exam = services.build_exam(ada.id, ["purpose"], count=4, time_limit=600, rng=random.Random(5))
    exam.start()
    orders = [q.choices for q in exam.questions]
    assert any(q.choices != authored(q).choices for q in exam.questions)
    exam.answer(0, wrong_response(exam.questions[0]))
    resumed = resume_exam(services.ctx, exam.record.id)
    assert [q.choices for q in resumed.questions] == orders
    assert resumed.response(0) == exam.response(0)
    report = resumed.submit()
    assert report.items[0].question.choices == orders[0]
    [attempt] = services.repo.attempts_for_session(exam.record.id)
    again = review(services.ctx, attempt)
    assert again.question is not None and again.question.choices == orders[0]
    assert again.response == exam.response(0) and again.verdict == report.items[0].verdict


def test_a_study_variant_is_shown_in_an_order_of_its_own(services: Services, ada: Profile) -> None:
    quiz = services.practice(ada.id, ["purpose"], 1, 1, random.Random(2))
    question = quiz.next()
    assert question is not None
    quiz.submit(wrong_response(question))
    variant = quiz.variant(question)  # an authored question comes back, reshuffled
    outcome = quiz.submit_extra(variant, wrong_response(variant))
    [_, attempt] = services.repo.attempts_for_session(quiz.record.id)
    assert attempt.uuid == outcome.attempt_uuid
    again = review(services.ctx, attempt)
    assert again.question == variant and again.verdict == outcome.verdict
