"""The Workbench's third mode: a tensor script file (its [inputs] and [script] text) solved as
you type, off the GUI thread like the other modes.

The graph is drawn at the level of statements (one node per input and statement); beside it
every node's value and gradient, small tensors as tables and larger ones as heat maps, with
the rule each gradient came by. A problem is said with its line and column in the file, the
cursor goes there on F8, and the last solution that worked stays on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.present.script_model import TensorSolution, solve_tensor_file
from app.present.solve_model import SolveError
from app.ui.context import UiContext
from app.ui.pages.workbench_panel import SolvePanel
from app.ui.pages.workbench_tensor_html import tensor_html
from app.ui.theme import current_colors
from app.ui.widgets.answer_entry import set_role
from app.ui.widgets.script_editor import CodeEditor

EXAMPLE_TENSOR = '''\
[inputs]                      # nested lists are tensors; integers stay integers (indices)
X  = [[0.5, -1.0, 2.0], [1.5, 0.2, -0.3]]
Y  = [2, 0]
W1 = { shape = [3, 4], seed = 1, scale = 0.5 }   # drawn from a seeded normal
b1 = { shape = [4], fill = 0.0 }
W2 = { shape = [4, 3], seed = 2, scale = 0.5 }
b2 = { shape = [3], fill = 0.0 }

[script]
text = """
h = tanh(X @ W1 + b1)
logits = h @ W2 + b2
logprobs = log_softmax(logits)
loss = -logprobs[range(2), Y].mean()
"""
'''


class TensorTab(QWidget):
    """The Tensor script tab: the file's text on the left above the statement graph, every
    node's value, gradient and rule on the right."""

    def __init__(self, context: UiContext, text: str, edited: Callable[[], None]) -> None:
        super().__init__()
        self.context = context
        self.result: TensorSolution | None = None
        self.generation = 0  # bumped by every edit: older work is stale
        self.editor = CodeEditor(text)
        self.editor.setAccessibleName("Tensor script (TOML)")
        self.editor.setMinimumHeight(self.editor.fontMetrics().lineSpacing() * 9)
        help_text = QLabel(
            "[inputs]: nested lists, {shape, seed, scale} or {shape, fill}; integers index. "
            "[script] text: statements over tensors with @, broadcasting, x[i], x[idx], "
            ".sum(axis, keepdims=True), .T, .view; the last is a scalar."
        )
        help_text.setWordWrap(True)
        set_role(help_text, "muted")
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(help_text)
        box.addWidget(self.editor, 1)
        self.panel = SolvePanel(column, self.solve_later, "Statement graph", share=50)
        self.panel.solution.setMinimumWidth(460)  # a heat map of 64 columns and its words
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self._on_edit = edited
        self.editor.textChanged.connect(self._edited)

    def text(self) -> str:
        """The file's text as typed."""
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the text (a file opened) and solve it at once."""
        self.editor.setPlainText(text)
        self.solve_now()

    def _edited(self) -> None:
        self.generation += 1
        self.panel.timer.start()
        self._on_edit()

    def solve_later(self) -> None:
        """Solve on a pool thread; the result is shown unless an edit came since."""
        self.panel.timer.stop()
        generation = self.generation
        self.context.run_in_background(
            solve_tensor_file,
            self.text(),
            on_done=lambda result: self._done(generation, result),
            on_error=lambda error, _d: self._done(generation, error),
            owner=self,
        )

    def _done(self, generation: int, result: Any) -> None:
        if generation == self.generation:
            self.show_result(result)

    def solve_now(self) -> None:
        """Solve here and now (at start, and when a file is opened)."""
        self.panel.timer.stop()
        try:
            self.show_result(solve_tensor_file(self.text()))
        except SolveError as error:
            self.show_result(error)

    def show_result(self, result: Any) -> None:
        """Show a solution, or point at the problem a SolveError names."""
        panel = self.panel
        if isinstance(result, BaseException):
            message = str(result)
            if not isinstance(result, SolveError):
                message = f"The script could not be solved: {message}"
            panel.show_error(message)
            position = result.position if isinstance(result, SolveError) else None
            self.editor.show_error_at(position, not self.editor.hasFocus())
            return
        self.result = result
        panel.show_error("")
        self.editor.clear_error()
        panel.diagram.set_diagram(result.diagram)
        document = panel.solution.document()
        panel.solution.setHtml(tensor_html(result, current_colors(), document))

    def go_to_error(self) -> bool:
        """F8: put the cursor on the problem."""
        return self.editor.go_to_error()
