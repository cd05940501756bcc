"""Workbench: type a worked-example script or edit a network, and see it solved as you type.

The graph (or network) is drawn with every forward value and gradient, the worked solution
beside it; both follow the input 250 ms after the last keystroke. A problem is said in words
with its line and column, the cursor moves to it and the spot is highlighted; the last
drawing that worked stays on screen meanwhile. Nothing here needs the database.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.present.solve_model import SolveError, solve_network, solve_script
from app.ui.context import UiContext
from app.ui.theme import current_colors
from app.ui.widgets.answer_entry import set_role
from app.ui.widgets.diagram_view import DiagramView
from app.ui.widgets.script_editor import CodeEditor, mark_line_edit, monospace
from app.ui.widgets.solution_html import network_html, script_html

DEBOUNCE_MS = 250
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

    def show_error(self, message: str) -> None:
        """Say what is wrong ("" hides it); the last good drawing stays."""
        if message:
            message += "  F8 goes there; the drawing shows the last input that worked."
        self.error.setText(message)
        self.error.setVisible(bool(message))


class WorkbenchPage(QWidget):
    """The Workbench page: a Script tab and a Network tab, each solved as you type."""

    page_id = "workbench"
    title = "Workbench"

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.script_result = None
        self.network_result = None

        self.script_editor = CodeEditor(EXAMPLE_SCRIPT)
        self.script_editor.setAccessibleName("Script")
        self.script_editor.setPlaceholderText("q = x + y\nf = q * z")
        self.values_edit = QLineEdit(EXAMPLE_VALUES)
        self.values_edit.setAccessibleName("Input values")
        self.values_edit.setPlaceholderText("x=1.5, y=-2")
        monospace(self.values_edit)
        script_inputs = QWidget()
        box = QVBoxLayout(script_inputs)
        box.setContentsMargins(0, 0, 0, 0)
        help_text = QLabel(
            "Statements name = expression, one per line or separated by ';'. "
            "Operators + - * / ** and functions exp log sqrt abs sigmoid tanh relu max min."
        )
        help_text.setWordWrap(True)
        set_role(help_text, "muted")
        box.addWidget(help_text)
        box.addWidget(self.script_editor)
        values_row = QHBoxLayout()
        values_label = QLabel("&Values at")
        values_label.setBuddy(self.values_edit)
        values_row.addWidget(values_label)
        values_row.addWidget(self.values_edit, 1)
        box.addLayout(values_row)
        self.script_editor.setFixedHeight(self.script_editor.fontMetrics().lineSpacing() * 7)
        self.script_panel = SolvePanel(script_inputs, self.solve_script_now, "Graph")

        self.network_editor = CodeEditor(EXAMPLE_NETWORK)
        self.network_editor.setAccessibleName("Network specification (TOML)")
        self.network_editor.setMinimumHeight(self.network_editor.fontMetrics().lineSpacing() * 10)
        self.network_panel = SolvePanel(
            self.network_editor, self.solve_network_now, "Network", share=50
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(self.script_panel, "&Script")
        self.tabs.addTab(self.network_panel, "&Network")
        heading = QLabel("Workbench")
        set_role(heading, "heading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)

        self.script_editor.textChanged.connect(self.script_panel.timer.start)
        self.values_edit.textChanged.connect(self.script_panel.timer.start)
        self.network_editor.textChanged.connect(self.network_panel.timer.start)
        go = QShortcut(QKeySequence(Qt.Key.Key_F8), self)
        go.activated.connect(self.go_to_error)
        self.solve_script_now()
        self.solve_network_now()

    def go_to_error(self) -> bool:
        """F8: put the cursor on the problem in the tab shown."""
        if self.tabs.currentWidget() is self.network_panel:
            return self.network_editor.go_to_error()
        return self.script_editor.go_to_error()

    def refresh(self) -> None:
        """Re-solve both tabs (the theme may have changed the colours)."""
        self.solve_script_now()
        self.solve_network_now()

    def changeEvent(self, event: QEvent) -> None:
        """A theme change recolours the worked solutions."""
        if event.type() == QEvent.Type.PaletteChange:
            self.refresh()
        super().changeEvent(event)

    def solve_script_now(self) -> None:
        """Solve the script at the values; draw it, or point at what is wrong."""
        panel = self.script_panel
        panel.timer.stop()
        try:
            result = solve_script(self.script_editor.toPlainText(), self.values_edit.text())
        except SolveError as error:
            panel.show_error(f"{'Script' if error.field == 'script' else 'Values'}: {error}")
            in_script = error.field == "script"
            editor = self.script_editor
            editor.show_error_at(error.position if in_script else None, not editor.hasFocus())
            mark_line_edit(self.values_edit, None if in_script else (error.position or 0))
            return
        self.script_result = result
        panel.show_error("")
        self.script_editor.clear_error()
        mark_line_edit(self.values_edit, None)
        panel.diagram.set_diagram(result.diagram)
        panel.solution.setHtml(script_html(result, current_colors()))

    def solve_network_now(self) -> None:
        """Solve the network; draw it, or point at what is wrong in the TOML."""
        panel = self.network_panel
        panel.timer.stop()
        try:
            result = solve_network(self.network_editor.toPlainText())
        except SolveError as error:
            panel.show_error(str(error))
            editor = self.network_editor
            editor.show_error_at(error.position, not editor.hasFocus())
            return
        self.network_result = result
        panel.show_error("")
        self.network_editor.clear_error()
        panel.diagram.set_diagram(result.diagram)
        panel.solution.setHtml(network_html(result, current_colors()))
