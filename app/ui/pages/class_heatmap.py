"""The learners × topics heat map of mastery, drawn with matplotlib (imported on first use).

The axes, image and colour bar are built once per theme and set of topics; a new report
only replaces the image's data and the learners' labels, which keeps a redraw well under
the page's budget at 1,000 learners.
"""

from __future__ import annotations

from typing import Any

from app.ui.models import topic_title
from app.ui.theme import current_colors, is_dark

LABELLED_LEARNERS = 40
"""Up to this many learners, each row is labelled with the learner's name."""


def short(text: str, limit: int = 14) -> str:
    """A label short enough for an axis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class HeatMap:
    """Mastery 0–100 % per learner (row) and topic (column) on one matplotlib Figure."""

    def __init__(self, figure: Any) -> None:
        self.figure = figure
        self.axes: Any = None
        self.image: Any = None
        self._key: tuple[Any, ...] | None = None

    def _build(self, topics: tuple[str, ...]) -> None:
        c = current_colors()
        figure = self.figure
        figure.clear()
        figure.set_facecolor(c.surface)
        axes = figure.add_axes((0.3, 0.27, 0.52, 0.64))
        axes.set_facecolor(c.surface)
        self.image = axes.imshow(
            [[0.0] * len(topics)],
            aspect="auto",
            cmap="viridis",
            vmin=0.0,
            vmax=1.0,
            interpolation="nearest",
        )
        axes.set_xticks(range(len(topics)))
        axes.set_xticklabels(
            [short(topic_title(t), 16) for t in topics], rotation=55, ha="right", fontsize=8
        )
        axes.tick_params(colors=c.text, length=0)
        for spine in axes.spines.values():
            spine.set_color(c.border)
        figure.text(0.03, 0.955, "Mastery per learner and topic", color=c.text, fontsize=10)
        bar = figure.colorbar(self.image, cax=figure.add_axes((0.84, 0.27, 0.03, 0.64)))
        bar.set_ticks([0, 0.5, 1])
        bar.set_ticklabels(["0%", "50%", "100%"])
        bar.ax.tick_params(colors=c.text, labelsize=8)
        bar.outline.set_edgecolor(c.border)
        self.axes = axes

    def draw(self, names: list[str], topics: tuple[str, ...], values: list[list[float]]) -> None:
        """Show these learners' mastery (rows in the order given)."""
        import numpy as np

        key = (is_dark(), topics)
        if key != self._key:
            self._build(topics)
            self._key = key
        grid = np.asarray(values, dtype=float).reshape(len(names), len(topics))
        self.image.set_data(grid if len(names) else np.zeros((1, len(topics))))
        self.image.set_extent((-0.5, len(topics) - 0.5, max(len(names), 1) - 0.5, -0.5))
        axes, c = self.axes, current_colors()
        if len(names) <= LABELLED_LEARNERS:
            axes.set_yticks(range(len(names)))
            axes.set_yticklabels([short(n, 18) for n in names], fontsize=8)
            axes.set_ylabel("")
        else:
            axes.set_yticks([])
            axes.set_ylabel(f"{len(names):,} learners", color=c.text, fontsize=9)
