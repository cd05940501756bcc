"""Exam: choose topics, count and time; the exam is built off the GUI thread; answer, flag and
revisit against a visible clock; submit (or run out of time) for the report per topic, where
every question can be reviewed with its worked solution.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import UiContext
from app.ui.dialogs import call_service
from app.ui.models import ExamEntry, ExamQuestionModel, topic_title
from app.ui.pages.exam_report import ExamReportPanel
from app.ui.pages.practice import TopicPicker, enter_starts, setup_card
from app.ui.widgets.question_view import QuestionView


def clock_text(seconds: float) -> str:
    """Time left as m:ss (h:mm:ss from an hour up), rounded up so 0:00 means time is up."""
    whole = int(-(-max(seconds, 0.0) // 1))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ExamPage(QWidget):
    """Setup, then the exam itself, then the report; `exam` is the service's Exam object."""

    page_id = "exam"
    title = "Exam"

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.exam: Any = None
        self.report: Any = None
        self.index = 0
        self.setAccessibleName("Exam")
        self._confirming = False

        card, form, self.problem = setup_card("Exam")
        self.picker = TopicPicker()
        form.addRow("Topics", self.picker)
        self.count = QSpinBox()
        self.count.setRange(1, 40)
        self.count.setValue(10)
        self.count.setAccessibleName("Number of questions")
        form.addRow("Questions", self.count)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 180)
        self.minutes.setValue(20)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Time limit in minutes")
        form.addRow("Time limit", self.minutes)
        self.build_button = QPushButton("Build the exam")
        self.build_button.setProperty("role", "primary")
        self.build_button.clicked.connect(self.build)
        self.build_progress = QProgressBar()
        self.build_progress.setAccessibleName("Building the exam")
        self.build_progress.hide()
        form.addRow("", self.build_button)
        form.addRow("", self.build_progress)
        self.setup = QWidget()
        setup_box = QVBoxLayout(self.setup)
        setup_box.setContentsMargins(24, 16, 24, 16)
        setup_box.addWidget(card)
        setup_box.addStretch(1)
        enter_starts(self.setup, self.build)

        # -- the exam -----------------------------------------------------------------------
        self.clock = QLabel("")
        self.clock.setProperty("role", "subheading")
        self.clock.setAccessibleName("Time left")
        self.answered_label = QLabel("")
        self.answered_label.setProperty("role", "muted")
        self.entries = ExamQuestionModel()
        self.navigator = QListView()
        self.navigator.setModel(self.entries)
        self.navigator.setAccessibleName("Exam questions")
        self.navigator.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.navigator.setWordWrap(True)
        self.navigator.setSpacing(3)  # entries of two lines stay apart
        self.navigator.activated.connect(lambda i: self.go(i.row()))
        self.navigator.clicked.connect(lambda i: self.go(i.row()))
        self.view = QuestionView(exam_mode=True)
        self.view.submitted.connect(self.save_answer)
        self.prev_button = QPushButton("‹ Previous")
        self.next_button = QPushButton("Next ›")
        self.prev_button.setToolTip("Page Up")
        self.next_button.setToolTip("Page Down")
        self.flag_button = QPushButton("Flag (Ctrl+F)")
        self.flag_button.setCheckable(True)
        self.flag_button.setToolTip("Ctrl+F")
        self.submit_button = QPushButton("Submit exam")
        self.submit_button.setToolTip("Ctrl+Enter")
        self.submit_button.setProperty("role", "primary")
        self.prev_button.clicked.connect(lambda: self.go(self.index - 1))
        self.next_button.clicked.connect(lambda: self.go(self.index + 1))
        self.flag_button.clicked.connect(self.toggle_flag)
        self.submit_button.clicked.connect(self.submit)
        for button, name in (
            (self.prev_button, "Previous question (Page Up)"),
            (self.next_button, "Next question (Page Down)"),
            (self.flag_button, "Flag this question"),
            (self.submit_button, "Submit the exam (Ctrl+Enter)"),
        ):
            button.setAccessibleName(name)
        top = QHBoxLayout()
        top.setContentsMargins(24, 12, 24, 0)
        top.addWidget(self.clock)
        top.addSpacing(16)
        top.addWidget(self.answered_label, 1)
        side = QVBoxLayout()
        side.setContentsMargins(24, 8, 0, 14)
        side.addWidget(self.navigator, 1)
        pair = QHBoxLayout()
        pair.addWidget(self.prev_button)
        pair.addWidget(self.next_button)
        side.addLayout(pair)
        side.addWidget(self.flag_button)
        side.addWidget(self.submit_button)
        side_box = QWidget()
        side_box.setLayout(side)
        side_box.setFixedWidth(214)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(side_box)
        body.addWidget(self.view, 1)
        self.running = QWidget()
        running = QVBoxLayout(self.running)
        running.setContentsMargins(0, 0, 0, 0)
        running.addLayout(top)
        running.addLayout(body, 1)
        keys = (
            (QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.go(self.index - 1)),
            (QKeySequence.StandardKey.MoveToNextPage, lambda: self.go(self.index + 1)),
            (QKeySequence("Ctrl+F"), self.toggle_flag),
            (QKeySequence("Ctrl+Return"), self.submit),
            (QKeySequence("Ctrl+Enter"), self.submit),
        )
        for sequence, slot in keys:
            shortcut = QShortcut(sequence, self.running)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.tick)

        self.report_panel = ExamReportPanel()
        self.report_panel.new_exam_requested.connect(self.show_setup)

        self.stack = QStackedWidget()
        for panel in (self.setup, self.running, self.report_panel):
            self.stack.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def refresh(self) -> None:
        """Keep an exam under way (its clock keeps running while other pages are shown)."""
        ready = self.context.services is not None and self.context.profile is not None
        self.build_button.setEnabled(ready and not self.build_progress.isVisible())
        if self.exam is not None and ready and self.exam.profile_id != self.context.profile.id:
            self.show_setup()

    def show_setup(self) -> None:
        """Back to choosing an exam."""
        self.exam, self.report = None, None
        self.timer.stop()
        self.stack.setCurrentWidget(self.setup)
        self.build_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building ---------------------------------------------------------------------------

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
        self.exam, self.report, self._confirming = exam, None, False
        self.stack.setCurrentWidget(self.running)
        self.go(0)
        self.tick()
        self.timer.start()

    # -- answering --------------------------------------------------------------------------

    def go(self, index: int) -> None:
        """Show question `index` with any answer already kept."""
        if self.exam is None or self.report is not None:
            return
        questions = self.exam.questions
        self.index = max(0, min(index, len(questions) - 1))
        self.view.set_question(questions[self.index], self.exam.response(self.index))
        self.flag_button.setChecked(self.index in self.exam.flagged)
        self._show_entries()

    def save_answer(self, response: object, _hints: int, _seconds: float) -> None:
        """Keep the answer (no feedback until the end) and move on to the next question."""
        from app.services.exam import ExamOver, UnreadableAnswer

        try:
            self.exam.answer(self.index, response)
        except ExamOver:
            self.show_report(self.exam.submit())
            return
        except UnreadableAnswer as error:
            self.view.ui.show_problem(str(error))
            return
        self._show_entries()
        if self.index + 1 < len(self.exam.questions):
            self.go(self.index + 1)

    def toggle_flag(self) -> None:
        """Flag the question shown to come back to it, or unflag it."""
        if self.exam is None or self.report is not None:
            return
        if self.index in self.exam.flagged:
            self.exam.unflag(self.index)
        else:
            self.exam.flag(self.index)
        self.flag_button.setChecked(self.index in self.exam.flagged)
        self._show_entries()

    def _show_entries(self) -> None:
        exam = self.exam
        answered, flagged = set(exam.answered), set(exam.flagged)
        self.entries.set_rows(
            [
                ExamEntry(i, q.title or topic_title(q.topic), q.topic, i in answered, i in flagged)
                for i, q in enumerate(exam.questions)
            ]
        )
        self.navigator.setCurrentIndex(self.entries.index(self.index, 0))
        total = len(exam.questions)
        self.answered_label.setText(
            f"Question {self.index + 1} of {total} · {len(answered)} answered · "
            f"{len(flagged)} flagged"
        )
        self._confirming = False
        self.submit_button.setText("Submit exam")

    def tick(self) -> None:
        """Update the clock; when time is up the exam is submitted."""
        if self.exam is None or self.report is not None:
            self.timer.stop()
            return
        left = self.exam.time_left()
        self.clock.setText(f"Time left {clock_text(left)}")
        if left <= 0:
            report = call_service(self.context, "submit the exam", self.exam.submit)
            if report is not None:
                self.show_report(report)

    def submit(self) -> None:
        """Submit the exam; with questions unanswered, the first press asks to press again."""
        if self.exam is None or self.report is not None:
            return
        blank = len(self.exam.questions) - len(self.exam.answered)
        if blank and not self._confirming:
            self._confirming = True
            self.submit_button.setText(f"{blank} blank: press again")
            return
        report = call_service(self.context, "submit the exam", self.exam.submit)
        if report is not None:
            self.show_report(report)

    def show_report(self, report: Any) -> None:
        """Stop the clock and show the score report."""
        self.timer.stop()
        self.report = report
        self.stack.setCurrentWidget(self.report_panel)
        self.report_panel.show_report(report, self.exam)

    def review(self, row: int) -> None:
        """Review question `row` of the report."""
        self.report_panel.review(row)
