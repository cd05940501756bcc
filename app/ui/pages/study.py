"""Study: the scheduled session, one question at a time, with feedback and the derived rating.

`AnswerFlow` drives a QuestionView from any session with `next()`, `submit()` and
`override()` (study sessions and practice quizzes both have them): each slot calls the
session and renders what it returns. "Another variant" asks the session for a fresh
question of the same skill (shown in an order of its own); its answer belongs to the session
(`submit_extra`), so it counts in the session's tally exactly as it counts in the schedule,
and can be re-rated the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import UiContext
from app.ui.dialogs import call_service
from app.ui.widgets.question_view import QuestionView


def next_review_text(due: datetime | None) -> str:
    """When a skill comes back, in the learner's local time."""
    if due is None:
        return ""
    return f"Next review: {due.astimezone().strftime('%a %d %b, %H:%M')}."


class AnswerFlow(QWidget):
    """A question view and a progress line, driven by a session; `finished` when it runs out."""

    finished = Signal()

    def __init__(self, context: UiContext, mode: str) -> None:
        super().__init__()
        self.context, self.mode = context, mode
        self.session: Any = None
        self.outcome: Any = None
        self.answered: list[Any] = []  # the session's recorded outcomes, in order
        self._extra: Any = None  # a variant asked for with "Another variant"
        self.view = QuestionView()
        self.heading = QLabel(mode.capitalize())
        self.heading.setProperty("role", "subheading")
        self.progress = QLabel("")
        self.progress.setProperty("role", "muted")
        self.progress.setAccessibleName(f"{mode.capitalize()} progress")
        self.schedule = QLabel("")
        self.schedule.setProperty("role", "muted")
        self.schedule.setAccessibleName("Next review")
        top = QHBoxLayout()
        top.setContentsMargins(24, 12, 24, 0)
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.progress, 1)
        top.addWidget(self.schedule)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.view.submitted.connect(self.submit)
        self.view.rating_overridden.connect(self.override)
        self.view.next_requested.connect(self.show_next)
        self.view.another_variant_requested.connect(self.another_variant)

    def start(self, session: Any) -> None:
        """Begin answering a session's questions."""
        self.session, self.outcome, self._extra = session, None, None
        self.answered = []
        self.show_next()

    def show_next(self) -> bool:
        """Show the session's next question; False (and `finished`) when there is none."""
        self._extra = None
        question = call_service(self.context, "load the next question", self.session.next)
        self.schedule.setText("")
        self._show_progress()
        if question is None:
            self.finished.emit()
            return False
        self.view.set_question(question)
        return True

    def submit(self, response: object, hints_used: int, seconds: float) -> None:
        """Grade and record the answer through the service, then show the outcome."""
        if self._extra is not None:
            outcome = call_service(
                self.context,
                "save your answer",
                self.session.submit_extra,
                self._extra,
                response,
                hints_used,
                seconds,
            )
        else:
            outcome = call_service(
                self.context,
                "save your answer",
                self.session.submit,
                response,
                hints_used,
                seconds,
            )
        shown = self.view.question()
        if outcome is None:
            if shown is not None:
                self.view.set_question(shown, response)  # keep what was typed
            return
        if outcome.recorded:
            self.outcome = outcome
            self.answered.append(outcome)
        rating = int(outcome.rating) if outcome.rating is not None else None
        self.view.show_outcome(outcome.verdict, rating)
        self.schedule.setText(next_review_text(outcome.next_due))
        self._show_progress()

    def override(self, rating: int) -> None:
        """The learner chose another rating: reschedule exactly, say when it comes back."""
        if self.outcome is None:
            return
        outcome = call_service(self.context, "change the rating", self.session.override, rating)
        if outcome is not None:
            self.outcome = outcome
            self.schedule.setText(next_review_text(outcome.next_due))

    def another_variant(self) -> None:
        """A fresh variant of the question just answered (an authored question comes back as is)."""
        question = self.view.question()
        if question is None or self.session is None:
            return
        variant = call_service(self.context, "make a variant", self.session.variant, question)
        if variant is not None:
            self._extra = variant
            self.view.set_question(variant)
            self.schedule.setText("Another variant: extra practice on the same skill.")

    def _show_progress(self) -> None:
        progress = getattr(self.session, "progress", None)
        if progress is None:
            return
        left = getattr(progress, "remaining", 0)
        self.progress.setText(f"{progress.done} answered, {progress.correct} right · {left} left")


