"""The main window: navigation, lazy pages, shortcuts Ctrl+1..9 and F1."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

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


@pytest.fixture
def real_window(qtbot, tmp_path, themed):
    """The app's window with every page, on services over a fresh database."""
    from app.services import open_services
    from tests.services.helpers import START, Clock

    services = open_services(f"sqlite:///{tmp_path / 'p.sqlite3'}", now=Clock(START))
    win = MainWindow(UiContext(services, services.create_profile("Ada"), {}))
    qtbot.addWidget(win)
    win.resize(1024, 700)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    services.close()


SHELL_PAGES = (
    "home",
    "study",
    "practice",
    "exam",
    "guide",
    "progress",
    "workbench",
    "author",
    "settings",
)


def test_the_shell_pages_fit_1024_by_700(real_window: MainWindow) -> None:
    for page_id in real_window.page_ids:  # every page built, each may only widen itself
        real_window.show_page(page_id)
    for page_id in SHELL_PAGES:
        real_window.show_page(page_id)
        hint = real_window.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 700, (page_id, hint)
    assert real_window.size().toTuple() == (1024, 700)


def test_keyboard_only_study_then_progress_shows_the_answer(qtbot, real_window, press) -> None:
    from questions.model import Kind
    from questions.numbers import format_number

    qtbot.keyClick(real_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    study = real_window.current_page()
    question = study.view.question()
    if question.kind is Kind.NUMERIC:
        press(format_number(question.answer.value, 4))
    else:
        press(str(question.correct_indices[0] + 1))
    press(Qt.Key.Key_Return)
    assert study.view.ui.verdict.banner.text() == "✓ Right"
    progress_key = Qt.Key.Key_1 + real_window.page_ids.index("progress")
    progress = real_window.page("progress")
    with qtbot.waitSignal(progress.drawn, timeout=20000):
        qtbot.keyClick(real_window, progress_key, Qt.KeyboardModifier.ControlModifier)
    assert real_window.current_page_id() == "progress"
    assert progress.summary.text().startswith("1 answer")


def test_keyboard_only_a_guide_self_grade_is_kept_and_shown_next_time(
    qtbot, real_window, press
) -> None:
    guide_key = Qt.Key.Key_1 + real_window.page_ids.index("guide")
    qtbot.keyClick(real_window, guide_key, Qt.KeyboardModifier.ControlModifier)
    guide = real_window.current_page()
    qtbot.waitUntil(lambda: guide.items[0].isVisible())  # a layout shows new cards queued
    guide.topics.setFocus()
    press("a")  # the first model answer; focus moves to "Got it"
    press(Qt.Key.Key_Tab)  # "Not yet"
    press(Qt.Key.Key_Space)
    services, profile = real_window.context.services, real_window.context.profile
    assert services.guide_grades(profile.id, "purpose")[0].knew is False
    guide.show_topic("chain-rule")
    guide.show_topic("purpose")
    assert guide.items[0].status.text() == "Last time: not yet. Worth another go."


def test_home_study_button_leaves_the_keyboard_in_the_question(qtbot, real_window, press) -> None:
    from PySide6.QtWidgets import QApplication

    home = real_window.show_page("home")
    button = next(b for b in home.findChildren(QPushButton) if b.text() == "Study now")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # it takes the focus, then hides
    qtbot.wait(50)
    study = real_window.current_page()
    assert real_window.current_page_id() == "study"
    focus = QApplication.focusWidget() or real_window.focusWidget()
    assert focus is not None and study.view.isAncestorOf(focus), focus
