"""The exam's score report: the score overall and per topic, and every question to review with
the answer given, its verdict and the worked solution."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.models import ReportItemModel, TopicScoreModel, percent
from app.ui.pages.review_pane import ReviewPane


def row_table(model: Any, name: str) -> QTableView:
    """A read-only table that selects whole rows, first column stretched."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, model.columnCount()):
        view.horizontalHeader().setSectionResizeMode(
            column, QHeaderView.ResizeMode.ResizeToContents
        )
    return view


def choose_row(table: QTableView, row: int, show: Callable[[int], object]) -> None:
    """Select `row` and make it current; `show(row)` runs once, through the table's
    currentRowChanged when the row changes, else directly."""
    model = table.model()
    if not 0 <= row < model.rowCount():
        return
    before = table.currentIndex().row()
    table.selectRow(row)
    table.setCurrentIndex(model.index(row, 0))
    if before == row:
        show(row)


class ExamReportPanel(QWidget):
    """Shows an exam's report; `new_exam_requested` asks the page for the setup again."""

    new_exam_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.report: Any = None
        self.exam: Any = None
        self.score = QLabel("")
        self.score.setProperty("role", "heading")
        self.score.setAccessibleName("Exam score")
        self.score_note = QLabel("")
        self.score_note.setProperty("role", "muted")
        self.score_note.setWordWrap(True)
        self.topic_scores = TopicScoreModel()
        self.topic_table = row_table(self.topic_scores, "Score per topic")
        self.items = ReportItemModel()
        self.item_table = row_table(self.items, "Questions to review")
        self.item_table.selectionModel().currentRowChanged.connect(
            lambda i, _p: self.review(i.row())
        )
        self.review_view = ReviewPane()
        self.review_view.next_requested.connect(self.next_item)
        self._reviewed = 0
        self.new_button = QPushButton("New exam")
        self.new_button.setAccessibleName("Start a new exam")
        self.new_button.setAutoDefault(True)  # Enter presses it when it has the focus
        self.new_button.clicked.connect(self.new_exam_requested)
        # N anywhere on the report, the question list included (whose own key search would
        # otherwise take the letter), moves on; the view's own N works when it has focus.
        next_key = QShortcut(QKeySequence(Qt.Key.Key_N), self)
        next_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        next_key.activated.connect(self.next_item)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.topic_table)
        left.addWidget(self.item_table)
        left.setSizes([160, 480])
        left.setMinimumWidth(240)
        self.item_table.setWordWrap(True)  # long question titles wrap rather than vanish
        self.item_table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.split = QSplitter()
        self.split.addWidget(left)
        self.split.addWidget(self.review_view)
        self.split.setStretchFactor(1, 1)
        head = QHBoxLayout()
        head.setSpacing(16)
        head.addWidget(self.score, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.score_note, 1, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addLayout(head)
        layout.addWidget(self.split, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The lists take a third of the width (240-400 px); the question under review the rest."""
        super().resizeEvent(event)
        width = self.split.width()
        lists = max(240, min(400, int(width * 0.34)))
        self.split.setSizes([lists, max(width - lists, 0)])
        self.item_table.resizeRowsToContents()

    def show_report(self, report: Any, exam: Any) -> None:
        """The score overall and per topic, and every question to review."""
        self.report, self.exam = report, exam
        self.score.setText(f"Score {report.correct} / {report.total} ({percent(report.score)})")
        note = "Time ran out, so the exam was submitted for you. " if report.timed_out else ""
        self.score_note.setText(
            f"{note}Every answer was saved and counts as a review. Choose a question to see "
            "its worked solution."
        )
        self.topic_scores.set_rows(report.topics)
        self.items.set_rows(report.items)
        self.item_table.resizeRowsToContents()
        self.select_item(0)
        self.item_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def next_item(self) -> None:
        """N: review the next question; after the last one, offer a new exam."""
        if self._reviewed + 1 < self.items.rowCount():
            self.select_item(self._reviewed + 1)
        else:
            self.new_button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def select_item(self, row: int) -> None:
        """Select question `row` in the list and review it."""
        choose_row(self.item_table, row, self.review)

    def review(self, row: int) -> None:
        """Show one question with the answer given, its verdict and the worked solution."""
        if self.report is None or not 0 <= row < len(self.report.items):
            return
        self._reviewed = row
        item = self.report.items[row]
        self.review_view.review(item.question, self.exam.response(item.index), item.verdict)
