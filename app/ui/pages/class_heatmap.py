"""The learners × topics heat map of mastery, drawn with matplotlib (imported on first use)."""

from __future__ import annotations

from typing import Any

from app.ui.models import topic_title
from app.ui.theme import current_colors

LABELLED_LEARNERS = 40
"""Up to this many learners, each row is labelled with the learner's name."""


def short(text: str, limit: int = 14) -> str:
    """A label short enough for an axis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def draw_heatmap(
    figure: Any, names: list[str], topics: tuple[str, ...], values: list[list[float]]
) -> None:
    """Mastery 0–100 % per learner (row) and topic (column), in the theme's colours."""
    import numpy as np

    c = current_colors()
    figure.clear()
    figure.set_facecolor(c.surface)
    axes = figure.add_axes((0.2 if len(names) <= LABELLED_LEARNERS else 0.08, 0.3, 0.68, 0.62))
    axes.set_facecolor(c.surface)
    grid = np.asarray(values, dtype=float).reshape(len(names), len(topics))
    image = axes.imshow(
        grid, aspect="auto", cmap="viridis", vmin=0.0, vmax=1.0, interpolation="nearest"
    )
    axes.set_xticks(range(len(topics)))
    axes.set_xticklabels(
        [short(topic_title(t)) for t in topics], rotation=55, ha="right", fontsize=8
    )
    if len(names) <= LABELLED_LEARNERS:
        axes.set_yticks(range(len(names)))
        axes.set_yticklabels([short(n) for n in names], fontsize=8)
    else:
        axes.set_ylabel(f"{len(names):,} learners", color=c.text, fontsize=9)
        axes.set_yticks([])
    axes.tick_params(colors=c.text, length=0)
    for spine in axes.spines.values():
        spine.set_color(c.border)
    axes.set_title("Mastery per learner and topic", color=c.text, fontsize=10, loc="left")
    bar = figure.colorbar(image, ax=axes, fraction=0.05, pad=0.02)
    bar.set_ticks([0, 0.5, 1])
    bar.set_ticklabels(["0%", "50%", "100%"])
    bar.ax.tick_params(colors=c.text, labelsize=8)
    bar.outline.set_edgecolor(c.border)
