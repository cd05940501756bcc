"""Answer entry for choice and numeric questions (guided questions: guided_entry.py).

Every entry offers the same small API, which QuestionView relies on: `response()`,
`format_problem()` (a message when the response cannot be graded yet, else None),
`set_locked()`, `show_result(verdict)`, `restore(response)`, `choose(n)` for keys 1-9 and
`focus_entry()`. Enter is left to propagate to the view, which submits.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets.math_label import MathLabel, plain_text
from questions.grading import Verdict, describe_tolerance
from questions.model import Kind, Question
from questions.numbers import FormatError, parse_number

MAX_KEYED_CHOICES = 9


def set_role(widget: QWidget, role: str) -> None:
    """Set the stylesheet role property and re-polish, so the new style shows at once."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class AnswerEntry(QWidget):
    """The shared API of every answer entry; see the module docstring."""

    changed = Signal()
    """The learner changed the response."""
    hint_requested = Signal()
    """H was pressed in a number box (a number never contains an h)."""

    def watch_keys(self, edit: QLineEdit) -> None:
        """Let H typed in a number box ask for a hint instead of being typed."""
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """H in a watched number box requests a hint."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_H
            and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        ):
            self.hint_requested.emit()
            return True
        return super().eventFilter(watched, event)

    def response(self) -> object:
        """What the learner has entered, in the form questions.grading.grade reads."""
        raise NotImplementedError

    def format_problem(self) -> str | None:
        """Why the response cannot be graded yet (said plainly), or None when it can."""
        raise NotImplementedError

    def set_locked(self, locked: bool) -> None:
        """Make the entry read-only (after submitting) or editable again."""
        self.setEnabled(not locked)

    def show_result(self, verdict: Verdict) -> None:
        """Mark what was right and wrong in the entry itself."""

    def restore(self, response: object) -> None:
        """Show a response given earlier (an exam question revisited)."""

    def choose(self, number: int) -> bool:
        """Select (or toggle) choice `number` (1-based); False if there is no such choice."""
        return False

    def focus_entry(self) -> None:
        """Put the keyboard focus where the learner answers."""
        self.setFocus()


class _ChoiceRow(QFrame):
    """One choice: a radio button or check box with the choice's number, and its text."""

    def __init__(self, number: int, text: str, multiple: bool) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.button: QAbstractButton = (
            QCheckBox(str(number)) if multiple else QRadioButton(str(number))
        )
        self.button.setAccessibleName(f"Choice {number}: {plain_text(text)}")
        self.label = MathLabel(text)
        self.label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.label.clicked.connect(self._click)
        self.mark = QLabel("")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(10)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignTop)

    def _click(self) -> None:
        if self.button.isEnabled():
            self.button.click()
            self.button.setFocus()


