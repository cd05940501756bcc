"""Progress: the statistics series as embedded matplotlib plots, loaded off the GUI thread.

matplotlib and its QtAgg backend are imported the first time the page is shown, never at
start-up. Each refresh asks the services for the series on a pool thread (a busy bar shows
meanwhile) and redraws one figure of five plots in the theme's colours.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.ui.context import UiContext
from app.ui.models import topic_title
from app.ui.theme import current_colors, is_dark


def shorten(text: str, limit: int = 20) -> str:
    """A label short enough for an axis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ProgressPlots:
    """The five plots on one matplotlib Figure; axes are made once per theme, then updated."""

    def __init__(self, figure: Any) -> None:
        self.figure = figure
        self.axes: dict[str, Any] = {}
        self._dark: bool | None = None

    def _build(self) -> None:
        """Make the axes in the theme's colours (first draw, and after a theme change)."""
        c = current_colors()
        figure = self.figure
        figure.clear()
        figure.set_facecolor(c.surface)
        grid = figure.add_gridspec(2, 3, hspace=0.55, wspace=0.25)
        self.axes = {
            "accuracy": figure.add_subplot(grid[0, 0:2]),
            "mastery": figure.add_subplot(grid[0, 2]),
            "due": figure.add_subplot(grid[1, 0]),
            "time": figure.add_subplot(grid[1, 1]),
            "mistakes": figure.add_subplot(grid[1, 2]),
        }
        titles = {
            "accuracy": "Share right per day",
            "mastery": "Mastery per topic",
            "due": "Reviews due, next 30 days",
            "time": "Seconds per question (recent)",
            "mistakes": "Most frequent mistakes",
        }
        for name, ax in self.axes.items():
            self._style(ax, titles[name])
        self.axes["due"].set_xlabel("days from today", color=c.muted, fontsize=8)
        self.axes["time"].set_xlabel("answers, oldest to newest", color=c.muted, fontsize=8)
        figure.subplots_adjust(left=0.06, right=0.98, top=0.93, bottom=0.12)
        self._dark = is_dark()

    @staticmethod
    def _style(ax: Any, title: str) -> None:
        c = current_colors()
        ax.set_facecolor(c.surface)
        ax.tick_params(colors=c.muted, labelsize=8)
        for spine in ax.spines.values():
            spine.set_color(c.border)
        ax.set_title(title, color=c.text, fontsize=10)

    def _reset(self, name: str) -> Any:
        """Empty one axes for new data, keeping its title and colours."""
        ax = self.axes[name]
        title, xlabel = ax.get_title(), ax.get_xlabel()
        ax.cla()
        self._style(ax, title)
        if xlabel:
            ax.set_xlabel(xlabel, color=current_colors().muted, fontsize=8)
        return ax

    @staticmethod
    def _labelled_bars(ax: Any, names: list[str], values: list[float], colour: str,
                       rows: int = 0) -> None:  # fmt: skip
        """Horizontal bars, top down, each named inside the axes (no label can overflow)."""
        c = current_colors()
        ax.barh(range(len(names)), values, color=colour, alpha=0.45, height=0.7)
        ax.set_yticks([])
        ax.set_ylim(max(len(names), rows) - 0.5, -0.5)
        for i, name in enumerate(names):
            ax.text(0.02, i, shorten(name, 34), va="center", fontsize=8, color=c.text,
                    transform=ax.get_yaxis_transform())  # fmt: skip

    def draw(self, stats: Any) -> None:
        """Show a services.statistics.ProgressStats."""
        from matplotlib.dates import DateFormatter

        if self._dark != is_dark() or not self.axes:
            self._build()
        c = current_colors()
        acc = self._reset("accuracy")
        if stats.accuracy.x:
            acc.plot(stats.accuracy.x, stats.accuracy.y, color=c.accent, marker="o", markersize=3)
            acc.set_ylim(-0.05, 1.05)
            acc.xaxis.set_major_formatter(DateFormatter("%d %b"))
            acc.tick_params(axis="x", labelrotation=30)
        else:
            acc.text(0.5, 0.5, "No answers yet", ha="center", va="center", color=c.muted,
                     transform=acc.transAxes)  # fmt: skip
        mastery = self._reset("mastery")
        names = [topic_title(t) for t in stats.mastery.x]
        self._labelled_bars(mastery, names, stats.mastery.y, c.right)
        mastery.set_xlim(0, 1)
        due = self._reset("due")
        due.bar(range(len(stats.due.y)), stats.due.y, color=c.value)
        times = self._reset("time")
        right = stats.time_per_question.extra.get("correct", [])
        colours = [c.right if ok else c.wrong for ok in right]
        times.scatter(range(len(stats.time_per_question.y)), stats.time_per_question.y, s=8,
                      c=colours or c.accent)  # fmt: skip
        wrong = self._reset("mistakes")
        labels = [str(name) for name in stats.mistakes.x[:6]]
        self._labelled_bars(wrong, labels, stats.mistakes.y[:6], c.wrong, rows=max(len(labels), 4))
        wrong.xaxis.get_major_locator().set_params(integer=True)
        if not labels:
            wrong.set_xticks([])
            wrong.text(0.5, 0.5, "None diagnosed yet", ha="center", va="center", color=c.muted,
                       transform=wrong.transAxes)  # fmt: skip


