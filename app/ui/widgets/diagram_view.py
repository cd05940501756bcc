"""Draw a question's Diagram (a network or a computational graph) with QPainter, themed.

Nodes are placed in columns by layer, left to right, and spread evenly down each column
(diagram_layout). Each node is a rounded box with its label (and op); below it, its forward
value and its gradient in the theme's value and gradient colours. Edge labels (a network's
weights) sit on a small plate along the edge where they cover no other text, no box and no
crossing of two edges (diagram_labels); names are typeset as the prompt shows them
(diagram_text). The view asks for the height its labels need at a given width.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.theme import Colors, current_colors
from app.ui.widgets.diagram_layout import (
    MARGIN,
    Arrangement,
    Placed,
    arrange,
    box_lines,
    column_width,
    layers,
    number,
)
from app.ui.widgets.diagram_paint import draw_edges
from app.ui.widgets.diagram_text import draw_text
from questions.diagram import Diagram, DiagramNode

__all__ = ["DiagramView", "number"]

MIN_ROW = 64
TALLEST = 3.0
"""The most the view grows beyond its usual height to give every label a free spot."""


class DiagramView(QWidget):
    """A drawing of a Diagram; `reveal_grad` fills in gradients as a guided question goes on,
    `reveal_solution` draws every gradient the worked solution has."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._diagram: Diagram | None = None
        self._revealed: dict[str, float] = {}
        self._current: str | None = None
        self._heights: dict[int, int] = {}
        self._arranged: dict[tuple[int, int], Arrangement] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Diagram")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_diagram(self, diagram: Diagram | None) -> None:
        """Show a diagram (None hides nothing but draws nothing); clears revealed gradients."""
        self._diagram = diagram
        self._revealed = {}
        self._current = None
        self._changed()

    def diagram(self) -> Diagram | None:
        """The diagram shown."""
        return self._diagram

    def reveal_grad(self, node_id: str, value: float) -> None:
        """Show a gradient for a node whose diagram gradient is hidden (matched by id or label)."""
        self._revealed[self._resolve(node_id) or node_id] = value
        self._changed()

    def reveal_solution(self) -> None:
        """Draw the gradients the worked solution gives (the nodes' solved gradients)."""
        nodes = self._diagram.nodes if self._diagram else ()
        for node in nodes:
            if node.grad is None and node.solved_grad is not None:
                self._revealed[node.id] = node.solved_grad
        self._changed()

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

    def gradients_shown(self) -> bool:
        """Whether any node shows a gradient (the legend names gradients only then)."""
        nodes = self._diagram.nodes if self._diagram else ()
        return any(self.grad_of(n.id) is not None for n in nodes)

    def arrangement(self) -> Arrangement | None:
        """Where everything is drawn at the view's current size."""
        if not self._diagram or not self._diagram.nodes:
            return None
        return self._arrange(self.width(), self.height())

    def _arrange(self, width: int, height: int) -> Arrangement:
        """The arrangement at a size, made once per size until the drawing or font changes."""
        assert self._diagram is not None
        if (width, height) not in self._arranged:
            self._arranged[width, height] = arrange(
                self._diagram, QSizeF(width, height), self.font(), self._small(), self.grad_of
            )
        return self._arranged[width, height]

    def changeEvent(self, event: QEvent) -> None:
        """A new font (text size) measures everything afresh."""
        if event.type() == QEvent.Type.FontChange:
            self._changed()
        super().changeEvent(event)

    def _changed(self) -> None:
        self._heights = {}
        self._arranged = {}
        if not self.hasHeightForWidth():
            self.setMinimumHeight(0)
        self._describe()
        self.updateGeometry()
        self.update()

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

    # -- size ----------------------------------------------------------------------------

    def _usual_height(self) -> int:
        assert self._diagram is not None
        rows = max(len(layer) for layer in layers(self._diagram))
        line = QFontMetricsF(self.font()).height()
        return int(max(rows, 2) * (5 * line + 20) + 2 * MARGIN + line)

    def sizeHint(self) -> QSize:
        """Room for every column and the fullest layer."""
        if not self._diagram or not self._diagram.nodes:
            return QSize(0, 0)
        columns = len(layers(self._diagram))
        width = int(columns * max(200, self._column()) + 2 * MARGIN)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        """The smallest drawing that stays legible."""
        if not self._diagram or not self._diagram.nodes:
            return QSize(0, 0)
        grouped = layers(self._diagram)
        rows = max(len(layer) for layer in grouped)
        line = QFontMetricsF(self.font()).height()
        width = len(grouped) * self._column() + 2 * MARGIN  # every node inside, no wider
        return QSize(int(width), int(rows * max(MIN_ROW, 4.2 * line) + 2 * MARGIN + line))

    def _column(self) -> float:
        assert self._diagram is not None
        return column_width(self._diagram, self.font(), self._small())

    def hasHeightForWidth(self) -> bool:
        return self._diagram is not None and bool(self._diagram.nodes)

    def heightForWidth(self, width: int) -> int:
        """The usual height, or taller until every edge label has a free spot."""
        if not self._diagram or not self._diagram.nodes:
            return 0
        if width not in self._heights:
            usual = self._usual_height()
            height = usual
            while height < usual * TALLEST:
                if self._arrange(width, height).free:
                    break
                height = int(height * 1.15)
            self._heights[width] = min(height, int(usual * TALLEST))
        return self._heights[width]

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep at least the height the labels need at this width (layouts may offer less)."""
        super().resizeEvent(event)
        needed = self.heightForWidth(self.width()) if self.hasHeightForWidth() else 0
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)

    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _small(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        return small

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Edges first, then their labels, nodes with values and gradients, then the legend."""
        layout = self.arrangement()
        if layout is None:
            return
        colors = current_colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw_edges(painter, layout, colors, self._small())
        for item in layout.nodes.values():
            self._draw_node(painter, item, colors)
        self._draw_legend(painter, layout, colors)
        painter.end()

    def _draw_node(self, painter: QPainter, item: Placed, colors: Colors) -> None:
        box, node = item.box, item.node
        line = QFontMetricsF(self.font()).height()
        current = self._current == node.id
        painter.setPen(
            QPen(QColor(colors.accent if current else colors.border), 3 if current else 1.2)
        )
        painter.setBrush(QColor(colors.window if item.bias else colors.node))
        radius = box.height() / 2 if item.bias else 8
        painter.drawRoundedRect(box, radius, radius)
        if item.bias:
            painter.setPen(QColor(colors.muted))
            painter.setFont(self.font())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "+1")
            return
        for i, text in enumerate(box_lines(node)):
            row = QRectF(box.left(), box.top() + 5 + i * line, box.width(), line)
            painter.setPen(QColor(colors.text if i == 0 else colors.muted))
            draw_text(painter, row, text, self._bold() if i == 0 else self.font())
        if node.value is not None and item.value is not None:
            painter.setPen(QColor(colors.value))
            draw_text(painter, item.value, number(node.value), self.font())
        grad = self.grad_of(node.id)
        if grad is not None and item.grad is not None:
            painter.setPen(QColor(colors.grad))
            draw_text(painter, item.grad, f"\u2207 {number(grad)}", self.font())

    def _draw_legend(self, painter: QPainter, layout: Arrangement, colors: Colors) -> None:
        """What the colours mean: "value", and "∇ gradient" only when gradients are drawn."""
        metrics = QFontMetricsF(self.font())
        painter.setFont(self.font())
        x = layout.legend.left()
        for text, color in zip(self.legend_entries(), (colors.value, colors.grad), strict=False):
            painter.setPen(QColor(color))
            rect = QRectF(x, layout.legend.top(), layout.legend.right() - x, layout.legend.height())
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += metrics.horizontalAdvance(text) + 24

    def legend_entries(self) -> list[str]:
        """The legend's words, as drawn."""
        return ["value"] + (["\u2207 gradient"] if self.gradients_shown() else [])
