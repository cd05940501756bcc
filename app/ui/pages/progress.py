"""Progress: the statistics series as embedded matplotlib plots, loaded off the GUI thread.

matplotlib and its QtAgg backend are imported the first time the page is shown, never at
start-up. Each refresh asks the services for the series on a pool thread (a busy bar shows
meanwhile) and redraws one figure of five plots in the theme's colours.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.ui.context import UiContext
from app.ui.models import topic_title
from app.ui.pages.progress_topic import TopicDrillDown
from app.ui.theme import current_colors, is_dark

DUE_DAYS_SHOWN = 31
"""Bars on the reviews-due plot: today (with what is overdue) and the next 30 days."""


def shorten(text: str, limit: int = 20) -> str:
    """A label short enough for an axis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ProgressPlots:
    """The five plots on one matplotlib Figure, built once per theme and then updated in place.

    Updating the artists (line data, bar sizes, scatter offsets) instead of clearing the axes
    keeps their ticks. Limits are set from the data (no relim), and titles and axis labels sit
    at fixed places (no measuring of tick labels to place them), which is most of a redraw.
    Named bars (mastery, mistakes) carry their name above the bar, never over it.
    """

    TITLES: ClassVar[dict[str, str]] = {
        "accuracy": "Share right per day",
        "mastery": "Mastery per topic",
        "due": "Reviews due (30 days)",
        "time": "Seconds per answer",
        "mistakes": "Top mistakes",
    }

    def __init__(self, figure: Any) -> None:
        self.figure = figure
        self.axes: dict[str, Any] = {}
        self._dark: bool | None = None
        self._bars: dict[str, tuple[list[str], list[Any], list[Any]]] = {}
        self._artists: dict[str, Any] = {}

    def _build(self) -> None:
        """Make the axes and their artists in the theme's colours."""
        from matplotlib.dates import DateFormatter
        from matplotlib.ticker import MaxNLocator

        c = current_colors()
        figure = self.figure
        figure.clear()
        figure.set_facecolor(c.surface)
        grid = figure.add_gridspec(2, 4, hspace=0.5, wspace=0.3, width_ratios=[1, 1, 1, 1.15])
        places = {"accuracy": grid[0, 0:3], "mastery": grid[0:2, 3], "due": grid[1, 0],
                  "time": grid[1, 1], "mistakes": grid[1, 2]}  # fmt: skip
        self.axes = {name: figure.add_subplot(place) for name, place in places.items()}
        for name, ax in self.axes.items():
            ax.set_facecolor(c.surface)
            ax.tick_params(colors=c.muted, labelsize=8)
            for spine in ax.spines.values():
                spine.set_color(c.border)
            where = "right" if name == "mastery" else "center"  # ends inside a narrow figure
            ax.set_title(self.TITLES[name], color=c.text, fontsize=10, y=1.02, loc=where)
            ax.xaxis.set_label_coords(0.5, -0.16)  # fixed: no measuring of tick labels
            ax.yaxis.set_label_coords(-0.1, 0.5)
            ax.xaxis.set_major_locator(MaxNLocator(5, integer=name in ("due", "time", "mistakes")))
            ax.yaxis.set_major_locator(MaxNLocator(5, integer=name in ("due",)))
        acc = self.axes["accuracy"]
        acc.set_ylim(-0.05, 1.05)
        acc.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
        # Whole days only (date numbers are days): one label per day at most, at any span.
        acc.xaxis.set_major_locator(MaxNLocator(7, integer=True, min_n_ticks=1))
        acc.xaxis.set_major_formatter(DateFormatter("%d %b"))
        self._artists = {
            "line": acc.plot([], [], color=c.accent, marker="o", markersize=3)[0],
            "no answers": self._note(acc, "No answers yet"),
            "scatter": self.axes["time"].scatter([], [], s=8),
            "legend": self._colour_legend(),
            "no mistakes": self._note(self.axes["mistakes"], "None diagnosed yet"),
        }
        for name, text in (("due", "days from today"), ("time", "answers, oldest to newest")):
            self.axes[name].set_xlabel(text, color=c.muted, fontsize=8)
        for name in ("mastery", "mistakes"):
            self.axes[name].set_yticks([])
        self.axes["mastery"].set_xlim(0, 1)
        self.axes["mastery"].xaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
        self.axes["due"].set_xlim(-0.8, DUE_DAYS_SHOWN - 0.2)
        self._bars = {}
        self._dark = is_dark()

    def _colour_legend(self) -> Any:
        """What the dots' colours mean on the time plot: right or wrong."""
        from matplotlib.lines import Line2D

        c = current_colors()
        dots = [Line2D([], [], linestyle="", marker="o", markersize=4, color=colour, label=name)
                for name, colour in (("right", c.right), ("wrong", c.wrong))]  # fmt: skip
        legend = self.axes["time"].legend(handles=dots, loc="upper left", fontsize=7,
                                          frameon=False, labelcolor=c.muted, ncols=2,
                                          handletextpad=0.2, columnspacing=0.8,
                                          borderaxespad=0.2)  # fmt: skip
        return legend

    @staticmethod
    def _note(ax: Any, text: str) -> Any:
        return ax.text(0.5, 0.5, text, ha="center", va="center", color=current_colors().muted,
                       transform=ax.transAxes)  # fmt: skip

    def _bar_set(self, key: str, names: list[str], values: list[float], colour: str,
                 horizontal: bool, rows: int = 0) -> None:  # fmt: skip
        """Bars (horizontal ones named just above the bar), reused when the names are the same
        as last time, made afresh otherwise."""
        ax = self.axes[key]
        old = self._bars.get(key)
        if old is not None and old[0] == names:
            for rect, value in zip(old[1], values, strict=True):
                (rect.set_width if horizontal else rect.set_height)(value)
            return
        if old is not None:
            for artist in (*old[1], *old[2]):
                artist.remove()
        c = current_colors()
        if horizontal:
            rects = list(ax.barh([i + 0.18 for i in range(len(names))], values, color=colour,
                                 alpha=0.6, height=0.34))  # fmt: skip
            room = ax.get_position().width * self.figure.bbox.width  # pixels across the axes
            limit = max(int(room / 5.6), 12)  # about 5.6 px per character at 8 pt
            texts = [ax.text(0.0, i - 0.08, shorten(name, limit), va="bottom", fontsize=8,
                             color=c.text, transform=ax.get_yaxis_transform())
                     for i, name in enumerate(names)]  # fmt: skip
            ax.set_ylim(max(len(names), rows) - 0.5, -0.5)
        else:
            rects, texts = list(ax.bar(range(len(names)), values, color=colour)), []
        self._bars[key] = (names, rects, texts)

    def draw(self, stats: Any) -> None:
        """Show a services.statistics.ProgressStats."""
        if self._dark != is_dark() or not self.axes:
            self._build()
        c, art = current_colors(), self._artists
        left = min(0.12, 48 / max(self.figure.bbox.width, 1.0))  # room for "100%" at any width
        self.figure.subplots_adjust(left=left, right=0.98, top=0.93, bottom=0.1)
        acc = self.axes["accuracy"]
        days = stats.accuracy.x
        art["line"].set_data(days, stats.accuracy.y)
        art["no answers"].set_visible(not days)
        acc.xaxis.set_visible(bool(days))
        if days:
            from matplotlib.dates import DateFormatter, date2num

            first, last = date2num(days[0]), date2num(days[-1])
            pad = max((last - first) * 0.03, 0.6)
            acc.set_xlim(first - pad, last + pad)
            long = last - first > 200  # then ticks are months apart: month and year
            acc.xaxis.set_major_formatter(DateFormatter("%b %Y" if long else "%d %b"))
        names = [topic_title(t) for t in stats.mastery.x]
        self._bar_set("mastery", names, stats.mastery.y, c.right, horizontal=True)
        due = stats.due.y
        self._bar_set("due", [str(i) for i in range(len(due))], due, c.value, horizontal=False)
        self.axes["due"].set_ylim(0, max(max(due, default=0) * 1.1, 1))
        seconds = stats.time_per_question.y
        right = stats.time_per_question.extra.get("correct", [])
        scatter, times = art["scatter"], self.axes["time"]
        scatter.set_offsets([(i, y) for i, y in enumerate(seconds)] or np_empty())
        scatter.set_facecolor([c.right if ok else c.wrong for ok in right] or c.accent)
        times.set_xlim(-1, max(len(seconds), 10))
        times.set_ylim(0, max(max(seconds, default=0.0) * 1.1, 10))
        labels = [str(name) for name in stats.mistakes.x[:6]]
        counts = stats.mistakes.y[:6]
        self._bar_set("mistakes", labels, counts, c.wrong, True, rows=4)
        self.axes["mistakes"].set_xlim(0, max(max(counts, default=0) * 1.1, 1))
        art["no mistakes"].set_visible(not labels)
        self.axes["mistakes"].xaxis.set_visible(bool(labels))


def np_empty() -> Any:
    """An empty (0, 2) array of points, for a scatter with nothing to show."""
    import numpy as np

    return np.empty((0, 2))


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
        self.drill = TopicDrillDown()
        self.layout_.addWidget(self.drill)

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
            f"{answers:,} answer{'s' if answers != 1 else ''} over {days} "
            f"day{'s' if days != 1 else ''}. Mastery is the "
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
        self.drill.set_details(stats.topics)
        self.plots.draw(stats)
        self.canvas.draw()
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.drawn.emit()
