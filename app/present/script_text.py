"""`solve --script` as plain text: every node's shape, value, gradient and gradient rule.

A small tensor is printed as a table of numbers; a larger one as a character heat map (one
character per element, from the most negative to the most positive, with its scale), with
its smallest, largest and mean element.
"""

from __future__ import annotations

import numpy as np

from app.present.render import number, table
from app.present.script_model import NodeView, TensorSolution, matrix

RAMP = "@%#*-·+=oO8"
"""Heat-map characters from -max to +max; '·' is (about) zero."""
ROWS, COLUMNS = 32, 64
"""The most rows and columns a text heat map prints."""
DIGITS = 6


def tensor_text(solution: TensorSolution) -> str:
    """The worked solution of a tensor script, node by node, for a terminal."""
    out = solution.output
    rows = [
        [node.label, _shape(node), ", ".join(node.parents) or "-", _short(node.made_by)]
        for node in solution.nodes
    ]
    parts = [
        f"TENSOR SCRIPT  {out} = {number(solution.loss)}",
        "",
        table(["node", "shape", "reads", "made by"], rows),
        "",
        f"Heat maps: one character per element, {RAMP[0]} the most negative, · about zero, "
        f"{RAMP[-1]} the most positive (scale printed beside each).",
    ]
    for node in solution.nodes:
        parts += ["", *_node(node, out)]
    return "\n".join(parts) + "\n"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shape(node: NodeView) -> str:
    return "(" + ",".join(map(str, node.shape)) + ("," if len(node.shape) == 1 else "") + ")"


def _node(node: NodeView, out: str) -> list[str]:
    head = f"== {node.label}  {_shape(node)}  = {node.made_by}"
    lines = [head, "value:", *_array(node.value, node.small)]
    if node.gradient is None:
        lines.append(f"d{out}/d{node.label}: none (integers index; they are not differentiated)")
        return lines
    lines += [f"d{out}/d{node.label}:", *_array(node.gradient, node.small)]
    if node.rules:
        lines.append("gradient came:")
        lines += [f"  - {rule}" for rule in node.rules]
    elif node.label == out:
        lines.append(f"gradient came: d{out}/d{out} = 1, the seed of the backward pass")
    else:
        lines.append(f"gradient came: nowhere; {out} does not depend on {node.label}")
    return lines


def _array(array: np.ndarray, small: bool) -> list[str]:
    grid = matrix(array)
    integers = grid.dtype.kind in "iub"
    if small or integers:
        cells = [[_cell(v) for v in row] for row in grid[:ROWS]]
        width = max(len(c) for row in cells for c in row)
        lines = ["  " + " ".join(c.rjust(width) for c in row) for row in cells]
        if len(grid) > ROWS:
            lines.append(f"  (first {ROWS} of {len(grid)} rows)")
        return lines
    return heat_lines(grid)


def _cell(value: float) -> str:
    if isinstance(value, np.integer | int):
        return str(int(value))
    return f"{float(value) + 0.0:.{DIGITS}g}"


def heat_lines(grid: np.ndarray) -> list[str]:
    """A character heat map of a 2-D array (cut to ROWS x COLUMNS), with its scale."""
    values = np.asarray(grid, dtype=np.float64)
    scale = float(np.max(np.abs(values))) if values.size else 0.0
    shown = values[:ROWS, :COLUMNS]
    half = len(RAMP) // 2
    levels = np.zeros(shown.shape, dtype=int) if scale == 0 else np.rint(shown / scale * half)
    lines = ["  " + "".join(RAMP[int(k) + half] for k in row) for row in levels]
    cut = []
    if values.shape[0] > ROWS:
        cut.append(f"first {ROWS} of {values.shape[0]} rows")
    if values.shape[1] > COLUMNS:
        cut.append(f"first {COLUMNS} of {values.shape[1]} columns")
    stats = (
        f"  scale ±{number(scale)}; min {number(values.min())}, max {number(values.max())}, "
        f"mean {number(values.mean())}"
    )
    return [*lines, stats + (f" ({', '.join(cut)})" if cut else "")]
