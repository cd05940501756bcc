"""Ctrl+K: the search popup lists hits as words are typed and opens the one chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.search import CARD, EXAMPLE, FAMILY
from app.ui.context import UiContext
from app.ui.window import MainWindow


@pytest.fixture
def window(qtbot, themed):
    win = MainWindow(UiContext())
    qtbot.addWidget(win)
    win.resize(1024, 700)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_ctrl_k_opens_the_search_and_typing_lists_hits(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = window.search
    assert popup.isVisible()
    qtbot.waitUntil(popup.field.hasFocus)
    qtbot.keyClicks(popup.field, "momentum")
    assert popup.hits.count() > 1
    assert popup.hits.item(0).text().startswith("Study card: Optimizers")
    qtbot.keyClicks(popup.field, " xyzzy")
    assert popup.hits.count() == 0 and "Nothing matches" in popup.note.text()


def test_enter_opens_a_study_card_on_the_guide_page(qtbot, window) -> None:
    popup = window.show_search()
    qtbot.keyClicks(popup.field, "momentum adam")
    assert popup.entries()[0].kind == CARD
    qtbot.keyClick(popup.field, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert window.current_page_id() == "guide"
    assert window.current_page().topics.currentItem().text().startswith("Optimizers")


def test_an_example_opens_in_the_workbench(qtbot, window) -> None:
    popup = window.show_search()
    popup.field.setText("sigmoid neuron")
    example = next(e for e in popup.entries() if e.kind == EXAMPLE)
    page = popup.open_entry(example)
    assert window.current_page_id() == "workbench"
    assert "a = sigmoid(z)" in page.script_editor.toPlainText()
    assert page.values_edit.text() == "w=0.5, x=1.5, b=-0.2, t=1"


def test_a_family_opens_as_a_question_to_try(qtbot, window) -> None:
    popup = window.show_search()
    popup.field.setText("dead relu")
    family = next(e for e in popup.entries() if e.kind == FAMILY)
    preview = popup.open_entry(family)
    assert preview.isVisible()
    assert preview.view.question().key.family == family.ref
    preview.close()


def test_down_in_the_field_moves_through_the_hits(qtbot, window) -> None:
    popup = window.show_search()
    popup.field.setText("gradient")
    qtbot.keyClick(popup.field, Qt.Key.Key_Down)
    assert popup.hits.currentRow() == 1


def test_hits_show_formulas_as_text_never_tex(qtbot, window) -> None:
    popup = window.show_search()
    popup.field.setText("momentum")
    texts = [popup.hits.item(r).text() for r in range(popup.hits.count())]
    assert texts and not any("$" in t or "\\" in t for t in texts)
