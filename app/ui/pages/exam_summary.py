"""The summary before submitting, as Moodle's "Summary of attempt": every question answered,
blank or flagged, then "Return to attempt" or "Submit all and finish".

Submitting is a step of its own that a double-click cannot skip: the summary replaces the
button that opened it, its own buttons sit elsewhere (bottom right), and a press within the
double-click interval of the summary appearing is ignored.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.models import topic_title


def summary_text(total: int, answered: int, flagged: int, clock: str) -> str:
    """What the learner is about to submit, in one sentence or two."""
    blank = total - answered
    text = f"{answered} of {total} questions answered, {blank} blank, {flagged} flagged. "
    if blank:
        text += f"The {blank} blank {'question scores' if blank == 1 else 'questions score'} 0. "
    return text + (
        f"Time left: {clock}. Once you submit, you cannot change any answer; until then, "
        "every answer is saved and can still be changed."
    )


class ExamSummaryPanel(QWidget):
    """`show_summary(exam)`; emits `return_requested(row)` (-1: where you were) or `finish`."""

    return_requested = Signal(int)
    finish_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("examSummaryPanel")
        self.setAccessibleName("Summary of attempt")
        self._shown_at = 0.0
        heading = QLabel("Summary of attempt")
        heading.setProperty("role", "heading")
        self.text = QLabel("")
        self.text.setObjectName("examSummaryText")
        self.text.setAccessibleName("What you are about to submit")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("examSummaryTable")
        self.table.setAccessibleName("Each question: saved, blank, flagged")
        self.table.setHorizontalHeaderLabels(["Question", "Status", "Flag"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellActivated.connect(lambda row, _c: self._return(row))
        self.table.cellDoubleClicked.connect(lambda row, _c: self._return(row))
        self.return_button = QPushButton("Return to attempt")
        self.return_button.setObjectName("examReturnButton")
        self.return_button.setAccessibleName("Return to attempt")
        self.return_button.clicked.connect(lambda: self._return(-1))
        self.finish_button = QPushButton("Submit all and finish")
        self.finish_button.setObjectName("examFinishButton")
        self.finish_button.setAccessibleName("Submit all and finish")
        self.finish_button.setProperty("role", "primary")
        self.finish_button.clicked.connect(self._finish)
        for button in (self.return_button, self.finish_button):
            button.setAutoDefault(True)  # Enter presses the focused one
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.text)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_summary(self, exam: Any, clock: str) -> None:
        """List every question of `exam` as it stands, and say what submitting means."""
        answered, flagged = set(exam.answered), set(exam.flagged)
        questions = exam.questions
        self.text.setText(summary_text(len(questions), len(answered), len(flagged), clock))
        self.table.setRowCount(len(questions))
        for row, question in enumerate(questions):
            title = f"{row + 1}. {question.title or topic_title(question.topic)}"
            status = "Answer saved" if row in answered else "Not yet answered"
            cells = (title, status, "⚑ Flagged" if row in flagged else "")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self._shown_at = time.monotonic()
        self.finish_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _settled(self) -> bool:
        """False within a double-click of the summary appearing (that press was not for us)."""
        interval = QApplication.doubleClickInterval() / 1000
        return time.monotonic() - self._shown_at >= interval

    def _return(self, row: int) -> None:
        if self._settled():
            self.return_requested.emit(row)

    def _finish(self) -> None:
        if self._settled():
            self.finish_requested.emit()
