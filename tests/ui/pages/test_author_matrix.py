"""The Author page previews a pack's matrix question as a learner sees it: a grid to fill."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.pages.author_preview import item_label
from app.ui.widgets.matrix_entry import MatrixEntry

from .test_author import page  # noqa: F401  (the page on its own services)

PACK = r"""
[pack]
id = "grads"
title = "Gradients as matrices"
author = "Tester"
version = "1"

[[question]]
id = "dw"
type = "matrix"
prompt = "What is $\\partial L / \\partial W$?"
value = [[0.125, -0.5, 1.25], [2.0, 0.0, -0.0375]]
"""


def test_a_matrix_question_is_previewed_as_a_grid_and_graded(page, press) -> None:  # noqa: F811
    page.editor.setPlainText(PACK)
    page.validate_now()
    assert page.pack is not None and page.problem_list.count() == 0
    assert item_label(page.pack.items[0]) == "dw  (matrix)"
    page.preview.chooser.setCurrentIndex(0)
    view = page.preview.view
    entry = view.entry
    assert isinstance(entry, MatrixEntry) and entry.answer_shape == (2, 3)
    entry.restore("[[0.125, 2], [-0.5, 0], [1.25, -0.0375]]")  # transposed: another shape
    assert "Did you transpose it?" in entry.format_label.text()
    entry.reset_button.click()
    entry.restore("0.125 -0.5 1.25\n2 0 -0.0375")
    page.activateWindow()
    entry.focus_entry()
    press(Qt.Key.Key_Return, entry.cells[0][0])
    assert view.ui.verdict.banner.text() == "✓ Right"
