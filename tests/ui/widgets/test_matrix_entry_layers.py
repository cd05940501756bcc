"""The tensor-layer families' matrix answers in the grid: a pooled image, a dropout mask, an
embedding table and a softmax Jacobian each get a grid of their shape, right and diagnosed."""

from __future__ import annotations

import pytest

from app.ui.widgets.matrix_entry import MatrixEntry
from app.ui.widgets.question_view import QuestionView
from questions import registry
from questions.matrix import format_matrix
from questions.mistakes import MISTAKES

FAMILIES = (
    "maxpool-backward",
    "avgpool-backward",
    "dropout-backward",
    "embedding-gradient",
    "softmax-jacobian",
)


@pytest.fixture
def view(qtbot, themed) -> QuestionView:
    widget = QuestionView(grade_locally=True)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("family", FAMILIES)
def test_a_layers_gradient_fills_a_grid_of_its_shape_and_is_right(view, family) -> None:
    question = registry.family(family).question(3, 7)
    assert question.matrix is not None
    view.set_question(question)
    assert isinstance(view.entry, MatrixEntry)
    rows, columns = question.matrix.shape
    assert len(view.entry.cells) == rows and all(len(r) == columns for r in view.entry.cells)
    view.entry.restore(format_matrix(question.matrix.rows, 6))
    view.entry.cells[0][0].setFocus()
    view.submit()
    assert view.verdict is not None and view.verdict.correct


@pytest.mark.parametrize("family", FAMILIES)
def test_each_named_mistake_of_a_layer_is_diagnosed_in_the_view(view, family) -> None:
    question = registry.family(family).question(3, 7)
    assert len(question.matrix_mistakes) >= 3
    for wrong in question.matrix_mistakes:
        view.set_question(question)
        assert isinstance(view.entry, MatrixEntry)
        view.entry.restore(format_matrix(wrong.rows, 6))
        view.submit()
        assert view.verdict is not None and view.verdict.mistake == wrong.mistake
        message = view.ui.verdict.message.plain()
        assert MISTAKES[wrong.mistake].explanation in message
        assert "It goes wrong at step " in message  # by number and the step's own title
