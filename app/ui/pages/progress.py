"""Progress: the statistics series as embedded matplotlib plots, loaded off the GUI thread.

matplotlib is never imported at start-up: `warm_up_plots` loads its Qt-free part on a pool
thread once the app is idle (Startup calls it a few seconds after Home shows), so the first
visit here only adds the small QtAgg backend. Each refresh asks the services for the series
on a pool thread (a busy bar shows meanwhile) and redraws one figure of five plots in the
theme's colours, once: the page's texts are laid out first, so the canvas has its final
size when it is drawn.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.ui.context import UiContext
from app.ui.pages.progress_plots import ProgressPlots, shorten

__all__ = ["ProgressPage", "ProgressPlots", "shorten"]
from app.ui.pages.progress_topic import TopicDrillDown


def _import_plotting() -> None:
    """Import matplotlib's figure, Agg renderer and font list (no Qt: safe off the GUI thread)."""
    import matplotlib.backends.backend_agg
    import matplotlib.figure
    import matplotlib.font_manager  # noqa: F401


def warm_up_plots(context: UiContext) -> None:
    """Load matplotlib on a pool thread, so the first Progress page draws without waiting."""
    context.run_in_background(_import_plotting, on_error=lambda _error, _details: None)


def new_canvas(figure: Any) -> Any:
    """A QtAgg canvas for the figure whose full draw also answers a pending idle draw.

    A resize asks for an idle draw; the page draws at once after laying out its texts, so
    without this the same figure would be drawn a second time on the next paint.
    """
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    class Canvas(FigureCanvasQTAgg):
        def draw(self) -> None:
            self._draw_pending = False  # what a pending idle draw would draw is drawn now
            super().draw()

    return Canvas(figure)


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
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(9, 5), dpi=100, layout=None)
        self.canvas = new_canvas(self.figure)
        self.plots = ProgressPlots(self.figure)
        self.canvas.setAccessibleName("Progress plots")
        self.canvas.setMinimumHeight(320)
        self.plot_slot.addWidget(self.canvas)

    def refresh(self) -> None:
        """Load the statistics on a pool thread, then redraw."""
        services, profile = self.context.services, self.context.profile
        if services is not None and profile is not None and not self.loading:
            self.loading = True
            self.busy.show()
            self.context.run_in_background(
                services.statistics, profile.id, on_done=self.show_stats, on_error=self._failed
            )
        self._ensure_canvas()  # while the statistics load

    def _failed(self, error: BaseException, _details: str) -> None:
        self.loading = False
        self.busy.hide()
        self.context.show_error(
            "Statistics not loaded",
            f"The statistics could not be loaded: {error}",
            "Press Reload to try again.",
        )

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
        self._ensure_canvas()
        self.layout_.activate()  # the texts' new heights size the canvas before it is drawn
        assert self.plots is not None
        self.plots.draw(stats)
        self.canvas.draw()
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.drawn.emit()
