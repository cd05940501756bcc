"""Workbench: type a worked-example script or edit a network, and see it solved as you type.

The graph (or network) is drawn with every forward value and gradient, the worked solution
beside it; both follow the input 250 ms after the last keystroke, solved on a pool thread
(a newer keystroke makes older work stale: its result is dropped). A problem is said in a
sentence with its line and column, the cursor moves to it and the spot is highlighted; the
last drawing that worked stays on screen meanwhile. Scripts and networks are saved and opened
as files, and the editors' text is kept across restarts. Nothing here needs the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.present.solve_model import SolveError, solve_network, solve_script
from app.ui.context import UiContext
from app.ui.pages.workbench_files import drafts_file, load_drafts, save_drafts
from app.ui.pages.workbench_io import WorkbenchFiles
from app.ui.pages.workbench_panel import (
    DRAFTS_MS,
    EXAMPLE_NETWORK,
    EXAMPLE_SCRIPT,
    EXAMPLE_VALUES,
    SolvePanel,
    script_column,
)
from app.ui.pages.workbench_tensor import EXAMPLE_TENSOR, TensorTab
from app.ui.shortcuts import bind
from app.ui.theme import current_colors
from app.ui.widgets.answer_entry import set_role
from app.ui.widgets.script_editor import CodeEditor, mark_line_edit, monospace
from app.ui.widgets.solution_html import network_html, script_html
from questions.atomic import WriteFailed


class WorkbenchPage(WorkbenchFiles, QWidget):
    """The Workbench page: Script, Network and Tensor script tabs, each solved as you type."""

    page_id = "workbench"
    title = "Workbench"

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.script_result = None
        self.network_result = None
        self.generation = {"script": 0, "network": 0}  # bumped by every edit: older work is stale
        self.drafts_path = Path(context.settings.get("workbench_drafts") or drafts_file())
        drafts = load_drafts(self.drafts_path)

        self.script_editor = CodeEditor(drafts.get("script", EXAMPLE_SCRIPT))
        self.script_editor.setAccessibleName("Script")
        self.script_editor.setPlaceholderText("q = x + y\nf = q * z")
        self.values_edit = QLineEdit(drafts.get("values", EXAMPLE_VALUES))
        self.values_edit.setAccessibleName("Input values")
        self.values_edit.setPlaceholderText("x=1.5, y=-2")
        monospace(self.values_edit)
        script_inputs = script_column(self.script_editor, self.values_edit)
        self.script_editor.setFixedHeight(self.script_editor.fontMetrics().lineSpacing() * 7)
        self.script_panel = SolvePanel(script_inputs, self.solve_script_later, "Graph")

        self.network_editor = CodeEditor(drafts.get("network", EXAMPLE_NETWORK))
        self.network_editor.setAccessibleName("Network specification (TOML)")
        self.network_editor.setMinimumHeight(self.network_editor.fontMetrics().lineSpacing() * 10)
        self.network_panel = SolvePanel(
            self.network_editor, self.solve_network_later, "Network", share=50
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(self.script_panel, "&Script")
        self.tabs.addTab(self.network_panel, "&Network")
        self.tensor_tab = TensorTab(
            context, drafts.get("tensor", EXAMPLE_TENSOR), self._tensor_edited
        )
        self.tabs.addTab(self.tensor_tab, "&Tensor script")
        heading = QLabel("Workbench")
        set_role(heading, "heading")
        self.open_button = QPushButton("&Open…")
        self.open_button.setAccessibleName("Open a script or network file")
        self.open_button.clicked.connect(self.open_file)
        self.save_button = QPushButton("Save &as…")
        self.save_button.setAccessibleName("Save the script or network to a file")
        self.save_button.clicked.connect(self.save_file)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        for edited, kind in (
            (self.script_editor.textChanged, "script"),
            (self.values_edit.textChanged, "script"),
            (self.network_editor.textChanged, "network"),
        ):
            edited.connect(lambda *_, kind=kind: self._edited(kind))
        self.drafts_timer = QTimer(self)
        self.drafts_timer.setSingleShot(True)
        self.drafts_timer.setInterval(DRAFTS_MS)
        self.drafts_timer.timeout.connect(self.keep_drafts)
        bind("workbench.error", self, self.go_to_error, Qt.ShortcutContext.WindowShortcut)
        self.solved_in: object = current_colors()  # the colours the solutions were drawn in
        self.solve_script_now()
        self.solve_network_now()
        self.tensor_tab.solve_now()

    def go_to_error(self) -> bool:
        """F8: put the cursor on the problem in the tab shown."""
        if self.tabs.currentWidget() is self.tensor_tab:
            return self.tensor_tab.go_to_error()
        if self.tabs.currentWidget() is self.network_panel:
            return self.network_editor.go_to_error()
        return self.script_editor.go_to_error()

    def refresh(self) -> None:
        """Re-solve every tab (the theme may have changed the colours)."""
        self.solve_script_now()
        self.solve_network_now()
        self.tensor_tab.solve_now()

    def changeEvent(self, event: QEvent) -> None:
        """A theme change recolours the worked solutions (once: Qt sends several events)."""
        if event.type() == QEvent.Type.PaletteChange and self.solved_in is not current_colors():
            self.solved_in = current_colors()
            self.refresh()
        super().changeEvent(event)

    def _edited(self, kind: str) -> None:
        """An edit: older work on this tab is stale; solve and keep the drafts shortly."""
        self.generation[kind] += 1
        panel = self.script_panel if kind == "script" else self.network_panel
        panel.timer.start()
        self.drafts_timer.start()

    def _tensor_edited(self) -> None:
        self.drafts_timer.start()

    def keep_drafts(self) -> None:
        """Write the editors' text to the drafts file (atomically), for the next start."""
        self.drafts_timer.stop()
        drafts = {
            "script": self.script_editor.toPlainText(),
            "values": self.values_edit.text(),
            "network": self.network_editor.toPlainText(),
            "tensor": self.tensor_tab.text(),
        }
        try:
            save_drafts(self.drafts_path, drafts)
        except (WriteFailed, OSError) as error:
            self.script_panel.show_status(f"Your edits could not be kept for next time: {error}")

    def solve_script_later(self) -> None:
        """Solve the script on a pool thread; the result is shown unless an edit came since."""
        self.script_panel.timer.stop()
        generation = self.generation["script"]
        self.context.run_in_background(
            solve_script,
            self.script_editor.toPlainText(),
            self.values_edit.text(),
            on_done=lambda result: self._script_done(generation, result),
            on_error=lambda error, _d: self._script_done(generation, error),
            owner=self,
        )

    def solve_network_later(self) -> None:
        """Solve the network on a pool thread; the result is shown unless an edit came since."""
        self.network_panel.timer.stop()
        generation = self.generation["network"]
        self.context.run_in_background(
            solve_network,
            self.network_editor.toPlainText(),
            on_done=lambda result: self._network_done(generation, result),
            on_error=lambda error, _d: self._network_done(generation, error),
            owner=self,
        )

    def _script_done(self, generation: int, result: Any) -> None:
        if generation == self.generation["script"]:  # else stale: a newer edit is on its way
            self.show_script(result)

    def _network_done(self, generation: int, result: Any) -> None:
        if generation == self.generation["network"]:
            self.show_network(result)

    def solve_script_now(self) -> None:
        """Solve the script at the values here and now; draw it, or point at what is wrong."""
        self.script_panel.timer.stop()
        try:
            self.show_script(
                solve_script(self.script_editor.toPlainText(), self.values_edit.text())
            )
        except SolveError as error:
            self.show_script(error)

    def solve_network_now(self) -> None:
        """Solve the network here and now; draw it, or point at what is wrong in the TOML."""
        self.network_panel.timer.stop()
        try:
            self.show_network(solve_network(self.network_editor.toPlainText()))
        except SolveError as error:
            self.show_network(error)

    def show_script(self, result: Any) -> None:
        """Draw a solved script, or point at the problem a SolveError names."""
        panel = self.script_panel
        if isinstance(result, SolveError):
            error = result
            in_script = error.field == "script"
            panel.show_error(f"{'Script' if in_script else 'Values'}: {error}")
            editor = self.script_editor
            editor.show_error_at(error.position if in_script else None, not editor.hasFocus())
            mark_line_edit(self.values_edit, None if in_script else (error.position or 0))
            return
        if isinstance(result, BaseException):
            panel.show_error(f"The script could not be solved: {result}")
            return
        self.script_result = result
        panel.show_error("")
        self.script_editor.clear_error()
        mark_line_edit(self.values_edit, None)
        panel.diagram.set_diagram(result.diagram)
        panel.solution.setHtml(script_html(result, current_colors()))

    def show_network(self, result: Any) -> None:
        """Draw a solved network, or point at the problem a SolveError names."""
        panel = self.network_panel
        if isinstance(result, BaseException):
            panel.show_error(
                str(result)
                if isinstance(result, SolveError)
                else f"The network could not be solved: {result}"
            )
            position = result.position if isinstance(result, SolveError) else None
            editor = self.network_editor
            editor.show_error_at(position, not editor.hasFocus())
            return
        self.network_result = result
        panel.show_error("")
        self.network_editor.clear_error()
        panel.diagram.set_diagram(result.diagram)
        panel.solution.setHtml(network_html(result, current_colors()))
