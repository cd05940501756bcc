"""Where a diagram's edge labels go: along their edges, clear of every node, its value and
gradient, every other label, every point where two edges cross, and the legend.

Labels are placed most constrained first, each at the free spot along its edge nearest its
preferred fraction (a fan of edges from one source staggers its labels a line apart). When
no spot on the edge is free, one just beside it (or clear above or below the boxes) is
taken; when none is, the label takes the one that covers least and the layout says it is
crowded, so the view can grow taller.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QPointF, QRectF, QSizeF

PAD = 2.0
"""Clearance kept around every plate, in pixels."""
STEPS = [round(0.04 + 0.02 * k, 2) for k in range(47)]
"""Fractions along an edge where a label may sit (boxes and texts are obstacles anyway)."""


def _nearness(preferred: float, step: float) -> tuple[float, float]:
    """Sort key: steps nearest the preferred spot first, then the lower one."""
    return (abs(step - preferred), step)


Box = tuple[float, float, float, float]
"""left, top, right, bottom: plain floats, as placing labels tries thousands of spots."""


def as_box(rect: QRectF) -> Box:
    """A QRectF as a plain box."""
    return (rect.left(), rect.top(), rect.right(), rect.bottom())


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def crossings(segments: Sequence[tuple[QPointF, QPointF]]) -> list[QPointF]:
    """Points where two segments cross inside both (shared endpoints are not crossings)."""
    points = []
    for (a, b), (c, d) in itertools.combinations(segments, 2):
        r, s = b - a, d - c
        denominator = r.x() * s.y() - r.y() * s.x()
        if abs(denominator) < 1e-9:
            continue
        q = c - a
        t = (q.x() * s.y() - q.y() * s.x()) / denominator
        u = (q.x() * r.y() - q.y() * r.x()) / denominator
        if 0.01 < t < 0.99 and 0.01 < u < 0.99:
            points.append(a + r * t)
    return points


def preferred_fractions(
    segments: Sequence[tuple[QPointF, QPointF]], widths: Sequence[float], line: float
) -> list[float]:
    """Where along each edge its label would best sit: one fraction per source, far enough
    out that the labels of its fanned-out edges are a line apart and clear of the source."""
    by_source: dict[tuple[float, float], list[int]] = {}
    for k, (start, _end) in enumerate(segments):
        by_source.setdefault((start.x(), start.y()), []).append(k)
    fractions = [0.3] * len(segments)
    for group in by_source.values():
        ys = sorted(segments[k][1].y() for k in group)
        gaps = [b - a for a, b in itertools.pairwise(ys) if b - a > 1]
        t = (line + 3) / min(gaps) if gaps else 0.3
        for k in group:
            start, end = segments[k]
            t = max(t, (widths[k] / 2 + 10) / max(1.0, end.x() - start.x()))
        for k in group:
            fractions[k] = min(max(t, 0.2), 0.62)
    return fractions


def _cost(plate: Box, taken: Sequence[Box], points: Sequence[tuple[float, float]]) -> float:
    """How much the plate (with its clearance) covers of what is taken; 0 when free."""
    left, top, right, bottom = plate[0] - PAD, plate[1] - PAD, plate[2] + PAD, plate[3] + PAD
    padded = (left, top, right, bottom)
    cost = sum(_overlap(padded, other) for other in taken)
    return cost + sum(100.0 for x, y in points if left <= x <= right and top <= y <= bottom)


def _near(
    reach: Box, boxes: Sequence[Box], points: Sequence[tuple[float, float]]
) -> tuple[list[Box], list[tuple[float, float]]]:
    """The boxes and points within reach of a label's edge (the rest cannot be covered)."""
    left, top, right, bottom = reach[0] - PAD, reach[1] - PAD, reach[2] + PAD, reach[3] + PAD
    close = [b for b in boxes if b[0] < right and b[2] > left and b[1] < bottom and b[3] > top]
    inside = [(x, y) for x, y in points if left <= x <= right and top <= y <= bottom]
    return close, inside


def _clear(plate: Box, boxes: Sequence[Box], points: Sequence[tuple[float, float]]) -> bool:
    """Whether the plate (with its clearance) covers none of the boxes and points."""
    left, top, right, bottom = plate[0] - PAD, plate[1] - PAD, plate[2] + PAD, plate[3] + PAD
    for b in boxes:
        if b[0] < right and b[2] > left and b[1] < bottom and b[3] > top:
            return False
    return not any(left <= x <= right and top <= y <= bottom for x, y in points)


def place_plates(
    segments: Sequence[tuple[QPointF, QPointF]],
    sizes: Sequence[QSizeF | None],
    fixed: Sequence[QRectF],
    line: float,
) -> tuple[list[QRectF | None], bool]:
    """A plate for each segment with a label size (None: no label), and whether all are free."""
    points = [(p.x(), p.y()) for p in crossings(segments)]
    widths = [s.width() if s else 0.0 for s in sizes]
    preferred = preferred_fractions(segments, widths, line)
    static = [as_box(r) for r in fixed]
    options: dict[int, list[Box]] = {}
    near: dict[int, tuple[list[Box], list[tuple[float, float]]]] = {}
    for k, size in enumerate(sizes):
        if size is None:
            continue
        (x0, y0), (x1, y1) = segments[k][0].toTuple(), segments[k][1].toTuple()
        half_w, half_h = size.width() / 2, size.height() / 2
        order = sorted(STEPS, key=partial(_nearness, preferred[k]))
        far = size.width() + size.height() * 4  # past the farthest spot beside the edge
        reach = (min(x0, x1) - far, min(y0, y1) - far, max(x0, x1) + far, max(y0, y1) + far)
        near[k] = _near(reach, static, points)
        length = max(1.0, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
        shift = half_h + PAD + 1  # beside the edge, just clear of it
        nx, ny = -(y1 - y0) / length * shift, (x1 - x0) / length * shift
        options[k] = [
            (x - half_w, y - half_h, x + half_w, y + half_h)
            for side in (0, -1, 1, -3.5, 3.5)  # on the edge first, then beside it, then clear
            for u in order
            for x, y in [(x0 + (x1 - x0) * u + side * nx, y0 + (y1 - y0) * u + side * ny)]
        ]
    free = {k: [p for p in boxes if _clear(p, *near[k])] for k, boxes in options.items()}
    chosen: list[Box | None] = [None] * len(segments)
    taken: list[Box] = []
    crowded = False
    for k in sorted(options, key=lambda k: (len(free[k]), k)):
        choice = next((p for p in free[k] if _clear(p, taken, ())), None)
        if choice is None:
            crowded = True
            choice = min(options[k], key=lambda p: _cost(p, static + taken, points))
        chosen[k] = choice
        taken.append(choice)
    plates = [None if b is None else QRectF(b[0], b[1], b[2] - b[0], b[3] - b[1]) for b in chosen]
    return plates, not crowded
