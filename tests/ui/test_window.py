"""The main window: navigation, lazy pages, shortcuts Ctrl+1..9 and F1."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.context import UiContext
from app.ui.window import MainWindow, PageSpec


class CountingPage(QWidget):
    """A page that counts its refreshes."""

    page_id = "counting"
    title = "Counting"

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.refreshes = 0
        QLabel("counting", self)

    def refresh(self) -> None:
        self.refreshes += 1


class OtherPage(CountingPage):
    page_id = "other"


SPECS = (
    PageSpec("counting", "Counting", f"{__name__}:CountingPage"),
    PageSpec("other", "Other", f"{__name__}:OtherPage"),
)


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(UiContext(), SPECS)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_first_page_is_shown_and_refreshed(window: MainWindow) -> None:
    assert window.current_page_id() == "counting"
    assert window.page("counting").refreshes >= 1


def test_ctrl_number_opens_a_page_and_refreshes_it_each_time(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_id() == "other"
    other = window.current_page()
    before = other.refreshes
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert other.refreshes == before + 1
    assert window.nav.currentRow() == 1


def test_arrow_keys_in_the_navigation_list_switch_pages(qtbot, window: MainWindow) -> None:
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_page_id() == "other"


def test_navigate_from_the_context_switches_pages(window: MainWindow) -> None:
    window.context.navigate("other")
    assert window.current_page_id() == "other"


def test_f1_lists_the_shortcuts(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    box = window.shortcuts_box
    assert box is not None and box.isVisible()
    assert "Ctrl+1\tCounting" in box.informativeText()
    box.close()


def test_an_unknown_page_is_named_in_the_error(window: MainWindow) -> None:
    with pytest.raises(KeyError, match="no page 'nowhere'"):
        window.page("nowhere")


def test_a_page_that_cannot_be_imported_says_so_instead_of_crashing(qtbot) -> None:
    specs = (*SPECS, PageSpec("missing", "Missing", "app.ui.pages.no_such_page:Nope"))
    win = MainWindow(UiContext(), specs)
    qtbot.addWidget(win)
    page = win.show_page("missing")
    assert isinstance(page, QLabel)
    assert page.text().startswith("This page is not available")
