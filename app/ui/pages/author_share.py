"""The Author page's Import and export tab, and the export job that runs on a pool thread.

`export_pack(work, progress)` gets data only (a format id and an ExportJob holding the
validated Pack) and runs that format's registered Exporter (questions.export.registry; the PDF
exam is registered by app.ui.pdf_format), reporting (done, total) over all its stages.
`ExportPanel` is the export form and its progress bar; `ShareTab` puts it under the
study-pool import. Labels that may hold pack text are plain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui import pdf_format  # noqa: F401  (registers the PDF exam for the chooser)
from app.ui.pages.author_pool import PoolPanel
from app.ui.widgets.answer_entry import set_role
from questions.export.registry import ExportJob, exporter, exporters, overall
from questions.packs import Pack

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FormatJob:
    """An export in one format (its id), as data (the worker never sees a widget)."""

    fmt: str
    job: ExportJob


def export_pack(work: FormatJob, progress: Progress | None = None) -> str:
    """Write the export; returns a sentence saying what was written (runs off the GUI thread).

    The same exporter as `backprop-quiz pack export` runs, so the counts agree with the
    command's (a guided question counts each of its blanks, as the file holds them)."""
    chosen = exporter(work.fmt)
    report = progress or (lambda done, total: None)
    return chosen.write(work.job, overall(chosen.stages(work.job), report)).sentence()


def plain_label(text: str = "", role: str = "", name: str = "") -> QLabel:
    """A word-wrapped label that never reads its text as HTML (it may hold pack text)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if role:
        set_role(label, role)
    if name:
        label.setAccessibleName(name)
    return label


def say(label: QLabel, text: str, failed: bool) -> None:
    """Show an outcome in a label, green when it worked and red when it did not."""
    label.setText(text)
    set_role(label, "wrong" if failed else "right")


def _spin(low: int, high: int, value: int, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setAccessibleName(name)
    return spin


class ExportPanel(QWidget):
    """Format, variants, students and seed, an Export button, a progress bar and the outcome."""

    def __init__(self) -> None:
        super().__init__()
        self.format = QComboBox()
        self.format.setAccessibleName("Export format")
        for each in exporters():
            self.format.addItem(each.label, each.id)
        self.variants = _spin(1, 1000, 1, "Variants of each network or family question")
        self.students = _spin(1, 500, 1, "Students (PDF exam: one variant set each)")
        self.seed = _spin(0, 1_000_000, 0, "Seed of the variants")
        self.seed.setToolTip("The same seed gives the same variants again.")
        self.button = QPushButton("&Export…")
        self.button.setAccessibleName("Export the pack to a file")
        set_role(self.button, "primary")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Export progress")
        self.bar.setTextVisible(True)
        self.bar.setValue(0)
        self.bar.hide()  # shown once an export starts
        self.outcome = plain_label(name="Export outcome")
        form = QFormLayout()
        form.addRow(self._label("&Format", self.format), self.format)
        form.addRow(self._label("Varian&ts", self.variants), self.variants)
        form.addRow(self._label("&Students", self.students), self.students)
        form.addRow(self._label("S&eed", self.seed), self.seed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.bar)
        layout.addWidget(self.outcome)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _format_changed(self) -> None:
        self.students.setEnabled(exporter(self.chosen_format()).per_student)

    def chosen_format(self) -> str:
        """The id of the format chosen (moodle, gift, anki, csv, pdf, ...)."""
        return str(self.format.currentData())

    def suffix(self) -> str:
        """The file suffix of the chosen format."""
        return exporter(self.chosen_format()).suffix

    def job(self, pack: Pack, path: str | Path) -> FormatJob:
        """The export the form asks for, of this pack to this file."""
        fmt = self.chosen_format()
        students = self.students.value() if exporter(fmt).per_student else 1
        job = ExportJob(pack, Path(path), self.variants.value(), self.seed.value(), students)
        return FormatJob(fmt, job)

    def set_running(self, running: bool) -> None:
        """Lock the form while an export runs."""
        for widget in (self.format, self.variants, self.students, self.seed, self.button):
            widget.setEnabled(not running)
        if not running:
            self._format_changed()
        else:
            self.bar.show()
            self.bar.setRange(0, 0)  # busy until the first progress report
            self.outcome.setText("Exporting…")
            set_role(self.outcome, "muted")

    def show_progress(self, done: int, total: int) -> None:
        """Move the progress bar."""
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def show_outcome(self, text: str, failed: bool = False) -> None:
        """Say what was written, or why nothing was."""
        self.set_running(False)
        if not failed:
            self.bar.setValue(self.bar.maximum())
        else:
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
        say(self.outcome, text, failed)


def subheading(text: str) -> QLabel:
    """A section title."""
    label = QLabel(text)
    set_role(label, "subheading")
    return label


class ShareTab(QWidget):
    """Import into the study pool (button, outcome, the packs there), then the export form."""

    remove_requested = Signal(str, bool)
    """(pack id, keep progress): the learner asked to take a pack out of the pool."""

    def __init__(self) -> None:
        super().__init__()
        self.import_button = QPushButton("&Add to my study pool")
        self.import_button.setAccessibleName("Import the pack into the study pool")
        self.import_outcome = plain_label(name="Import outcome")
        self.pool = plain_label(role="muted", name="Packs in the study pool")
        self.pool_panel = PoolPanel(self.remove_requested.emit)
        self.export_panel = ExportPanel()
        about = plain_label(
            "Add the pack's questions to this app's study pool: they are studied under the "
            "pack's title, and a new version of the pack keeps the progress made.",
            role="muted",
        )
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        layout.addWidget(subheading("Study pool"))
        layout.addWidget(about)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.import_outcome)
        layout.addWidget(self.pool)
        layout.addWidget(self.pool_panel)
        layout.addWidget(line)
        layout.addWidget(subheading("Export"))
        layout.addWidget(self.export_panel)
        layout.addStretch(1)

    def show_pool(self, lines: list[str]) -> None:
        """List the packs in the study pool, one per line."""
        text = (
            "In the study pool:\n" + "\n".join(lines)
            if lines
            else "No packs in the study pool yet."
        )
        self.pool.setText(text)
