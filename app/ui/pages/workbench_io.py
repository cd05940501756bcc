"""The Workbench's Open and Save as: the tab shown decides what a file holds (a script with
its values line, a network's TOML, or a tensor script file's TOML)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from app.ui.pages.workbench_files import (
    FileProblem,
    read_text_file,
    script_file_text,
    sentence,
    split_script_file,
)
from questions.atomic import WriteFailed, write_text

if TYPE_CHECKING:
    from app.ui.pages.workbench_panel import SolvePanel
from app.ui.pages.workbench_tensor import TensorTab

KINDS = {
    "script": "Scripts (*.txt *.bp)",
    "network": "Networks (*.toml)",
    "tensor": "Tensor scripts (*.toml)",
}


class WorkbenchFiles:
    """Open and Save as for the Workbench page (a mixin: the page holds the editors)."""

    tabs: Any
    context: Any
    script_editor: Any
    values_edit: Any
    network_editor: Any
    network_panel: SolvePanel
    tensor_tab: TensorTab
    solve_network_now: Callable[[], None]
    solve_script_now: Callable[[], None]

    def _tab(self) -> str:
        shown = self.tabs.currentWidget()
        if shown is self.tensor_tab:
            return "tensor"
        return "network" if shown is self.network_panel else "script"

    def _kinds(self) -> str:
        return f"{KINDS[self._tab()]};;All files (*)"

    def save_file(self) -> None:
        """Save the tab's text to a file the learner picks."""
        name, _ = QFileDialog.getSaveFileName(self.tabs, "Save as", "", self._kinds())
        if name:
            self.save_to(name)

    def save_to(self, path: str | Path) -> bool:
        """Write the tab's text to a file atomically; a failure is said in a dialog."""
        tab = self._tab()
        if tab == "tensor":
            text = self.tensor_tab.text()
        elif tab == "network":
            text = self.network_editor.toPlainText()
        else:
            text = script_file_text(self.script_editor.toPlainText(), self.values_edit.text())
        try:
            write_text(path, text)
        except (WriteFailed, OSError) as error:
            self.context.show_error("Not saved", sentence(str(error)), "Choose another folder.")
            return False
        return True

    def open_file(self) -> None:
        """Open a file the learner picks into the tab shown."""
        name, _ = QFileDialog.getOpenFileName(self.tabs, "Open", "", self._kinds())
        if name:
            self.open_from(name)

    def open_from(self, path: str | Path) -> bool:
        """Put a file's text in the tab shown; a file that cannot be read is said in a dialog."""
        try:
            text = read_text_file(path)
        except FileProblem as problem:
            self.context.show_error("Not opened", str(problem), "Choose a text file.")
            return False
        tab = self._tab()
        if tab == "tensor":
            self.tensor_tab.set_text(text)
        elif tab == "network":
            self.network_editor.setPlainText(text)
            self.solve_network_now()
        else:
            script, values = split_script_file(text)
            self.script_editor.setPlainText(script)
            if values is not None:
                self.values_edit.setText(values)
            self.solve_script_now()
        return True
