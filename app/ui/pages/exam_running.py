"""The exam under way: the clock, a save indicator, the question list and the question itself.

Only widgets live here; the Exam page drives them. There is no Save button: each change is
saved as it is made and `save_status` says so. "Submit exam…" opens the summary, never
submits by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.models import ExamEntry, ExamQuestionModel, topic_title
from app.ui.shortcuts import bind
from app.ui.widgets.question_view import QuestionView

SIDE_WIDTH = 214


def clock_text(seconds: float) -> str:
    """Time left as m:ss (h:mm:ss from an hour up), rounded up so 0:00 means time is up."""
    whole = int(-(-max(seconds, 0.0) // 1))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _named(widget: QWidget, object_name: str, accessible: str) -> None:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)


class ExamRunningPanel(QWidget):
    """Clock and save state on top; question list and buttons on the left; the question."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("examRunningPanel")
        self.clock = QLabel("")
        self.clock.setProperty("role", "subheading")
        _named(self.clock, "examClock", "Time left")
        self.answered_label = QLabel("")
        self.answered_label.setProperty("role", "muted")
        self.save_status = QLabel("")
        self.save_status.setProperty("role", "muted")
        _named(self.save_status, "examSaveStatus", "Saved state of your answers")
        self.entries = ExamQuestionModel()
        self.navigator = QListView()
        self.navigator.setModel(self.entries)
        _named(self.navigator, "examNavigator", "Exam questions")
        self.navigator.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.navigator.setWordWrap(True)
        self.navigator.setSpacing(3)  # entries of two lines stay apart
        self.view = QuestionView(exam_mode=True)
        self.view.setObjectName("examQuestionView")
        self.prev_button = QPushButton("‹ Previous")
        self.next_button = QPushButton("Next ›")
        self.prev_button.setToolTip("Page Up")
        self.next_button.setToolTip("Page Down")
        self.flag_button = QPushButton("Flag (Ctrl+F)")
        self.flag_button.setCheckable(True)
        self.flag_button.setToolTip("Ctrl+F")
        self.submit_button = QPushButton("Submit exam…")
        self.submit_button.setToolTip("Ctrl+Enter: see the summary, then submit")
        self.submit_button.setProperty("role", "primary")
        for button, name, accessible in (
            (self.prev_button, "examPrevButton", "Previous question (Page Up)"),
            (self.next_button, "examNextButton", "Next question (Page Down)"),
            (self.flag_button, "examFlagButton", "Flag this question"),
            (self.submit_button, "examSubmitButton", "Submit the exam: summary first"),
        ):
            _named(button, name, accessible)
        top = QHBoxLayout()
        top.setContentsMargins(24, 12, 24, 0)
        top.addWidget(self.clock)
        top.addSpacing(16)
        top.addWidget(self.answered_label, 1)
        top.addWidget(self.save_status)
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
        side_box.setFixedWidth(SIDE_WIDTH)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(side_box)
        body.addWidget(self.view, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def save(self, fn: Callable[..., object], *args: object) -> bool:
        """Run an exam call that saves and say whether it did (a failure is said, and the
        answer stays on screen); False if the exam is over."""
        from app.services.exam import ExamOver, UnreadableAnswer

        try:
            fn(*args)
        except ExamOver:
            return False
        except UnreadableAnswer:
            self.set_saved("Saved as typed, but not yet readable as an answer: counts as blank.")
            return True
        except Exception as error:
            self.set_saved(f"Not saved: {error}", problem=True)
            return True
        self.set_saved(f"All answers saved {datetime.now().strftime('%H:%M:%S')}")
        return True

    def set_saved(self, text: str, problem: bool = False) -> None:
        """Say whether the answers are saved (in the wrong-answer colour when they are not)."""
        self.save_status.setText(text)
        self.save_status.setToolTip(text)
        self.save_status.setProperty("role", "wrong" if problem else "muted")
        self.save_status.style().unpolish(self.save_status)
        self.save_status.style().polish(self.save_status)

    def connect_actions(self, *slots: Callable[[], object]) -> None:
        """The buttons, and Page Up, Page Down, Ctrl+F and Ctrl+Enter anywhere on the panel,
        call `slots`: previous, next, flag, submit."""
        previous, following, flag, submit = slots
        for button, slot in zip(
            (self.prev_button, self.next_button, self.flag_button, self.submit_button),
            slots,
            strict=True,
        ):
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
        bind("exam.previous", self, previous)
        bind("exam.next", self, following)
        bind("exam.flag", self, flag)
        bind("exam.submit", self, submit)

    def show_entries(self, exam: Any, index: int) -> None:
        """List the questions, answered or not and flagged, with `index` current."""
        answered, flagged = set(exam.answered), set(exam.flagged)
        self.entries.set_rows(
            [
                ExamEntry(i, q.title or topic_title(q.topic), q.topic, i in answered, i in flagged)
                for i, q in enumerate(exam.questions)
            ]
        )
        self.navigator.setCurrentIndex(self.entries.index(index, 0))
        self.answered_label.setText(
            f"Question {index + 1} of {len(exam.questions)} · {len(answered)} answered · "
            f"{len(flagged)} flagged"
        )
