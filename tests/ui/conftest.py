"""Shared UI fixtures: a themed application, a guided question, and a key press helper."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.theme import apply_theme
from questions.diagram import Diagram, DiagramEdge, DiagramNode
from questions.model import FamilyKey, GuidedStep, Kind, Question, Step


@pytest.fixture
def themed(qapp: QApplication) -> QApplication:
    """The application with the light theme at the default text size."""
    apply_theme(qapp, dark=False, text_size=11)
    return qapp


def _window_focus() -> QWidget | None:
    """The focus widget of the newest visible window, active or not (offscreen activation
    can lag behind when many windows have come and gone)."""
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.focusWidget()]
    return windows[-1].focusWidget() if windows else None


@pytest.fixture
def press(qtbot) -> Callable[..., None]:
    """press(key, widget=None): a key click delivered where the keyboard focus is, so it
    travels up the widget tree the way a real key press does."""

    def send(key: Qt.Key | str, widget: QWidget | None = None) -> None:
        target = widget or QApplication.focusWidget() or _window_focus()
        assert target is not None, "nothing has the keyboard focus"
        if isinstance(key, str):
            QTest.keyClicks(target, key)
        else:
            QTest.keyClick(target, key)

    return send


@pytest.fixture
def guided_question() -> Question:
    """The cs231n example as a guided question: f = (x + y) * z at x=-2, y=5, z=-4."""
    nodes = (
        DiagramNode("x", "x", 0, -2.0),
        DiagramNode("y", "y", 0, 5.0),
        DiagramNode("z", "z", 0, -4.0),
        DiagramNode("q", "q", 1, 3.0, op="+"),
        DiagramNode("f", "f", 2, -12.0, grad=1.0, op="*"),
    )
    edges = (
        DiagramEdge("x", "q"),
        DiagramEdge("y", "q"),
        DiagramEdge("q", "f"),
        DiagramEdge("z", "f"),
    )
    return Question(
        key=FamilyKey("guided-test", 1, 1),
        topic="chain-rule",
        kind=Kind.GUIDED,
        prompt="With $q = x + y$ and $f = q z$, fill in each gradient of $f$ in order.",
        title="Backward through a small graph",
        hints=("Multiply the upstream gradient by the local one.",),
        solution=(
            Step("Gradient at q", r"$\partial f / \partial q = z$", "z = -4", "-4"),
            Step("Gradient at z", r"$\partial f / \partial z = q$", "q = 3", "3"),
            Step("Gradient at x", r"$\partial f / \partial x = z \cdot 1$", "-4 × 1", "-4"),
        ),
        diagram=Diagram("graph", nodes, edges),
        guided=(
            GuidedStep("q", r"$\partial f / \partial q$", -4.0),
            GuidedStep("z", r"$\partial f / \partial z$", 3.0),
            GuidedStep("x", r"$\partial f / \partial x$", -4.0),
        ),
    )


@pytest.fixture
def shown(qtbot) -> Callable[..., QWidget]:
    """shown(page, size=(1280, 800)): the page in its own active window, refreshed, as the
    window shows it."""

    def show(page: QWidget, size: tuple[int, int] = (1280, 800)) -> QWidget:
        qtbot.addWidget(page)
        page.resize(*size)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()
        return page

    return show
