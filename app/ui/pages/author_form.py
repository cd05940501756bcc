"""The Author page's form: one question of the pack at a time, as fields beside its TOML.

The form follows the TOML editor: after each validation it reads the text with tomllib,
lists the questions, and rebuilds the chosen question's fields only when that question's
table changed (so typing in a field never loses its focus). An edit in the form rewrites
that question's lines in the editor, formatted by questions.packs.write, as one undoable
edit; the rest of the file is left exactly as it was. When the TOML cannot be read the form
says so and waits; an edit is never written over TOML changed since the form last read it.
"""

from __future__ import annotations

import copy
import tomllib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.pages.author_form_editor import QuestionEditor
from app.ui.pages.author_form_network import NetworkEditor
from app.ui.pages.author_form_types import ChoiceEditor, FamilyEditor, MatrixEditor, NumericEditor
from app.ui.widgets.answer_entry import set_role
from questions.packs.write import question_lines, replacement

EDITORS: dict[str, type[QuestionEditor]] = {
    "choice": ChoiceEditor,
    "numeric": NumericEditor,
    "network": NetworkEditor,
    "family": FamilyEditor,
    "matrix": MatrixEditor,
}
LIST_ROWS = 4
"""Rows of the question list shown before it scrolls (the form below needs the height)."""


def question_label(n: int, raw: dict[str, Any]) -> str:
    """How the list names a question: its id and type, e.g. "mazur-w5  (network)"."""
    qid = raw.get("id") if isinstance(raw.get("id"), str) else f"question {n + 1}"
    return f"{qid}  ({raw.get('type', 'no type')})"


def tables(text: str) -> list[dict[str, Any]] | None:
    """The [[question]] tables of a pack's text; None when the text is not TOML the form
    can follow (a syntax error, or `question` that is not a list of tables)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    found = data.get("question", [])
    if not isinstance(found, list) or not all(isinstance(q, dict) for q in found):
        return None
    return found


class QuestionForm(QWidget):
    """The question list, a line of news, and the chosen question's fields (scrolling)."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__()
        self.text_editor = editor
        self.questions: list[dict[str, Any]] = []
        self.index = -1
        self.synced: dict[str, Any] | None = None  # the question's table as the TOML has it
        self.fields: QuestionEditor | None = None
        self.picker = QListWidget()
        self.picker.setAccessibleName("Questions of the pack")
        rows = self.fontMetrics().lineSpacing() + 6
        self.picker.setMaximumHeight(rows * LIST_ROWS + 8)
        label = QLabel("&Question")
        label.setBuddy(self.picker)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Form")
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.addWidget(label)
        column.addWidget(self.picker)
        column.addWidget(self.note)
        column.addWidget(self.scroll_area, 1)
        self.picker.currentRowChanged.connect(self.pick)

    def say(self, text: str, wrong: bool = False) -> None:
        """One line over the fields: what the form is waiting for, or a field's problem."""
        self.note.setText(text)
        self.note.setVisible(bool(text))
        set_role(self.note, "wrong" if wrong else "muted")

    def show_text(self, text: str) -> None:
        """Follow the TOML: list its questions; refresh the fields if their table changed."""
        found = tables(text)
        if found is None:
            self.say(
                "The TOML cannot be read (see the problems under it): the form follows "
                "once it can.",
                True,
            )
            self.scroll_area.setEnabled(False)
            return
        self.scroll_area.setEnabled(True)
        self.questions = found
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItems([question_label(n, raw) for n, raw in enumerate(found)])
        index = min(max(self.index, 0), len(found) - 1)
        self.picker.setCurrentRow(index)
        self.picker.blockSignals(False)
        if not found:
            self.index, self.synced = -1, None
            self._set_fields(None)
            self.say("The pack has no [[question]] yet: write one in the TOML.")
        elif index != self.index or found[index] != self.synced:
            self._build(index, found[index])

    def pick(self, row: int) -> None:
        """Show the chosen question's fields and bring its lines into the editor's view."""
        if not 0 <= row < len(self.questions):
            return
        self._build(row, self.questions[row])
        spans = question_lines(self.text_editor.toPlainText())
        if row < len(spans):
            block = self.text_editor.document().findBlockByNumber(spans[row][0])
            cursor = self.text_editor.textCursor()
            cursor.setPosition(block.position())
            self.text_editor.setTextCursor(cursor)
            self.text_editor.centerCursor()

    def _build(self, index: int, raw: dict[str, Any], focus: str = "") -> None:
        self.index = index
        self.synced = copy.deepcopy(raw)
        kind = raw.get("type")
        make = EDITORS.get(kind) if isinstance(kind, str) else None
        if make is None:
            self._set_fields(None)
            self.say(
                f"This question's type is {kind!r}: the form edits "
                f"{', '.join(EDITORS)} questions; set its type in the TOML.",
                True,
            )
            return
        self.say("")
        fields = make(raw)
        fields.changed.connect(self._write)
        fields.problem.connect(lambda text: self.say(text, True))
        fields.rebuild.connect(lambda: self._build(self.index, fields.raw, fields.focus_after))
        self._set_fields(fields)
        if focus:
            target = next(
                (w for w in fields.findChildren(QWidget) if w.accessibleName() == focus), None
            )
            if target is not None:
                target.setFocus()

    def _set_fields(self, fields: QuestionEditor | None) -> None:
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()  # it may be the sender of the signal being handled
        self.fields = fields
        if fields is not None:
            page = QWidget()  # the fields at the top, the spare height under them
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(fields)
            column.addStretch(1)
            self.scroll_area.setWidget(page)

    def _write(self) -> None:
        """Rewrite the question's lines in the editor from the form's table."""
        fields = self.fields
        if fields is None:
            return
        text = self.text_editor.toPlainText()
        found = tables(text)
        if found is None or self.index >= len(found) or found[self.index] != self.synced:
            self.say("The TOML changed since the form read it: the form now shows the TOML.")
            if found is not None:
                self.index = min(self.index, len(found) - 1)
                self.show_text(text)
            return
        start, end, block = replacement(text, self.index, fields.raw)
        cursor = QTextCursor(self.text_editor.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(block)
        self.synced = copy.deepcopy(fields.raw)
        self.questions[self.index] = self.synced
        item = self.picker.item(self.index)
        if item is not None:
            item.setText(question_label(self.index, fields.raw))
