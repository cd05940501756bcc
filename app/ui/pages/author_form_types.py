"""The Author form's editor for each question type but network (author_form_network.py):
choice, numeric, matrix and family, each on the shared fields of author_form_editor.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.pages.author_form_editor import QuestionEditor
from app.ui.pages.author_form_fields import NumberGrid, TextBox, add_row
from questions import registry
from questions.packs.items import MAX_CHOICES, MAX_COUNT
from questions.packs.matrix_item import MAX_SIDE


class ChoiceEditor(QuestionEditor):
    """Prompt, one or several right answers, and a row per choice: text, right, why."""

    def __init__(self, raw: dict[str, Any]) -> None:
        super().__init__(raw)
        self.add_topic()
        self.add_prompt()
        multiple = QCheckBox("&Several choices may be right")
        multiple.setAccessibleName("Several choices may be right")
        multiple.setChecked(self.raw.get("multiple") is True)
        multiple.toggled.connect(lambda on: self.set("multiple", on))
        self.form.addRow("", multiple)
        choices = self.raw.get("choice")
        self.raw["choice"] = (
            [c for c in choices if isinstance(c, dict)] if isinstance(choices, list) else []
        )
        self.rows = QWidget()
        self.rows.setAccessibleName("Choices")
        self.column = QVBoxLayout(self.rows)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(12)
        for n, choice in enumerate(self.raw["choice"]):
            self._row(n, choice)
        self.form.addRow(self.rows)
        self.add_button = QPushButton("&Add a choice")
        self.add_button.setAccessibleName("Add a choice")
        self.add_button.setEnabled(len(self.raw["choice"]) < MAX_CHOICES)
        self.add_button.clicked.connect(self._add)
        self.form.addRow("", _left(self.add_button))
        self.add_lines("hints", "Hi&nts")

    def _row(self, n: int, choice: dict[str, Any]) -> None:
        """Two lines per choice: its number and text; right or wrong, why, and Remove."""
        number = f"choice {n + 1}"
        text = QLineEdit(str(choice.get("text", "")))
        text.setAccessibleName(f"Text of {number}")
        text.setPlaceholderText("The choice as learners read it")
        right = QCheckBox("Right")
        right.setAccessibleName(f"{number.capitalize()} is right")
        right.setChecked(choice.get("correct") is True)
        why = QLineEdit(str(choice.get("explanation", "")))
        why.setAccessibleName(f"Why {number} is right or wrong")
        why.setPlaceholderText("Why it is right or wrong")
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove {number}")
        remove.setEnabled(len(self.raw["choice"]) > 2)
        for edit in (text, why):
            edit.setCursorPosition(0)  # the start of a long text shows, not its end
        text.textEdited.connect(lambda value: self._edit(n, "text", value))
        right.toggled.connect(lambda on: self._edit(n, "correct", on))
        why.textEdited.connect(lambda value: self._edit(n, "explanation", value))
        remove.clicked.connect(lambda: self._remove(n))
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(2, 1)
        grid.addWidget(QLabel(f"{n + 1}."), 0, 0)
        grid.addWidget(text, 0, 1, 1, 3)
        grid.addWidget(right, 1, 1)
        grid.addWidget(why, 1, 2)
        grid.addWidget(remove, 1, 3)
        self.column.addWidget(box)

    def _edit(self, n: int, key: str, value: Any) -> None:
        self.raw["choice"][n][key] = value
        self.changed.emit()

    def _add(self) -> None:
        self.raw["choice"].append({"text": "", "correct": False, "explanation": ""})
        self.focus_after = f"Text of choice {len(self.raw['choice'])}"
        self.changed.emit()
        self.rebuild.emit()

    def _remove(self, n: int) -> None:
        del self.raw["choice"][n]
        self.focus_after = "Add a choice"
        if not self.raw["choice"]:
            del self.raw["choice"]
        self.changed.emit()
        self.rebuild.emit()


class NumericEditor(QuestionEditor):
    """Prompt, the value and its significant figures, solution steps and hints."""

    def __init__(self, raw: dict[str, Any]) -> None:
        super().__init__(raw)
        self.add_topic()
        self.add_prompt()
        self.value = self.number_row("value", "&Value")
        self.add_sigfigs()
        self.add_lines("solution", "Sol&ution steps")
        self.add_lines("hints", "Hi&nts")


class MatrixEditor(QuestionEditor):
    """Prompt, the answer as a grid with its number of rows and columns, and figures."""

    def __init__(self, raw: dict[str, Any]) -> None:
        super().__init__(raw)
        self.add_topic()
        self.add_prompt()
        if "ask" in self.raw and "value" not in self.raw:
            self._asked()
            return
        self.grid = NumberGrid(self.raw.get("value"), "Answer")
        rows, columns = self.grid.shape()
        shape = QWidget()
        line = QHBoxLayout(shape)
        line.setContentsMargins(0, 0, 0, 0)
        self.row_count = QSpinBox()
        self.column_count = QSpinBox()
        for spin, count in ((self.row_count, rows), (self.column_count, columns)):
            spin.setRange(1, MAX_SIDE)
            spin.setValue(max(count, 1))
            spin.valueChanged.connect(self._reshape)
        self.row_count.setAccessibleName("Rows")
        self.column_count.setAccessibleName("Columns")
        line.addWidget(self.row_count)
        line.addWidget(QLabel("rows ×"))
        line.addWidget(self.column_count)
        line.addWidget(QLabel("columns"))
        line.addStretch(1)
        add_row(self.form, "&Shape", shape, "Rows and columns of the answer").setBuddy(
            self.row_count
        )
        add_row(self.form, "&Answer", self.grid).setBuddy(self.grid.first_cell())
        self.grid.changed.connect(lambda: self.grid_rows(self.grid, "value"))
        self.add_sigfigs()
        self.add_lines("solution", "Sol&ution steps")
        self.add_lines("hints", "Hi&nts")

    def _asked(self) -> None:
        """The engine computes the answer: the node asked and the script's text (its inputs,
        a table of matrices, are edited in the TOML)."""
        ask = QLineEdit(str(self.raw.get("ask", "")))
        add_row(self.form, "Ask&ed node", ask, "Asked node of the script")
        ask.textEdited.connect(lambda text: self.set("ask", text))
        script = self.raw.get("script")
        if isinstance(script, dict):
            box = TextBox(str(script.get("text", "")))
            add_row(self.form, "&Script", box, "Script text")
            box.edited.connect(lambda text: self._script(script, text))
        self.add_sigfigs()
        self.add_lines("solution", "Sol&ution steps")
        self.add_lines("hints", "Hi&nts")

    def _script(self, script: dict[str, Any], text: str) -> None:
        script["text"] = text
        self.changed.emit()

    def _reshape(self) -> None:
        self.grid.resize_grid(self.row_count.value(), self.column_count.value())
        self.grid_rows(self.grid, "value")


class FamilyEditor(QuestionEditor):
    """Which built-in family, at which level, and how many variants."""

    def __init__(self, raw: dict[str, Any]) -> None:
        super().__init__(raw)
        self.family = QComboBox()
        self.family.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.family.setMinimumContentsLength(16)  # long titles are elided, never widen the form
        for info in registry.families():
            self.family.addItem(f"{info.title} ({info.id})", info.id)
        index = self.family.findData(self.raw.get("family"))
        if index < 0:
            self.family.addItem(str(self.raw.get("family", "")), self.raw.get("family"))
            index = self.family.count() - 1
        self.family.setCurrentIndex(index)
        add_row(self.form, "Famil&y", self.family)
        self.level = QComboBox()
        add_row(self.form, "&Level", self.level)
        self.count = QSpinBox()
        self.count.setRange(1, MAX_COUNT)
        count = self.raw.get("count", 1)
        self.count.setValue(count if isinstance(count, int) else 1)
        add_row(self.form, "&Count", self.count, "How many variants")
        self._levels()
        self.family.currentIndexChanged.connect(self._family)
        self.level.currentIndexChanged.connect(
            lambda: self.set("level", self.level.currentData()) if self.level.count() else None
        )
        self.count.valueChanged.connect(lambda n: self.set("count", n))

    def _levels(self) -> None:
        """The chosen family's levels, the table's level chosen (kept when it has it)."""
        family = self.family.currentData()
        try:
            levels = registry.family(str(family)).info.levels
        except KeyError:
            levels = ()
        self.level.blockSignals(True)
        self.level.clear()
        for level in levels:
            self.level.addItem(str(level), level)
        index = self.level.findData(self.raw.get("level"))
        self.level.setCurrentIndex(max(index, 0))
        self.level.blockSignals(False)

    def _family(self) -> None:
        self.raw["family"] = self.family.currentData()
        self._levels()
        if self.level.count():
            self.raw["level"] = self.level.currentData()
        self.changed.emit()


def _left(widget: QWidget) -> QWidget:
    """A widget at its own width at the left of a form row (a button not stretched)."""
    box = QWidget()
    line = QHBoxLayout(box)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(widget)
    line.addStretch(1)
    return box
