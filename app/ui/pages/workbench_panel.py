"""The Workbench's pieces: the examples it starts with, and a tab's inputs, drawing and solution."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.pages.workbench_files import sentence
from app.ui.widgets.answer_entry import set_role
from app.ui.widgets.diagram_view import DiagramView

DEBOUNCE_MS = 250
DRAFTS_MS = 1000
"""The editors' text is written to the drafts file this long after the last edit."""
EXAMPLE_SCRIPT = "q = x + y\nf = q * z\n"
EXAMPLE_VALUES = "x=-2, y=5, z=-4"
EXAMPLE_NETWORK = """\
[network]
inputs = [0.30, -0.20]
targets = [0.00, 1.00]
loss = "half_sse"          # half_sse | sse | mse | bce | softmax_ce
learning_rate = 0.1

[[network.layers]]
weights = [[0.40, -0.10], [0.25, 0.60]]  # weights[j][i]: from input i to unit j
biases  = [0.10, -0.20]
activation = "sigmoid"                    # sigmoid | tanh | relu | leaky_relu | identity

[[network.layers]]
weights = [[0.70, -0.30], [-0.50, 0.20]]
biases  = [0.05, 0.00]
activation = "sigmoid"
"""


class SolvePanel(QWidget):
    """Inputs on the left above the drawing, the worked solution on the right."""

    def __init__(
        self, inputs: QWidget, solve: Callable[[], None], name: str, share: int = 44
    ) -> None:
        super().__init__()
        self.diagram = DiagramView()
        self.diagram.setAccessibleName(f"{name} drawing")
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        set_role(self.error, "wrong")
        self.error.hide()
        self.solution = QTextBrowser()
        self.solution.setAccessibleName(f"Worked solution of the {name.lower()}")
        self.solution.setOpenLinks(False)
        self.solution.setWordWrapMode(QTextOption.WrapMode.WordWrap)  # never inside a word
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(inputs)
        column.addWidget(self.error)
        holder = QScrollArea()  # a big network scrolls instead of widening the page
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        holder.setWidget(self.diagram)
        holder.setMinimumSize(200, 160)
        column.addWidget(holder, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.solution)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([100 - share, share])
        splitter.setStretchFactor(0, 100 - share)  # kept in proportion as the page is resized
        splitter.setStretchFactor(1, share)
        self.solution.setMinimumWidth(340)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(solve)

    def show_status(self, message: str) -> None:
        """A problem that is not the input's (e.g. drafts not kept), in the error line."""
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def show_error(self, message: str) -> None:
        """Say what is wrong ("" hides it); the last good drawing stays."""
        if message:
            message = sentence(message)
            message += " F8 goes there; the drawing shows the last input that worked."
        self.error.setText(message)
        self.error.setVisible(bool(message))


def script_column(editor: QWidget, values: QWidget) -> QWidget:
    """The Script tab's inputs: what may be written, the script, and the values it runs at."""
    column = QWidget()
    box = QVBoxLayout(column)
    box.setContentsMargins(0, 0, 0, 0)
    help_text = QLabel(
        "Statements name = expression, one per line or separated by ';'. "
        "Operators + - * / ** and functions exp log sqrt abs sigmoid tanh relu max min."
    )
    help_text.setWordWrap(True)
    set_role(help_text, "muted")
    box.addWidget(help_text)
    box.addWidget(editor)
    values_row = QHBoxLayout()
    values_label = QLabel("&Values at")
    values_label.setBuddy(values)
    values_row.addWidget(values_label)
    values_row.addWidget(values, 1)
    box.addLayout(values_row)
    return column
