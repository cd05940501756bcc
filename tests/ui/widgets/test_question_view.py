"""QuestionView driven with the keyboard, as a learner would: answer, hints, feedback, rating."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.ui.widgets.question_view import QuestionView
from questions import registry
from questions.bank import load_bank
from questions.grading import grade
from questions.mistakes import explain
from questions.model import Kind
from questions.numbers import format_number


def shown(qtbot, **options) -> QuestionView:
    """A QuestionView in an active window, ready for key presses."""
    widget = QuestionView(**options)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.wait(1)  # the window becomes active; key presses go to its focus widget either way
    return widget


@pytest.fixture
def view(qtbot, themed) -> QuestionView:
    """A local-grading view, as the Workbench previews use it."""
    return shown(qtbot, grade_locally=True)


def numeric_question():
    return registry.family("output-weight-gradient").question(1, 1)


def test_a_right_numeric_answer_shows_right_and_the_exact_value(view, qtbot, press):
    question = numeric_question()
    view.set_question(question)
    press(format_number(question.answer.value, 4))
    with qtbot.waitSignal(view.submitted) as sent:
        press(Qt.Key.Key_Return)
    response, hints, seconds = sent.args
    assert response == format_number(question.answer.value, 4)
    assert hints == 0 and seconds >= 0
    assert view.ui.verdict.banner.text() == "✓ Right"
    exact = format_number(question.answer.value, 6)
    assert view.ui.verdict.expected.plain() == f"Exact answer: {exact}"


def test_a_wrong_numeric_answer_names_the_mistake(view, press):
    question = numeric_question()
    mistake = question.mistakes[0]
    view.set_question(question)
    press(repr(mistake.value))
    press(Qt.Key.Key_Return)
    assert view.answered
    assert view.ui.verdict.banner.text() == "✗ Not right"
    assert explain(mistake.mistake, question) in view.ui.verdict.message.plain()
    assert view.verdict is not None and view.verdict.mistake == mistake.mistake


def test_live_format_feedback_and_no_submission_for_text_that_is_not_a_number(view, qtbot, press):
    view.set_question(numeric_question())
    press("abc")
    assert "without words or units" in view.entry.format_label.text()
    with qtbot.assertNotEmitted(view.submitted):
        press(Qt.Key.Key_Return)
    assert not view.answered
    assert "without words or units" in view.ui.problem.text()
    press(Qt.Key.Key_Backspace)
    press(Qt.Key.Key_Backspace)
    press(Qt.Key.Key_Backspace)
    press("8.2e-2")
    assert view.entry.format_label.text() == "Reads as 0.082"


def test_the_tolerance_rule_is_stated_in_words(view):
    view.set_question(numeric_question())
    assert view.entry.rule_label.text().startswith("Give 3 significant figures")


def test_keys_choose_a_choice_and_enter_submits(view, qtbot, press):
    question = next(q for q in load_bank().questions if q.kind is Kind.SINGLE)
    view.set_question(question)
    press(Qt.Key.Key_2)
    assert view.entry.rows[1].button.isChecked()
    press(Qt.Key.Key_3)
    assert view.entry.rows[2].button.isChecked() and not view.entry.rows[1].button.isChecked()
    with qtbot.waitSignal(view.submitted) as sent:
        press(Qt.Key.Key_Return)
    assert sent.args[0] == 2
    assert view.answered


def test_enter_with_no_choice_explains_instead_of_submitting(view, qtbot, press):
    view.set_question(next(q for q in load_bank().questions if q.kind is Kind.SINGLE))
    with qtbot.assertNotEmitted(view.submitted):
        press(Qt.Key.Key_Return)
    assert view.ui.problem.text().startswith("Pick a choice first")


def test_keys_toggle_choices_of_a_multiple_select_question(view, press):
    question = registry.family("dead-relu").question(1, 1)
    view.set_question(question)
    press(Qt.Key.Key_1)
    press(Qt.Key.Key_2)
    press(Qt.Key.Key_1)
    assert view.response() == [1]


def test_hints_are_revealed_one_at_a_time_and_counted(view, qtbot, press):
    question = numeric_question()
    assert len(question.hints) == 2
    view.set_question(question)
    press(Qt.Key.Key_H)  # typed in the number box, H asks for a hint
    assert view.entry.edit.text() == ""
    assert view.hints_used == 1
    assert view.ui.hints.count() == 1
    press(Qt.Key.Key_H)
    press(Qt.Key.Key_H)  # no third hint: nothing happens
    assert view.hints_used == 2
    assert not view.ui.hint_button.isEnabled()
    press("0.5")
    with qtbot.waitSignal(view.submitted) as sent:
        press(Qt.Key.Key_Return)
    assert sent.args[1] == 2


def test_the_worked_solution_is_revealed_step_by_step(view, press):
    question = numeric_question()
    view.set_question(question)
    press("0")
    press(Qt.Key.Key_Return)
    solution = view.ui.solution
    assert solution.revealed == 1
    press(Qt.Key.Key_S)
    assert solution.step_titles() == [s.title for s in question.solution[:2]]
    press(Qt.Key.Key_A)
    assert solution.revealed == len(question.solution)
    assert not solution.next_button.isEnabled()


def test_the_page_grades_and_key_3_overrides_the_derived_rating(qtbot, themed, press):
    view = shown(qtbot)  # the page grades: no local grading
    question = numeric_question()
    view.submitted.connect(lambda response, *_: view.show_outcome(grade(question, response), 1))
    view.set_question(question)
    press("1")
    press(Qt.Key.Key_Return)
    assert view.ui.rating.rating == 1
    assert "Again" in view.ui.rating.caption.text()
    with qtbot.waitSignal(view.rating_overridden) as chosen:
        press(Qt.Key.Key_3)
    assert chosen.args == [3]
    assert view.ui.rating.group.checkedId() == 3


def test_a_format_error_from_the_service_keeps_the_question_open(qtbot, themed, press):
    view = shown(qtbot)
    question = numeric_question()
    view.set_question(question)
    view.submitted.connect(lambda *_: view.show_outcome(grade(question, "nan")))
    press("1")
    press(Qt.Key.Key_Return)
    assert not view.answered
    assert view.ui.problem.text().startswith("Not a finite number")
    assert not view.entry.edit.isReadOnly()


def test_after_answering_v_asks_for_a_variant_and_enter_for_the_next_question(view, qtbot, press):
    view.set_question(numeric_question())
    press("1")
    press(Qt.Key.Key_Return)
    assert view.focusWidget() is view.ui.next_button
    with qtbot.waitSignal(view.another_variant_requested):
        press(Qt.Key.Key_V)
    with qtbot.waitSignal(view.next_requested):
        press(Qt.Key.Key_Return)


def test_a_guided_question_is_checked_blank_by_blank(view, qtbot, press, guided_question):
    view.set_question(guided_question)
    entry = view.entry
    assert view.ui.diagram.grad_of("q") is None
    press("-4")
    press(Qt.Key.Key_Return)
    assert entry.results[0].text() == "✓ Right: q = -4.00."
    assert view.ui.diagram.grad_of("q") == -4.0
    assert view.focusWidget() is entry.edits[1]
    press("4")
    press(Qt.Key.Key_Return)
    assert entry.results[1].text() == "✗ Not quite: z is 3.00."
    press("oops")
    press(Qt.Key.Key_Return)
    assert "without words" in entry.results[2].text()
    assert not view.answered
    for _ in "oops":
        press(Qt.Key.Key_Backspace)
    with qtbot.waitSignal(view.submitted) as sent:
        press("-4")
        press(Qt.Key.Key_Return)
    assert sent.args[0] == ["-4", "4", "-4"]
    assert view.ui.verdict.banner.text() == "✗ Partly right (67%)"
    assert view.ui.diagram.grad_of("z") == 3.0


def test_exam_mode_reports_every_change_and_gives_no_feedback(qtbot, themed, press):
    view = shown(qtbot, exam_mode=True)
    question = numeric_question()
    view.set_question(question)
    assert view.ui.hint_button.isHidden() and view.ui.submit_button.isHidden()  # no "Save"
    changes: list[object] = []
    view.response_changed.connect(changes.append)
    press("0.5")
    assert changes == ["0", "0.", "0.5"]  # each keystroke, for the page to save at once
    with qtbot.waitSignal(view.submitted) as sent:
        press(Qt.Key.Key_Return)
    view.show_outcome(grade(question, sent.args[0]), 3)
    assert view.ui.verdict.isHidden() and view.ui.solution.isHidden()
    view.set_question(question, response="0.25")
    assert view.response() == "0.25" and changes[-1] == "0.5"  # restoring is not a change


def test_time_counts_only_while_the_question_is_on_screen_in_the_active_app(qtbot, themed):
    from PySide6.QtCore import Qt as QtNS
    from PySide6.QtGui import QGuiApplication

    now = [100.0]
    view = shown(qtbot)
    view.screen_time.clock = lambda: now[0]
    view.set_question(numeric_question())
    now[0] += 20
    view.hide()  # another page is shown
    now[0] += 580
    view.show()
    now[0] += 5
    app = QGuiApplication.instance()
    app.applicationStateChanged.emit(QtNS.ApplicationState.ApplicationInactive)  # type: ignore[attr-defined]
    assert not view.screen_time.on_screen
    now[0] += 300  # another program has the focus
    app.applicationStateChanged.emit(QtNS.ApplicationState.ApplicationActive)  # type: ignore[attr-defined]
    now[0] += 1
    assert view.elapsed() == 26


@pytest.mark.parametrize("width", [1024, 1280, 1600])
def test_a_wide_diagram_never_squeezes_the_question_text(qtbot, themed, width):
    from app.ui.widgets.question_layout import MAIN_MIN_WIDTH

    view = shown(qtbot)
    view.resize(width, 700)
    view.set_question(registry.family("chain-rule").question(3, 1))  # six columns of nodes
    qtbot.wait(5)
    assert view.ui.diagram.isVisible()
    assert view.ui.prompt.width() >= MAIN_MIN_WIDTH
    assert view.ui.diagram.width() >= view.ui.diagram.minimumSizeHint().width()
