"""Home: reviews due, the streak, mastery per topic, and a button to start each mode."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import UiContext
from app.ui.dialogs import call_service
from app.ui.models import MasteryModel

MODES: tuple[tuple[str, str, str], ...] = (
    ("study", "Study now", "Reviews that are due, then new skills at your pace."),
    ("practice", "Practice", "Pick topics and a difficulty; feedback after each answer."),
    ("exam", "Exam", "A timed set of questions, scored per topic at the end."),
    ("guide", "Study guide", "A card per topic: definition, key facts, review questions."),
    ("workbench", "Workbench", "Type a script or a network and see every gradient."),
)


class StatTile(QFrame):
    """A number with a caption, e.g. '12' over 'reviews due'."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.value = QLabel("–")
        self.value.setProperty("role", "heading")
        self.caption = QLabel(caption)
        self.caption.setProperty("role", "muted")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, value: str) -> None:
        """Show a new value; the accessible name reads value and caption together."""
        self.value.setText(value)
        self.setAccessibleName(f"{value} {self.caption.text()}")


class HomePage(QWidget):
    """What is waiting today and how each topic stands; buttons into every mode."""

    page_id = "home"
    title = "Home"

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.setAccessibleName("Home")
        self.heading = QLabel("Backprop Quiz")
        self.heading.setProperty("role", "heading")
        self.summary = QLabel("Opening your progress…")
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)

        self.due_tile = StatTile("reviews due now")
        self.streak_tile = StatTile("day streak")
        self.answers_tile = StatTile("answers right")
        self.skills_tile = StatTile("skills started")
        tiles = QHBoxLayout()
        for tile in (self.due_tile, self.streak_tile, self.answers_tile, self.skills_tile):
            tiles.addWidget(tile)

        self.mode_buttons: dict[str, QPushButton] = {}
        modes = QGridLayout()
        modes.setHorizontalSpacing(12)
        for row, (page_id, label, blurb) in enumerate(MODES):
            button = QPushButton(label)
            button.setAccessibleName(label)
            button.setAccessibleDescription(blurb)
            button.setMinimumWidth(150)
            if page_id == "study":
                button.setProperty("role", "primary")
            button.clicked.connect(lambda _c=False, p=page_id: self.context.navigate(p))
            note = QLabel(blurb)
            note.setProperty("role", "muted")
            note.setWordWrap(True)
            modes.addWidget(button, row, 0)
            modes.addWidget(note, row, 1)
            self.mode_buttons[page_id] = button
        modes.setColumnStretch(1, 1)
        modes_card = QFrame()
        modes_card.setProperty("role", "card")
        modes_box = QVBoxLayout(modes_card)
        start = QLabel("Start")
        start.setProperty("role", "subheading")
        modes_box.addWidget(start)
        modes_box.addLayout(modes)
        modes_box.addStretch(1)

        self.mastery_model = MasteryModel()
        self.mastery_view = QTableView()
        self.mastery_view.setModel(self.mastery_model)
        self.mastery_view.setAccessibleName("Mastery per topic")
        self.mastery_view.verticalHeader().hide()
        self.mastery_view.setShowGrid(False)
        self.mastery_view.setAlternatingRowColors(True)
        self.mastery_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mastery_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.mastery_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        mastery_card = QFrame()
        mastery_card.setProperty("role", "card")
        mastery_box = QVBoxLayout(mastery_card)
        mastery_title = QLabel("Mastery per topic")
        mastery_title.setProperty("role", "subheading")
        mastery_note = QLabel("The chance you would recall each topic's skills today.")
        mastery_note.setProperty("role", "muted")
        mastery_note.setWordWrap(True)
        mastery_box.addWidget(mastery_title)
        mastery_box.addWidget(mastery_note)
        mastery_box.addWidget(self.mastery_view, 1)

        lower = QHBoxLayout()
        lower.setSpacing(14)
        lower.addWidget(modes_card, 5)
        lower.addWidget(mastery_card, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(14)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(tiles)
        layout.addLayout(lower, 1)
        self.setTabOrder(self.mode_buttons["study"], self.mode_buttons["practice"])

    def refresh(self) -> None:
        """Ask the services for today's summary and show it."""
        services, profile = self.context.services, self.context.profile
        for button in self.mode_buttons.values():
            button.setEnabled(services is not None and profile is not None)
        if services is None or profile is None:
            return
        summary = call_service(self.context, "load your summary", services.home, profile.id)
        if summary is not None:
            self.show_summary(profile.name, summary)
        self.mode_buttons["study"].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_summary(self, name: str, summary: Any) -> None:
        """Render a services.statistics.HomeSummary."""
        self.heading.setText(f"Welcome back, {name}" if summary.attempts else f"Welcome, {name}")
        if summary.due_now:
            plural = "review is" if summary.due_now == 1 else "reviews are"
            self.summary.setText(f"{summary.due_now} {plural} waiting. Start with Study now.")
        elif summary.skills_started < summary.skills_total:
            self.summary.setText("Nothing is due. Study now brings in new skills at your pace.")
        else:
            self.summary.setText("Nothing is due and every skill has been started. Well done.")
        self.due_tile.set_value(str(summary.due_now))
        self.streak_tile.set_value(str(summary.streak))
        share = f"{summary.correct} / {summary.attempts}" if summary.attempts else "0"
        self.answers_tile.set_value(share)
        self.skills_tile.set_value(f"{summary.skills_started} / {summary.skills_total}")
        self.mastery_model.set_rows(
            MasteryModel.from_series(summary.mastery.x, summary.mastery.y).rows
        )
