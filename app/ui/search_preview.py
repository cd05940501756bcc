"""A question found by search, in its own window to try (graded on the spot, not recorded)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from app.ui.widgets.question_view import QuestionView
from questions.model import Question


class QuestionPreview(QDialog):
    """One question with its feedback and worked solution; Next or N closes it."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Try a question")
        self.setAccessibleName("Try a question")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        note = QLabel("Found by search. Answers given here are not recorded.")
        note.setProperty("role", "muted")
        self.view = QuestionView(grade_locally=True)
        self.view.next_requested.connect(self.close)
        self.view.set_question(question)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        parent_size = parent.size() if parent is not None else None
        if parent_size is not None:
            self.resize(int(parent_size.width() * 0.8), int(parent_size.height() * 0.85))
        else:
            self.resize(900, 620)
