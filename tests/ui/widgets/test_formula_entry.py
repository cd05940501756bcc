"""The formula box inside a QuestionView: typeset while typing, names checked, then graded."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.ui.widgets.formula_entry import FormulaEntry
from app.ui.widgets.question_view import QuestionView
from questions import registry


@pytest.fixture
def view(qtbot, themed) -> QuestionView:
    widget = QuestionView(grade_locally=True)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def sigmoid_slope():
    question = registry.family("activation-derivative-formula").question(1, 0)
    assert question.formula is not None and question.formula.names == ("s",)
    return question


def entry_of(view: QuestionView) -> FormulaEntry:
    assert isinstance(view.entry, FormulaEntry)
    return view.entry


def test_a_typed_formula_is_shown_typeset_and_a_right_one_is_right(view, qtbot, press) -> None:
    view.set_question(sigmoid_slope())
    entry = entry_of(view)
    qtbot.waitUntil(entry.edit.isVisible)
    entry.edit.setFocus()
    press("s - s^2")
    assert entry.preview.math_text() == "$s - s^{2}$"
    assert entry.format_label.text() == ""
    press(Qt.Key.Key_Return)
    assert view.answered and view.verdict is not None and view.verdict.correct
    assert entry.format_label.text() == "✓ right"


def test_a_name_not_allowed_is_said_at_once_and_not_graded(view, qtbot, press) -> None:
    view.set_question(sigmoid_slope())
    entry = entry_of(view)
    qtbot.waitUntil(entry.edit.isVisible)
    entry.edit.setFocus()
    press("x * (1 - x)")
    assert "'x' is not a name this formula may use: write it with s" in entry.format_label.text()
    assert entry.preview.math_text() == ""
    press(Qt.Key.Key_Return)
    assert not view.answered  # a format problem is not an attempt


def test_tanh_can_be_typed_without_h_asking_for_a_hint(view, qtbot, press) -> None:
    question = registry.family("activation-derivative-formula").question(2, 0)
    view.set_question(question)
    entry = entry_of(view)
    qtbot.waitUntil(entry.edit.isVisible)
    entry.edit.setFocus()
    press("tanh(x)")
    assert entry.edit.text() == "tanh(x)"


def test_a_known_mistake_is_named_in_the_feedback(view, qtbot, press) -> None:
    view.set_question(sigmoid_slope())
    entry = entry_of(view)
    qtbot.waitUntil(entry.edit.isVisible)
    entry.edit.setFocus()
    press("1 - s^2")
    press(Qt.Key.Key_Return)
    assert view.verdict is not None and view.verdict.mistake == "other-activation-rule"
