"""Review of an answered question: the learner's answer, the verdict and diagnosis, and the
whole worked solution, fitted to the width it is given so it never scrolls sideways.

Used by the exam report, the practice summary and the history page. Long unbroken words
(a pack's prompt, an exact answer) get break opportunities; the diagram is drawn scaled down
when the pane is narrower than the drawing's legible minimum.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.ui.widgets.diagram_view import DiagramView
from app.ui.widgets.math_label import MathLabel, segments
from app.ui.widgets.question_view import QuestionView
from questions.grading import Verdict
from questions.model import Question

BREAK = "\u200b"
"""A zero-width space: an invisible place where a line may break."""
LONGEST_RUN = 18
"""Characters of an unbroken word before a break opportunity is added."""
_WORD = re.compile(rf"[^\s{BREAK}]{{{LONGEST_RUN + 1},}}")


def breakable(text: str) -> str:
    """The text with a break opportunity every LONGEST_RUN characters of a long word; math
    (`$...$`) is left whole, since its rich text already wraps between symbols."""

    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        return BREAK.join(word[i : i + LONGEST_RUN] for i in range(0, len(word), LONGEST_RUN))

    out = []
    for is_math, piece in segments(text):
        out.append(f"${piece}$" if is_math else _WORD.sub(split, piece))
    return "".join(out)


def copy_diagram(source: DiagramView, target: DiagramView) -> None:
    """Make `target` draw what `source` draws: its diagram and the gradients revealed on it."""
    diagram = source.diagram()
    target.set_diagram(diagram)
    for node in diagram.nodes if diagram else ():
        grad = source.grad_of(node.id)
        if grad is not None and node.grad is None:
            target.reveal_grad(node.id, grad)


class FittedDiagram(QWidget):
    """A question's diagram drawn at its natural size, or scaled down to fit a narrow width."""

    def __init__(self) -> None:
        super().__init__()
        self.drawing = DiagramView()  # never shown: rendered into this widget, scaled
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Diagram")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click to see the drawing full size")
        self.enlarged: QDialog | None = None

    def show_diagram(self, source: DiagramView) -> None:
        """Draw what `source` draws (its diagram and revealed gradients)."""
        copy_diagram(source, self.drawing)
        self.drawing.setFont(self.font())
        self.setAccessibleDescription(source.accessibleDescription())
        self.setVisible(source.diagram() is not None)
        self.updateGeometry()
        self.update()

    def enlarge(self) -> QDialog:
        """The drawing full size in a window of its own (scrolling if the screen is small)."""
        dialog = QDialog(self.window())
        dialog.setWindowTitle("Diagram")
        view = DiagramView()
        copy_diagram(self.drawing, view)
        view.setMinimumSize(view.sizeHint())
        scroll = QScrollArea()
        scroll.setWidget(view)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(dialog)
        layout.addWidget(scroll)
        screen = self.screen().availableGeometry()
        hint = view.sizeHint()
        dialog.resize(
            min(hint.width() + 40, screen.width()), min(hint.height() + 40, screen.height())
        )
        self.enlarged = dialog
        dialog.open()
        return dialog

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click shows the drawing full size."""
        if event.button() == Qt.MouseButton.LeftButton and self.drawing.diagram() is not None:
            self.enlarge()
        super().mouseReleaseEvent(event)

    def _scale(self, width: int) -> float:
        least = self.drawing.minimumSizeHint().width()
        return min(1.0, width / least) if least > 0 else 1.0

    def _natural(self, width: int) -> QSize:
        """The drawing's own size for a width: as wide as allowed up to its preferred size."""
        hint, least = self.drawing.sizeHint(), self.drawing.minimumSizeHint()
        return QSize(max(least.width(), min(width, hint.width())), hint.height())

    def sizeHint(self) -> QSize:
        return self.drawing.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(self._natural(width).height() * self._scale(width))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Render the drawing at its natural size, scaled by the painter to the width here."""
        if self.drawing.diagram() is None:
            return
        scale = self._scale(self.width())
        self.drawing.resize(self._natural(round(self.width() / scale)))
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        self.drawing.render(painter, QPoint(0, 0))
        painter.end()


class ReviewPane(QuestionView):
    """A QuestionView for reviewing: `review(question, response, verdict)` shows it all."""

    def __init__(self) -> None:
        super().__init__()
        self.set_variant_available(False)
        self.setAccessibleName("Question under review")
        self.fitted = FittedDiagram()
        self.fitted.hide()
        ui = self.ui
        side = ui.side.layout()
        assert isinstance(side, QVBoxLayout)
        side.insertWidget(0, self.fitted)
        ui.title.setWordWrap(True)
        for widget in (ui.solution.next_button, ui.solution.all_button, ui.solution.counter):
            widget.hide()  # every step is shown at once
        ui.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = ui.scroll.widget()
        assert content is not None
        self.content: QWidget = content
        self.content.setMinimumWidth(1)  # the content follows the pane's width

    def review(self, question: Question, response: object, verdict: Verdict) -> None:
        """The question with the learner's answer (None: left blank), its verdict and diagnosis,
        and every step of the worked solution. The keyboard focus stays where it was (a list
        being walked with the arrow keys keeps it)."""
        focus = QApplication.focusWidget()
        self.set_question(question, response)
        self.show_outcome(verdict, None)
        self.ui.solution.reveal_all()
        self.ui.diagram.hide()
        self.fitted.show_diagram(self.ui.diagram)
        if question.diagram is not None:
            self.ui.set_side_visible(True)
        self._make_breakable()
        self.ui.scroll_to_top()
        if focus is not None and isValid(focus) and not self.isAncestorOf(focus):
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _make_breakable(self) -> None:
        """Give every long word of the texts shown a place to break."""
        for label in self.content.findChildren(QLabel):
            if isinstance(label, MathLabel):
                source = label.math_text()
                if breakable(source) != source:
                    label.set_math_text(breakable(source))
            elif label.wordWrap() and label.textFormat() != Qt.TextFormat.RichText:
                text = label.text()
                if breakable(text) != text:
                    label.setText(breakable(text))
