"""Exam: built off the GUI thread, answered and flagged against the clock, then reviewed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from app.ui.pages.exam import ExamPage, clock_text
from questions.model import Kind
from questions.numbers import format_number


@pytest.fixture
def page(shown, context) -> ExamPage:
    return shown(ExamPage(context))


def build(qtbot, page: ExamPage, count: int, minutes: int, topics=("mlp-backprop",)) -> None:
    page.picker.set_topics(topics)
    page.count.setValue(count)
    page.minutes.setValue(minutes)
    page.build_button.click()
    assert page.build_progress.isVisible()  # built on a pool thread
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.running, timeout=20000)


def finish(qtbot, page: ExamPage) -> None:
    """Submit as a learner does: "Submit exam…", a look at the summary, "Submit all and finish"."""
    page.submit()
    assert page.stack.currentWidget() is page.summary
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    page.summary.finish_button.click()
    assert page.stack.currentWidget() is page.report_panel


def type_answer(page: ExamPage, press, right: bool) -> None:
    question = page.view.question()
    if question.kind is Kind.NUMERIC:
        value = question.answer.value if right else question.answer.value * 3 + 1
        press(format_number(value, 4))
    else:
        press(str([c.correct == right for c in question.choices].index(True) + 1))
    press(Qt.Key.Key_Return)


def test_a_timed_exam_answered_flagged_revisited_and_reviewed(qtbot, page, context, press):
    build(qtbot, page, 3, 10)
    assert page.clock.text() == "Time left 10:00"
    type_answer(page, press, True)  # saved, on to question 2
    assert page.index == 1
    assert page.entries.row_at(0).answered
    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.entries.row_at(1).flagged
    qtbot.keyClick(page.view, Qt.Key.Key_PageDown)
    assert page.index == 2
    type_answer(page, press, False)
    page.navigator.setCurrentIndex(page.entries.index(1, 0))
    page.go(1)  # back to the flagged question
    assert page.flag_button.isChecked()
    type_answer(page, press, True)
    assert page.answered_label.text() == "Question 3 of 3 · 3 answered · 1 flagged"
    qtbot.keyClick(page.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.stack.currentWidget() is page.summary  # Ctrl+Enter: the summary first
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    page.summary.finish_button.click()
    assert page.stack.currentWidget() is page.report_panel
    assert page.report_panel.score.text() == "Score 2 / 3 (67%)"
    assert not page.report.timed_out
    assert [row.topic for row in page.report_panel.topic_scores.rows] == ["mlp-backprop"]
    page.review(2)
    assert page.report_panel.review_view.ui.verdict.banner.text() == "✗ Not right"
    assert page.report_panel.review_view.ui.solution.isVisible()
    assert context.services.home(context.profile.id).attempts == 3


def test_time_running_out_submits_the_exam(qtbot, page, context, clock, press):
    build(qtbot, page, 2, 1)
    type_answer(page, press, True)
    clock.advance(seconds=30)
    page.tick()
    assert page.clock.text() == "Time left 0:30"
    clock.advance(seconds=31)
    page.tick()
    assert page.stack.currentWidget() is page.report_panel
    assert page.report.timed_out
    assert "Time ran out" in page.report_panel.score_note.text()
    assert page.report_panel.score.text() == "Score 1 / 2 (50%)"
    assert context.services.home(context.profile.id).attempts == 1


def test_an_answer_after_the_deadline_is_refused_and_the_exam_submitted(qtbot, page, clock, press):
    build(qtbot, page, 2, 1)
    clock.advance(minutes=2)
    type_answer(page, press, True)
    assert page.stack.currentWidget() is page.report_panel
    assert page.report.timed_out and page.report.correct == 0


def test_a_double_click_on_submit_only_opens_the_summary_of_the_attempt(qtbot, page, press):
    build(qtbot, page, 3, 5)
    type_answer(page, press, True)
    page.toggle_flag()
    where = page.submit_button.mapTo(page, page.submit_button.rect().center())
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)  # the double-click's first
    assert page.stack.currentWidget() is page.summary
    second = page.childAt(where)  # the second click lands on whatever is there now
    if isinstance(second, QPushButton):
        second.click()
    page.summary.finish_button.click()  # even right on "Submit all and finish": too soon
    assert page.stack.currentWidget() is page.summary and page.report is None
    summary = page.summary
    assert summary.text.text().startswith("1 of 3 questions answered, 2 blank, 1 flagged.")
    cells = [[summary.table.item(r, c).text() for c in range(3)] for r in range(3)]
    assert [row[1:] for row in cells] == [
        ["Answer saved", ""],
        ["Not yet answered", "⚑ Flagged"],
        ["Not yet answered", ""],
    ]
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    summary.return_button.click()
    assert page.stack.currentWidget() is page.running and page.index == 1
    finish(qtbot, page)
    assert page.report_panel.score.text().startswith("Score 1 / 3")


@pytest.mark.parametrize("width", [480, 700, 1024])
def test_the_summary_text_is_never_clipped(qtbot, page, width):
    build(qtbot, page, 2, 5)
    page.resize(width, 500)
    page.submit()
    qtbot.wait(20)
    label = page.summary.text
    assert label.wordWrap() and label.height() >= label.heightForWidth(label.width())
    assert page.summary.finish_button.isVisible()
    assert page.summary.finish_button.width() >= page.summary.finish_button.sizeHint().width()


def test_the_clock_reads_minutes_and_seconds() -> None:
    assert clock_text(0) == "0:00"
    assert clock_text(59.2) == "1:00"
    assert clock_text(3725) == "1:02:05"


def ctrl(qtbot, key: Qt.Key) -> None:
    """Ctrl+key where the keyboard focus is."""
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.ControlModifier)


def test_keyboard_only_an_exam_from_setup_to_reviewing_a_question(qtbot, page, press):
    page.picker.set_topics(("mlp-backprop",))  # the choices; everything after is keys
    page.show_setup()  # the page as it opens: the Build button has the focus
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.running, timeout=20000)
    count = len(page.exam.questions)
    type_answer(page, press, True)  # saved, on to question 2
    ctrl(qtbot, Qt.Key.Key_F)
    assert page.entries.row_at(1).flagged
    press(Qt.Key.Key_PageDown)
    type_answer(page, press, False)
    while page.index != 1:
        press(Qt.Key.Key_PageUp)
    assert page.flag_button.isChecked()
    type_answer(page, press, True)
    ctrl(qtbot, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.summary
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    press(Qt.Key.Key_Return)  # "Submit all and finish" has the focus
    assert page.stack.currentWidget() is page.report_panel
    assert page.report.total == count and page.report.correct == 2
    press(Qt.Key.Key_Down)  # the questions list has the focus: the next one is reviewed
    assert page.report_panel._reviewed == 1
    assert page.report_panel.review_view.ui.solution.isVisible()


def test_a_question_under_review_opens_at_its_top(qtbot, page):
    build(qtbot, page, 2, 10)
    finish(qtbot, page)
    for row in (1, 0):
        page.review(row)
        qtbot.wait(30)  # the layout settles and any scrolling request has run
        view = page.report_panel.review_view
        assert view.ui.solution.isVisible()
        assert view.ui.scroll.verticalScrollBar().value() == 0
