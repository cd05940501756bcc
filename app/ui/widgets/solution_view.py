"""A worked solution revealed one step at a time ("Next step") or all at once ("Show all").

Each step shows its title, the formula (math), the formula with the numbers in, and the
result. Steps are built as they are revealed, so showing feedback stays fast.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.widgets.answer_entry import set_role
from app.ui.widgets.layouts import clear_layout
from app.ui.widgets.math_label import MathLabel
from questions.model import Step


class _StepCard(QFrame):
    """One revealed step."""

    def __init__(self, number: int, step: Step) -> None:
        super().__init__()
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        title = QLabel(f"{number}. {step.title}")
        title.setWordWrap(True)
        set_role(title, "subheading")
        layout.addWidget(title)
        if step.formula:
            layout.addWidget(MathLabel(step.formula))
        if step.substituted:
            substituted = MathLabel(step.substituted)
            set_role(substituted, "muted")
            layout.addWidget(substituted)
        if step.result:
            result = QLabel(f"= {step.result}")
            result.setWordWrap(True)
            result.setStyleSheet("font-weight: 600;")
            layout.addWidget(result)
        self.setAccessibleName(f"Step {number}: {step.title}")


class SolutionView(QWidget):
    """The worked solution; `reveal_next()` / `reveal_all()` or the buttons show steps."""

    revealed_changed = Signal(int)
    """How many steps are shown now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steps: tuple[Step, ...] = ()
        self.heading = QLabel("Worked solution")
        set_role(self.heading, "subheading")
        self.counter = QLabel("")
        set_role(self.counter, "muted")
        self.next_button = QPushButton("Next step (S)")
        self.next_button.setAccessibleName("Next step of the worked solution")
        self.all_button = QPushButton("Show all (A)")
        self.all_button.setAccessibleName("Show the whole worked solution")
        self.next_button.clicked.connect(self.reveal_next)
        self.all_button.clicked.connect(self.reveal_all)
        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addWidget(self.counter)
        header.addStretch(1)
        header.addWidget(self.next_button)
        header.addWidget(self.all_button)
        self.cards = QVBoxLayout()
        self.cards.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addLayout(self.cards)

    def set_steps(self, steps: tuple[Step, ...]) -> None:
        """Start a new solution with no step shown."""
        clear_layout(self.cards)
        self._steps = tuple(steps)
        self._update()

    @property
    def revealed(self) -> int:
        """How many steps are shown."""
        return self.cards.count()

    @property
    def total(self) -> int:
        """How many steps the solution has."""
        return len(self._steps)

    def reveal_next(self) -> bool:
        """Show the next step; False when every step is already shown."""
        if self.revealed >= self.total:
            return False
        n = self.revealed
        self.cards.addWidget(_StepCard(n + 1, self._steps[n]))
        self._update()
        return True

    def reveal_all(self) -> None:
        """Show every remaining step."""
        while self.reveal_next():
            pass

    def _update(self) -> None:
        if not self._steps:
            self.counter.setText("none for this question")
        else:
            self.counter.setText(f"{self.revealed} of {self.total} steps shown")
        more = self.revealed < self.total
        self.next_button.setEnabled(more)
        self.all_button.setEnabled(more)
        self.revealed_changed.emit(self.revealed)

    def step_titles(self) -> list[str]:
        """The titles of the steps shown, in order."""
        return [self._steps[i].title for i in range(self.revealed)]
