"""The study pool on the Author page: the packs in it, and removing one.

Removing a pack asks first, in a dialog that does not block: keep the learners' progress on
its questions (it comes back if the pack is imported again) or forget it, or cancel. The
service (app.services.packs.remove_pack) does the work; this panel only asks and reports.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMessageBox, QPushButton, QWidget

Remove = Callable[[str, bool], None]
"""remove(pack_id, keep_progress): take the pack out of the pool and say what happened."""


class PoolPanel(QWidget):
    """A chooser of the packs in the study pool and a Remove button that asks first."""

    def __init__(self, remove: Remove) -> None:
        super().__init__()
        self._remove = remove
        self.question: QMessageBox | None = None  # the Keep / Forget / Cancel box, while open
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Pack to remove from the study pool")
        self.button = QPushButton("&Remove from the pool…")
        self.button.setAccessibleName("Remove the chosen pack from the study pool")
        self.button.clicked.connect(self.ask)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chooser, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.set_packs([])

    def set_packs(self, packs: list[tuple[str, str]]) -> None:
        """The packs in the pool as (pack id, title); hidden when there are none."""
        self.chooser.clear()
        for pack_id, title in packs:
            self.chooser.addItem(title, pack_id)
        self.setVisible(bool(packs))

    def ask(self) -> None:
        """Ask whether to keep the learners' progress, then remove the chosen pack."""
        pack_id = self.chooser.currentData()
        if not pack_id:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Remove a pack")
        box.setText(f"Remove “{self.chooser.currentText()}” from the study pool?")
        box.setInformativeText(
            "Its questions will no longer be served. Keep every learner's progress on them "
            "(it comes back if the pack is imported again), or forget it?"
        )
        keep = box.addButton("&Keep progress", QMessageBox.ButtonRole.AcceptRole)
        forget = box.addButton("&Forget progress", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.setAccessibleName("Remove a pack")

        def answered(_result: int) -> None:
            self.question = None
            if box.clickedButton() in (keep, forget):
                self._remove(pack_id, box.clickedButton() is keep)

        box.finished.connect(answered)
        self.question = box
        box.open()
