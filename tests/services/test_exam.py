"""Exams: built up front, silent until submitted, refused after time runs out, then a report."""

from __future__ import annotations

import random

import pytest

from app.services import Services
from app.services.exam import ExamError, ExamOver, UnreadableAnswer
from app.store.records import Profile
from questions.model import Kind

from .helpers import right_response, wrong_response


def test_an_exam_completed_and_reported_per_topic(services: Services, ada: Profile, clock):
    progress: list[tuple[int, int]] = []
    exam = services.build_exam(
        ada.id,
        ["losses", "activations"],
        count=6,
        time_limit=600,
        progress=lambda done, total: progress.append((done, total)),
        rng=random.Random(5),
    )
    assert progress[-1] == (6, 6) and len(exam.questions) == 6
    assert [q.topic for q in exam.questions] == sorted(
        (q.topic for q in exam.questions), key=["activations", "losses"].index
    )
    with pytest.raises(ExamError, match="call start"):
        exam.answer(0, "1")
    exam.start()
    assert exam.time_left() == 600
    for i in (0, 1, 2, 3):
        clock.advance(seconds=40)
        exam.answer(i, right_response(exam.questions[i]))
    clock.advance(seconds=40)
    exam.answer(4, wrong_response(exam.questions[4]))  # question 5 stays blank
    clock.advance(seconds=10)
    exam.answer(0, wrong_response(exam.questions[0]))  # changed mind
    exam.flag(1)
    exam.flag(4)
    exam.unflag(4)
    assert exam.flagged == (1,) and exam.answered == (0, 1, 2, 3, 4)
    assert exam.time_left() == 600 - 210
    assert services.repo.attempts_for_session(exam.record.id) == []  # nothing until submit

    report = exam.submit()
    assert not report.timed_out and report.total == 6 and report.correct == 3
    assert report.score == pytest.approx(3 / 6)
    assert sum(t.questions for t in report.topics) == 6
    assert [t.topic for t in report.topics] == sorted(
        (t.topic for t in report.topics), key=["activations", "losses"].index
    )
    assert [item.verdict.correct for item in report.items] == [
        False,
        True,
        True,
        True,
        False,
        False,
    ]
    blank = report.items[5]
    assert not blank.answered and blank.verdict.message.startswith("Not answered")
    assert blank.verdict.expected
    assert report.items[1].flagged and report.items[1].solution == exam.questions[1].solution
    stored = services.repo.attempts_for_session(exam.record.id)
    assert len(stored) == 5 == report.recorded and {a.mode for a in stored} == {"exam"}
    seconds = {a.question_key: a.seconds for a in stored}
    assert seconds[str(exam.questions[1].key)] == 40
    assert seconds[str(exam.questions[0].key)] == 40 + 10  # time on both visits
    assert exam.record.score == report.score and exam.record.ended_at == clock()
    assert {q.key.skill for q in exam.questions[:5]} <= services.repo.known_skills(ada.id)
    with pytest.raises(ExamOver, match="submitted"):
        exam.answer(5, right_response(exam.questions[5]))
    assert exam.submit() is report


def test_an_exam_runs_out_of_time(services: Services, ada: Profile, clock) -> None:
    exam = services.build_exam(ada.id, ["chain-rule"], count=3, time_limit=120)
    exam.start()
    clock.advance(seconds=60)
    exam.answer(0, right_response(exam.questions[0]))
    assert not exam.expired and exam.time_left() == 60
    clock.advance(seconds=61)
    assert exam.expired and exam.time_left() == 0
    with pytest.raises(ExamOver, match="time is up"):
        exam.answer(1, right_response(exam.questions[1]))
    report = exam.report
    assert report is not None and report.timed_out
    assert report.submitted_at == exam.deadline and exam.record.ended_at == exam.deadline
    assert [item.answered for item in report.items] == [True, False, False]
    assert report.correct == 1 and report.topics[0].topic == "chain-rule"
    assert len(services.repo.attempts_for_session(exam.record.id)) == 1


def test_unreadable_exam_answers_are_refused_without_feedback(services: Services, ada: Profile):
    exam = services.build_exam(ada.id, ["mlp-backprop"], count=8, time_limit=600, level=1)
    exam.start()
    index = next(i for i, q in enumerate(exam.questions) if q.kind is Kind.NUMERIC)
    with pytest.raises(UnreadableAnswer):
        exam.answer(index, "about a half")
    assert exam.response(index) is None
    assert exam.answer(index, right_response(exam.questions[index])) is None  # no verdict
    with pytest.raises(IndexError, match="questions are 0 to 7"):
        exam.flag(8)


@pytest.mark.parametrize("limit", [0, -5, float("inf"), "ten"])
def test_a_time_limit_must_be_a_positive_number_of_seconds(services, ada, limit) -> None:
    with pytest.raises(ValueError, match="time limit"):
        services.build_exam(ada.id, ["losses"], count=2, time_limit=limit)


def test_a_blank_question_says_so_once_and_carries_the_right_answer(services) -> None:
    from app.services.exam_report import blank_verdict, right_response
    from questions.grading import grade

    content = services.ctx.content
    for skill in content.skills()[:30]:
        question = content.question(skill)
        verdict = blank_verdict(question)
        assert verdict.message == "Not answered." and not verdict.correct
        assert verdict.expected == grade(question, right_response(question)).expected != ""