class StudyPage(QWidget):
    """The scheduled session: due reviews, then the day's new skills."""

    page_id = "study"
    title = "Study"

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.setAccessibleName("Study")
        self.flow = AnswerFlow(context, "study")
        self.flow.finished.connect(self.show_done)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Study status")
        self.message_title = QLabel("Study")
        self.message_title.setProperty("role", "heading")
        self.practice_button = QPushButton("Practice a topic")
        self.practice_button.clicked.connect(lambda: context.navigate("practice"))
        self.home_button = QPushButton("Back to Home")
        self.home_button.clicked.connect(lambda: context.navigate("home"))
        self.again_button = QPushButton("Check again")
        self.again_button.setProperty("role", "primary")
        self.again_button.clicked.connect(self.check_again)
        self._checked_again = False
        buttons = QHBoxLayout()
        for button in (self.again_button, self.practice_button, self.home_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        done = QWidget()
        box = QVBoxLayout(done)
        box.setContentsMargins(24, 16, 24, 16)
        box.setSpacing(14)
        box.addWidget(self.message_title)
        box.addWidget(self.message)
        box.addLayout(buttons)
        box.addStretch(1)
        self.done_panel = done
        self.stack = QStackedWidget()
        self.stack.addWidget(self.flow)
        self.stack.addWidget(done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    @property
    def view(self) -> QuestionView:
        """The question view (tests and benchmarks drive it)."""
        return self.flow.view

    def refresh(self) -> None:
        """Start a session for the current learner, or carry on the one under way."""
        services, profile = self.context.services, self.context.profile
        if services is None or profile is None:
            self.message.setText("Opening your progress…")
            self.stack.setCurrentWidget(self.done_panel)
            return
        session = self.flow.session
        if session is not None and session.profile_id == profile.id and self._showing_question():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.restart()

    def _showing_question(self) -> bool:
        return self.stack.currentWidget() is self.flow and self.view.question() is not None

    def restart(self) -> None:
        """A new study session for the current learner."""
        services, profile = self.context.services, self.context.profile
        if services is None or profile is None:
            return
        session = call_service(self.context, "start a study session", services.study, profile.id)
        if session is None:
            return
        self.stack.setCurrentWidget(self.flow)
        self.flow.start(session)

    def check_again(self) -> None:
        """Look for reviews that have come due since; if none, the end page says so."""
        self._checked_again = True
        self.restart()

    def show_done(self) -> None:
        """Nothing left to study now: say so, and what else there is to do."""
        progress = self.flow.session.progress
        if progress.done:
            self.message_title.setText("Session complete")
            self.message.setText(
                f"You answered {progress.done} question{'s' if progress.done != 1 else ''}, "
                f"{progress.correct} right. Nothing else is due now; reviews come back when "
                "they are due."
            )
        else:
            self.message_title.setText("Nothing to study right now")
            self.message.setText(
                "No reviews are due and today's new skills are done. Practice a topic, or "
                "raise new skills per day in Settings."
            )
            if self._checked_again:  # the same page again would look as if nothing happened
                self.message.setText(
                    f"Checked again at {datetime.now().astimezone():%H:%M:%S}: still nothing is "
                    f"due. {self.message.text()}"
                )
        self._checked_again = False
        self.stack.setCurrentWidget(self.done_panel)
        self.again_button.setFocus()
