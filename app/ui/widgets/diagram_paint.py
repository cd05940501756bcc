"""Painting a diagram's edges: lines with arrowheads (bias edges dashed), labels on plates."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

from app.ui.theme import Colors
from app.ui.widgets.diagram_layout import Arrangement
from app.ui.widgets.diagram_text import draw_text


def draw_arrow(painter: QPainter, start: QPointF, end: QPointF, color: QColor) -> None:
    """An arrowhead at `end`, pointing along the edge from `start`."""
    direction = end - start
    length = (direction.x() ** 2 + direction.y() ** 2) ** 0.5
    if length < 1:
        return
    unit = direction / length
    normal = QPointF(-unit.y(), unit.x())
    path = QPainterPath(end)
    path.lineTo(end - unit * 8 + normal * 4)
    path.lineTo(end - unit * 8 - normal * 4)
    path.closeSubpath()
    painter.fillPath(path, color)


def draw_edges(painter: QPainter, layout: Arrangement, colors: Colors, small: QFont) -> None:
    """Every edge, then every edge label on its plate (so no line runs over a label)."""
    for source, _target, start, end, _label in layout.edges:
        pen = QPen(QColor(colors.border), 1.4)
        if layout.nodes[source].bias:
            pen = QPen(QColor(colors.muted), 1.0, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(start, end)
        draw_arrow(painter, start, end, QColor(colors.muted))
    for edge, plate in zip(layout.edges, layout.plates, strict=True):
        if plate is None:
            continue
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colors.surface))
        painter.drawRoundedRect(plate, 4, 4)
        painter.setPen(QColor(colors.muted))
        draw_text(painter, plate, edge[4], small)
