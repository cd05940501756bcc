"""Every primary button is inside the window, unclipped and without scrolling, on every page
and in every state that has one, at 1366x768 and 1024x700 and text sizes 100% and 125%."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QWidget

from app.services import open_services
from app.ui.context import UiContext
from app.ui.theme import DEFAULT_TEXT_SIZE, apply_theme
from app.ui.window import MainWindow
from tests.ui.screenshots import answer_numeric_or_choice, settle, wait_for

SIZES = [(1366, 768), (1024, 700)]
TEXT_SIZES = [DEFAULT_TEXT_SIZE, round(DEFAULT_TEXT_SIZE * 1.25)]
RATING_PREFIX = "Rate "


def rect_in(window: QWidget, widget: QWidget) -> QRect:
    """The widget's rectangle in the window's coordinates."""
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def clipped(window: QWidget, button: QWidget) -> str | None:
    """Why the button is not wholly visible in the window (None when it is): which ancestor,
    a scroll area's viewport included, cuts it off."""
    box = rect_in(window, button)
    ancestor = button.parentWidget()
    while ancestor is not None and ancestor is not window:
        if not rect_in(window, ancestor).contains(box):
            return f"cut off by {type(ancestor).__name__} {ancestor.objectName()!r}".strip()
        ancestor = ancestor.parentWidget()
    if not window.rect().contains(box):
        return "outside the window"
    return None


def primary_buttons(window: QWidget) -> list[QAbstractButton]:
    """The visible buttons that move a learner on: role=primary, and the review ratings."""
    return [
        b
        for b in window.findChildren(QPushButton)
        if b.isVisible()
        and (b.property("role") == "primary" or b.accessibleName().startswith(RATING_PREFIX))
    ]


@pytest.fixture
def services(tmp_path) -> Iterator[object]:
    """Services on a fresh database with one learner (new skills to study)."""
    with open_services(f"sqlite:///{tmp_path / 'p.sqlite3'}") as opened:
        opened.create_profile("Ada")
        yield opened


def states(window: MainWindow, app: QApplication) -> Iterator[str]:
    """Walk every page through its states with primary buttons; yield each state's name."""
    for page_id in ("home", "guide", "workbench", "author", "settings"):
        window.show_page(page_id)
        yield page_id
    study = window.show_page("study")
    yield "study question"
    answer_numeric_or_choice(study, right=False)
    yield "study feedback"
    practice = window.show_page("practice")
    practice.show_setup()
    yield "practice setup"
    practice.picker.set_topics(["mlp-backprop"])
    practice.count.setValue(2)
    practice.start()
    yield "practice question"
    answer_numeric_or_choice(practice, right=True)
    yield "practice feedback"
    exam = window.show_page("exam")
    exam.show_setup()
    yield "exam setup"
    exam.picker.set_topics(["mlp-backprop"])
    exam.count.setValue(3)
    exam.build()
    wait_for(app, lambda: exam.stack.currentWidget() is exam.running)
    yield "exam question"
    exam.submit()
    yield "exam summary"
    exam.finish()
    yield "exam report"


@pytest.mark.parametrize("text_size", TEXT_SIZES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_primary_button_is_inside_the_window_without_scrolling(
    qapp, qtbot, services, size, text_size
) -> None:
    apply_theme(qapp, dark=False, text_size=text_size)
    context = UiContext(services, services.profile("Ada"), {})
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    problems, seen = [], set()
    try:
        for state in states(window, qapp):
            settle(qapp)
            assert window.size().toTuple() == size, f"{state}: the window grew to {window.size()}"
            for button in primary_buttons(window):
                seen.add(state)
                why = clipped(window, button)
                if why:
                    problems.append(f"{state}: {button.text()!r} {why}")
    finally:
        window.close()
        apply_theme(qapp, dark=False, text_size=DEFAULT_TEXT_SIZE)
    assert not problems, "\n".join(problems)
    assert {"study feedback", "practice setup", "exam question", "exam summary"} <= seen
