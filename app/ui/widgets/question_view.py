"""QuestionView: one question, answered with the keyboard or the mouse, then explained.

The view never talks to the database. A page shows a question with `set_question(q)`;
the learner answers (keys 1-9 pick choices, Enter submits, H reveals a hint) and the view
emits `submitted(response, hints_used, seconds)`, the seconds counting only while it was on
screen with the app active (screen_time.py). The page grades it through a service and calls
`show_outcome(verdict, rating)`: right or wrong, the exact value, the diagnosis, the worked
solution step by step (S next, A all), the rating (keys 1-4 override it and emit
`rating_overridden`), then "Another variant" (V) and "Next" (N or Enter), which only emit.

`grade_locally=True` grades with questions.grading itself (previews, authoring, tests).
`exam_mode=True` gives no feedback and has no Submit button: every change of the response
emits `response_changed(response)` for the page to save at once; Enter emits `submitted`.
A response that cannot be read is explained inline and never submitted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QPushButton, QWidget

from app.ui.models import topic_title
from app.ui.widgets.answer_entry import AnswerEntry, NumericEntry
from app.ui.widgets.entries import draft_response, make_entry
from app.ui.widgets.guided_entry import GuidedEntry
from app.ui.widgets.question_keys import ANSWERED, ANSWERING, WAITING, QuestionKeys
from app.ui.widgets.question_layout import QuestionLayout
from app.ui.widgets.screen_time import ScreenTime
from questions.grading import Verdict, grade
from questions.model import FamilyKey, Kind, Question


class QuestionView(QuestionKeys, QWidget):
    """Shows one question and its feedback; see the module docstring for the flow."""

    submitted = Signal(object, int, float)
    """(response, hints used, seconds taken) for a readable response."""
    rating_overridden = Signal(int)
    """The learner chose another rating: 1 Again, 2 Hard, 3 Good, 4 Easy."""
    another_variant_requested = Signal()
    next_requested = Signal()
    outcome_shown = Signal(object)
    """The Verdict just shown (not in exam mode)."""
    response_changed = Signal(object)
    """Exam mode: the response as it stands after any change (blanks and unreadable text too)."""

    def __init__(
        self, parent: QWidget | None = None, *, grade_locally: bool = False, exam_mode: bool = False
    ) -> None:
        super().__init__(parent)
        self.grade_locally, self.exam_mode = grade_locally, exam_mode
        self.ui = QuestionLayout(self)
        self.entry: AnswerEntry | None = None
        self._question: Question | None = None
        self._state, self._hints_used = ANSWERING, 0
        self.screen_time = ScreenTime(self)
        self._variant_available: bool | None = None
        self.verdict: Verdict | None = None
        ui = self.ui
        ui.hint_button.clicked.connect(self.reveal_hint)
        ui.submit_button.clicked.connect(self.submit)
        ui.variant_button.clicked.connect(self.another_variant_requested.emit)
        ui.next_button.clicked.connect(self.next_requested.emit)
        ui.rating.overridden.connect(self.rating_overridden.emit)
        self.setAccessibleName("Question")

    # -- the page's API ------------------------------------------------------------------

    def set_question(self, question: Question, response: object = None) -> None:
        """Show a new question, ready to answer (with an earlier response, e.g. in an exam)."""
        self._question = question
        self._state = ANSWERING
        self._hints_used = 0
        self.screen_time.reset()
        self.verdict = None
        ui = self.ui
        ui.title.setText(question.title or topic_title(question.topic))
        ui.prompt.set_math_text(question.prompt)
        ui.diagram.set_diagram(question.diagram)
        ui.diagram.setVisible(question.diagram is not None)
        if self.entry is not None:
            self.entry.hide()
            self.entry.deleteLater()
        self.entry = make_entry(question, ui, self.exam_mode)
        if isinstance(self.entry, GuidedEntry):
            self.entry.submit_requested.connect(self.submit)
        self.entry.hint_requested.connect(self.reveal_hint)
        ui.entry_slot.addWidget(self.entry)
        if response is not None:
            self.entry.restore(response)
        self.entry.changed.connect(self._response_changed)  # after restoring: not a change
        ui.clear_hints()
        ui.show_problem("")
        ui.set_status("")
        ui.verdict.hide()
        ui.rating.set_rating(None)
        ui.solution.set_steps(())
        ui.solution.hide()
        self._update_buttons()
        ui.scroll_to_top()
        self.entry.focus_entry()
        # Again once the new entry is shown: a freshly added widget cannot take focus yet,
        # and the button that led here (e.g. Home's "Study now") may just have been hidden.
        QTimer.singleShot(0, self, self._focus_current_entry)  # not after deletion

    def _focus_current_entry(self) -> None:
        if self.entry is not None and self._state == ANSWERING and self.isVisible():
            self.entry.focus_entry()

    def show_outcome(self, verdict: Verdict, rating: int | None = None) -> None:
        """Show the graded outcome (rating: the derived FSRS rating 1-4, or None to hide it).

        A format-error verdict is shown inline and the question stays open for an answer.
        In exam mode nothing is shown.
        """
        if self._question is None or self.entry is None:
            return
        ui = self.ui
        if verdict.format_error:
            self._state = ANSWERING
            self.entry.set_locked(False)
            ui.show_problem(verdict.format_error)
            self._update_buttons()
            self.entry.focus_entry()
            return
        if self.exam_mode:
            return
        self._state = ANSWERED
        self.verdict = verdict
        self.entry.set_locked(True)
        self.entry.show_result(verdict)
        ui.show_problem("")
        ui.set_status("")
        ui.verdict.show_verdict(verdict, choice=self._question.kind in (Kind.SINGLE, Kind.MULTIPLE))
        ui.verdict.show()
        ui.rating.set_rating(rating)
        for step in self._question.guided:
            ui.diagram.reveal_grad(step.node, step.value)
        ui.diagram.reveal_solution()
        ui.solution.set_steps(self._question.solution)
        ui.solution.reveal_next()
        self._update_buttons()
        ui.next_button.setFocus()
        self.outcome_shown.emit(verdict)

    def question(self) -> Question | None:
        """The question shown."""
        return self._question

    def response(self) -> object:
        """The response as entered so far."""
        return None if self.entry is None else self.entry.response()

    @property
    def hints_used(self) -> int:
        """How many hints were revealed for this question."""
        return self._hints_used

    @property
    def answered(self) -> bool:
        """True once the outcome is shown."""
        return self._state == ANSWERED

    def elapsed(self) -> float:
        """Seconds the question was on screen (with the app active) since it was set."""
        return self.screen_time.seconds()

    def draft_response(self) -> object:
        """The response as it stands, every blank of a guided question included."""
        return None if self.entry is None else draft_response(self.entry)

    def set_variant_available(self, available: bool | None) -> None:
        """Offer "Another variant" (None: only for generated questions)."""
        self._variant_available = available
        self._update_buttons()

    # -- actions -------------------------------------------------------------------------

    def submit(self) -> bool:
        """What Enter and Submit do: check the response and emit `submitted` if readable."""
        if self._state != ANSWERING or self._question is None or self.entry is None:
            return False
        if isinstance(self.entry, GuidedEntry) and not self.entry.done:
            self.entry.check_current()  # its last blank calls submit() again
            return False
        problem = self.entry.format_problem()
        if problem:
            self.ui.show_problem(problem)
            if isinstance(self.entry, NumericEntry):
                self.entry.show_format_problem(problem)
            return False
        self.ui.show_problem("")
        response = self.entry.response()
        seconds = self.elapsed()
        if self.exam_mode:
            self.submitted.emit(response, self._hints_used, seconds)
            return True
        self._state = WAITING
        self.entry.set_locked(True)
        self._update_buttons()
        self.submitted.emit(response, self._hints_used, seconds)
        if self.grade_locally and self._state == WAITING:
            self.show_outcome(grade(self._question, response))
        return True

    def reveal_hint(self) -> bool:
        """Show the next hint; False when there is none left or the question is answered."""
        question = self._question
        if question is None or self._state != ANSWERING or self.exam_mode:
            return False
        if self._hints_used >= len(question.hints):
            return False
        text = question.hints[self._hints_used]
        self._hints_used += 1
        self.ui.add_hint(self._hints_used, len(question.hints), text)
        self._update_buttons()
        return True

    def _response_changed(self) -> None:
        if self.exam_mode and self._state == ANSWERING:
            self.response_changed.emit(self.draft_response())

    def _update_buttons(self) -> None:
        ui, question = self.ui, self._question
        answering = self._state == ANSWERING
        hints = len(question.hints) if question else 0
        ui.hint_button.setVisible(answering and not self.exam_mode and hints > 0)
        ui.hint_button.setEnabled(self._hints_used < hints)
        left = hints - self._hints_used
        ui.hint_button.setText(f"Hint (H) · {left} left" if left else "No more hints")
        guided_open = isinstance(self.entry, GuidedEntry) and not self.entry.done
        ui.submit_button.setText("Check blank (Enter)" if guided_open else "Submit (Enter)")
        ui.submit_button.setVisible(self._state != ANSWERED and not self.exam_mode)
        ui.submit_button.setEnabled(answering)
        done = self._state == ANSWERED
        variant = self._variant_available
        if variant is None:
            variant = question is not None and isinstance(question.key, FamilyKey)
        ui.variant_button.setVisible(done and variant)
        ui.next_button.setVisible(done)
        steps = question is not None and bool(question.solution)
        ui.solution.setVisible(done and steps)
        ui.set_side_visible(
            question is not None and (question.diagram is not None or (done and steps))
        )

    # -- keyboard ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys that reach the view: 1-9, Enter, H before answering; 1-4, S, A, V, N after."""
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if isinstance(focus, QPushButton) and self.isAncestorOf(focus):
                focus.click()
            elif self._state == ANSWERING:
                self.submit()
            elif self._state == ANSWERED:
                self.next_requested.emit()
            event.accept()
            return
        if plain and self._handle_key(key):
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side when wide, stacked when narrow."""
        self.ui.arrange(event.size().width())
        super().resizeEvent(event)
