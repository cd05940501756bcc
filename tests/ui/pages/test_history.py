"""History: past sessions listed, a session's answers, any answer reviewed with its solution."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from app.store.records import Attempt
from app.ui.pages.history import EMPTY, HistoryPage
from tests.services.helpers import mistaken_response, right_response


@pytest.fixture
def page(shown, context) -> HistoryPage:
    return shown(HistoryPage(context), (1024, 700))


def practise(context, clock) -> list:
    """A practice quiz: one right answer, then one with a diagnosed mistake."""
    quiz = context.services.practice(context.profile.id, ["mlp-backprop"], 2, 2, random.Random(2))
    first = quiz.next()
    quiz.submit(right_response(first))
    clock.advance(seconds=30)
    second = quiz.next()
    quiz.submit(mistaken_response(second)[0])
    quiz.next()
    return [first, second]


def test_a_learner_with_no_sessions_is_told_how_history_fills(page) -> None:
    assert page.note.text() == EMPTY
    assert page.sessions.rowCount() == 0


def test_past_sessions_are_listed_and_any_answer_reviewed(qtbot, page, context, clock) -> None:
    asked = practise(context, clock)
    clock.advance(hours=1)
    exam = context.services.build_exam(context.profile.id, ["mlp-backprop"], 3, 600)
    exam.start()
    exam.answer(0, right_response(exam.questions[0]))
    exam.submit()
    page.refresh()
    assert page.note.text().startswith("2 sessions, 3 answers.")
    assert [page.sessions.cell(r, c) for r in page.sessions.rows for c in range(2)] == [
        "6 May 2024, 10:00\nExam",
        "3 questions, 2 blank\n1 right · 33%",
        "6 May 2024, 09:00\nPractice",
        "2 questions\n1 right · 50%",
    ]
    page.select_session(1)
    assert [page.answers.cell(a, 1) for a in page.answers.rows] == ["right", "wrong"]
    qtbot.keyClick(page.session_table, Qt.Key.Key_N)  # N: the next answer
    view = page.review_view
    assert page.right.currentWidget() is view
    assert view.question() == asked[1]  # the same question, rebuilt from its key
    assert view.ui.verdict.banner.text() == "✗ Not right"
    assert "It goes wrong at" in view.ui.verdict.message.plain()  # the diagnosis, its step
    assert float(view.response()) == pytest.approx(mistaken_response(asked[1])[0], rel=1e-6)
    assert view.ui.solution.revealed == view.ui.solution.total > 0
    assert view.ui.status.text() == "Answered 6 May 2024, 09:00 (0 s)."
    assert page.review_view.ui.scroll.horizontalScrollBar().maximum() == 0
    page.resize(1024 - 208, 700)  # what a 1024-wide window leaves the page
    qtbot.wait(20)
    assert page.session_table.horizontalScrollBar().maximum() == 0
    assert page.review_view.ui.scroll.horizontalScrollBar().maximum() == 0


def test_an_answer_whose_question_cannot_be_rebuilt_says_why(page, context) -> None:
    services, who = context.services, context.profile
    session = services.repo.start_session(who.id, "practice")
    answer = Attempt(
        who.id,
        "pack:gone/q1@1.0",
        "pack:gone/q1",
        "losses",
        "practice",
        "1",
        False,
        0.0,
        5.0,
        session_id=session.id,
    )
    services.repo.record_attempt(answer)
    page.refresh()
    assert page.right.currentWidget() is page.missing
    assert "Question 'q1' of pack 'gone' is not in the study pool here" in page.missing.text()


def test_choosing_an_answer_rebuilds_its_question_once(page, context, clock, monkeypatch) -> None:
    from app.ui.pages import history as history_page

    practise(context, clock)
    page.refresh()
    calls = []
    real = history_page.history.review
    monkeypatch.setattr(history_page.history, "review", lambda *a: calls.append(1) or real(*a))
    page.select_answer(1)
    page.select_answer(1)  # already current: shown again, still once
    assert len(calls) == 2
