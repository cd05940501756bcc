"""Class: what the whole class gets right and wrong, for the instructor.

The report is computed off the GUI thread (`run_in_background`) as the services' tables;
the page only fills models and draws the heat map when the data arrives. Tabs: learners
(mastery heat map and table), questions (per skill), mistakes (choosing one lists the
questions where it happened). Every table sorts by its columns and exports to CSV.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import UiContext
from app.ui.models import topic_title
from app.ui.pages.class_models import TableModel, table_view
from questions.model import TOPICS

TABS = (("learners", "Learners"), ("items", "Questions"), ("mistakes", "Mistakes"))
WIDEST_COLUMN = 240
"""Pixels a fitted column may take (a topic's name as a heading would take more)."""


def _day_start(day: QDate) -> datetime:
    return datetime.combine(day.toPython(), time(), tzinfo=UTC)  # type: ignore[arg-type]


class ClassPage(QWidget):
    """The class's figures, filterable by topic and date range, sortable, exportable."""

    page_id = "class"
    title = "Class"

    drawn = Signal()
    """Emitted each time the page has shown a freshly computed report."""

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.setAccessibleName("Class")
        self.report: Any = None
        self.loading = False
        self.canvas: Any = None
        self.figure: Any = None
        self.heatmap: Any = None
        self.ask_save_path = self._ask_save_path
        heading = QLabel("Class")
        heading.setProperty("role", "heading")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName("Loading the class report")
        self.busy.hide()
        self.reload_button = QPushButton("Reload")
        self.reload_button.clicked.connect(self.refresh)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Save the table shown as a CSV file")
        self.export_button.clicked.connect(self.export_current)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.export_button)
        top.addWidget(self.reload_button)
        self.topic = QComboBox()
        self.topic.setAccessibleName("Topic")
        self.topic.addItem("All topics", None)
        for topic in TOPICS:
            self.topic.addItem(topic_title(topic), topic)
        self.topic.currentIndexChanged.connect(self.refresh)
        self.use_dates = QCheckBox("Answers from")
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30))
        self.until = QDateEdit(today)
        for edit, name in ((self.since, "From day"), (self.until, "To day")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.setEnabled(False)
            edit.dateChanged.connect(self._dates_changed)
        self.use_dates.toggled.connect(self._dates_toggled)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Topic"))
        filters.addWidget(self.topic)
        filters.addSpacing(16)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.since)
        filters.addWidget(QLabel("to"))
        filters.addWidget(self.until)
        filters.addStretch(1)
        self.summary = QLabel("")
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Class summary")
        self.models = {name: TableModel() for name, _ in TABS}
        self.views = {name: table_view(self.models[name], title) for name, title in TABS}
        self.places = TableModel()
        self.places_view = table_view(self.places, "Where the mistake happened")
        self.places_label = QLabel("Choose a mistake to see the questions where it happened.")
        self.places_label.setWordWrap(True)
        self.views["mistakes"].selectionModel().currentRowChanged.connect(self._mistake_chosen)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Class tables")
        self.heat_slot = QVBoxLayout()
        heat = QWidget()
        heat.setLayout(self.heat_slot)
        learners = QSplitter(Qt.Orientation.Horizontal)
        learners.addWidget(heat)
        learners.addWidget(self.views["learners"])
        heat.setMinimumWidth(300)
        learners.setStretchFactor(0, 1)
        learners.setStretchFactor(1, 1)
        learners.setSizes([480, 520])
        places = QWidget()
        places_layout = QVBoxLayout(places)
        places_layout.setContentsMargins(0, 0, 0, 0)
        places_layout.addWidget(self.places_label)
        places_layout.addWidget(self.places_view, 1)
        mistakes = QSplitter(Qt.Orientation.Horizontal)
        mistakes.addWidget(self.views["mistakes"])
        mistakes.addWidget(places)
        self.tabs.addTab(learners, "Learners")
        self.tabs.addTab(self.views["items"], "Questions")
        self.tabs.addTab(mistakes, "Mistakes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

    # -- filters ---------------------------------------------------------------------------

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.refresh()

    def _dates_changed(self, _day: QDate) -> None:
        if self.use_dates.isChecked():
            self.refresh()

    def current_filter(self) -> Any:
        """The services' ClassFilter for the topic and date range chosen."""
        from app.store.class_records import ClassFilter

        if not self.use_dates.isChecked():
            return ClassFilter(self.topic.currentData())
        since = _day_start(self.since.date())
        until = _day_start(self.until.date()) + timedelta(days=1)  # the last day included
        return ClassFilter(self.topic.currentData(), since, until)

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the report on a pool thread, then show it."""
        services = self.context.services
        if services is None or self.loading:
            return
        from app.services.class_report import report_for

        self.loading = True
        self.busy.show()
        self.context.run_in_background(
            report_for,
            services.ctx,
            self.current_filter(),
            on_done=self.show_report,
            on_error=self._failed,
            owner=self,
        )

    def _failed(self, error: BaseException, _details: str) -> None:
        self.loading = False
        self.busy.hide()
        self.context.show_error(
            "Class report not loaded",
            f"The class report could not be computed: {error}",
            "Press Reload to try again.",
        )

    def show_report(self, report: Any) -> None:
        """Fill the tables and draw the heat map from a services ClassReport."""
        from app.services.class_tables import table

        self.loading = False
        self.busy.hide()
        self.report = report
        for name, _title in TABS:
            header, rows = table(report, name)
            self.models[name].set_table(header, rows)
        self.places.set_table((), [])
        answers = sum(r.attempts for r in report.learners)
        worst = report.mistakes[0].name if report.mistakes else None
        self.summary.setText(
            f"{len(report.learners):,} learners, {answers:,} answers, "
            f"{len(report.items):,} questions answered."
            + (f" The mistake most learners make: {worst}." if worst else "")
        )
        self.views["mistakes"].setColumnHidden(0, True)  # the id: in the CSV, not for reading
        for view in self.views.values():
            view.resizeColumnsToContents()
            for column in range(view.model().columnCount() - 1):
                view.setColumnWidth(column, min(view.columnWidth(column), WIDEST_COLUMN))
        self._draw_heatmap(report)
        self.drawn.emit()

    def _draw_heatmap(self, report: Any) -> None:
        if self.canvas is None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            from app.ui.pages.class_heatmap import HeatMap

            self.figure = Figure(figsize=(5, 4), dpi=100)
            self.heatmap = HeatMap(self.figure)
            self.canvas = FigureCanvasQTAgg(self.figure)
            self.canvas.setAccessibleName("Mastery heat map")
            self.canvas.setMinimumSize(240, 220)
            self.heat_slot.addWidget(self.canvas)
        names = [r.name for r in report.learners]
        values = [[r.mastery[t] for t in report.topics] for r in report.learners]
        self.heatmap.draw(names, report.topics, values)
        self.canvas.draw_idle()

    # -- mistakes --------------------------------------------------------------------------

    def _mistake_chosen(self, current: Any, _previous: Any) -> None:
        services = self.context.services
        if services is None or self.report is None or not current.isValid():
            return
        from app.services.class_report import places_for

        mistake = current.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole + 1)
        name = current.siblingAtColumn(1).data()
        self.places_label.setText(f"Questions where learners made “{name}”:")
        self.context.run_in_background(
            places_for,
            services.ctx,
            self.report.filter,
            mistake,
            on_done=self.show_places,
            owner=self,
        )

    def show_places(self, places: list[Any]) -> None:
        """List the questions where the chosen mistake was made."""
        header = ("question", "topic", "learners", "attempts")
        rows = [[p.question_key, p.topic, p.learners, p.attempts] for p in places]
        self.places.set_table(header, rows)
        self.places_view.resizeColumnsToContents()

    # -- export ----------------------------------------------------------------------------

    def current_table(self) -> str:
        """The name of the table on the tab shown."""
        return TABS[self.tabs.currentIndex()][0]

    def export_current(self) -> None:
        """Save the table shown as CSV (replaced whole, or the old file kept)."""
        if self.report is None:
            return
        from app.services.class_tables import write_csv
        from questions.atomic import WriteFailed

        name = self.current_table()
        path = self.ask_save_path(f"class-{name}.csv")
        if not path:
            return
        try:
            count = write_csv(self.report, name, Path(path))
        except WriteFailed as e:
            self.context.show_error("Table not saved", str(e), "Choose another place.")
            return
        self.summary.setText(f"Saved {count:,} rows to {path}.")

    def _ask_save_path(self, suggested: str) -> str:
        return QFileDialog.getSaveFileName(self, "Export CSV", suggested, "CSV (*.csv)")[0]
