"""After an answer: the verdict (right or wrong, the exact value, the diagnosis) and the rating.

`VerdictView.show_verdict(verdict)` renders a questions.grading.Verdict. `RatingBar` shows
the scheduling rating the caller derived (Again / Hard / Good / Easy, FSRS's 1-4) and emits
`overridden(rating)` when the learner picks another with a click or keys 1-4.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.ui.widgets.answer_entry import set_role
from app.ui.widgets.math_label import MathLabel
from questions.grading import Verdict

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
"""FSRS ratings by number, as keys 1-4 choose them."""


class VerdictView(QFrame):
    """Right or wrong, the exact value and the message (the diagnosed mistake in plain words)."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.banner = QLabel("")
        self.banner.setAccessibleName("Result")
        self.expected = MathLabel("")
        self.message = MathLabel("")
        self.message.setAccessibleName("Feedback")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.expected)
        layout.addWidget(self.message)

    def show_verdict(self, verdict: Verdict, choice: bool = False) -> None:
        """Render a verdict (of a choice question: the right choices, not an exact value);
        partial credit is said as a percentage."""
        if verdict.correct:
            self.banner.setText("✓ Right")
        elif verdict.score > 0:
            self.banner.setText(f"✗ Partly right ({verdict.score:.0%})")
        else:
            self.banner.setText("✗ Not right")
        set_role(self.banner, "right" if verdict.correct else "wrong")
        font = self.banner.font()
        font.setPointSizeF(self.font().pointSizeF() * 1.35)
        self.banner.setFont(font)
        lead = "Right answer" if choice else "Exact answer"
        self.expected.set_math_text(f"{lead}: {verdict.expected}" if verdict.expected else "")
        self.expected.setVisible(bool(verdict.expected))
        self.message.set_math_text(verdict.message)
        self.setAccessibleDescription(f"{self.banner.text()}. {verdict.message}")


class RatingBar(QFrame):
    """The derived rating and four buttons to override it (keys 1-4 do the same)."""

    overridden = Signal(int)
    """The learner chose this rating (1 Again, 2 Hard, 3 Good, 4 Easy)."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = QLabel("")
        self.caption.setWordWrap(True)
        set_role(self.caption, "muted")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout()
        row.setSpacing(6)
        for number, name in RATINGS.items():
            button = QPushButton(f"{number} {name}")
            button.setCheckable(True)
            button.setAccessibleName(f"Rate {name} (key {number})")
            self.group.addButton(button, number)
            row.addWidget(button)
        row.addStretch(1)
        self.group.idClicked.connect(self.choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addLayout(row)
        self._rating: int | None = None

    @property
    def rating(self) -> int | None:
        """The rating shown (derived or chosen)."""
        return self._rating

    def set_rating(self, rating: int | None) -> None:
        """Show the rating derived from the answer (None hides the bar)."""
        self._rating = None if rating is None else int(rating)
        self.setVisible(rating is not None)
        if self._rating is None:
            return
        self.group.button(self._rating).setChecked(True)
        name = RATINGS[self._rating]
        self.caption.setText(
            f"Next review scheduled as {name}, from your answer and time. Keys 1-4 change it."
        )

    def choose(self, rating: int) -> None:
        """Override the rating: check its button, say so, emit `overridden`."""
        if rating not in RATINGS or self.isHidden():
            return
        self._rating = rating
        self.group.button(rating).setChecked(True)
        self.caption.setText(f"You rated this {RATINGS[rating]}. Keys 1-4 change it.")
        self.overridden.emit(rating)
