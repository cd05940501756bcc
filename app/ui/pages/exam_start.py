"""The Exam page's way in: choosing and building an exam, or taking up an unfinished one
(resumed, submitted as saved, or discarded). ExamPage (exam.py) adds the answering."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QSpinBox, QStackedWidget, QWidget

from app.ui.context import UiContext
from app.ui.dialogs import call_service
from app.ui.pages.exam_resume import ResumePanel
from app.ui.pages.exam_running import ExamRunningPanel
from app.ui.pages.exam_setup import ExamSetupPanel

CLOSED_NOTE = "Its time ran out while the app was closed; it was submitted with the answers saved."


class ExamStart(QWidget):
    """Setup and the unfinished-exam offer; the page's panels are made by ExamPage."""

    context: UiContext
    exam: Any
    report: Any
    unfinished: Any  # services.exam_resume.UnfinishedExam on offer
    stack: QStackedWidget
    setup: ExamSetupPanel
    resume_panel: ResumePanel
    running: ExamRunningPanel
    picker: Any
    count: QSpinBox
    minutes: QSpinBox
    build_button: QPushButton
    build_progress: QProgressBar
    problem: QLabel
    timer: QTimer

    def _enter(self, exam: Any, index: int) -> None:
        raise NotImplementedError

    def _submit_now(self, note: str = "") -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Keep an exam under way (its clock runs on while other pages are shown); otherwise
        offer the learner's unfinished exam, if there is one."""
        profile = self.context.profile
        ready = self.context.services is not None and profile is not None
        self.build_button.setEnabled(ready and not self.build_progress.isVisible())
        if profile is None or not ready:
            return
        other = self.exam is not None and self.exam.profile_id != profile.id
        choosing = self.exam is None and self.stack.currentWidget() in (
            self.setup,
            self.resume_panel,
        )
        if other or choosing:  # another learner's exam stays saved for their return
            self.show_setup()

    def show_setup(self) -> None:
        """Back to choosing an exam, or to the learner's unfinished one."""
        from app.services.exam_resume import unfinished_exam

        self.exam, self.report = None, None
        self.timer.stop()
        services, profile = self.context.services, self.context.profile
        found = None
        if services is not None and profile is not None:
            found = call_service(
                self.context,
                "look for an unfinished exam",
                unfinished_exam,
                services.ctx,
                profile.id,
            )
        self.unfinished = found
        if found is None or services is None:
            self.stack.setCurrentWidget(self.setup)
            self.build_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if found.time_left(services.ctx.utc_now()) <= 0 and not found.problem:
            self.resume_unfinished(submit=True)
            return
        self.stack.setCurrentWidget(self.resume_panel)
        self.resume_panel.show_unfinished(found, services.ctx.utc_now())

    # -- building and resuming ----------------------------------------------------------------

    def build(self) -> None:
        """Build the exam's questions on a pool thread, with a progress bar."""
        services, profile = self.context.services, self.context.profile
        topics = self.picker.topics()
        if services is None or profile is None:
            return
        if not topics:
            self.problem.setText("Tick at least one topic.")
            return
        self.problem.setText("")
        self.build_button.setEnabled(False)
        self.build_progress.setRange(0, 0)
        self.build_progress.show()
        self.context.run_in_background(
            services.build_exam,
            profile.id,
            topics,
            self.count.value(),
            self.minutes.value() * 60,
            on_done=self.begin,
            on_error=self._build_failed,
            on_progress=self._built_some,
        )

    def _built_some(self, done: int, total: int) -> None:
        self.build_progress.setRange(0, total)
        self.build_progress.setValue(done)

    def _build_failed(self, error: BaseException, _details: str) -> None:
        self.build_progress.hide()
        self.build_button.setEnabled(True)
        self.problem.setText(f"The exam could not be built: {error}")

    def begin(self, exam: Any) -> None:
        """Start the clock and show the first question."""
        self.build_progress.hide()
        self.build_button.setEnabled(True)
        if call_service(self.context, "start the exam", lambda: exam.start() or True) is None:
            return
        self._enter(exam, 0)

    def resume_unfinished(self, submit: bool = False) -> None:
        """Carry on the unfinished exam where it was (or submit it as saved); one whose time
        ran out while the app was closed is submitted."""
        from app.services.exam_resume import resume_exam

        found, services = self.unfinished, self.context.services
        if found is None or services is None:
            return
        exam = call_service(
            self.context, "resume the exam", resume_exam, services.ctx, found.record.id
        )
        if exam is None:
            return
        self.unfinished = None
        if submit or exam.expired:
            self.exam, self.report = exam, None
            self._submit_now(CLOSED_NOTE if exam.expired else "")
            return
        blank = [i for i in range(len(exam.questions)) if i not in exam.answered]
        self._enter(exam, blank[0] if blank else 0)
        self.running.set_saved("Resumed: every saved answer is back.")

    def discard_unfinished(self) -> None:
        """Drop the unfinished exam, unscored, and go back to choosing one."""
        from app.services.exam_resume import discard_exam

        found, services = self.unfinished, self.context.services
        if found is not None and services is not None:
            call_service(
                self.context, "discard the exam", discard_exam, services.ctx, found.record.id
            )
        self.show_setup()
