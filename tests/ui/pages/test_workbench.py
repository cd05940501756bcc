"""The Workbench solves what is typed, draws it, and points at problems."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.ui.context import UiContext
from app.ui.pages.workbench import DEBOUNCE_MS, WorkbenchPage
from app.ui.theme import DARK, apply_theme


@pytest.fixture
def page(qtbot, themed) -> WorkbenchPage:
    widget = WorkbenchPage(UiContext())
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_design_example_is_solved_at_once_with_df_dx_minus_4(page):
    result = page.script_result
    assert result.output == "f"
    assert result.gradients == {"x": -4.0, "y": -4.0, "q": -4.0, "z": 3.0, "f": 1.0}
    assert page.script_panel.diagram.grad_of("x") == -4.0
    assert page.script_panel.diagram.diagram().nodes[-1].value == -12.0
    text = page.script_panel.solution.toPlainText()
    assert "∂f/∂x = -4" in text and "∂f/∂z = 3" in text
    assert page.script_panel.error.isHidden()


def test_a_new_script_is_solved_a_moment_after_typing_stops(page, qtbot):
    page.script_editor.setFocus()
    page.script_editor.selectAll()
    qtbot.keyClicks(page.script_editor, "f = x * x")
    page.values_edit.setText("x=3")
    assert page.script_panel.timer.isActive()
    qtbot.waitUntil(
        lambda: (
            page.script_result.output == "f"
            and "x" in page.script_result.gradients
            and page.script_result.gradients["x"] == 6.0
        ),
        timeout=DEBOUNCE_MS * 8,
    )


def test_an_unfinished_statement_points_at_its_end(page):
    page.script_editor.setPlainText("q = x + ")
    page.solve_script_now()
    assert page.script_panel.error.text().startswith("Script: line 1, column 9:")
    assert page.script_editor.textCursor().position() == 8
    assert page.script_editor.error_position == 8
    assert len(page.script_editor.extraSelections()) == 2


def test_log_of_zero_at_a_point_is_reported_where_log_is_called(page):
    page.script_editor.setPlainText("a = x + 1\nf = log(x)")
    page.values_edit.setText("x=0")
    page.solve_script_now()
    assert "line 2, column 5: log of zero" in page.script_panel.error.text()
    assert page.script_editor.cursor_line_column() == (2, 5)
    assert page.script_result.output == "f"  # the last good result stays on screen


def test_a_bad_value_is_marked_in_the_values_field(page):
    page.values_edit.setText("x=-2, y=five, z=1")
    page.solve_script_now()
    assert "Values, column 9" in page.script_panel.error.text()
    assert page.values_edit.selectionStart() == 8


def test_f8_goes_to_the_problem_while_typing_elsewhere(page, qtbot):
    page.script_editor.setPlainText("q = x + y\nf = q * w")
    page.values_edit.setText("x=1, y=2")
    page.values_edit.setFocus()
    page.solve_script_now()
    assert "no value given for input 'w'" in page.script_panel.error.text()
    page.script_editor.moveCursor(page.script_editor.textCursor().MoveOperation.Start)
    qtbot.keyClick(page, Qt.Key.Key_F8)
    assert page.script_editor.cursor_line_column() == (2, 9)


def test_the_network_tab_draws_outs_and_deltas_and_points_into_the_toml(page):
    result = page.network_result
    assert result.loss == pytest.approx(0.3164877, abs=1e-6)
    assert page.network_panel.diagram.grad_of("o1") is not None
    page.network_editor.setPlainText(
        page.network_editor.toPlainText().replace(
            'activation = "sigmoid"', 'activation = "sigmoidal"', 1
        )
    )
    page.solve_network_now()
    assert page.network_panel.error.text().startswith("network.layers[0].activation: unknown")
    line, _ = page.network_editor.cursor_line_column()
    assert (
        page.network_editor.toPlainText()
        .split("\n")[line - 1]
        .startswith('activation = "sigmoidal"')
    )


def test_a_theme_change_recolours_the_worked_solution(page, qapp):
    apply_theme(qapp, dark=True, text_size=11)
    try:
        assert DARK.grad in page.script_panel.solution.toHtml()
    finally:
        apply_theme(qapp, dark=False, text_size=11)
