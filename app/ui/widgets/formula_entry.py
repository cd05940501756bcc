"""The answer entry of a formula question: a text box and the formula typeset as it is typed.

What is typed is read by questions.formula (the engine's parser, never eval) on every
keystroke: a formula that reads is shown typeset under the box, one that does not gets the
reader's message, which names the allowed names when another one is used.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.ui.widgets.answer_entry import TextEntry, set_role
from app.ui.widgets.math_label import MathLabel
from questions.formula import FormulaError, read_formula, to_mathtext
from questions.model import Question


class FormulaEntry(TextEntry):
    """A formula box with a live typeset preview and the names it may use."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if question.formula is None:
            raise ValueError(f"{question.key} is a formula question without a formula")
        self.question = question
        self.names = question.formula.names
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Type a formula, e.g. s * (1 - s) or exp(x) / (1 + exp(x))")
        self.edit.setAccessibleName("Your formula")
        self.preview = MathLabel("")
        self.preview.setAccessibleName("Your formula, typeset")
        self.format_label = QLabel("")
        self.format_label.setAccessibleName("Format feedback")
        self.format_label.setWordWrap(True)
        self.rule = (
            f"Use {', '.join(self.names)}, numbers, + - * / ^ and exp, log, sqrt, abs, "
            "sigmoid, tanh. It is checked at 8 points."
        )
        self.rule_label = QLabel(self.rule + "  Press Enter to submit.")
        self.rule_label.setWordWrap(True)
        set_role(self.rule_label, "muted")
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.preview)
        layout.addWidget(self.format_label)
        layout.addWidget(self.rule_label)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._live_feedback)

    def format_problem(self) -> str | None:
        """The reader's message when the text is not a formula this question takes."""
        try:
            read_formula(self.edit.text(), self.names)
        except FormulaError as error:
            return str(error)
        return None

    def _live_feedback(self, text: str) -> None:
        self.changed.emit()
        if not text.strip():
            self.preview.set_math_text("")
            self.format_label.setText("")
            return
        try:
            program = read_formula(text, self.names)
        except FormulaError as error:
            self.preview.set_math_text("")
            self.format_label.setText(str(error))
            set_role(self.format_label, "wrong")
            return
        self.preview.set_math_text(f"${to_mathtext(program)}$")
        self.format_label.setText("")
