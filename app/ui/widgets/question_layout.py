"""The widgets of a QuestionView and how they are arranged; no behaviour of its own.

The question (title, prompt, answer entry, hints, verdict) is the main column; the diagram
and the worked solution are the side column, beside it on a wide view and below it on a
narrow one. The review rating and the action buttons stay at the bottom, outside the
scrolling area, so they are on screen however long the feedback.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.ui.widgets.answer_entry import set_role
from app.ui.widgets.diagram_view import DiagramView
from app.ui.widgets.feedback import RatingBar, VerdictView
from app.ui.widgets.layouts import clear_layout
from app.ui.widgets.math_label import MathLabel
from app.ui.widgets.solution_view import SolutionView

WIDE = 960
"""Views at least this wide put the side column beside the question."""
MAIN_MAX_WIDTH = 720
"""Longest comfortable line for the question's text, in pixels."""
STACKED_MAX_WIDTH = 900
"""The same when the diagram and solution sit below the question."""
MAIN_MIN_WIDTH = 380
"""Narrowest the question's column may get beside a diagram; below that the columns stack."""


def _button(text: str, name: str, primary: bool = False) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    if primary:
        set_role(button, "primary")
    return button


class QuestionLayout:
    """Builds the view's widgets (public attributes) and lays them out on `view`."""

    def __init__(self, view: QWidget) -> None:
        self.title = QLabel("")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # pack titles are data
        set_role(self.title, "muted")
        self.prompt = MathLabel("")
        self.prompt.setAccessibleDescription("The question")
        self.entry_slot = QVBoxLayout()
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem with the answer")
        set_role(self.problem, "wrong")
        self.hints = QVBoxLayout()
        self.hints.setSpacing(4)
        self.status = QLabel("")
        set_role(self.status, "muted")
        self.verdict = VerdictView()
        self.rating = RatingBar()
        self.diagram = DiagramView()
        self.solution = SolutionView()

        self.hint_button = _button("Hint (H)", "Show a hint")
        self.submit_button = _button("Submit (Enter)", "Submit the answer", primary=True)
        self.variant_button = _button("Another variant (V)", "Another variant of this question")
        self.next_button = _button("Next (N)", "Next question", primary=True)

        self.main = QWidget()
        main = QVBoxLayout(self.main)
        main.setContentsMargins(0, 0, 0, 0)
        main.setSpacing(14)
        main.addWidget(self.title)
        main.addWidget(self.prompt)
        main.addLayout(self.entry_slot)
        main.addWidget(self.problem)
        main.addLayout(self.hints)
        main.addWidget(self.status)
        main.addWidget(self.verdict)
        main.addStretch(1)

        self.side = QWidget()
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(14)
        side.addWidget(self.diagram)
        side.addWidget(self.solution)
        side.addStretch(1)

        content = QWidget()
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, content)
        self.columns.setContentsMargins(24, 20, 24, 20)
        self.columns.setSpacing(28)
        self.columns.addWidget(self.main, 1)
        self.columns.addWidget(self.side, 1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        bar = QHBoxLayout()
        bar.setContentsMargins(24, 8, 24, 14)
        bar.setSpacing(10)
        bar.addWidget(self.hint_button)
        bar.addStretch(1)
        for button in (self.variant_button, self.submit_button, self.next_button):
            bar.addWidget(button)
        outer = QVBoxLayout(view)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.scroll, 1)
        rating_row = QHBoxLayout()  # under the scrolling area: never scrolled out of sight
        rating_row.setContentsMargins(24, 8, 24, 0)
        rating_row.addWidget(self.rating)
        outer.addLayout(rating_row)
        outer.addLayout(bar)
        self.solution.revealed_changed.connect(self._follow_solution)
        self._view = view
        self.arrange(view.width())

    def _follow_solution(self, revealed: int) -> None:
        """Keep the step just revealed in view (after the layout has placed it)."""
        cards = self.solution.cards
        last = cards.itemAt(cards.count() - 1) if cards.count() else None
        card = last.widget() if last is not None else None
        if revealed > 1 and card is not None:
            QTimer.singleShot(0, lambda: self._show_card(card))

    def _show_card(self, card: QWidget) -> None:
        if isValid(card) and card.isVisible():  # a new question may have replaced it
            self.scroll.ensureWidgetVisible(card, 0, 24)
            self.scroll.horizontalScrollBar().setValue(0)  # a wide card never hides the left

    def arrange(self, width: int) -> None:
        """Side by side at WIDE pixels and more when the question keeps MAIN_MIN_WIDTH beside
        the side column's narrowest drawing; stacked otherwise."""
        margins = self.columns.contentsMargins()
        room = width - margins.left() - margins.right() - self.columns.spacing()
        side = self.side.minimumSizeHint().width() if self.side.isVisibleTo(self._view) else 0
        wide = width >= WIDE and room - side >= MAIN_MIN_WIDTH
        self.columns.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        self.main.setMinimumWidth(MAIN_MIN_WIDTH if wide else 0)
        self.main.setMaximumWidth(MAIN_MAX_WIDTH if wide else STACKED_MAX_WIDTH)

    def set_side_visible(self, visible: bool) -> None:
        """Show the side column (diagram, solution) only when it has something in it."""
        self.side.setVisible(visible)
        self.arrange(self._view.width())

    def show_problem(self, text: str) -> None:
        """An inline message about a response that cannot be graded ("" hides it)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def set_status(self, text: str) -> None:
        """A short note under the answer, e.g. "Answer saved" ("" hides it)."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def add_hint(self, number: int, total: int, text: str) -> None:
        """Append a revealed hint."""
        label = MathLabel(f"Hint {number} of {total}: {text}")
        label.setAccessibleName(f"Hint {number}: {label.plain()}")
        self.hints.addWidget(label)

    def clear_hints(self) -> None:
        """Remove the hints of the previous question."""
        clear_layout(self.hints)

    def scroll_to_top(self) -> None:
        """Start a new question at the top, now and once the layout has settled (a solution
        revealed all at once asks to follow its last step, which must not win)."""
        self._top()
        QTimer.singleShot(0, self._top)

    def _top(self) -> None:
        if isValid(self.scroll):
            self.scroll.verticalScrollBar().setValue(0)
            self.scroll.horizontalScrollBar().setValue(0)
