"""Where everything of a diagram goes in a rectangle: node boxes in columns by layer, the
value and gradient under each box, edges box to box, edge labels on plates, the legend.

`arrange` is pure geometry (no painting), so the view draws from it and a test can check
that no two texts overlap, no label hides a crossing, and everything is inside the widget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QFont, QFontMetricsF

from app.ui.widgets.diagram_labels import place_plates
from app.ui.widgets.diagram_text import text_width
from questions.diagram import Diagram, DiagramNode

MARGIN = 16
OP_SHOWN = {"*": "\u00d7", "-": "\u2212", "neg": "\u2212x"}
"""How an op reads inside a node."""
WIDEST_GRAD = "\u2207 \u22120.0000"
"""Room kept under every unit for a gradient, so labels stay put when one is revealed."""


def number(value: float) -> str:
    """A diagram number: 4 significant figures, a real minus sign."""
    text = f"{value + 0.0:.4g}"
    return text.replace("-", "\u2212")


def is_bias(node: DiagramNode) -> bool:
    """A network's "+1" bias node, drawn as a small round plate."""
    return node.label == "+1" and node.id.startswith("+1")


def box_lines(node: DiagramNode) -> list[str]:
    """The lines written inside a node's box: its label, then its op when not in the label."""
    lines = node.label.split("\n")
    if node.op and node.op not in lines[0] and node.op != node.label:
        lines.append(OP_SHOWN.get(node.op, node.op))
    return lines


def columns(diagram: Diagram) -> dict[str, int]:
    """Each node's column: its layer; in a graph, an input sits just left of its first use,
    so that its edge does not cross the columns in between."""
    column = {n.id: n.layer for n in diagram.nodes}
    if diagram.kind != "graph":
        return column
    targets: dict[str, list[int]] = {}
    for edge in diagram.edges:
        if edge.target in column:
            targets.setdefault(edge.source, []).append(column[edge.target])
    fed = {edge.target for edge in diagram.edges}
    for node in diagram.nodes:
        if node.id not in fed and node.id in targets:
            column[node.id] = max(node.layer, min(targets[node.id]) - 1)
    return column


def layers(diagram: Diagram) -> list[list[DiagramNode]]:
    """The nodes column by column, left to right; in each, nodes moved right come last."""
    column = columns(diagram)
    order = sorted(set(column.values()))
    grouped = [[n for n in diagram.nodes if column[n.id] == c] for c in order]
    return [sorted(layer, key=lambda n: n.layer < column[n.id]) for layer in grouped]


@dataclass(frozen=True)
class Placed:
    """A node's box and the texts under it (value, gradient), each as a rectangle."""

    node: DiagramNode
    box: QRectF
    bias: bool
    value: QRectF | None
    grad: QRectF | None

    def rects(self) -> list[QRectF]:
        """The box and each text under it: what an edge label must not cover."""
        return [r for r in (self.box, self.value, self.grad) if r is not None]

    def footprint(self) -> QRectF:
        """The box with the texts under it."""
        rect = QRectF(self.box)
        for text in self.rects():
            rect = rect.united(text)
        return rect


@dataclass(frozen=True)
class Arrangement:
    """A diagram laid out in a rectangle; `free` is False when some label had no free spot."""

    nodes: dict[str, Placed]
    edges: list[tuple[str, str, QPointF, QPointF, str]]  # source, target, start, end, label
    plates: list[QRectF | None]  # one per edge, None when it has no label
    legend: QRectF
    free: bool


def _place_nodes(
    diagram: Diagram, area: QRectF, font: QFont, grad_of: Callable[[str], float | None]
) -> dict[str, Placed]:
    bold = QFont(font)
    bold.setBold(True)
    line = QFontMetricsF(font).height()
    placed: dict[str, Placed] = {}
    grouped = layers(diagram)
    column = area.width() / len(grouped)
    for index, layer in enumerate(grouped):
        x = area.left() + column * (index + 0.5)
        row = area.height() / len(layer)
        for k, node in enumerate(layer):
            bias = is_bias(node)
            lines = box_lines(node)
            width = max(text_width(t, bold) for t in lines) + 18
            height = line * len(lines) + 10
            if bias:
                width = height = line + 8
            centre = area.top() + row * (k + 0.5) - (0 if bias else line)
            box = QRectF(x - width / 2, centre - height / 2, width, height)
            value = grad = None
            if not bias:
                below = box.bottom() + 2
                if node.value is not None:
                    wide = text_width(number(node.value), font) + 4
                    value = QRectF(x - wide / 2, below, wide, line)
                    below += line
                shown = grad_of(node.id)
                if shown is not None or node.solved_grad is not None:
                    text = WIDEST_GRAD if shown is None else f"\u2207 {number(shown)}"
                    wide = text_width(text, font) + 4
                    grad = QRectF(x - wide / 2, below, wide, line)
            placed[node.id] = Placed(node, box, bias, value, grad)
    return placed


def column_width(diagram: Diagram, font: QFont, small: QFont) -> float:
    """The narrowest column that fits the widest node with room for an edge label beside it
    (a label longer than the gap between two boxes sits above or below them)."""
    bold = QFont(font)
    bold.setBold(True)
    texts = [text_width(t, bold) + 18 for n in diagram.nodes for t in box_lines(n)]
    texts += [text_width(WIDEST_GRAD, font) + 4]
    texts += [text_width(number(n.value), font) + 4 for n in diagram.nodes if n.value is not None]
    labels = [text_width(e.label, small) + 8 for e in diagram.edges if e.label]
    return max(texts) + (min(max(labels), 60.0) + 40 if labels else 24)


def arrange(
    diagram: Diagram,
    size: QSizeF,
    font: QFont,
    small: QFont,
    grad_of: Callable[[str], float | None],
) -> Arrangement:
    """Lay the diagram out in a rectangle of this size (labels in the small font)."""
    line = QFontMetricsF(font).height()
    bounds = QRectF(QPointF(0, 0), size)
    area = bounds.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - line)
    placed = _place_nodes(diagram, area, font, grad_of)
    edges = []
    for edge in diagram.edges:
        source, target = placed.get(edge.source), placed.get(edge.target)
        if source is None or target is None:
            continue
        start = QPointF(source.box.right(), source.box.center().y())
        end = QPointF(target.box.left(), target.box.center().y())
        edges.append((edge.source, edge.target, start, end, edge.label))
    small_line = QFontMetricsF(small).height()
    sizes = [QSizeF(text_width(e[4], small) + 8, small_line) if e[4] else None for e in edges]
    legend = QRectF(MARGIN, size.height() - MARGIN / 2 - line, size.width() - 2 * MARGIN, line)
    fixed = [r for p in placed.values() for r in p.rects()] + [legend]
    plates, free = place_plates([(e[2], e[3]) for e in edges], sizes, fixed, small_line)
    return Arrangement(placed, edges, plates, legend, free and _apart(placed, bounds))


def _apart(placed: dict[str, Placed], bounds: QRectF) -> bool:
    """Whether every node's box and texts are inside the bounds and clear of every other's."""
    prints = [p.footprint() for p in placed.values()]
    if not all(bounds.contains(r) for r in prints):
        return False
    by_left = sorted(prints, key=QRectF.left)
    for k, rect in enumerate(by_left):
        for other in by_left[k + 1 :]:
            if other.left() >= rect.right():
                break
            if rect.intersects(other):
                return False
    return True
