"""The base of the Author form's question editors: the fields every question type shares.

An editor holds the question's table as tomllib parsed it and changes only the keys its
fields edit, so keys it has no field for (mistakes, a hand-written extra) are written back
untouched. Every edit emits `changed`; a field that holds no value yet (a cell that is not
a number) emits `problem` with a sentence instead, and the table is left as it was.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from app.ui.pages.author_form_fields import LinesBox, NumberEdit, NumberGrid, PromptField, add_row
from questions.model import TOPICS
from questions.packs.items import DEFAULT_TOPIC


class QuestionEditor(QWidget):
    """The fields every question type shares (id, topic, prompt, hints) in a form layout."""

    changed = Signal()
    """The table changed: raw holds the new one."""
    problem = Signal(str)
    """A field holds no value yet: the sentence says which and why ("" once it does)."""
    rebuild = Signal()
    """The table changed shape (a layer added): build the editor afresh from raw."""

    prompt_required = True
    focus_after = ""
    """The accessible name of the field to focus once the editor is built afresh."""

    def __init__(self, raw: dict[str, Any]) -> None:
        super().__init__()
        self.raw = copy.deepcopy(raw)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 8, 0)
        self.form.setHorizontalSpacing(12)
        self.form.setRowWrapPolicy(
            QFormLayout.RowWrapPolicy.WrapLongRows
        )  # narrow: field under label
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.id_edit = QLineEdit(str(self.raw.get("id", "")))
        add_row(self.form, "I&d", self.id_edit, "Question id")
        self.id_edit.textEdited.connect(lambda text: self.set("id", text))

    def set(self, key: str, value: Any) -> None:
        """Put one value in the table and say so."""
        self.raw[key] = value
        self.problem.emit("")
        self.changed.emit()

    def drop_or_set(self, key: str, value: Any) -> None:
        """Set an optional list; an empty one is left out of the table."""
        if value:
            self.set(key, value)
        elif key in self.raw:
            del self.raw[key]
            self.changed.emit()

    def add_topic(self) -> None:
        topic = QComboBox()
        topic.addItems(TOPICS)
        current = self.raw.get("topic", DEFAULT_TOPIC)
        if current not in TOPICS:
            topic.addItem(str(current))
        topic.setCurrentText(str(current))
        add_row(self.form, "&Topic", topic)
        topic.currentTextChanged.connect(lambda text: self.set("topic", text))

    def add_prompt(self) -> None:
        self.prompt = PromptField(str(self.raw.get("prompt", "")))
        add_row(self.form, "P&rompt", self.prompt)
        self.prompt.edited.connect(self._prompt)

    def _prompt(self, text: str) -> None:
        if text or self.prompt_required:
            self.set("prompt", text)
        else:
            self.drop_or_set("prompt", "")

    def add_lines(self, key: str, label: str) -> None:
        box = LinesBox(self.raw.get(key))
        add_row(self.form, label, box)
        box.edited.connect(lambda _text: self.drop_or_set(key, box.items()))

    def add_sigfigs(self) -> None:
        spin = QSpinBox()
        spin.setRange(1, 10)
        sigfigs = self.raw.get("sigfigs", 3)
        spin.setValue(sigfigs if isinstance(sigfigs, int) else 3)
        add_row(self.form, "Signifi&cant figures", spin)
        spin.valueChanged.connect(lambda n: self.set("sigfigs", n))

    def number_row(self, key: str, label: str) -> NumberEdit:
        edit = NumberEdit(self.raw.get(key))
        add_row(self.form, label, edit)
        edit.edited.connect(lambda n: self.set(key, n))
        edit.textEdited.connect(
            lambda text: self.problem.emit(
                ""
                if edit.number() is not None
                else f"{label.replace('&', '')}: {text!r} is not a number"
            )
        )
        return edit

    def grid_rows(self, grid: NumberGrid, key: str, table: dict[str, Any] | None = None) -> None:
        """Copy a grid into the table (`table`, else the question) once every cell reads."""
        rows = grid.rows()
        if rows is None:
            self.problem.emit(grid.problem())
            return
        (self.raw if table is None else table)[key] = rows
        self.problem.emit("")
        self.changed.emit()
