"""The matrix grid driven with the keyboard and the clipboard, inside a QuestionView."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.widgets.matrix_entry import MatrixEntry
from app.ui.widgets.question_view import QuestionView
from questions import registry
from questions.matrix import format_matrix, transpose
from questions.mistakes import MISTAKES


@pytest.fixture
def view(qtbot, themed) -> QuestionView:
    widget = QuestionView(grade_locally=True)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def square():
    return registry.family("batch-matrix-gradient").question(1, 3)  # dL/dW is 2 x 2


def wide():
    return registry.family("batch-matrix-gradient").question(2, 0)  # dL/dW is 3 x 2


def entry_of(view: QuestionView) -> MatrixEntry:
    assert isinstance(view.entry, MatrixEntry)
    return view.entry


def test_the_grid_has_the_answers_shape_and_tab_goes_row_by_row(view, qtbot, press) -> None:
    view.set_question(wide())
    entry = entry_of(view)
    qtbot.waitUntil(entry.cells[0][0].isVisible)  # a new entry is shown by the event loop
    assert [len(line) for line in entry.cells] == [2, 2, 2]
    assert entry.shape_label.text() == "A 3 × 2 matrix:"
    entry.focus_entry()
    for text in ("1", "2", "3"):
        press(text)
        press(Qt.Key.Key_Tab)
    assert entry.texts() == [["1", "2"], ["3", ""], ["", ""]]


def test_arrow_keys_move_between_cells(view, press) -> None:
    view.set_question(square())
    entry = entry_of(view)
    entry.cells[0][0].setFocus()
    press("5")
    press(Qt.Key.Key_Right)  # the cursor is at the end of "5": on to the next cell
    press("6")
    press(Qt.Key.Key_Down)
    press("8")
    press(Qt.Key.Key_Left)  # "8" has the cursor at its end: Left moves inside it first
    press(Qt.Key.Key_Left)
    press("7")
    assert entry.texts() == [["5", "6"], ["7", "8"]]


def test_a_paste_of_brackets_fills_the_grid_and_a_right_answer_is_right(view, press) -> None:
    question = square()
    view.set_question(question)
    QApplication.clipboard().setText(format_matrix(question.matrix.rows, 6))
    entry = entry_of(view)
    QTest.keyClick(entry.cells[0][0], Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert all(t for line in entry.texts() for t in line)
    press(Qt.Key.Key_Return)
    assert view.answered and view.verdict is not None and view.verdict.correct
    assert entry.format_label.text() == "✓ every cell is right"


def test_the_transposed_matrix_is_diagnosed_and_every_cell_marked(view, press) -> None:
    question = square()
    view.set_question(question)
    entry = entry_of(view)
    entry.restore(format_matrix(transpose(question.matrix.rows), 6))
    entry.cells[0][0].setFocus()
    press(Qt.Key.Key_Return)
    assert view.verdict is not None and view.verdict.mistake == "transposed"
    assert MISTAKES["transposed"].explanation in view.ui.verdict.message.plain()
    wrong = set(view.verdict.wrong_cells)
    assert wrong == {(0, 1), (1, 0)}
    assert "border: 2px solid" in entry.cells[0][1].styleSheet()
    assert entry.cells[0][1].toolTip() == "✗ not right" and entry.cells[0][0].toolTip() == "✓ right"


def test_a_paste_of_the_transposes_shape_reshapes_and_asks(view, qtbot, press) -> None:
    question = wide()
    view.set_question(question)
    entry = entry_of(view)
    QApplication.clipboard().setText(format_matrix(transpose(question.matrix.rows), 6))
    QTest.keyClick(entry.cells[0][0], Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [len(line) for line in entry.cells] == [3, 3]
    assert "Did you transpose it?" in entry.format_label.text()
    assert not entry.reset_button.isHidden()
    with qtbot.assertNotEmitted(view.submitted):
        press(Qt.Key.Key_Return)
    assert "but the answer is 3 × 2" in view.ui.problem.text()
    entry.reset_button.click()
    assert [len(line) for line in entry.cells] == [2, 2, 2]
    assert entry.reset_button.isHidden()


def test_an_unreadable_cell_is_named_before_submitting(view, qtbot, press) -> None:
    view.set_question(square())
    entry = entry_of(view)
    entry.restore([["1", "2"], ["abc", "4"]])
    assert entry.format_label.text().startswith("Row 2, column 1:")
    with qtbot.assertNotEmitted(view.submitted):
        press(Qt.Key.Key_Return, entry.cells[0][0])
    assert view.ui.problem.text().startswith("Row 2, column 1:")


def test_an_empty_grid_is_a_blank_response_in_an_exam(qtbot, themed) -> None:
    exam = QuestionView(exam_mode=True)
    qtbot.addWidget(exam)
    exam.set_question(square())
    assert exam.draft_response() == []
    exam.set_question(square(), [["1", "2"], ["3", "4"]])
    assert exam.draft_response() == [["1", "2"], ["3", "4"]]


def test_a_single_number_pastes_into_its_cell_even_with_spaces(view, press) -> None:
    view.set_question(square())
    entry = entry_of(view)
    QApplication.clipboard().setText("8.2 × 10^-2")
    QTest.keyClick(entry.cells[0][1], Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert entry.texts() == [["", "8.2 × 10^-2"], ["", ""]]
