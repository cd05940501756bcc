"""Where a diagram's edge labels go: along their edges, apart from each other and the nodes."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QFontMetricsF


def _area(rect: QRectF) -> float:
    return max(0.0, rect.width()) * max(0.0, rect.height())


def free_plate(start: QPointF, end: QPointF, t: float, size: QSizeF, taken: list[QRectF]) -> QRectF:
    """The label's plate at fraction t along the edge, slid along it to a free spot (or
    to the spot where it covers least, when none is free)."""
    best, best_overlap = QRectF(start, size), float("inf")
    for step in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, 6, 7):
        u = t + 0.05 * step
        if not 0.1 <= u <= 0.9:
            continue
        at = start + (end - start) * u
        plate = QRectF(QPointF(at.x() - size.width() / 2, at.y() - size.height() / 2), size)
        overlap = sum(_area(plate.intersected(other)) for other in taken)
        if overlap == 0:
            return plate
        if overlap < best_overlap:
            best, best_overlap = plate, overlap
    return best


def label_positions(
    labels: list[tuple[str, QPointF, QPointF]], metrics: QFontMetricsF
) -> list[tuple[str, QPointF, QPointF, float]]:
    """Where along each edge its label goes: one fraction per source, far enough out that
    the labels of its fanned-out edges are a line apart and clear of the source's box."""
    by_source: dict[tuple[float, float], list[tuple[str, QPointF, QPointF]]] = {}
    for text, start, end in labels:
        by_source.setdefault((start.x(), start.y()), []).append((text, start, end))
    placed = []
    for group in by_source.values():
        ys = sorted(end.y() for _, _, end in group)
        gaps = [b - a for a, b in itertools.pairwise(ys) if b - a > 1]
        t = (metrics.height() + 3) / min(gaps) if gaps else 0.3
        for text, start, end in group:
            dx = max(1.0, end.x() - start.x())
            t = max(t, (metrics.horizontalAdvance(text) / 2 + 10) / dx)
        t = min(max(t, 0.2), 0.62)
        placed += [(text, start, end, t) for text, start, end in group]
    return placed