class ChoiceEntry(AnswerEntry):
    """Radio buttons (single choice) or check boxes (multiple select); keys 1-9 pick."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.multiple = question.kind is Kind.MULTIPLE
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.rows: list[_ChoiceRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        if self.multiple:
            hint = QLabel("Select every right choice (keys 1-9 toggle).")
            set_role(hint, "muted")
            layout.addWidget(hint)
        for i, choice in enumerate(question.choices):
            row = _ChoiceRow(i + 1, choice.text, self.multiple)
            self.group.addButton(row.button, i)
            self.rows.append(row)
            layout.addWidget(row)
        self.group.idToggled.connect(lambda *_: self.changed.emit())
        if self.rows:
            self.setFocusProxy(self.rows[0].button)

    def response(self) -> object:
        """The picked index (single) or the list of picked indices (multiple)."""
        picked = [i for i, row in enumerate(self.rows) if row.button.isChecked()]
        if self.multiple:
            return picked
        return picked[0] if picked else None

    def format_problem(self) -> str | None:
        """A message when nothing is picked."""
        if self.response() in (None, []):
            keys = f"1-{min(len(self.rows), MAX_KEYED_CHOICES)}"
            return f"Pick a choice first: click it or press its number ({keys})."
        return None

    def choose(self, number: int) -> bool:
        """Pick (single) or toggle (multiple) choice `number`, 1-based."""
        if not 1 <= number <= len(self.rows) or not self.isEnabled():
            return False
        button = self.rows[number - 1].button
        if self.multiple:
            button.setChecked(not button.isChecked())
        else:
            button.setChecked(True)
        button.setFocus()
        return True

    def restore(self, response: object) -> None:
        """Check the choices of an earlier response."""
        picked = response if isinstance(response, list | tuple | set) else [response]
        for i, row in enumerate(self.rows):
            row.button.setChecked(i in picked)

    def show_result(self, verdict: Verdict) -> None:
        """Mark the right choices and the wrong picks."""
        picked = self.response()
        chosen = set(picked) if isinstance(picked, list) else {picked}
        for i, (row, choice) in enumerate(zip(self.rows, self.question.choices, strict=True)):
            if choice.correct:
                row.mark.setText("✓ right" if i in chosen else "✓ right answer")
                set_role(row.mark, "right")
            elif i in chosen:
                row.mark.setText("✗ your pick")
                set_role(row.mark, "wrong")
            else:
                row.mark.setText("")

    def focus_entry(self) -> None:
        """Focus the picked choice, or the first."""
        picked = self.group.checkedButton()
        target = picked or (self.rows[0].button if self.rows else None)
        if target is not None:
            target.setFocus()


class TextEntry(AnswerEntry):
    """A one-line box (`edit`) with a feedback line (`format_label`) and a rule in words
    (`rule_label`, `rule`): what number and formula entries share."""

    edit: QLineEdit
    format_label: QLabel
    rule_label: QLabel
    rule: str

    def response(self) -> object:
        """The text as typed (grading reads it)."""
        return self.edit.text()

    def show_format_problem(self, message: str) -> None:
        """Show why a submitted response could not be read, under the box."""
        self.format_label.setText(message)
        set_role(self.format_label, "wrong")

    def set_locked(self, locked: bool) -> None:
        """Read-only after submitting, so the answer stays visible and selectable."""
        self.edit.setReadOnly(locked)
        self.edit.setFocusPolicy(
            Qt.FocusPolicy.ClickFocus if locked else Qt.FocusPolicy.StrongFocus
        )

    def restore(self, response: object) -> None:
        """Put an earlier response back in the box."""
        self.edit.setText("" if response is None else str(response))

    def show_result(self, verdict: Verdict) -> None:
        """Colour the feedback line by the verdict."""
        self.rule_label.setText(self.rule)
        self.format_label.setText("✓ right" if verdict.correct else "✗ not right")
        set_role(self.format_label, "right" if verdict.correct else "wrong")


class NumericEntry(TextEntry):
    """A number box with live format feedback and the tolerance rule in words."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Type a number, e.g. 0.082, -1/3 or 8.2e-2")
        self.edit.setAccessibleName("Your answer")
        self.edit.setMaximumWidth(360)
        unit = question.answer.unit if question.answer else ""
        self.format_label = QLabel("")
        self.format_label.setAccessibleName("Format feedback")
        self.format_label.setWordWrap(True)
        self.rule = describe_tolerance(question.answer) if question.answer else ""
        self.rule_label = QLabel(self.rule + "  Press Enter to submit.")
        self.rule_label.setWordWrap(True)
        set_role(self.rule_label, "muted")
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.edit, 1)
        if unit:
            row.addWidget(QLabel(unit))
        row.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.format_label)
        layout.addWidget(self.rule_label)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._live_feedback)
        self.watch_keys(self.edit)

    def format_problem(self) -> str | None:
        """parse_number's message when the text is not a number."""
        try:
            parse_number(self.edit.text())
        except FormatError as error:
            return str(error)
        return None

    def _live_feedback(self, text: str) -> None:
        self.changed.emit()
        if not text.strip():
            self.format_label.setText("")
            return
        try:
            value = parse_number(text)
        except FormatError as error:
            self.format_label.setText(str(error))
            set_role(self.format_label, "wrong")
            return
        self.format_label.setText(f"Reads as {value:.6g}")
        set_role(self.format_label, "muted")
