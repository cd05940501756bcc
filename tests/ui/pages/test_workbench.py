"""The Workbench solves what is typed, draws it, and points at problems."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QThread

from app.present.solve_model import solve_script
from app.ui.context import UiContext
from app.ui.pages.workbench import WorkbenchPage
from app.ui.pages.workbench_panel import DEBOUNCE_MS
from app.ui.theme import DARK, apply_theme


@pytest.fixture
def page(qtbot, themed, tmp_path) -> WorkbenchPage:
    widget = WorkbenchPage(UiContext(settings={"workbench_drafts": str(tmp_path / "wb.json")}))
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
    assert "∂f/∂x = \u22124" in text and "∂f/∂z = 3" in text
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
    assert page.network_panel.error.text().startswith("In network.layers[0].activation: unknown")
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


def test_typing_solves_off_the_gui_thread_and_drops_stale_results(page, qtbot, monkeypatch):
    import app.ui.pages.workbench as workbench

    threads = []

    def solve(script, values):
        threads.append(QThread.currentThread())
        return solve_script(script, values)

    monkeypatch.setattr(workbench, "solve_script", solve)
    page.script_editor.setPlainText("f = x * x")
    page.values_edit.setText("x=3")
    page.solve_script_later()  # this work is superseded by the edit below
    page.values_edit.setText("x=5")
    qtbot.waitUntil(lambda: page.script_result.gradients.get("x") == 10.0, timeout=3000)
    qtbot.wait(DEBOUNCE_MS * 2)
    assert page.script_result.gradients["x"] == 10.0  # the stale x=3 result never lands
    assert threads and all(t is not QThread.currentThread() for t in threads)


def test_edits_are_kept_across_restarts(page, qtbot, tmp_path):
    page.script_editor.setPlainText("g = a * b")
    page.values_edit.setText("a=2, b=3")
    page.keep_drafts()
    again = WorkbenchPage(UiContext(settings={"workbench_drafts": str(tmp_path / "wb.json")}))
    qtbot.addWidget(again)
    assert again.script_editor.toPlainText() == "g = a * b"
    assert again.values_edit.text() == "a=2, b=3"
    assert again.script_result.gradients["a"] == 3.0


def test_scripts_and_networks_are_saved_and_opened(page, tmp_path):
    page.script_editor.setPlainText("g = a * b")
    page.values_edit.setText("a=2, b=3")
    assert page.save_to(tmp_path / "g.txt")
    assert (tmp_path / "g.txt").read_text() == "# values: a=2, b=3\ng = a * b"
    page.script_editor.setPlainText("")
    assert page.open_from(tmp_path / "g.txt")
    assert page.script_editor.toPlainText() == "g = a * b"
    assert page.script_result.gradients["b"] == 2.0
    page.tabs.setCurrentWidget(page.network_panel)
    network = page.network_editor.toPlainText()
    assert page.save_to(tmp_path / "n.toml")
    page.network_editor.setPlainText("")
    assert page.open_from(tmp_path / "n.toml")
    assert page.network_editor.toPlainText() == network


def test_a_file_that_cannot_be_opened_is_said_in_a_sentence(page, tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00")
    assert not page.open_from(tmp_path / "bin.txt")
    assert page.context.last_error.text() == "bin.txt is not a text file (it is not UTF-8)."


def test_the_network_report_is_typeset_as_tables_with_times_signs(page):
    html = page.network_panel.solution.toHtml()
    text = page.network_panel.solution.toPlainText()
    assert html.count("<table") >= 6
    assert "×" in text and " x " not in text
    assert "Forward pass" in text


def test_error_messages_are_whole_sentences(page):
    page.script_editor.setPlainText("q = x + ")
    page.solve_script_now()
    first = page.script_panel.error.text().split(" F8 ")[0]
    assert first[0].isupper() and first.endswith(".")


def test_the_output_node_is_inside_the_drawing_at_1024_wide(page, qtbot):
    page.resize(1024 - 206, 640)
    qtbot.wait(20)
    diagram = page.script_panel.diagram
    holder = diagram.parentWidget().parentWidget()  # the scroll area's viewport, then itself
    assert diagram.width() <= holder.width()
    layout = diagram.arrangement()
    assert all(diagram.rect().contains(p.footprint().toRect()) for p in layout.nodes.values())
