"""Choosing an exam: topics, number of questions and time limit, and the Build button."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QPushButton, QSpinBox, QVBoxLayout, QWidget

from app.ui.pages.practice import TopicPicker, setup_card


class ExamSetupPanel(QWidget):
    """The exam's choices; the page connects `build_button` and fills `problem`."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("examSetupPanel")
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
        self.build_button.setObjectName("examBuildButton")
        self.build_button.setProperty("role", "primary")
        self.build_progress = QProgressBar()
        self.build_progress.setAccessibleName("Building the exam")
        self.build_progress.hide()
        form.addRow("", self.build_button)
        form.addRow("", self.build_progress)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 16)
        box.addWidget(card)
        box.addStretch(1)
