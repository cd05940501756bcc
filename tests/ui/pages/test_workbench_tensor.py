"""The Workbench's Tensor script mode: a TOML script solved off the GUI thread, drawn at the
level of statements, every node's value and gradient as a table or a heat map."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThread, QUrl
from PySide6.QtGui import QImage, QTextDocument

from app.present.script_model import solve_tensor_file
from app.ui.context import UiContext
from app.ui.pages.workbench import WorkbenchPage
from app.ui.pages.workbench_panel import DEBOUNCE_MS

MAKEMORE = Path(__file__).parents[3] / "examples" / "makemore_backprop.toml"


@pytest.fixture
def page(qtbot, themed, tmp_path) -> WorkbenchPage:
    widget = WorkbenchPage(UiContext(settings={"workbench_drafts": str(tmp_path / "wb.json")}))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.tabs.setCurrentWidget(widget.tensor_tab)
    return widget


def test_the_example_is_solved_at_once_with_small_tensors_as_tables(page):
    tab = page.tensor_tab
    assert tab.result is not None and tab.result.output == "loss"
    nodes = [n.id for n in tab.panel.diagram.diagram().nodes]
    assert nodes == ["X", "Y", "W1", "b1", "W2", "b2", "h", "logits", "logprobs", "loss"]
    text = tab.panel.solution.toPlainText()
    assert "summed over axis 0 because the forward pass broadcast (4,) to (2,4)" in text
    assert "no gradient: integers index" in text  # Y
    assert tab.panel.solution.toHtml().count("<table") == 2 * 10 - 1  # Y has no gradient
    assert tab.panel.error.isHidden()


def test_the_makemore_example_draws_statements_and_heat_maps(page):
    tab = page.tensor_tab
    assert page.open_from(MAKEMORE)
    diagram = tab.panel.diagram.diagram()
    assert len(diagram.nodes) == 9 + 21
    assert ("hprebn", "bnmeani") in {(e.source, e.target) for e in diagram.edges}
    document = tab.panel.solution.document()
    image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl("heat:h/gradient"))
    assert isinstance(image, QImage) and image.width() > image.height() > 0
    text = tab.panel.solution.toPlainText()
    assert "each picked entry [range(n), Yb] receives its gradient" in text


def test_a_shape_error_names_both_shapes_and_the_cursor_goes_there(page):
    tab = page.tensor_tab
    tab.set_text(tab.text().replace("h @ W2 + b2", "h @ W1 + b2"))
    message = tab.panel.error.text()
    assert message.startswith("Line 12, column 10: (2,4) @ (3,4): inner sizes 4 and 3 differ.")
    assert tab.editor.cursor_line_column() == (12, 10)
    assert tab.result.output == "loss"  # the last solution that worked stays


def test_typing_solves_off_the_gui_thread_and_drops_stale_results(page, qtbot, monkeypatch):
    import app.ui.pages.workbench_tensor as tensor

    threads = []

    def solve(text):
        threads.append(QThread.currentThread())
        return solve_tensor_file(text)

    monkeypatch.setattr(tensor, "solve_tensor_file", solve)
    tab = page.tensor_tab
    tab.editor.setPlainText(tab.text().replace("fill = 0.0 }\nW2", "fill = 1.0 }\nW2"))
    tab.solve_later()  # superseded by the edit below
    tab.editor.setPlainText(tab.text().replace("fill = 1.0 }\nW2", "fill = 2.0 }\nW2"))
    qtbot.waitUntil(lambda: float(tab.result.solved.run.value("b1")[0]) == 2.0, timeout=3000)
    qtbot.wait(DEBOUNCE_MS * 2)
    assert float(tab.result.solved.run.value("b1")[0]) == 2.0
    assert threads and all(t is not QThread.currentThread() for t in threads)


def test_the_tensor_script_is_kept_saved_and_opened(page, qtbot, tmp_path):
    tab = page.tensor_tab
    text = MAKEMORE.read_text(encoding="utf-8")
    tab.editor.setPlainText(text)
    page.keep_drafts()
    again = WorkbenchPage(UiContext(settings={"workbench_drafts": str(tmp_path / "wb.json")}))
    qtbot.addWidget(again)
    assert again.tensor_tab.text() == text
    assert again.tensor_tab.result.output == "loss"
    assert page.save_to(tmp_path / "m.toml")
    assert (tmp_path / "m.toml").read_text(encoding="utf-8") == text
    assert page._kinds().startswith("Tensor scripts (*.toml)")
