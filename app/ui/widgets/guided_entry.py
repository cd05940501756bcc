"""Guided questions: each node's gradient entered in order, each checked as it is entered.

One row per GuidedStep (its prompt, a box, a result). Only the current row is editable; Enter
checks it with questions.grading.grade_step, shows right or wrong (and the right value, so
the learner can go on), reveals the gradient on the diagram, and moves to the next blank.
After the last blank, `submit_requested` is emitted. In exam mode (`feedback=False`) a blank
is only checked for format, and nothing says whether it was right.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from app.ui.widgets.answer_entry import AnswerEntry, set_role
from app.ui.widgets.diagram_view import DiagramView
from app.ui.widgets.math_label import MathLabel
from questions.grading import Verdict, grade_step
from questions.model import Question
from questions.numbers import FormatError, parse_number


class GuidedEntry(AnswerEntry):
    """The blanks of a guided question; see the module docstring."""

    step_checked = Signal(int, object)
    """(step index, Verdict) after a blank is checked (only with feedback)."""
    submit_requested = Signal()
    """Every blank is filled in."""

    def __init__(
        self,
        question: Question,
        diagram: DiagramView | None = None,
        feedback: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.diagram = diagram
        self.feedback = feedback
        self.current = 0
        self.verdicts: list[Verdict] = []
        self.edits: list[QLineEdit] = []
        self.results: list[QLabel] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(2, 1)
        for i, step in enumerate(question.guided):
            prompt = MathLabel(step.prompt)
            prompt.setMinimumWidth(160)
            edit = QLineEdit()
            edit.setAccessibleName(f"Blank {i + 1}: {prompt.plain()}")
            edit.setPlaceholderText("number")
            edit.setMaximumWidth(200)
            result = QLabel("")
            result.setWordWrap(True)
            result.setAccessibleName(f"Result of blank {i + 1}")
            grid.addWidget(prompt, i, 0)
            grid.addWidget(edit, i, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(result, i, 2)
            self.edits.append(edit)
            self.results.append(result)
            edit.textChanged.connect(lambda *_: self.changed.emit())
            self.watch_keys(edit)
        self._enable_current()

    def _enable_current(self) -> None:
        for i, edit in enumerate(self.edits):
            edit.setReadOnly(i != self.current)
            edit.setEnabled(i <= self.current)
        if self.current < len(self.edits):
            self.setFocusProxy(self.edits[self.current])
            if self.diagram is not None:
                self.diagram.set_current(self.question.guided[self.current].node)
        elif self.diagram is not None:
            self.diagram.set_current(None)

    @property
    def done(self) -> bool:
        """True when every blank has been entered."""
        return self.current >= len(self.edits)

    def check_current(self) -> bool:
        """Check the current blank; True if it was accepted (it moved on), False if unreadable."""
        if self.done:
            return True
        i = self.current
        step = self.question.guided[i]
        text = self.edits[i].text()
        if not self.feedback:
            try:
                parse_number(text)
            except FormatError as error:
                self._show(i, str(error), "wrong")
                return False
            self._show(i, "saved", "muted")
        else:
            verdict = grade_step(step, text)
            if verdict.format_error:
                self._show(i, verdict.format_error, "wrong")
                return False
            self.verdicts.append(verdict)
            mark = "✓ " if verdict.correct else "✗ "
            self._show(i, mark + verdict.message, "right" if verdict.correct else "wrong")
            if self.diagram is not None:
                self.diagram.reveal_grad(step.node, step.value)
            self.step_checked.emit(i, verdict)
        self.current += 1
        self._enable_current()
        if self.done:
            self.submit_requested.emit()
        else:
            self.edits[self.current].setFocus()
        return True

    def _show(self, index: int, text: str, role: str) -> None:
        self.results[index].setText(text)
        set_role(self.results[index], role)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter checks the current blank instead of submitting the whole question."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.done:
            self.check_current()
            event.accept()
            return
        super().keyPressEvent(event)

    def response(self) -> object:
        """The texts entered so far, in order."""
        return [edit.text() for edit in self.edits[: self.current]]

    def format_problem(self) -> str | None:
        """A message while blanks remain."""
        if self.done:
            return None
        left = len(self.edits) - self.current
        return f"Fill in the blanks in order: {left} of {len(self.edits)} still to go."

    def set_locked(self, locked: bool) -> None:
        """Lock every box (after the question is graded)."""
        for i, edit in enumerate(self.edits):
            edit.setReadOnly(locked or i != self.current)

    def restore(self, response: object) -> None:
        """Refill the blanks of an earlier response (exam revisits), without feedback."""
        if not isinstance(response, list | tuple):
            return
        for i, text in enumerate(response[: len(self.edits)]):
            self.edits[i].setText(str(text))
            self._show(i, "saved", "muted")
        self.current = min(len(response), len(self.edits))
        self._enable_current()

    def focus_entry(self) -> None:
        """Focus the current blank."""
        if not self.done:
            self.edits[self.current].setFocus()