class ProgressPage(QWidget):
    """Plots of accuracy, mastery, reviews due, time per question, and the commonest mistakes."""

    page_id = "progress"
    title = "Progress"

    drawn = Signal()
    """Emitted each time the plots have been redrawn from fresh statistics."""

    def __init__(self, context: UiContext) -> None:
        super().__init__()
        self.context = context
        self.setAccessibleName("Progress")
        self.canvas: Any = None
        self.figure: Any = None
        self.plots: ProgressPlots | None = None
        self.stats: Any = None
        self.loading = False
        heading = QLabel("Progress")
        heading.setProperty("role", "heading")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(200)
        self.busy.setAccessibleName("Loading statistics")
        self.busy.hide()
        self.reload_button = QPushButton("Reload")
        self.reload_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.reload_button)
        self.summary = QLabel("")
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Progress summary")
        self.mistakes = QLabel("")
        self.mistakes.setWordWrap(True)
        self.mistakes.setAccessibleName("Most frequent mistakes")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 16, 24, 16)
        self.layout_.setSpacing(10)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.summary)
        self.plot_slot = QVBoxLayout()
        self.layout_.addLayout(self.plot_slot, 1)
        self.layout_.addWidget(self.mistakes)

    def _ensure_canvas(self) -> None:
        """Import matplotlib's Qt canvas and make the figure (first show only)."""
        if self.canvas is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(9, 5), dpi=100, layout=None)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.plots = ProgressPlots(self.figure)
        self.canvas.setAccessibleName("Progress plots")
        self.canvas.setMinimumHeight(320)
        self.plot_slot.addWidget(self.canvas)

    def refresh(self) -> None:
        """Load the statistics on a pool thread, then redraw."""
        services, profile = self.context.services, self.context.profile
        self._ensure_canvas()
        if services is None or profile is None or self.loading:
            return
        self.loading = True
        self.busy.show()
        self.context.run_in_background(
            services.statistics, profile.id, on_done=self.show_stats, on_error=self._failed
        )

    def _failed(self, error: BaseException, _details: str) -> None:
        self.loading = False
        self.busy.hide()
        self.context.show_error(
            "Statistics not loaded", f"The statistics could not be loaded: {error}",
            "Press Reload to try again.",
        )  # fmt: skip

    def show_stats(self, stats: Any) -> None:
        """Draw a services.statistics.ProgressStats."""
        self.loading = False
        self.busy.hide()
        self.stats = stats
        answers = sum(stats.accuracy.extra.get("attempts", []))
        days = len(stats.accuracy.x)
        self.summary.setText(
            f"{answers} answers over {days} day{'s' if days != 1 else ''}. Mastery is the "
            "chance you would recall a topic's skills today."
            if answers
            else "Answer some questions and your progress appears here."
        )
        if stats.mistakes.x:
            pairs = zip(stats.mistakes.x[:5], stats.mistakes.y[:5], strict=False)
            top = ", ".join(f"{name} ({int(n)})" for name, n in pairs)
            self.mistakes.setText(f"Most frequent mistakes: {top}.")
        else:
            self.mistakes.setText("No diagnosed mistakes yet.")
        self.plots.draw(stats)
        self.canvas.draw()
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.drawn.emit()
