"""Matrix questions: a grid of number boxes sized to the answer's shape.

Tab and Shift+Tab go through the cells row by row; the arrow keys move between them (Left
and Right once the cursor reaches the edge of a cell's text). Pasting `[[1, 2], [3, 4]]` or
rows of numbers fills the whole grid; a paste of another shape reshapes the grid, and the
line under it says what is wrong (a transposed paste is asked about), with a button back to
the answer's shape. After grading in practice the wrong cells are outlined.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.theme import current_colors
from app.ui.widgets.answer_entry import AnswerEntry, set_role
from questions.grading import Verdict
from questions.grading_matrix import shape_problem
from questions.matrix import parse_matrix, shape_text, split_text
from questions.model import MatrixAnswer, Question
from questions.numbers import FormatError, parse_number

CELL_WIDTH = 96
_MOVES = {
    Qt.Key.Key_Up: (-1, 0),
    Qt.Key.Key_Down: (1, 0),
    Qt.Key.Key_Left: (0, -1),
    Qt.Key.Key_Right: (0, 1),
}


def _rule(answer: MatrixAnswer) -> str:
    figures = "significant figure" if answer.sigfigs == 1 else "significant figures"
    return (
        f"Each cell: {answer.sigfigs} {figures}. Tab or the arrow keys move between cells; "
        "paste [[…], […]] or rows of numbers to fill the grid. Press Enter to submit."
    )


class MatrixEntry(AnswerEntry):
    """The cells of a matrix answer; see the module docstring."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if question.matrix is None:
            raise ValueError(f"{question.key} is not a matrix question")
        self.question = question
        self.answer_shape = question.matrix.shape
        self.cells: list[list[QLineEdit]] = []
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.shape_label = QLabel("")
        set_role(self.shape_label, "muted")
        self.format_label = QLabel("")
        self.format_label.setAccessibleName("Format feedback")
        self.format_label.setWordWrap(True)
        self.reset_button = QPushButton(f"Back to {shape_text(self.answer_shape)}")
        self.reset_button.clicked.connect(lambda: self._fill([]))
        self.reset_button.hide()
        self.rule = _rule(question.matrix)
        self.rule_label = QLabel(self.rule)
        self.rule_label.setWordWrap(True)
        set_role(self.rule_label, "muted")
        row = QHBoxLayout()
        row.addWidget(self.grid_host)
        row.addStretch(1)
        problem = QHBoxLayout()
        problem.addWidget(self.format_label, 1)
        problem.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.shape_label)
        layout.addLayout(row)
        layout.addLayout(problem)
        layout.addWidget(self.rule_label)
        self._build(*self.answer_shape)

    # -- the grid --------------------------------------------------------------------------

    def _build(self, rows: int, columns: int) -> None:
        """Replace the cells with an empty rows x columns grid."""
        for line in self.cells:
            for cell in line:
                cell.hide()
                cell.deleteLater()
        self.cells = []
        for r in range(rows):
            line = []
            for c in range(columns):
                cell = QLineEdit()
                cell.setFixedWidth(CELL_WIDTH)
                cell.setAccessibleName(f"Row {r + 1}, column {c + 1}")
                cell.installEventFilter(self)
                cell.textChanged.connect(self._live_feedback)
                self.grid.addWidget(cell, r, c)
                line.append(cell)
            self.cells.append(line)
        flat = [cell for line in self.cells for cell in line]
        for before, after in pairwise(flat):
            QWidget.setTabOrder(before, after)
        self.shape_label.setText(f"A {shape_text((rows, columns))} matrix:")

    def _fill(self, rows: list[list[str]]) -> None:
        """Put cell texts into the grid, reshaping it to them (an empty list: a fresh grid)."""
        shape = (len(rows), len(rows[0])) if rows else self.answer_shape
        if shape != (len(self.cells), len(self.cells[0])):
            self._build(*shape)
        for line, texts in zip(self.cells, rows or [[]] * shape[0], strict=True):
            for cell, text in zip(line, texts or [""] * shape[1], strict=True):
                cell.blockSignals(True)
                cell.setText(text)
                cell.blockSignals(False)
        self.reset_button.setVisible(shape != self.answer_shape)
        self._live_feedback()
        self.cells[0][0].setFocus()

    def texts(self) -> list[list[str]]:
        """Every cell's text as typed, row by row."""
        return [[cell.text() for cell in line] for line in self.cells]

    # -- the entry API ---------------------------------------------------------------------

    def response(self) -> object:
        """The cell texts row by row (grading parses them); [] while every cell is empty."""
        texts = self.texts()
        return [] if not any(t.strip() for line in texts for t in line) else texts

    def format_problem(self) -> str | None:
        """Which cell cannot be read, or why the shape is wrong; None when it can be graded."""
        try:
            cells = parse_matrix(self.texts())
        except FormatError as error:
            return str(error)
        return shape_problem(self.question, cells)

    def set_locked(self, locked: bool) -> None:
        """Read-only cells after submitting, so the answer stays visible."""
        policy = Qt.FocusPolicy.ClickFocus if locked else Qt.FocusPolicy.StrongFocus
        for line in self.cells:
            for cell in line:
                cell.setReadOnly(locked)
                cell.setFocusPolicy(policy)
        self.reset_button.setEnabled(not locked)

    def restore(self, response: object) -> None:
        """Show an earlier response: rows of cell texts, or text as it was pasted."""
        try:
            if isinstance(response, str):
                self._fill(split_text(response))
            elif isinstance(response, list | tuple) and response:
                self._fill([[str(cell) for cell in row] for row in response])
        except FormatError:
            self.cells[0][0].setText(str(response))

    def show_result(self, verdict: Verdict) -> None:
        """Outline the wrong cells (and the right ones) and say how many are wrong."""
        colors = current_colors()
        wrong = set(verdict.wrong_cells)
        for r, line in enumerate(self.cells):
            for c, cell in enumerate(line):
                color = colors.wrong if (r, c) in wrong else colors.right
                cell.setStyleSheet(f"QLineEdit {{ border: 2px solid {color}; }}")
                cell.setToolTip("✗ not right" if (r, c) in wrong else "✓ right")
        self.rule_label.setText(self.rule.split(".")[0] + ".")
        if verdict.correct:
            self.format_label.setText("✓ every cell is right")
        else:
            count = len(wrong)
            self.format_label.setText(
                f"✗ {count} {'cell is' if count == 1 else 'cells are'} not right (outlined)"
            )
        set_role(self.format_label, "right" if verdict.correct else "wrong")

    def focus_entry(self) -> None:
        """Focus the first empty cell, or the first."""
        empty = [cell for line in self.cells for cell in line if not cell.text().strip()]
        (empty or [self.cells[0][0]])[0].setFocus()

    # -- keys and live feedback ------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys move between cells; a paste of several numbers fills the grid."""
        typing = isinstance(watched, QLineEdit) and not watched.isReadOnly()
        if typing and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            assert isinstance(watched, QLineEdit)
            if event.matches(QKeySequence.StandardKey.Paste) and self._paste():
                return True
            if self._move(watched, event):
                return True
        return super().eventFilter(watched, event)

    def _paste(self) -> bool:
        """Fill the grid from the clipboard if it holds more than one number."""
        text = QGuiApplication.clipboard().text()
        try:
            parse_number(text)
            return False  # one number (even "8.2 × 10^-2"): an ordinary paste into the cell
        except FormatError:
            pass
        try:
            rows = split_text(text)
        except FormatError:
            return False
        width = max(len(row) for row in rows)
        self._fill([row + [""] * (width - len(row)) for row in rows])
        return True

    def _move(self, cell: QLineEdit, event: QKeyEvent) -> bool:
        """Move to the neighbouring cell for an arrow key; False if the key stays in the cell."""
        step = _MOVES.get(Qt.Key(event.key()))
        if step is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if step[1] < 0 and cell.cursorPosition() > 0:
            return False
        if step[1] > 0 and cell.cursorPosition() < len(cell.text()):
            return False
        r, c = next((r, line.index(cell)) for r, line in enumerate(self.cells) if cell in line)
        r, c = r + step[0], c + step[1]
        if 0 <= r < len(self.cells) and 0 <= c < len(self.cells[0]):
            target = self.cells[r][c]
            target.setFocus()
            target.selectAll()
        return True

    def _live_feedback(self) -> None:
        self.changed.emit()
        texts = self.texts()
        filled = any(t.strip() for line in texts for t in line)
        problem = self.format_problem() if filled else None
        shape_wrong = (len(self.cells), len(self.cells[0])) != self.answer_shape
        if problem and (shape_wrong or "is empty" not in problem):
            self.format_label.setText(problem)
            set_role(self.format_label, "wrong")
        else:
            self.format_label.setText("")
