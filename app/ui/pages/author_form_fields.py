"""The Author form's fields: numbers, grids of numbers, a prompt with its math typeset, lists.

Every field reports what it holds as the value a pack's TOML would parse to (a float, a list
of rows, a string, a list of strings) and says in a sentence why when it holds no such value
("row 2, column 1 is not a number"), so the form never writes a pack it cannot read back.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.theme import current_colors
from app.ui.widgets.math_label import MathLabel

CELL_TEXT = "-0.000000"
"""The widest number a cell shows whole (longer ones scroll inside the cell)."""
PROMPT_LINES = 3


def show_number(number: Any) -> str:
    """A number as the field shows it: the shortest text that reads back the same."""
    if isinstance(number, bool) or not isinstance(number, int | float):
        return "" if number is None else str(number)
    return repr(number)


def read_number(text: str) -> float | None:
    """The finite number a field's text holds (a minus sign may be typed as −), else None."""
    try:
        number = float(text.strip().replace("−", "-"))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def add_row(form: QFormLayout, text: str, field: QWidget, name: str = "") -> QLabel:
    """A labelled row whose label's mnemonic (&) puts the focus in the field."""
    label = QLabel(text)
    label.setBuddy(field)
    if isinstance(field, QSpinBox | NumberGrid):  # a count or a table: as wide as it needs
        field.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    field.setAccessibleName(name or text.replace("&", ""))
    form.addRow(label, field)
    return label


class NumberEdit(QLineEdit):
    """One number; `edited` carries it once the text reads as a finite number."""

    edited = Signal(float)

    def __init__(self, number: Any = None) -> None:
        super().__init__(show_number(number))
        self.textEdited.connect(self._edited)

    def number(self) -> float | None:
        """The number typed, or None when the text is not one."""
        return read_number(self.text())

    def _edited(self) -> None:
        number = self.number()
        self.setToolTip("" if number is not None else "Type a number, e.g. 0.25 or -1.5e-3")
        if number is not None:
            self.edited.emit(number)


class NumberGrid(QWidget):
    """Rows of number boxes (a matrix, a layer's weights, a vector as one row); Tab goes
    through the cells row by row. `changed` fires on every edit; rows() is None (and
    problem() says which cell) while a cell is not a number."""

    changed = Signal()

    def __init__(self, rows: Any, name: str) -> None:
        super().__init__()
        self.name = name
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(4)
        self.grid.setVerticalSpacing(4)
        self.cells: list[list[NumberEdit]] = []
        shaped = rows if _is_rows(rows) else [[]]
        width = max((len(row) for row in shaped), default=0)
        self.resize_grid(len(shaped), width, shaped)

    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return len(self.cells), len(self.cells[0]) if self.cells else 0

    def resize_grid(self, rows: int, columns: int, values: Any = None) -> None:
        """Give the grid this shape: cells kept where they are, new ones 0.0 (or `values`).

        The first cell is never replaced, so the Tab order can be chained from it."""
        for r, line in enumerate(self.cells):
            for c, cell in enumerate(line):
                if r >= rows or c >= columns:
                    self.grid.removeWidget(cell)
                    cell.deleteLater()
            del line[columns:]
        del self.cells[rows:]
        for r in range(rows):
            if r == len(self.cells):
                self.cells.append([])
            line = self.cells[r]
            for c in range(len(line), columns):
                text = "0.0"
                if values is not None:
                    row = values[r] if r < len(values) else []
                    text = show_number(row[c]) if c < len(row) else ""
                cell = NumberEdit()
                cell.setFixedWidth(cell.fontMetrics().horizontalAdvance(CELL_TEXT) + 24)
                cell.setText(text)
                cell.setCursorPosition(0)  # a number too long for the cell shows its start
                cell.setAccessibleName(f"{self.name}, row {r + 1}, column {c + 1}")
                cell.textEdited.connect(self.changed)
                self.grid.addWidget(cell, r, c)
                line.append(cell)
        chain = [cell for line in self.cells for cell in line]
        for a, b in pairwise(chain):  # Tab row by row, as the grid reads
            QWidget.setTabOrder(a, b)

    def rows(self) -> list[list[float]] | None:
        """The numbers, row by row; None while a cell is not a number."""
        numbers = [[cell.number() for cell in row] for row in self.cells]
        if any(n is None for row in numbers for n in row):
            return None
        return [[float(n) for n in row if n is not None] for row in numbers]

    def problem(self) -> str:
        """Which cell is not a number ("" when every cell is one)."""
        for r, row in enumerate(self.cells):
            for c, cell in enumerate(row):
                if cell.number() is None:
                    where = (
                        f"column {c + 1}"
                        if len(self.cells) == 1
                        else f"row {r + 1}, column {c + 1}"
                    )
                    return f"{self.name}: {where} is not a number ({cell.text()!r})"
        return ""

    def first_cell(self) -> QWidget:
        """Where Tab enters the grid (the grid itself while it has no cell)."""
        return self.cells[0][0] if self.cells and self.cells[0] else self


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(row, list) for row in value) and bool(value)


class TextBox(QPlainTextEdit):
    """A few lines of text; Tab leaves it (as in every form) instead of typing a tab."""

    edited = Signal(str)

    def __init__(self, text: str, lines: int = PROMPT_LINES) -> None:
        super().__init__(text)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + margins + 14)
        self.textChanged.connect(lambda: self.edited.emit(self.toPlainText()))


class PromptPreview(MathLabel):
    """The typeset prompt at a height set from its width by PromptField: a scroll area's
    layout asks a wrapping label's height at the wrong width and leaves gaps around it."""

    def hasHeightForWidth(self) -> bool:
        """No: the height is fixed from the width the label gets (PromptField._fit)."""
        return False


class PromptField(QWidget):
    """The prompt's text and, under it, the prompt as learners see it (math typeset)."""

    edited = Signal(str)

    def __init__(self, text: str) -> None:
        super().__init__()
        self.box = TextBox(text)
        self.box.setAccessibleName("Prompt text")
        self.preview = PromptPreview(text)
        self.preview.setToolTip("The prompt as learners see it")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.preview.setStyleSheet(  # a rule at the left sets it apart from the text box
            f"QLabel {{ border-left: 3px solid {current_colors().border}; padding-left: 8px; }}"
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.box)
        column.addWidget(self.preview)
        self.setFocusProxy(self.box)
        self.box.edited.connect(self._edited)

    def _edited(self, text: str) -> None:
        self.preview.set_math_text(text)
        self._fit()
        self.edited.emit(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the preview as tall as its wrapped lines at this width, no taller."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        self.preview.setFixedHeight(max(self.preview.heightForWidth(self.width()), 0))


class LinesBox(TextBox):
    """A list of texts one per line (hints, solution steps); blank lines are left out."""

    def __init__(self, items: Any, lines: int = 2) -> None:
        texts = items if isinstance(items, list) else []
        super().__init__("\n".join(str(t) for t in texts), lines)
        self.setPlaceholderText("One per line")

    def items(self) -> list[str]:
        """The non-blank lines."""
        return [line for line in self.toPlainText().split("\n") if line.strip()]
