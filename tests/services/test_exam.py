"""Exams: built up front, silent until submitted, refused after time runs out, then a report."""

from __future__ import annotations

import json
import random

import pytest

from app.services import Services, open_services
from app.services.exam import Exam, ExamError, ExamOver, UnreadableAnswer
from app.services.exam_resume import resume_exam, unfinished_exam
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
        exam.show(i)  # the page says which question is on screen
        clock.advance(seconds=40)
        exam.answer(i, right_response(exam.questions[i]))
    exam.show(4)
    clock.advance(seconds=40)
    exam.answer(4, wrong_response(exam.questions[4]))  # question 5 stays blank
    exam.show(0)
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


def test_unreadable_exam_answers_are_kept_as_typed_but_count_as_blank(services, ada) -> None:
    content = services.ctx.content
    questions = content.questions(content.skills(["mlp-backprop"]))
    numeric = next(q for q in questions if q.kind is Kind.NUMERIC)
    exam = Exam(services.ctx, ada.id, [*questions[:7], numeric], 600, ("mlp-backprop",), 1)
    exam.start()
    index = 7
    with pytest.raises(UnreadableAnswer):
        exam.answer(index, "about a half")
    assert exam.response(index) == "about a half" and index not in exam.answered
    assert exam.answer(index, right_response(exam.questions[index])) is None  # no verdict
    assert index in exam.answered
    exam.answer(index, "  ")  # emptied: blank again
    assert exam.response(index) is None and index not in exam.answered
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


def two_tick_question(services: Services):
    """A bank multi-select question with more than one right choice."""
    return next(
        q
        for q in services.ctx.content.questions(services.ctx.content.skills(["chain-rule"]))
        if q.kind is Kind.MULTIPLE and len(q.correct_indices) >= 2
    )


def test_a_multi_select_with_two_ticks_is_scored_as_two_ticks(services, ada) -> None:
    question = two_tick_question(services)
    exam = Exam(services.ctx, ada.id, [question, question], 600, ("chain-rule",), None)
    exam.start()
    ticks = list(question.correct_indices[:2])
    exam.answer(0, ticks)
    exam.answer(1, [])  # every tick removed again: blank
    report = exam.submit()
    assert report.items[0].answered and report.items[0].response == json.dumps(sorted(ticks))
    assert report.items[0].verdict.message != "Not answered."
    assert not report.items[1].answered


def test_time_counts_only_while_the_question_is_on_screen(services, ada, clock) -> None:
    exam = services.build_exam(ada.id, ["losses"], count=2, time_limit=3600)
    exam.start()
    exam.show(0)
    clock.advance(seconds=30)
    exam.show(None)  # another page, or the window is inactive
    clock.advance(seconds=580)
    exam.show(0)
    clock.advance(seconds=10)
    exam.answer(0, right_response(exam.questions[0]))
    exam.show(1)
    clock.advance(seconds=5)
    assert exam.seconds(0) == 40 and exam.seconds(1) == 5
    exam.submit()
    [stored] = services.repo.attempts_for_session(exam.record.id)
    assert stored.seconds == 40


def test_every_change_is_saved_so_a_new_run_resumes_the_exam(db_url, clock, scheduling) -> None:
    with open_services(db_url, clock, scheduling) as first:
        ada = first.create_profile("Ada")
        question = two_tick_question(first)
        exam = first.build_exam(ada.id, ["chain-rule", "losses"], count=4, time_limit=1200)
        exam = Exam(first.ctx, ada.id, [question, *exam.questions], 1200, exam.topics, None)
        exam.start()
        exam.show(0)
        clock.advance(seconds=20)
        shown = exam.questions[0]  # the choices in this exam's own order
        exam.answer(0, list(shown.correct_indices[:2]))  # no "save": the change is saved
        exam.flag(2)
        exam.show(3)
        clock.advance(seconds=15)
        exam.answer(3, wrong_response(exam.questions[3]))
        # the process dies here (SIGKILL): nothing else is written
    clock.advance(minutes=5)  # the app stays closed for five minutes; the clock runs on
    with open_services(db_url, clock, scheduling) as second:
        found = unfinished_exam(second.ctx, ada.id)
        assert found is not None and (found.total, found.answered, found.flagged) == (5, 2, 1)
        assert found.time_left(clock()) == 1200 - 35 - 300
        resumed = resume_exam(second.ctx, found.record.id)
        assert [q.prompt for q in resumed.questions] == [q.prompt for q in exam.questions]
        assert resumed.questions[0].choices == shown.choices  # shown in the same order again
        assert resumed.response(0) == list(shown.correct_indices[:2])
        assert resumed.response(3) == exam.response(3) and resumed.flagged == (2,)
        assert resumed.answered == (0, 3) and resumed.time_left() == 1200 - 335
        assert resumed.seconds(0) == 20 and resumed.seconds(3) == 15
        report = resumed.submit()
        assert report.recorded == 2 and report.items[0].verdict.correct
        stored = second.repo.attempts_for_session(found.record.id)
        assert {a.seconds for a in stored} == {20, 15}
        assert unfinished_exam(second.ctx, ada.id) is None
        with pytest.raises(ExamError, match="not an unfinished exam"):
            resume_exam(second.ctx, found.record.id)


def test_an_exam_whose_time_ran_out_while_closed_is_submitted_with_what_was_saved(
    services, ada, clock
) -> None:
    exam = services.build_exam(ada.id, ["chain-rule"], count=3, time_limit=600)
    exam.start()
    exam.answer(1, right_response(exam.questions[1]))
    clock.advance(hours=2)  # closed, and reopened long after the deadline
    found = unfinished_exam(services.ctx, ada.id)
    assert found is not None and found.time_left(clock()) == 0
    resumed = resume_exam(services.ctx, found.record.id)
    assert resumed.expired
    report = resumed.submit()
    assert report.timed_out and report.correct == 1 and report.submitted_at == resumed.deadline
    assert [item.answered for item in report.items] == [False, True, False]
    assert services.repo.get_session(found.record.id).ended_at == resumed.deadline
