"""Exam: choose topics, count and time; the exam is built off the GUI thread; answer, flag and
revisit against a visible clock, every change saved at once; a summary of the attempt, then
"Submit all and finish" (or the clock) for the report, where every question can be reviewed.

An exam left unfinished by a quit or a crash is offered again (exam_resume.py): resumed with
every answer, flag and time, or submitted as saved; one whose time ran out meanwhile is
submitted at once. The time on a question counts only while it is on screen in the active
app (QuestionView's ScreenTime tells the exam).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout

from app.ui.context import UiContext
from app.ui.dialogs import call_service
from app.ui.pages.exam_report import ExamReportPanel
from app.ui.pages.exam_resume import ResumePanel
from app.ui.pages.exam_running import ExamRunningPanel, clock_text
from app.ui.pages.exam_setup import ExamSetupPanel
from app.ui.pages.exam_start import CLOSED_NOTE, ExamStart
from app.ui.pages.exam_summary import ExamSummaryPanel
from app.ui.pages.practice import enter_starts

__all__ = ["CLOSED_NOTE", "ExamPage", "clock_text"]


class ExamPage(ExamStart):
    """Setup (or an unfinished exam to resume), the exam, its summary, then the report."""

    page_id = "exam"
    title = "Exam"

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.exam: Any = None
        self.report: Any = None
        self.index = 0
        self.unfinished: Any = None  # services.exam_resume.UnfinishedExam on offer
        self.setAccessibleName("Exam")
        self.setObjectName("examPage")

        self.setup = setup = ExamSetupPanel()
        self.picker, self.count, self.minutes = setup.picker, setup.count, setup.minutes
        self.build_button, self.build_progress = setup.build_button, setup.build_progress
        self.problem = setup.problem
        self.build_button.clicked.connect(self.build)
        enter_starts(self.setup, self.build)

        self.resume_panel = ResumePanel()
        self.resume_panel.resume_requested.connect(self.resume_unfinished)
        self.resume_panel.submit_requested.connect(lambda: self.resume_unfinished(submit=True))
        self.resume_panel.discard_confirmed.connect(self.discard_unfinished)

        self.running = run = ExamRunningPanel()
        self.clock, self.answered_label, self.view = run.clock, run.answered_label, run.view
        self.entries, self.navigator = run.entries, run.navigator
        self.prev_button, self.next_button = run.prev_button, run.next_button
        self.flag_button, self.submit_button = run.flag_button, run.submit_button
        self.navigator.activated.connect(lambda i: self.go(i.row()))
        self.navigator.clicked.connect(lambda i: self.go(i.row()))
        self.view.response_changed.connect(self.save_change)
        self.view.submitted.connect(self.save_and_next)
        self.view.screen_time.changed.connect(lambda _on: self._track_screen())
        run.connect_actions(
            lambda: self.go(self.index - 1),
            lambda: self.go(self.index + 1),
            self.toggle_flag,
            self.submit,
        )
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.tick)

        self.summary = ExamSummaryPanel()
        self.summary.return_requested.connect(self.return_to_attempt)
        self.summary.finish_requested.connect(self.finish)
        self.report_panel = ExamReportPanel()
        self.report_panel.setObjectName("examReportPanel")
        self.report_panel.new_exam_requested.connect(self.show_setup)

        self.stack = QStackedWidget()
        for panel in (self.setup, self.resume_panel, self.running, self.summary, self.report_panel):
            self.stack.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def exam_running(self) -> bool:
        """True while an exam is under way (the window asks before closing)."""
        return self.exam is not None and self.report is None

    def _enter(self, exam: Any, index: int) -> None:
        self.exam, self.report = exam, None
        self.stack.setCurrentWidget(self.running)
        self.running.set_saved("")
        self.go(index)
        self.tick()
        self.timer.start()

    # -- answering ----------------------------------------------------------------------------

    def go(self, index: int) -> None:
        """Show question `index` with any answer already kept."""
        if not self.exam_running():
            return
        questions = self.exam.questions
        self.index = max(0, min(index, len(questions) - 1))
        self.view.set_question(questions[self.index], self.exam.response(self.index))
        self.flag_button.setChecked(self.index in self.exam.flagged)
        self._show_entries()
        self._track_screen()

    def _track_screen(self) -> None:
        """Tell the exam which question is on screen in the active app (its time counts)."""
        if self.exam_running():
            on_screen = self.view.screen_time.on_screen and self.view.question() is not None
            self._call(self.exam.show, self.index if on_screen else None)

    def _call(self, fn: Any, *args: Any) -> bool:
        """Run an exam call that saves, saying so; False if the exam is over (then the
        report is shown)."""
        if self.running.save(fn, *args):
            return True
        self._submit_now()
        return False

    def save_change(self, response: object) -> None:
        """Save the response the moment it changes (a click, a tick, a keystroke)."""
        if self.exam_running() and self._call(self.exam.answer, self.index, response):
            self._show_entries()

    def save_and_next(self, response: object, _hints: int, _seconds: float) -> None:
        """Enter: the answer is saved already; go on to the next question."""
        self.save_change(self.view.draft_response())
        if self.exam_running() and self.index + 1 < len(self.exam.questions):
            self.go(self.index + 1)

    def toggle_flag(self) -> None:
        """Flag the question shown to come back to it, or unflag it."""
        if not self.exam_running():
            return
        flagged = self.index in self.exam.flagged
        self._call(self.exam.unflag if flagged else self.exam.flag, self.index)
        self.flag_button.setChecked(self.index in self.exam.flagged)
        self._show_entries()

    def _show_entries(self) -> None:
        self.running.show_entries(self.exam, self.index)

    def tick(self) -> None:
        """Update the clock; when time is up the exam is submitted."""
        if not self.exam_running():
            self.timer.stop()
            return
        left = self.exam.time_left()
        self.clock.setText(f"Time left {clock_text(left)}")
        if left <= 0:
            self._submit_now()

    # -- submitting ---------------------------------------------------------------------------

    def submit(self) -> None:
        """ "Submit exam…" and Ctrl+Enter: the summary of the attempt, where submitting is a
        step of its own."""
        if not self.exam_running():
            return
        self.stack.setCurrentWidget(self.summary)
        self.summary.show_summary(self.exam, clock_text(self.exam.time_left()))

    def return_to_attempt(self, row: int) -> None:
        """Back from the summary to a question (-1: the one shown before)."""
        if self.exam_running():
            self.stack.setCurrentWidget(self.running)
            self.go(self.index if row < 0 else row)

    def finish(self) -> None:
        """ "Submit all and finish"."""
        if self.exam_running():
            self._submit_now()

    def _submit_now(self, note: str = "") -> None:
        report = call_service(self.context, "submit the exam", self.exam.submit)
        if report is not None:
            self.show_report(report, note)

    def show_report(self, report: Any, note: str = "") -> None:
        """Stop the clock and show the score report."""
        self.timer.stop()
        self.report = report
        self.stack.setCurrentWidget(self.report_panel)
        self.report_panel.show_report(report, self.exam)
        if note:
            self.report_panel.score_note.setText(note)

    def review(self, row: int) -> None:
        """Review question `row` of the report."""
        self.report_panel.review(row)
