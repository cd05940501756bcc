"""Manage learners: rename, reset progress or delete, each confirmed, staged and undoable.

Nothing is written while the dialog is open: each change is listed as pending, Undo takes
back the latest, Cancel drops them all, and Done makes them (services.learners.StagedChanges).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.learners import Change, StagedChanges
from app.store.records import Profile


class ManageLearnersDialog(QDialog):
    """The learners with Rename, Reset and Delete; `applied(changes)` once Done wrote them."""

    applied = Signal(list)

    def __init__(self, repo: Any, current_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staged = StagedChanges(repo, current_id)
        self.setWindowTitle("Manage learners")
        self.setAccessibleName("Manage learners")
        self.setMinimumWidth(520)
        # Questions to the learner are attributes so tests (and other front ends) can answer.
        self.confirm: Callable[[str, str], bool] = self._confirm
        self.ask_name: Callable[[str], str | None] = self._ask_name

        intro = QLabel(
            "Changes are made when you press Done. Undo takes back the latest one; Cancel "
            "drops them all."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Learners")
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.rename_button = QPushButton("Rename…")
        self.reset_button = QPushButton("Reset progress…")
        self.delete_button = QPushButton("Delete…")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.rename_button.setAccessibleName("Rename the chosen learner")
        self.reset_button.setAccessibleName("Reset the chosen learner's progress")
        self.delete_button.setAccessibleName("Delete the chosen learner")
        self.undo_button.setAccessibleName("Undo the latest change")
        self.rename_button.clicked.connect(self.rename)
        self.reset_button.clicked.connect(self.reset)
        self.delete_button.clicked.connect(self.delete)
        self.undo_button.clicked.connect(self.undo)
        self.pending = QLabel("")
        self.pending.setWordWrap(True)
        self.pending.setAccessibleName("Pending changes")
        self.problem = QLabel("")
        self.problem.setProperty("role", "wrong")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem with the change")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.done_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.done_button.setText("Done")
        for button in self.buttons.buttons():
            button.setIcon(QIcon())  # some platform styles add glyphs that read as noise
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        grid.addWidget(self.list, 0, 0, 5, 1)
        for row, button in enumerate(
            (self.rename_button, self.reset_button, self.delete_button, self.undo_button)
        ):
            grid.addWidget(button, row, 1)
        grid.setRowStretch(4, 1)
        grid.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid, 1)
        layout.addWidget(self.pending)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._show()
        current = [p.id for p in self.staged.profiles].index(current_id) if current_id else 0
        self.list.setCurrentRow(current if self.staged.profiles else -1)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- what is shown -------------------------------------------------------------------

    def chosen(self) -> Profile | None:
        """The learner chosen in the list."""
        row = self.list.currentRow()
        return self.staged.profiles[row] if 0 <= row < len(self.staged.profiles) else None

    def _show(self) -> None:
        staged, row = self.staged, self.list.currentRow()
        self.list.clear()
        for profile in staged.profiles:
            notes = []
            if profile.id == staged.current_id:
                notes.append("studying now")
            if staged.is_reset(profile.id):
                notes.append("progress to be reset")
            if staged.is_deleted(profile.id):
                notes.append("to be deleted")
            text = staged.name_of(profile.id) + (f" — {', '.join(notes)}" if notes else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            self.list.addItem(item)
        self.list.setCurrentRow(row)
        changes = staged.pending
        self.pending.setText(
            "Pending: " + "; ".join(c.describe() for c in changes) + "."
            if changes
            else "No changes yet."
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        profile = self.chosen()
        open_ = profile is not None and not self.staged.is_deleted(profile.id)
        for button in (self.rename_button, self.reset_button, self.delete_button):
            button.setEnabled(open_)
        self.undo_button.setEnabled(bool(self.staged.pending))

    # -- changes -------------------------------------------------------------------------

    def _stage(self, make: Callable[[], Change]) -> Change | None:
        try:
            change = make()
        except ValueError as error:
            self.problem.setText(str(error))
            return None
        self.problem.setText("")
        self._show()
        return change

    def rename(self) -> Change | None:
        """Ask for a new name for the chosen learner and stage it."""
        profile = self.chosen()
        if profile is None:
            return None
        name = self.ask_name(self.staged.name_of(profile.id))
        if name is None:
            return None
        return self._stage(lambda: self.staged.rename(profile.id, name))

    def reset(self) -> Change | None:
        """Confirm, then stage removing the chosen learner's progress."""
        profile = self.chosen()
        if profile is None:
            return None
        name = self.staged.name_of(profile.id)
        if not self.confirm(
            f"Reset {name}'s progress?",
            f"Every answer, the review schedule and past sessions of {name} will be removed "
            "when you press Done. The name and settings stay.",
        ):
            return None
        return self._stage(lambda: self.staged.reset(profile.id))

    def delete(self) -> Change | None:
        """Confirm, then stage deleting the chosen learner."""
        profile = self.chosen()
        if profile is None:
            return None
        name = self.staged.name_of(profile.id)
        if profile.id == self.staged.current_id:  # say why before asking anything
            return self._stage(lambda: self.staged.delete(profile.id))
        if not self.confirm(
            f"Delete {name}?",
            f"{name} and all of their progress will be removed when you press Done.",
        ):
            return None
        return self._stage(lambda: self.staged.delete(profile.id))

    def undo(self) -> Change | None:
        """Take back the latest staged change."""
        change = self.staged.undo()
        self.problem.setText("")
        self._show()
        return change

    def accept(self) -> None:
        """Make the staged changes, report them with `applied`, and close."""
        try:
            made = self.staged.apply()
        except Exception as error:  # a store error: say it and keep the dialog open
            self.problem.setText(f"Not every change could be made: {error}")
            self._show()
            return
        self.applied.emit(made)
        super().accept()

    # -- asking --------------------------------------------------------------------------

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self, title, text, defaultButton=QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def _ask_name(self, name: str) -> str | None:
        text, ok = QInputDialog.getText(self, "Rename learner", f"New name for {name}:", text=name)
        return text if ok else None
