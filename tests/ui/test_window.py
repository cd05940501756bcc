"""The main window: navigation, lazy pages, menus, shortcuts, and its remembered state."""

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


def test_f1_lists_the_shortcuts_in_a_table_of_three_columns(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    sheet = window.shortcuts_box
    assert sheet is not None and sheet.isVisible()
    rows = sheet.rows()
    assert ("Ctrl+2", "Everywhere", "Open Other") in rows
    assert ("PgDn", "Exam", "Next question") in rows
    assert ("Ctrl+K", "Everywhere", "Search questions, cards and examples") in rows
    assert sheet.table.columnCount() == 3 and not any("\t" in cell for r in rows for cell in r)
    sheet.close()


def test_the_menu_bar_has_file_go_and_help_with_the_keys_of_the_table(window: MainWindow) -> None:
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Go", "&Help"]
    assert window.actions_by_id["go.other"].shortcut().toString() == "Ctrl+2"
    assert window.actions_by_id["app.search"].shortcut().toString() == "Ctrl+K"


def test_about_names_the_version_the_licence_and_the_data_folder(window: MainWindow) -> None:
    window.actions_by_id["app.about"].trigger()
    text = window.about.text()
    assert "Backprop Quiz</b> 0.1.0" in text
    assert "Licence: MIT" in text and "Data folder: " in text
    window.about.close()


def test_enter_presses_the_focused_button_not_the_pages_enter_shortcut(qtbot, window, press):
    from PySide6.QtWidgets import QVBoxLayout

    from app.ui.shortcuts import bind

    page = window.current_page()
    layout = QVBoxLayout(page)
    first, second = QPushButton("Start"), QPushButton("Review")
    layout.addWidget(first)
    layout.addWidget(second)
    started, reviewed = [], []
    first.clicked.connect(lambda: started.append(1))
    second.clicked.connect(lambda: reviewed.append(1))
    bind("setup.start", page, first.click)  # Enter anywhere on the page starts
    second.setFocus()
    qtbot.waitUntil(second.hasFocus)
    press(Qt.Key.Key_Return)
    assert (reviewed, started) == ([1], [])
    page.setFocus()
    press(Qt.Key.Key_Return)
    assert started == [1]


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


def test_every_shortcut_of_every_page_is_bound_through_the_table(real_window) -> None:
    from PySide6.QtGui import QShortcut

    from app.ui.shortcuts import SHORTCUTS, page_shortcuts

    for page_id in real_window.page_ids:
        real_window.show_page(page_id)
    table = {row.id: row for row in (*SHORTCUTS, *page_shortcuts(real_window.page_titles()))}
    bound = real_window.findChildren(QShortcut)
    assert {s.objectName() for s in bound} >= {"exam.flag", "workbench.error", "guide.reveal"}
    for made in bound:
        row = table[made.objectName()]  # a KeyError here is a shortcut missing from the sheet
        assert made.key().toString() in row.keys
    for action in real_window.actions():
        for key in action.shortcuts():
            assert any(key.toString() in row.keys for row in table.values()), key.toString()


def test_closing_keeps_size_page_and_splitters_and_the_next_window_restores_them(
    qtbot, real_window
) -> None:
    from PySide6.QtWidgets import QSplitter

    workbench = real_window.show_page("workbench")
    splitter = workbench.findChildren(QSplitter)[0]
    splitter.setSizes([500, 300])
    wanted = splitter.sizes()
    real_window.resize(800, 580)  # the offscreen screen is 800×600
    real_window.close()
    state = real_window.context.settings["window"]
    assert state["page"] == "workbench" and state["splitters"]["workbench.0"] == wanted
    again = MainWindow(UiContext(real_window.context.services, None, {"window": state}))
    qtbot.addWidget(again)
    again.fit_to_screen()
    assert again.size().toTuple() == (800, 580)
    restored = again.page("workbench").findChildren(QSplitter)[0]
    assert restored.sizes() == wanted


@pytest.mark.parametrize(("screen", "panel"), [((1366, 768), 40), ((1280, 720), 32)])
def test_the_default_size_fits_small_screens_with_their_panel(screen, panel) -> None:
    from PySide6.QtCore import QRect

    from app.ui.window_state import FRAME, default_size

    available = QRect(0, 0, screen[0], screen[1] - panel)
    size = default_size(available)
    assert size.width() + FRAME.width() <= available.width()
    assert size.height() + FRAME.height() <= available.height()
    assert default_size(QRect(0, 0, 2560, 1400)).toTuple() == (1280, 800)


def test_enter_on_a_focused_home_button_opens_its_page(qtbot, real_window, press) -> None:
    home = real_window.show_page("home")
    button = next(b for b in home.findChildren(QPushButton) if b.text() == "Workbench")
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    press(Qt.Key.Key_Return)
    assert real_window.current_page_id() == "workbench"
