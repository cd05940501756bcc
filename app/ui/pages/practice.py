"""Practice: pick topics, a number of questions and a difficulty; feedback after each; a summary.

`TopicPicker` (a checkbox per topic, with All and None) is shared with the exam page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import UiContext
from app.ui.dialogs import call_service
from app.ui.models import TOPIC_TITLES, percent, topic_title
from app.ui.pages.review_pane import ReviewPane
from app.ui.pages.study import AnswerFlow
from app.ui.shortcuts import bind

LEVEL_NAMES = ("Level 1 — one step at a time", "Level 2 — a few steps", "Level 3 — whole problems")


class TopicPicker(QFrame):
    """A checkbox per topic in teaching order, with All and None; `topics()` are those ticked."""

    def __init__(self, topics: Sequence[str] = tuple(TOPIC_TITLES)) -> None:
        super().__init__()
        self.setAccessibleName("Topics")
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        for i, topic in enumerate(topics):
            box = QCheckBox(f"{topic_title(topic)}")
            box.setAccessibleName(topic_title(topic))
            box.setChecked(True)
            self.boxes[topic] = box
            grid.addWidget(box, i // 2, i % 2)
        self.all_button = QPushButton("All")
        self.none_button = QPushButton("None")
        self.all_button.setAccessibleName("Tick every topic")
        self.none_button.setAccessibleName("Untick every topic")
        self.all_button.clicked.connect(lambda: self.set_topics(self.boxes))
        self.none_button.clicked.connect(lambda: self.set_topics(()))
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        grid.addLayout(row, (len(topics) + 1) // 2, 0, 1, 2)

    def topics(self) -> list[str]:
        """The ticked topics, in teaching order."""
        return [t for t, box in self.boxes.items() if box.isChecked()]

    def set_topics(self, topics: Sequence[str] | dict) -> None:
        """Tick exactly these topics."""
        for topic, box in self.boxes.items():
            box.setChecked(topic in topics)


def enter_starts(panel: QWidget, slot: Callable[[], None]) -> None:
    """Enter (or Return) anywhere on a setup panel does what its main button does."""
    bind("setup.start", panel, slot)


def setup_card(title: str) -> tuple[QFrame, QFormLayout, QLabel]:
    """A card with a heading, a form, and a line for problems with the choices."""
    card = QFrame()
    card.setProperty("role", "card")
    card.setMaximumWidth(900)
    box = QVBoxLayout(card)
    box.setContentsMargins(20, 14, 20, 16)
    box.setSpacing(12)
    heading = QLabel(title)
    heading.setProperty("role", "heading")
    box.addWidget(heading)
    form = QFormLayout()
    form.setVerticalSpacing(12)
    form.setHorizontalSpacing(18)
    box.addLayout(form)
    problem = QLabel("")
    problem.setProperty("role", "wrong")
    problem.setWordWrap(True)
    problem.setAccessibleName("Problem with the choices")
    box.addWidget(problem)
    return card, form, problem


class PracticePage(QWidget):
    """Choose, answer with feedback after each question, then see how it went."""

    page_id = "practice"
    title = "Practice"

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.setAccessibleName("Practice")
        card, form, self.problem = setup_card("Practice")
        self.picker = TopicPicker()
        form.addRow("Topics", self.picker)
        self.count = QSpinBox()
        self.count.setRange(1, 50)
        self.count.setValue(10)
        self.count.setAccessibleName("Number of questions")
        form.addRow("Questions", self.count)
        self.level = QComboBox()
        self.level.addItems(LEVEL_NAMES)
        self.level.setAccessibleName("Difficulty")
        form.addRow("Difficulty", self.level)
        self.start_button = QPushButton("Start practice")
        self.start_button.setProperty("role", "primary")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        form.addRow("", self.start_button)
        self.setup = QWidget()
        setup_box = QVBoxLayout(self.setup)
        setup_box.setContentsMargins(24, 16, 24, 16)
        setup_box.addWidget(card)
        setup_box.addStretch(1)
        enter_starts(self.setup, self.start)

        self.flow = AnswerFlow(context, "practice")
        self.flow.finished.connect(self.show_summary)
        self.responses: list[object] = []  # the answer given to each of flow.answered
        self.flow.view.submitted.connect(self._keep_response)  # runs after the flow's own slot

        self.summary = QWidget()
        self.summary_title = QLabel("")
        self.summary_title.setProperty("role", "heading")
        self.summary_text = QLabel("")
        self.summary_text.setWordWrap(True)
        self.summary_text.setAccessibleName("Practice result")
        self.results = QListWidget()
        self.results.setAccessibleName("Each question's result")
        self.results.currentRowChanged.connect(self.review)
        self.review_view = ReviewPane()
        self.review_view.next_requested.connect(
            lambda: self.results.setCurrentRow(
                min(self.results.currentRow() + 1, self.results.count() - 1)
            )
        )
        self.again_button = QPushButton("Practice again")
        self.again_button.setProperty("role", "primary")
        self.again_button.clicked.connect(self.start)
        self.change_button = QPushButton("Change topics")
        self.change_button.clicked.connect(self.show_setup)
        self.home_button = QPushButton("Back to Home")
        self.home_button.clicked.connect(lambda: context.navigate("home"))
        buttons = QHBoxLayout()
        for button in (self.again_button, self.change_button, self.home_button):
            button.setAutoDefault(True)  # Enter presses the button with the focus
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.results.setMinimumWidth(240)
        self.results.setMaximumWidth(400)
        self.results.setWordWrap(True)  # long titles wrap rather than scroll sideways
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
        split = QSplitter()
        split.addWidget(self.results)
        split.addWidget(self.review_view)
        split.setStretchFactor(1, 1)
        summary_box = QVBoxLayout(self.summary)
        summary_box.setContentsMargins(24, 16, 24, 16)
        summary_box.setSpacing(12)
        summary_box.addWidget(self.summary_title)
        summary_box.addWidget(self.summary_text)
        summary_box.addWidget(split, 1)
        summary_box.addLayout(buttons)

        self.stack = QStackedWidget()
        for panel in (self.setup, self.flow, self.summary):
            self.stack.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    @property
    def view(self) -> Any:
        """The question view."""
        return self.flow.view

    def refresh(self) -> None:
        """Keep a quiz under way; otherwise show the choices."""
        profile = self.context.profile
        ready = self.context.services is not None and profile is not None
        self.start_button.setEnabled(ready)
        session = self.flow.session
        mine = session is not None and profile is not None and session.profile_id == profile.id
        if not mine and self.stack.currentWidget() is not self.setup:
            self.show_setup()

    def show_setup(self) -> None:
        """Back to choosing topics, count and difficulty."""
        self.stack.setCurrentWidget(self.setup)
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def start(self) -> None:
        """Start a quiz with the chosen topics, count and difficulty."""
        services, profile = self.context.services, self.context.profile
        if services is None or profile is None:
            return
        topics = self.picker.topics()
        if not topics:
            self.problem.setText("Tick at least one topic.")
            self.show_setup()
            return
        self.problem.setText("")
        quiz = call_service(
            self.context,
            "start the practice",
            services.practice,
            profile.id,
            topics,
            self.count.value(),
            self.level.currentIndex() + 1,
        )
        if quiz is None:
            return
        self.stack.setCurrentWidget(self.flow)
        self.responses = []
        self.flow.start(quiz)

    def _keep_response(self, response: object, _hints: int, _seconds: float) -> None:
        """Keep the answer just given next to its outcome, for the summary's review."""
        if len(self.flow.answered) > len(self.responses):
            self.responses.append(response)

    def show_summary(self) -> None:
        """How the quiz went, question by question."""
        progress = self.flow.session.progress
        self.summary_title.setText("Practice complete")
        share = progress.correct / progress.done if progress.done else 0.0
        self.summary_text.setText(
            f"{progress.correct} of {progress.done} right ({percent(share)}). Every answer "
            "counts as a review, so these skills are scheduled like any other."
        )
        self.results.blockSignals(True)
        self.results.clear()
        for i, outcome in enumerate(self.flow.answered, start=1):
            question, verdict = outcome.question, outcome.verdict
            name = question.title or topic_title(question.topic)
            mark = "✓ right" if verdict.correct else "✗ wrong"
            self.results.addItem(f"{i}. {name} — {mark}")
        self.results.blockSignals(False)
        self.stack.setCurrentWidget(self.summary)
        self.results.setCurrentRow(0)  # its review beside the list; choose another to see it
        self.again_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def review(self, row: int) -> None:
        """Review answered question `row`: the answer given, the verdict and diagnosis, and
        the worked solution."""
        if not 0 <= row < min(len(self.flow.answered), len(self.responses)):
            self.review_view.setVisible(False)
            return
        outcome = self.flow.answered[row]
        self.review_view.setVisible(True)
        self.review_view.review(outcome.question, self.responses[row], outcome.verdict)
