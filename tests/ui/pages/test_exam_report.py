"""The exam report: every question reviewed in a pane that fits its width, N to go on."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.services.exam_report import make_report
from app.ui.pages.exam_report import ExamReportPanel
from app.ui.pages.review_pane import BREAK, breakable
from app.ui.theme import apply_theme
from app.ui.widgets.diagram_view import DiagramView
from app.ui.window import NAV_WIDTH
from questions import registry
from questions.grading import grade
from tests.services.helpers import START, wrong_response

LONG_WORD = "backpropagation" * 14


class Answers:
    """Stands in for a submitted exam: the response kept for each question."""

    def __init__(self, responses: list) -> None:
        self.responses = responses

    def response(self, index: int) -> object:
        return self.responses[index]


def report_of(questions: list) -> tuple:
    """A report with every question answered wrong except the first, left blank."""
    responses = [None] + [wrong_response(q) for q in questions[1:]]
    items = [
        (q, None, None) if r is None else (q, str(r), grade(q, r))
        for q, r in zip(questions, responses, strict=True)
    ]
    report = make_report(items, [False] * len(questions), START, False, len(questions) - 1)
    return report, Answers(responses)


@pytest.fixture
def questions() -> list:
    """A long unbroken prompt and title, the widest graph, a network and a guided question."""
    hidden = registry.family("hidden-weight-gradient").question(3, 11)
    long = dataclasses.replace(
        hidden, prompt=f"Consider {LONG_WORD}: what is $w_1$ now?", title="Unbroken" + LONG_WORD
    )
    return [
        long,
        registry.family("chain-rule").question(3, 5),
        registry.family("guided-backprop").question(3, 2),
        registry.family("vanishing-gradient").question(3, 4),
    ]


def in_window(qtbot, panel: ExamReportPanel, width: int, height: int = 700) -> QWidget:
    """The panel where the main window puts a page: right of the navigation list."""
    window = QWidget()
    layout = QHBoxLayout(window)
    layout.setContentsMargins(8, 8, 8, 8)
    layout.addSpacing(NAV_WIDTH + 8)
    layout.addWidget(panel, 1)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_breakable_gives_long_words_a_place_to_break_and_leaves_math_whole() -> None:
    text = breakable(
        f"Say {LONG_WORD} for $\\frac{{\\partial E}}{{\\partial w_{{123456789012345678901}}}}$"
    )
    assert (
        text.replace(BREAK, "")
        == f"Say {LONG_WORD} for $\\frac{{\\partial E}}{{\\partial w_{{123456789012345678901}}}}$"
    )
    assert text.count(BREAK) == len(LONG_WORD) // 18
    assert breakable("short words only") == "short words only"


@pytest.mark.parametrize(("width", "text_size"), [(1024, 11), (1024, 14), (1366, 11)])
def test_the_review_never_scrolls_sideways(qtbot, themed, questions, width, text_size) -> None:
    apply_theme(themed, dark=False, text_size=text_size)
    panel = ExamReportPanel()
    window = in_window(qtbot, panel, width)  # noqa: F841 (kept alive)
    report, exam = report_of(questions)
    panel.show_report(report, exam)
    for row, question in enumerate(questions):
        panel.select_item(row)
        qtbot.wait(20)  # the layout settles
        view = panel.review_view
        bar = view.ui.scroll.horizontalScrollBar()
        assert bar.maximum() == 0 and not bar.isVisible(), question.key
        content = view.ui.scroll.widget()
        assert content.width() <= view.ui.scroll.viewport().width()
        squeezed = [
            type(w).__name__
            for w in content.findChildren(QWidget)
            if w.isVisibleTo(content) and w.minimumSizeHint().width() > w.width() + 1
        ]
        assert squeezed == [], question.key  # nothing is cut off instead of wrapping
        assert view.ui.solution.isVisible() and view.ui.verdict.isVisible()
        if question.diagram is not None:
            assert view.fitted.isVisible() and view.fitted.height() > 40
    apply_theme(themed, dark=False, text_size=11)


def test_a_wide_diagram_is_drawn_scaled_to_the_pane(qtbot, themed, questions) -> None:
    panel = ExamReportPanel()
    window = in_window(qtbot, panel, 1024)  # noqa: F841 (kept alive)
    report, exam = report_of(questions)
    panel.show_report(report, exam)
    panel.select_item(1)  # the chain-rule graph at level 3: many columns
    qtbot.wait(20)
    fitted = panel.review_view.fitted
    assert fitted.drawing.minimumSizeHint().width() > fitted.width()
    image = fitted.grab().toImage()
    assert image.width() == fitted.width()
    background = image.pixelColor(1, 1)
    drawn = sum(
        image.pixelColor(x, y) != background
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    )
    assert drawn > 20  # boxes and edges were painted
    qtbot.mouseClick(fitted, Qt.MouseButton.LeftButton)  # full size in a window of its own
    enlarged = fitted.enlarged
    assert enlarged is not None and enlarged.isVisible()
    full = enlarged.findChild(DiagramView)
    assert full.diagram() == questions[1].diagram
    assert full.width() >= full.minimumSizeHint().width()
    enlarged.close()


def test_n_goes_on_to_the_next_question_right_after_submitting(qtbot, themed, questions, press):
    panel = ExamReportPanel()
    window = in_window(qtbot, panel, 1366)  # noqa: F841 (kept alive)
    panel.window().activateWindow()
    report, exam = report_of(questions)
    requested = []
    panel.new_exam_requested.connect(lambda: requested.append(True))
    panel.show_report(report, exam)  # as submitting leaves it: the question list has focus
    qtbot.waitUntil(panel.item_table.hasFocus)
    for row in range(1, len(questions)):
        press(Qt.Key.Key_N)
        assert panel._reviewed == row
        assert panel.item_table.currentIndex().row() == row
    press(Qt.Key.Key_N)  # after the last question: on to a new exam
    assert panel.new_button.hasFocus()
    press(Qt.Key.Key_Return)
    assert requested == [True]
