"""An exam left unfinished by a quit or a crash, as the Exam page offers it: what was saved,
how long it has left, "Resume exam", "Submit it now" or "Discard it" (exam_guard.py brings
the learner here at start). One whose questions can no longer be rebuilt (a pack removed)
can only be discarded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.ui.pages.exam_running import clock_text


def resume_text(found: Any, now: datetime) -> str:
    """What was saved of an unfinished exam, and how long it has left."""
    started = found.record.started_at.astimezone().strftime("%a %d %b, %H:%M")
    saved = (
        f"The exam you started on {started} was not submitted. {found.answered} of "
        f"{found.total} questions are answered and {found.flagged} flagged; every answer was "
        "saved as you gave it."
    )
    if found.problem:
        return (
            saved + f" It cannot be resumed or submitted: {found.problem}. You can discard it; "
            "its saved answers are then dropped, unscored."
        )
    left = found.time_left(now)
    if left <= 0:
        return saved + " Its time ran out while the app was closed."
    return saved + (
        f" The clock kept running while the app was closed: {clock_text(left)} left. "
        "Resume it, or submit it now as it is."
    )


class ResumePanel(QWidget):
    """Offers an unfinished exam: "Resume exam", "Submit it now" or "Discard it"."""

    resume_requested = Signal()
    submit_requested = Signal()
    discard_confirmed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("examResumePanel")
        self.setAccessibleName("Unfinished exam")
        heading = QLabel("An exam is waiting for you")
        heading.setProperty("role", "heading")
        self.text = QLabel("")
        self.text.setObjectName("examResumeText")
        self.text.setAccessibleName("The unfinished exam")
        self.text.setWordWrap(True)
        self.resume_button = QPushButton("Resume exam")
        self.resume_button.setObjectName("examResumeButton")
        self.resume_button.setAccessibleName("Resume exam")
        self.resume_button.setProperty("role", "primary")
        self.submit_button = QPushButton("Submit it now")
        self.submit_button.setObjectName("examSubmitSavedButton")
        self.submit_button.setAccessibleName("Submit the unfinished exam now, as saved")
        self.discard_button = QPushButton("Discard it…")
        self.discard_button.setObjectName("examDiscardButton")
        self.discard_button.setAccessibleName("Discard the unfinished exam, unscored")
        for button in (self.resume_button, self.submit_button, self.discard_button):
            button.setAutoDefault(True)
        self.resume_button.clicked.connect(self.resume_requested.emit)
        self.submit_button.clicked.connect(self.submit_requested.emit)
        self.discard_button.clicked.connect(self.ask_discard)
        self.confirm: QMessageBox | None = None  # the "Discard this exam?" box, while open
        buttons = QHBoxLayout()
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_unfinished(self, found: Any, now: datetime) -> None:
        """Say what was saved and focus "Resume exam" (or "Discard it" when that is all left)."""
        self.text.setText(resume_text(found, now))
        for button in (self.resume_button, self.submit_button):
            button.setEnabled(not found.problem)
        first = self.discard_button if found.problem else self.resume_button
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_discard(self) -> None:
        """Confirm first: a discarded exam is gone for good."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Discard this exam?",
            "Discard the unfinished exam? Its saved answers are dropped and it is not scored.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda result: self._answered(box, result))
        self.confirm = box
        box.open()

    def _answered(self, box: QMessageBox, result: int) -> None:
        self.confirm = None
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Discard:
            self.discard_confirmed.emit()
