"""History: past sessions newest first, their answers, and any answer reviewed again."""

from __future__ import annotations

import random

import pytest

from app.services import Services
from app.services.history import attempts, read_response, rebuild, review, sessions
from app.store.records import Attempt, Profile
from questions import registry
from questions.bank import load_bank
from questions.model import Kind

from .helpers import mistaken_response, right_response, wrong_response
from .test_packs import EXAMPLE, FIRST, version_2


def practise(services: Services, who: Profile, answers: list[str], seed: int = 3) -> list:
    """A practice quiz answered "right", "wrong" or "mistake" in turn; its questions."""
    quiz = services.practice(who.id, ["mlp-backprop"], len(answers), 2, random.Random(seed))
    asked = []
    for how in answers:
        question = quiz.next()
        asked.append(question)
        if how == "right":
            quiz.submit(right_response(question))
        elif how == "mistake":
            quiz.submit(mistaken_response(question)[0])
        else:
            quiz.submit(wrong_response(question))
    quiz.next()  # the quiz ends and closes its session
    return asked


def test_sessions_are_listed_newest_first_with_mode_questions_and_score(
    services: Services, ada: Profile, clock
) -> None:
    practise(services, ada, ["right", "wrong", "right"])
    clock.advance(hours=2)
    exam = services.build_exam(ada.id, ["losses"], count=4, time_limit=600, rng=random.Random(1))
    exam.start()
    exam.answer(0, right_response(exam.questions[0]))
    exam.submit()
    clock.advance(hours=1)
    services.study(ada.id)  # opened, nothing answered: not history
    listed = sessions(services.ctx, ada.id)
    assert [(s.mode_name, s.questions, s.answers, s.correct) for s in listed] == [
        ("Exam", 4, 1, 1),
        ("Practice", 3, 3, 2),
    ]
    assert listed[0].score == pytest.approx(0.25)  # blanks count 0 in an exam
    assert listed[1].score == pytest.approx(2 / 3) and listed[1].finished
    assert listed[0].started_at.utcoffset() == clock().utcoffset()


def test_an_answer_is_reviewed_with_the_same_question_and_its_diagnosis(
    services: Services, ada: Profile
) -> None:
    # seed 13: the quiz's second question is a numeric one, with mistakes to diagnose
    asked = practise(services, ada, ["right", "mistake"], seed=13)
    [session] = sessions(services.ctx, ada.id)
    given = attempts(services.ctx, ada.id, session.id)
    assert [a.correct for a in given] == [True, False]
    first, second = (review(services.ctx, a) for a in given)
    assert first.shown and first.question == asked[0]  # rebuilt exactly from its seed
    assert first.verdict.correct and first.note == ""
    assert second.question == asked[1] and not second.verdict.correct
    assert second.verdict.mistake == given[1].mistake is not None
    assert second.response == given[1].response


def test_another_learners_session_is_not_listed_or_opened(services: Services, ada) -> None:
    grace = services.create_profile("Grace")
    practise(services, grace, ["right"])
    assert sessions(services.ctx, ada.id) == []
    [theirs] = sessions(services.ctx, grace.id)
    with pytest.raises(ValueError, match="belongs to another learner"):
        attempts(services.ctx, ada.id, theirs.id)


def test_a_question_whose_pack_is_not_here_says_it_cannot_be_shown(services, ada) -> None:
    question, note = rebuild(services.ctx, "pack:somewhere-else/q1@1.0")
    assert question is None
    assert note == (
        "Question 'q1' of pack 'somewhere-else' is not in the study pool here, so it cannot be "
        "shown. Import the pack again to review it."
    )
    missing = rebuild(services.ctx, "no-such-family/L2/5")
    assert missing[0] is None and "not in this version of Backprop Quiz" in missing[1]
    answer = Attempt(
        ada.id,
        "pack:somewhere-else/q1@1.0",
        "pack:somewhere-else/q1",
        "losses",
        "practice",
        "2",
        False,
        0.0,
        3.0,
    )
    reviewed = review(services.ctx, answer)
    assert not reviewed.shown and reviewed.verdict is None and "cannot be" in reviewed.note


def test_a_pack_question_is_shown_as_the_pool_has_it_now(small: Services) -> None:
    small.import_pack_file(EXAMPLE)
    question, note = rebuild(small.ctx, f"{FIRST}@1.0")
    assert question is not None and str(question.key) == f"{FIRST}@1.0" and note == ""
    small.import_pack(version_2(), "v2.toml")
    question, note = rebuild(small.ctx, f"{FIRST}@1.0")
    assert str(question.key) == f"{FIRST}@2.0"
    assert note == (
        "Shown as in version 2.0 of backprop-basics; it was answered in version 1.0, so the "
        "question may have changed since."
    )


def test_stored_responses_are_read_back_as_the_grader_takes_them() -> None:
    numeric = registry.family("unit-delta").question(1, 4)
    assert numeric.kind is Kind.NUMERIC and read_response(numeric, "0,25") == "0,25"
    bank = {q.kind: q for q in load_bank().questions}
    assert read_response(bank[Kind.SINGLE], "2") == 2
    assert read_response(bank[Kind.SINGLE], "[oops") is None
    assert read_response(bank[Kind.MULTIPLE], "[0, 2]") == [0, 2]
    guided = registry.family("guided-backprop").question(1, 9)
    assert read_response(guided, '["1.5", "-2"]') == ["1.5", "-2"]


def test_an_answer_that_cannot_be_read_back_still_shows_the_question(services, ada) -> None:
    question = registry.family("guided-backprop").question(1, 9)
    answer = Attempt(
        ada.id,
        str(question.key),
        question.key.skill,
        question.topic,
        "practice",
        "not json",
        False,
        0.0,
        3.0,
    )
    reviewed = review(services.ctx, answer)
    assert reviewed.question == question and reviewed.response is None
    assert (
        reviewed.verdict.message
        == "The answer given (not json) cannot be read back for this question."
    )
