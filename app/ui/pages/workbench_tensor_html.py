"""The Tensor script mode's worked solution as rich text: for every node its shape, the
statement that made it, its value and gradient (small tensors as tables, larger ones as heat
map images) and the rule its gradient came by.

Every name and number is HTML-escaped: scripts are the learner's text, never markup. Heat
maps are QImages registered as resources of the document under `heat:LABEL/value` and
`heat:LABEL/gradient`.
"""

from __future__ import annotations

from html import escape

import numpy as np
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument

from app.present.script_model import NodeView, TensorSolution, heat_rgb, matrix
from app.ui.theme import Colors
from app.ui.widgets.solution_html import num

HEAT_CELL = 6
"""Pixels per element in a heat map (fewer for a wide tensor, so it fits)."""
WIDEST = 320
"""The widest heat map, in pixels."""
LOWEST = 14
"""The lowest heat map, in pixels (a row vector is stretched to it)."""


def _rgb(color: str) -> tuple[int, int, int]:
    q = QColor(color)
    return q.red(), q.green(), q.blue()


def heat_image(grid: np.ndarray, colors: Colors) -> QImage:
    """A heat map of a 2-D array: the value colour for positive, the gradient colour for
    negative, the page's surface for zero."""
    cell = max(1, min(HEAT_CELL, WIDEST // max(grid.shape[1], 1)))
    pixels = heat_rgb(grid, _rgb(colors.grad), _rgb(colors.surface), _rgb(colors.value), cell)
    height, width, _ = pixels.shape
    image = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    if height < LOWEST:  # a row vector: tall enough to see
        return image.scaled(width, LOWEST)  # a new image: it owns its bytes
    return image.copy()  # own the bytes: `pixels` is freed when this returns


def tensor_html(solution: TensorSolution, colors: Colors, document: QTextDocument) -> str:
    """The worked solution; heat maps are added to `document` as image resources."""
    out = escape(solution.output)
    parts = [
        f'<p>{out} = <b style="color:{colors.value}">{num(solution.loss)}</b>. '
        f"Each node: its value, then ∂{out}/∂node in "
        f'<span style="color:{colors.grad}">gradient colour</span>; heat maps run from '
        f'<span style="color:{colors.grad}">most negative</span> through the page colour (0) '
        f'to <span style="color:{colors.value}">most positive</span>.</p>'
    ]
    for node in solution.nodes:
        parts.append(_node(node, out, colors, document))
    return "".join(parts)


def _node(node: NodeView, out: str, colors: Colors, document: QTextDocument) -> str:
    shape = "(" + ",".join(map(str, node.shape)) + ("," if len(node.shape) == 1 else "") + ")"
    head = (
        f'<h3>{escape(node.label)} <span style="color:{colors.muted}">{shape}</span></h3>'
        f'<p style="color:{colors.muted}">= {escape(node.made_by)}</p>'
    )
    value = _shown(node, "value", node.value, colors, document, colors.value)
    if node.gradient is None:
        grad = "<p>no gradient: integers index, they are not differentiated</p>"
    else:
        grad = _shown(node, "gradient", node.gradient, colors, document, colors.grad)
    rules = "".join(f"<li>{escape(rule)}</li>" for rule in node.rules)
    if node.gradient is not None and not rules:
        rules = (
            f"<li>∂{out}/∂{out} = 1, the seed of the backward pass</li>"
            if node.label == out
            else f"<li>none: {out} does not depend on it</li>"
        )
    body = f"<p><b>value</b><br>{value}</p><p><b>∂{out}/∂{escape(node.label)}</b><br>{grad}</p>"
    return head + body + (f"<ul>{rules}</ul>" if rules else "")


def _shown(
    node: NodeView,
    what: str,
    array: np.ndarray,
    colors: Colors,
    document: QTextDocument,
    ink: str,
) -> str:
    grid = matrix(array)
    if grid.dtype.kind in "iub" and not node.small:  # indices: the numbers, wrapped
        lines = [" ".join(str(int(v)) for v in row) for row in grid[:64]]
        cut = f"<br>(first 64 of {len(grid)} rows)" if len(grid) > 64 else ""
        return f'<span style="color:{ink}">' + "<br>".join(lines) + f"</span>{cut}"
    if node.small:
        rows = "".join(
            "<tr>"
            + "".join(f'<td align="right" style="color:{ink}">{_cell(v)}</td>' for v in row)
            + "</tr>"
            for row in grid
        )
        return f'<table cellspacing="0" cellpadding="3">{rows}</table>'
    url = f"heat:{node.label}/{what}"
    document.addResource(
        QTextDocument.ResourceType.ImageResource, QUrl(url), heat_image(grid, colors)
    )
    scale = float(np.max(np.abs(grid.astype(np.float64))))
    return (
        f'<img src="{escape(url)}"><br><span style="color:{colors.muted}">'
        f"±{num(scale)}; mean {num(float(grid.mean()))}</span>"
    )


def _cell(value: np.generic) -> str:
    if isinstance(value, np.integer | np.bool_):
        return str(int(value))
    return num(float(value))
