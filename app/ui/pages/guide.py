"""Study guide: the card for each topic — definition, five key facts, review questions.

A model answer is revealed on demand (its button, or A for the next hidden one); the learner
then grades themself with "Got it" or "Not yet", which emits `self_graded(topic, index,
knew_it)`, which the window stores through the services; the learner's last self-grade of
each question is shown when the card is opened again.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import UiContext
from app.ui.shortcuts import bind
from app.ui.widgets.answer_entry import set_role
from app.ui.widgets.layouts import clear_layout
from app.ui.widgets.math_label import MathLabel
from questions.bank import card_for, load_bank
from questions.model import StudyCard

ITEM_PADDING = 8
"""Vertical padding of a topic in the list, in pixels (the theme's QListWidget::item)."""


class ReviewItem(QFrame):
    """One review question: its model answer hidden until asked for, then self-graded."""

    graded = Signal(int, bool)
    """(index, knew it)."""

    def __init__(self, index: int, question: str, answer: str) -> None:
        super().__init__()
        self.index = index
        self.setProperty("role", "card")
        self.question = MathLabel(f"{index + 1}. {question}")
        self.answer = MathLabel(answer)
        self.answer.setAccessibleName(f"Model answer {index + 1}: {self.answer.plain()}")
        self.answer.hide()
        self.reveal_button = QPushButton("Show answer")
        self.reveal_button.setAccessibleName(f"Show the model answer to question {index + 1}")
        self.reveal_button.clicked.connect(self.reveal)
        self.got_button = QPushButton("✓ Got it")
        self.got_button.setAccessibleName(f"I knew the answer to question {index + 1}")
        self.not_button = QPushButton("Not yet")
        self.not_button.setAccessibleName(f"I did not know the answer to question {index + 1}")
        for button, knew in ((self.got_button, True), (self.not_button, False)):
            button.setCheckable(True)
            button.hide()
            button.clicked.connect(lambda _c=False, k=knew: self.grade(k))
        self.status = QLabel("")
        set_role(self.status, "muted")
        row = QHBoxLayout()
        row.addWidget(self.reveal_button)
        row.addWidget(self.got_button)
        row.addWidget(self.not_button)
        row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(self.question)
        layout.addWidget(self.answer)
        layout.addLayout(row)

    def buttons(self) -> list[QPushButton]:
        """The item's buttons in keyboard order."""
        return [self.reveal_button, self.got_button, self.not_button]

    @property
    def revealed(self) -> bool:
        """True once the model answer is shown."""
        return not self.answer.isHidden()

    def reveal(self) -> None:
        """Show the model answer and the two self-grading buttons; focus "Got it"."""
        self.answer.show()
        self.reveal_button.hide()
        self.got_button.show()
        self.not_button.show()
        self.status.setText("Did you know it?")
        self.got_button.setFocus()

    def show_earlier(self, knew_it: bool) -> None:
        """Say how the learner graded this question last time."""
        self.status.setText(
            "Last time: you knew it." if knew_it else "Last time: not yet. Worth another go."
        )

    def grade(self, knew_it: bool) -> None:
        """Record the learner's own grade on screen and emit `graded`."""
        self.got_button.setChecked(knew_it)
        self.not_button.setChecked(not knew_it)
        self.status.setText("Marked as known." if knew_it else "Marked to review again.")
        self.graded.emit(self.index, knew_it)


class GuidePage(QWidget):
    """Topic list on the left, the selected topic's card on the right."""

    page_id = "guide"
    title = "Study guide"

    self_graded = Signal(str, int, bool)
    """(topic, review question index, knew it) when the learner grades a review question."""

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.cards: tuple[StudyCard, ...] = load_bank().cards
        self.topic: str | None = None
        self.items: list[ReviewItem] = []
        self.topics = QListWidget()
        self.topics.setAccessibleName("Topics")
        self.topics.setFixedWidth(280)
        self.topics.setWordWrap(True)
        self.topics.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.topics.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.topics.setSpacing(2)
        for card in self.cards:
            item = QListWidgetItem(card.title)
            item.setData(Qt.ItemDataRole.UserRole, card.topic)
            item.setToolTip(card.title)
            self.topics.addItem(item)
        self._size_items()
        self.topics.currentItemChanged.connect(self._topic_changed)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(24, 16, 24, 24)
        self.body_layout.setSpacing(12)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.body)
        heading = QLabel("Study guide")
        set_role(heading, "heading")
        side = QVBoxLayout()
        side.addWidget(heading)
        side.addWidget(self.topics, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 20, 12, 16)
        layout.setSpacing(12)
        layout.addLayout(side)
        layout.addWidget(self.scroll_area, 1)
        bind("guide.reveal", self, self.reveal_next)

    def _size_items(self) -> None:
        """Room for every title on up to three lines (stylesheet padding is not counted by
        the list's own word wrapping)."""
        metrics = self.topics.fontMetrics()
        width = self.topics.width() - 2 * ITEM_PADDING - 28  # padding, frame, spacing, slack
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            box = metrics.boundingRect(
                QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, item.text()
            )
            item.setSizeHint(QSize(width, box.height() + 2 * ITEM_PADDING))

    def changeEvent(self, event: QEvent) -> None:
        """Re-measure the topic titles when the text size changes."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_items()
        super().changeEvent(event)

    def refresh(self) -> None:
        """Show the first topic the first time the page is shown; keep the place after."""
        if self.topic is None and self.cards:
            self.show_topic(self.cards[0].topic)

    def show_topic(self, topic: str) -> None:
        """Show one topic's card (KeyError for a topic without one)."""
        card = card_for(topic)
        self.topic = topic
        row = next(i for i, c in enumerate(self.cards) if c.topic == topic)
        if self.topics.currentRow() != row:
            self.topics.setCurrentRow(row)  # calls back here once, with the same topic
            return
        self._render(card)

    def _topic_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.show_topic(current.data(Qt.ItemDataRole.UserRole))

    def _render(self, card: StudyCard) -> None:
        layout = self.body_layout
        clear_layout(layout)
        title = QLabel(card.title)
        title.setWordWrap(True)
        set_role(title, "heading")
        layout.addWidget(title)
        layout.addWidget(self._section("Definition"))
        layout.addWidget(MathLabel(card.definition))
        layout.addWidget(self._section("Key facts"))
        for number, fact in enumerate(card.facts, start=1):
            layout.addWidget(MathLabel(f"{number}. {fact}"))
        layout.addWidget(self._section("Review questions"))
        hint = QLabel("Answer in your head, then show the model answer (A shows the next one).")
        hint.setWordWrap(True)
        set_role(hint, "muted")
        layout.addWidget(hint)
        self.items = []
        earlier = self._earlier_grades(card.topic)
        for index, (question, answer) in enumerate(card.review):
            item = ReviewItem(index, question, answer)
            if index in earlier:
                item.show_earlier(earlier[index].knew)
            item.graded.connect(lambda i, knew, t=card.topic: self.self_graded.emit(t, i, knew))
            self.items.append(item)
            layout.addWidget(item)
        layout.addStretch(1)
        chain = [self.topics] + [b for i in self.items for b in i.buttons()]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)  # topics, then each question's buttons in turn
        self.scroll_area.verticalScrollBar().setValue(0)

    def _earlier_grades(self, topic: str) -> dict:
        """The learner's last self-grades on this card (none without a database)."""
        services, profile = self.context.services, self.context.profile
        if services is None or profile is None:
            return {}
        try:
            return services.guide_grades(profile.id, topic)
        except Exception:  # a card is still worth showing without its past grades
            return {}

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        set_role(label, "subheading")
        return label

    def reveal_next(self) -> bool:
        """Show the next hidden model answer; False when all are shown."""
        for item in self.items:
            if not item.revealed:
                item.reveal()
                self.scroll_area.ensureWidgetVisible(item)
                return True
        return False
