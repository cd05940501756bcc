"""Draw a question's Diagram (a network or a computational graph) with QPainter, themed.

Nodes are placed in columns by layer, left to right, and spread evenly down each column.
Each node is a rounded box with its label (and op); below it, its forward value and its
gradient in the theme's value and gradient colours. Edge labels (a network's weights) sit on
a small plate along the edge, staggered so that labels of neighbouring edges do not overlap.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.theme import current_colors
from app.ui.widgets.diagram_labels import free_plate, label_positions
from questions.model import Diagram, DiagramNode

MIN_COLUMN = 150
MIN_ROW = 64
MARGIN = 16
OP_SHOWN = {"*": "\u00d7", "-": "\u2212", "neg": "\u2212x"}
"""How an op reads inside a node."""


def number(value: float) -> str:
    """A diagram number: 4 significant figures, a real minus sign."""
    text = f"{value + 0.0:.4g}"
    return text.replace("-", "\u2212")


@dataclass(frozen=True)
class _Placed:
    node: DiagramNode
    box: QRectF
    bias: bool


class DiagramView(QWidget):
    """A drawing of a Diagram; `reveal_grad` fills in gradients as a guided question goes on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._diagram: Diagram | None = None
        self._revealed: dict[str, float] = {}
        self._current: str | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Diagram")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_diagram(self, diagram: Diagram | None) -> None:
        """Show a diagram (None hides nothing but draws nothing); clears revealed gradients."""
        self._diagram = diagram
        self._revealed = {}
        self._current = None
        self._describe()
        self.updateGeometry()
        self.update()

    def diagram(self) -> Diagram | None:
        """The diagram shown."""
        return self._diagram

    def reveal_grad(self, node_id: str, value: float) -> None:
        """Show a gradient for a node whose diagram gradient is hidden (matched by id or label)."""
        self._revealed[self._resolve(node_id) or node_id] = value
        self._describe()
        self.update()

    def set_current(self, node_id: str | None) -> None:
        """Outline the node a guided question is asking about (None for no outline)."""
        self._current = self._resolve(node_id) if node_id else None
        self.update()

    def grad_of(self, node_id: str) -> float | None:
        """The gradient shown for a node: the diagram's own, or one revealed since."""
        resolved = self._resolve(node_id) or node_id
        if resolved in self._revealed:
            return self._revealed[resolved]
        node = self._node(resolved)
        return None if node is None else node.grad

    def _node(self, node_id: str) -> DiagramNode | None:
        nodes = self._diagram.nodes if self._diagram else ()
        return next((n for n in nodes if n.id == node_id), None)

    def _resolve(self, name: str) -> str | None:
        nodes = self._diagram.nodes if self._diagram else ()
        for node in nodes:
            if name in (node.id, node.label):
                return node.id
        return None

    def _describe(self) -> None:
        """An accessible description: every node with its value and gradient."""
        if self._diagram is None:
            self.setAccessibleDescription("")
            return
        parts = []
        for node in self._diagram.nodes:
            text = node.label.replace("\n", " ")
            if node.value is not None:
                text += f", value {number(node.value)}"
            grad = self.grad_of(node.id)
            if grad is not None:
                text += f", gradient {number(grad)}"
            parts.append(text)
        kind = "Network" if self._diagram.kind == "network" else "Computational graph"
        self.setAccessibleDescription(f"{kind}: " + "; ".join(parts))

    def _layers(self) -> list[list[DiagramNode]]:
        assert self._diagram is not None
        column = self._columns()
        order = sorted(set(column.values()))
        layers = [[n for n in self._diagram.nodes if column[n.id] == c] for c in order]
        return [sorted(layer, key=lambda n: n.layer < column[n.id]) for layer in layers]

    def _columns(self) -> dict[str, int]:
        """Each node's column: its layer; in a graph, an input sits just left of its first use,
        so that its edge does not cross the columns in between."""
        assert self._diagram is not None
        column = {n.id: n.layer for n in self._diagram.nodes}
        if self._diagram.kind != "graph":
            return column
        targets: dict[str, list[int]] = {}
        for edge in self._diagram.edges:
            if edge.target in column:
                targets.setdefault(edge.source, []).append(column[edge.target])
        fed = {edge.target for edge in self._diagram.edges}
        for node in self._diagram.nodes:
            if node.id not in fed and node.id in targets:
                column[node.id] = max(node.layer, min(targets[node.id]) - 1)
        return column

    def sizeHint(self) -> QSize:
        """Room for every column and the fullest layer."""
        if not self._diagram:
            return QSize(0, 0)
        layers = self._layers()
        rows = max(len(layer) for layer in layers)
        line = QFontMetricsF(self.font()).height()
        height = max(rows, 2) * (5 * line + 20) + 2 * MARGIN + line
        return QSize(int(len(layers) * 200 + 2 * MARGIN), int(height))

    def minimumSizeHint(self) -> QSize:
        """The smallest drawing that stays legible."""
        if not self._diagram:
            return QSize(0, 0)
        layers = self._layers()
        rows = max(len(layer) for layer in layers)
        line = QFontMetricsF(self.font()).height()
        return QSize(
            int(len(layers) * MIN_COLUMN), int(rows * max(MIN_ROW, 4.2 * line) + 2 * MARGIN + line)
        )

    def hasHeightForWidth(self) -> bool:
        return False

    def _place(self) -> dict[str, _Placed]:
        """Boxes for every node, columns by layer, rows spread evenly in each column."""
        metrics = QFontMetricsF(self._bold())
        line = metrics.height()
        layers = self._layers()
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - line)
        column = area.width() / len(layers)
        placed: dict[str, _Placed] = {}
        for index, layer in enumerate(layers):
            x = area.left() + column * (index + 0.5)
            row = area.height() / len(layer)
            for k, node in enumerate(layer):
                bias = node.label == "+1" and node.id.startswith("+1")
                lines = self._box_lines(node)
                width = max(metrics.horizontalAdvance(t) for t in lines) + 18
                height = line * len(lines) + 10
                if bias:
                    width = height = line + 8
                y = area.top() + row * (k + 0.5) - line  # leave room below for value and grad
                box = QRectF(x - width / 2, y - height / 2, width, height)
                placed[node.id] = _Placed(node, box, bias)
        return placed

    @staticmethod
    def _box_lines(node: DiagramNode) -> list[str]:
        lines = node.label.split("\n")
        if node.op and node.op not in lines[0] and node.op != node.label:
            lines.append(OP_SHOWN.get(node.op, node.op))
        return lines

    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        """Edges first, then nodes with their values and gradients, then the legend."""
        if not self._diagram or not self._diagram.nodes:
            return
        colors = current_colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        placed = self._place()
        self._draw_edges(painter, placed, colors)
        for item in placed.values():
            self._draw_node(painter, item, colors)
        self._draw_legend(painter, colors)
        painter.end()

    def _draw_edges(self, painter: QPainter, placed: dict[str, _Placed], colors) -> None:
        assert self._diagram is not None
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        metrics = QFontMetricsF(small)
        painter.setFont(small)
        labels = []
        for edge in self._diagram.edges:
            source, target = placed.get(edge.source), placed.get(edge.target)
            if source is None or target is None:
                continue
            start = QPointF(source.box.right(), source.box.center().y())
            end = QPointF(target.box.left(), target.box.center().y())
            painter.setPen(QPen(QColor(colors.muted if source.bias else colors.border), 1.4))
            if source.bias:
                painter.setPen(QPen(QColor(colors.muted), 1.0, Qt.PenStyle.DashLine))
            painter.drawLine(start, end)
            self._arrow(painter, start, end, QColor(colors.muted))
            if edge.label:
                labels.append((edge.label, start, end))
        line = QFontMetricsF(self.font()).height()
        taken = [self._footprint(item, line) for item in placed.values()]
        for text, start, end, t in label_positions(labels, metrics):
            width = metrics.horizontalAdvance(text) + 8
            plate = free_plate(start, end, t, QSizeF(width, metrics.height()), taken)
            taken.append(plate.adjusted(-2, -1, 2, 1))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colors.surface))
            painter.drawRoundedRect(plate, 4, 4)
            painter.setPen(QColor(colors.muted))
            painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, text.replace("-", "\u2212"))

    def _footprint(self, item: _Placed, line: float) -> QRectF:
        """The node's box with the value and gradient written under it."""
        metrics = QFontMetricsF(self.font())
        texts = [] if item.bias else [number(item.node.value or 0), f"\u2207 {number(1.0)}"]
        grad = self.grad_of(item.node.id)
        if grad is not None:
            texts.append(f"\u2207 {number(grad)}")
        wide = max((metrics.horizontalAdvance(t) for t in texts), default=0.0)
        pad = max(0.0, (wide - item.box.width()) / 2) + 2
        return item.box.adjusted(-pad, -2, pad, 0 if item.bias else 2 * line)

    @staticmethod
    def _arrow(painter: QPainter, start: QPointF, end: QPointF, color: QColor) -> None:
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

    def _draw_node(self, painter: QPainter, item: _Placed, colors) -> None:
        box, node = item.box, item.node
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        current = self._current == node.id
        painter.setPen(
            QPen(QColor(colors.accent if current else colors.border), 3 if current else 1.2)
        )
        painter.setBrush(QColor(colors.window if item.bias else colors.node))
        radius = box.height() / 2 if item.bias else 8
        painter.drawRoundedRect(box, radius, radius)
        painter.setPen(QColor(colors.muted if item.bias else colors.text))
        painter.setFont(self._bold() if not item.bias else self.font())
        lines = ["+1"] if item.bias else self._box_lines(node)
        for i, text in enumerate(lines):
            row = QRectF(box.left(), box.top() + 5 + i * line, box.width(), line)
            if i > 0:
                painter.setFont(self.font())
                painter.setPen(QColor(colors.muted))
            painter.drawText(row, Qt.AlignmentFlag.AlignCenter, text)
        if item.bias:
            return
        painter.setFont(self.font())
        below = box.bottom() + 2
        if node.value is not None:
            painter.setPen(QColor(colors.value))
            rect = QRectF(box.center().x() - 80, below, 160, line)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, number(node.value))
            below += line
        grad = self.grad_of(node.id)
        if grad is not None:
            painter.setPen(QColor(colors.grad))
            rect = QRectF(box.center().x() - 80, below, 160, line)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"\u2207 {number(grad)}")

    def _draw_legend(self, painter: QPainter, colors) -> None:
        metrics = QFontMetricsF(self.font())
        y = self.height() - MARGIN / 2 - metrics.height()
        painter.setFont(self.font())
        x = float(MARGIN)
        for text, color in (("value", colors.value), ("\u2207 gradient", colors.grad)):
            painter.setPen(QColor(color))
            painter.drawText(QPointF(x, y + metrics.ascent()), text)
            x += metrics.horizontalAdvance(text) + 24
