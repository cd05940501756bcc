"""History: every past session (date, mode, questions, score); choose one to see its answers,
and an answer to review it with its worked solution, the answer given and the diagnosis."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import history
from app.ui.context import UiContext
from app.ui.dialogs import call_service
from app.ui.models import AttemptModel, SessionModel, when
from app.ui.pages.exam_report import choose_row, row_table
from app.ui.pages.review_pane import ReviewPane
from app.ui.shortcuts import bind

EMPTY = (
    "No sessions yet. Study, practise or take an exam: each session is listed here, and any "
    "answer can be opened again with its worked solution."
)


class HistoryPage(QWidget):
    """Sessions, then a session's answers, then the answer under review."""

    page_id = "history"
    title = "History"

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.setAccessibleName("History")
        heading = QLabel("History")
        heading.setProperty("role", "heading")
        self.note = QLabel(EMPTY)
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.note.setAccessibleName("History summary")
        self.sessions = SessionModel()
        self.session_table = row_table(self.sessions, "Past sessions")
        self.session_table.setWordWrap(True)
        self.session_table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.session_table.selectionModel().currentRowChanged.connect(
            lambda i, _p: self.show_session(i.row())
        )
        self.answers = AttemptModel()
        self.answer_table = row_table(self.answers, "Answers in the session")
        self.answer_table.selectionModel().currentRowChanged.connect(
            lambda i, _p: self.show_answer(i.row())
        )
        self._answer = 0
        self.review_view = ReviewPane()
        self.review_view.next_requested.connect(lambda: self.select_answer(self._answer + 1))
        self.missing = QLabel("")
        self.missing.setWordWrap(True)
        self.missing.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.missing.setAccessibleName("Why this answer cannot be shown")
        self.right = QStackedWidget()
        self.right.addWidget(self.review_view)
        self.right.addWidget(self.missing)
        self.reviewed: history.AttemptReview | None = None
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.session_table)
        left.addWidget(self.answer_table)
        left.setSizes([300, 300])
        left.setMinimumWidth(260)
        self.split = QSplitter()
        self.split.addWidget(left)
        self.split.addWidget(self.right)
        self.split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(heading)
        layout.addWidget(self.note)
        layout.addWidget(self.split, 1)
        bind("history.next", self, lambda: self.select_answer(self._answer + 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The lists take about a third of the width (260-440 px), the review the rest."""
        super().resizeEvent(event)
        width = self.split.width()
        lists = max(260, min(440, int(width * 0.36)))
        self.split.setSizes([lists, max(width - lists, 0)])

    def refresh(self) -> None:
        """List the current learner's sessions, newest first, and open the newest."""
        services, profile = self.context.services, self.context.profile
        if services is None or profile is None:
            return
        lines = call_service(
            self.context, "list your past sessions", history.sessions, services.ctx, profile.id
        )
        if lines is None:
            return
        self.sessions.set_rows(lines)
        self.session_table.resizeRowsToContents()
        self.answers.set_rows([])
        if not lines:
            self.note.setText(EMPTY)
            self.right.setCurrentWidget(self.missing)
            self.missing.setText("")
            return
        answered = sum(line.answers for line in lines)
        self.note.setText(
            f"{len(lines)} session{'s' if len(lines) != 1 else ''}, {answered} answers. Choose "
            "a session, then an answer to review it with its worked solution (N: next answer)."
        )
        self.select_session(0)
        self.session_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_session(self, row: int) -> None:
        """Choose session `row` in the list and show its answers."""
        choose_row(self.session_table, row, self.show_session)

    def show_session(self, row: int) -> None:
        """The answers given in one session; the first is reviewed."""
        services, profile = self.context.services, self.context.profile
        if services is None or profile is None or not 0 <= row < self.sessions.rowCount():
            return
        line = self.sessions.row_at(row)
        given = call_service(
            self.context,
            "load the session's answers",
            history.attempts,
            services.ctx,
            profile.id,
            line.id,
        )
        self.answers.set_rows(given or [])
        if given:
            self.select_answer(0)
        else:
            self.right.setCurrentWidget(self.missing)
            self.missing.setText("No answer was stored in this session (an exam left blank).")

    def select_answer(self, row: int) -> None:
        """Choose answer `row` of the session and review it."""
        choose_row(self.answer_table, row, self.show_answer)

    def show_answer(self, row: int) -> Any:
        """Review one answer: its question rebuilt, the answer given, verdict and solution."""
        services = self.context.services
        if services is None or not 0 <= row < self.answers.rowCount():
            return None
        self._answer = row
        attempt = self.answers.row_at(row)
        reviewed = call_service(
            self.context, "rebuild the question", history.review, services.ctx, attempt
        )
        self.reviewed = reviewed
        if reviewed is None:
            return None
        if not reviewed.shown:
            self.missing.setText(reviewed.note)  # why it cannot be shown
            self.right.setCurrentWidget(self.missing)
            return reviewed
        assert reviewed.question is not None and reviewed.verdict is not None  # shown
        self.right.setCurrentWidget(self.review_view)
        self.review_view.review(reviewed.question, reviewed.response, reviewed.verdict)
        answered = attempt.answered_at.astimezone(self.sessions_zone())
        took = f"{attempt.seconds:.0f} s" + (
            f", {attempt.hints_used} hint(s)" if attempt.hints_used else ""
        )
        status = f"Answered {when(answered)} ({took})."
        self.review_view.ui.set_status(f"{status} {reviewed.note}".strip())
        return reviewed

    def sessions_zone(self) -> Any:
        """The learner's time zone, as the session list shows times."""
        rows = self.sessions.rows
        return rows[0].started_at.tzinfo if rows else None
