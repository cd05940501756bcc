"""The Progress page's five plots on one matplotlib Figure, in the theme's colours."""

from __future__ import annotations

from typing import Any, ClassVar

from app.ui.models import topic_title
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
        places = {
            "accuracy": grid[0, 0:3],
            "mastery": grid[0:2, 3],
            "due": grid[1, 0],
            "time": grid[1, 1],
            "mistakes": grid[1, 2],
        }
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
        dots = [
            Line2D([], [], linestyle="", marker="o", markersize=4, color=colour, label=name)
            for name, colour in (("right", c.right), ("wrong", c.wrong))
        ]
        legend = self.axes["time"].legend(
            handles=dots,
            loc="upper left",
            fontsize=7,
            frameon=True,
            labelcolor=c.muted,
            ncols=2,
            facecolor=c.surface,
            edgecolor=c.surface,
            framealpha=1,
            handletextpad=0.2,
            columnspacing=0.8,
            borderaxespad=0.2,
        )
        return legend

    @staticmethod
    def _note(ax: Any, text: str) -> Any:
        return ax.text(
            0.5,
            0.5,
            text,
            ha="center",
            va="center",
            color=current_colors().muted,
            transform=ax.transAxes,
        )

    def _bar_set(
        self,
        key: str,
        names: list[str],
        values: list[float],
        colour: str,
        horizontal: bool,
        rows: int = 0,
    ) -> None:
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
            rects = list(
                ax.barh(
                    [i + 0.25 for i in range(len(names))],
                    values,
                    color=colour,
                    alpha=0.6,
                    height=0.26,
                )
            )
            room = ax.get_position().width * self.figure.bbox.width  # pixels across the axes
            size = name_size(ax.get_position().height * self.figure.bbox.height, len(names), rows)
            limit = max(int(room / (0.7 * size)), 12)  # about 5.6 px per character at 8 pt
            texts = [
                ax.text(
                    0.0,
                    i + 0.04,
                    shorten(name, limit),
                    va="bottom",
                    fontsize=size,
                    color=c.text,
                    transform=ax.get_yaxis_transform(),
                )
                for i, name in enumerate(names)
            ]
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
        times.set_ylim(0, max(max(seconds, default=0.0) * 1.3, 10))  # room for the legend
        labels = [str(name) for name in stats.mistakes.x[:6]]
        counts = stats.mistakes.y[:6]
        self._bar_set("mistakes", labels, counts, c.wrong, True, rows=4)
        self.axes["mistakes"].set_xlim(0, max(max(counts, default=0) * 1.1, 1))
        art["no mistakes"].set_visible(not labels)
        self.axes["mistakes"].xaxis.set_visible(bool(labels))


def name_size(height: float, names: int, rows: int = 0) -> float:
    """Font size (points) for names above horizontal bars in `height` pixels: 8 pt when a
    row has room, smaller as topics are added, so a name never runs into the bar above."""
    row = height / max(names, rows, 1)
    return max(5.5, min(8.0, 0.38 * row))  # a name may take 0.66 of a row; 1.67 px per pt


def np_empty() -> Any:
    """An empty (0, 2) array of points, for a scatter with nothing to show."""
    import numpy as np

    return np.empty((0, 2))
