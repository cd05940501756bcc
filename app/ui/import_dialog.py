"""Asking before a progress file is imported: whose progress it is, and where it will go."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


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
