"""Asking before a progress file is imported: whose progress it is, and where it will go."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

NOTHING_IMPORTED = "Nothing was imported. Choose a progress file written by Export progress."


def _answers(n: int) -> str:
    return f"{n} answer{'' if n == 1 else 's'}"


class ImportProgressDialog(QMessageBox):
    """Says whose progress a file holds and that it is imported as them; `confirmed` on yes.

    A file is always imported as the learner it belongs to (made if new), never into the
    learner studying now; this dialog says so before anything is written. It opens without
    blocking (`open()`), like the app's other dialogs.
    """

    confirmed = Signal()

    def __init__(
        self,
        learner: str,
        attempts: int,
        skills: int,
        exists: bool,
        current: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Import progress")
        self.setAccessibleName("Import progress")
        holds = f"{_answers(attempts)} on {skills} skill{'' if skills == 1 else 's'}"
        self.setText(f"This file holds the progress of {learner}: {holds}.")
        if learner == current:
            where = "It is merged into your progress; answers you have already are skipped."
        elif exists:
            where = (
                f"It is merged into {learner}'s progress (answers already there are skipped). "
                f"Your progress as {current} is not changed."
            )
        else:
            where = (
                f"There is no learner called {learner} here yet: importing makes one. "
                f"Your progress as {current} is not changed."
            )
        self.setInformativeText(where)
        self.import_button: QPushButton = self.addButton(
            f"Import as {learner}", QMessageBox.ButtonRole.AcceptRole
        )
        self.cancel_button: QPushButton = self.addButton(
            "Cancel", QMessageBox.ButtonRole.RejectRole
        )
        self.setDefaultButton(self.import_button)
        self.setEscapeButton(self.cancel_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: object) -> None:
        if button is self.import_button:
            self.confirmed.emit()


def offer_import(
    context: Any, path: str, parent: QWidget, done: Callable[[str], None]
) -> ImportProgressDialog | None:
    """Check a progress file and ask before importing it; a bad file is a dialog saying why.

    On "Import as …" the file is imported and `done` gets a sentence of what changed.
    """
    from app.services.progress_io import ProgressFileError

    services, current = context.services, context.profile
    try:
        found = services.read_progress_file(path)
    except ProgressFileError as e:
        context.show_error("Progress not imported", str(e), NOTHING_IMPORTED)
        return None
    exists = any(p.name == found.learner for p in services.profiles())
    dialog = ImportProgressDialog(
        found.learner, found.attempts, found.skills, exists, current.name, parent
    )
    dialog.confirmed.connect(lambda: _import(context, path, done))
    dialog.open()
    return dialog


def _import(context: Any, path: str, done: Callable[[str], None]) -> None:
    """Import a confirmed file; say what it changed, or why it failed."""
    from app.services.progress_io import ProgressFileError
    from app.store.errors import StoreError

    try:
        result = context.services.import_progress(path)
    except (ProgressFileError, StoreError) as e:  # changed since it was read; a full disk
        context.show_error("Progress not imported", str(e), NOTHING_IMPORTED)
        return
    who = result.profile.name
    note = f"Imported {_answers(result.new_attempts).replace('answer', 'new answer')} into {who}"
    note += f" from {path}."
    if result.others_attempts:
        note += f" {result.others_attempts} were another learner's already and stay theirs."
    if context.profile is not None and who != context.profile.name:
        note += f" Choose {who} under Studying as to study as them."
    done(note)
