"""What `solve --script` and the Workbench's Tensor script mode show, computed without Qt.

`solve_tensor_file(text)` reads a tensor script file (engine/script_file.py), runs it and
returns a `TensorSolution`: one `NodeView` per input and statement (shape, value, gradient,
the statement that made it and the rules its gradient came by) and the graph drawn at the
level of statements. `script_json` is the `solve --script --json` object (docs/design.md).
A problem is a `SolveError` in the field "tensor" with its offset in the file's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from app.present.solve_model import SolveError, offset
from engine.expr_syntax import quote
from engine.script import ScriptFileError, Solved, solve_file_text
from questions.diagram import Diagram, DiagramEdge, DiagramNode

SMALL = 64
"""A node with at most this many elements, at most 2 axes and 8 columns is shown as a table;
a larger one as a heat map."""


@dataclass(frozen=True)
class NodeView:
    """One input or statement as shown: its value and gradient as arrays of its shape."""

    label: str
    shape: tuple[int, ...]
    made_by: str
    """The statement's right-hand side, "input" or "input (integers)"."""
    value: np.ndarray
    gradient: np.ndarray | None
    """d output / d node; None for integers, which are not differentiated."""
    rules: tuple[str, ...]
    parents: tuple[str, ...]

    @property
    def small(self) -> bool:
        """True when the node is shown as a table of numbers rather than a heat map."""
        return (
            self.value.size <= SMALL and self.value.ndim <= 2 and matrix(self.value).shape[1] <= 8
        )


@dataclass(frozen=True)
class TensorSolution:
    """A solved tensor script: every node, the statement graph and the output's value."""

    solved: Solved
    nodes: tuple[NodeView, ...]
    diagram: Diagram

    @property
    def output(self) -> str:
        """The output's label."""
        return self.solved.output

    @property
    def loss(self) -> float:
        """The output's value."""
        return float(self.solved.run.value(self.output))


def solve_tensor_file(text: str) -> TensorSolution:
    """Read and run a tensor script file's text; SolveError points at the problem in it."""
    try:
        solved = solve_file_text(text)
    except ScriptFileError as error:
        position = None if error.line is None else offset(text, error.line, error.column or 1)
        raise SolveError("tensor", str(error), position) from None
    return tensor_solution(solved)


def tensor_solution(solved: Solved) -> TensorSolution:
    """The views of a solved script: nodes in order, and the statement graph."""
    run = solved.run
    made_by = {label: "input" for label in run.inputs}
    statements = iter(run.statements)
    for label in solved.labels[len(run.inputs) :]:
        statement = next(statements)
        value = statement.value
        made_by[label] = quote(run.source, value.start, value.end, 80)
    nodes = []
    for label in solved.labels:
        kind = made_by[label]
        if kind == "input" and solved.is_index(label):
            kind = "input (integers)"
        nodes.append(
            NodeView(
                label,
                solved.shape(label),
                kind,
                np.asarray(run.value(label)),
                run.gradient(label),
                tuple(solved.rules.get(label, ())),
                run.parents.get(label, ()),
            )
        )
    return TensorSolution(solved, tuple(nodes), statement_diagram(nodes))


def statement_diagram(nodes: list[NodeView]) -> Diagram:
    """The graph of statements: inputs in column 0, each statement right of what it reads."""
    depth: dict[str, int] = {}
    drawn, edges = [], []
    for node in nodes:
        depth[node.label] = 1 + max((depth[p] for p in node.parents), default=-1)
        shape = "×".join(map(str, node.shape)) or "scalar"
        op = "" if node.made_by.startswith("input") else shape
        label = f"{node.label} {shape}" if not op else node.label
        drawn.append(DiagramNode(node.label, label, depth[node.label], None, None, op))
        edges += [DiagramEdge(parent, node.label) for parent in node.parents]
    return Diagram("graph", tuple(drawn), tuple(edges))


def matrix(array: np.ndarray) -> np.ndarray:
    """A value laid out in rows for a table or heat map: a scalar 1×1, a vector one row,
    more axes flattened after the first."""
    array = np.asarray(array)
    if array.ndim == 0:
        return array.reshape(1, 1)
    if array.ndim == 1:
        return array.reshape(1, -1)
    return array.reshape(array.shape[0], -1)


def script_json(solved: Solved) -> dict[str, Any]:
    """The `solve --script --json` object: output name, and shapes, values and gradients of
    every input and statement (gradients null for integers)."""
    run = solved.run
    return {
        "output": solved.output,
        "shapes": {label: list(solved.shape(label)) for label in solved.labels},
        "values": {label: _plain(run.value(label)) for label in solved.labels},
        "gradients": {
            label: None if (g := run.gradient(label)) is None else _plain(g)
            for label in solved.labels
        },
    }


def _plain(array: np.ndarray) -> Any:
    """Nested lists for JSON: integers as ints, floats with -0.0 written as 0.0."""
    array = np.asarray(array)
    if array.dtype.kind in "iub":
        return array.tolist()
    return (array + 0.0).tolist()


def heat_rgb(
    grid: np.ndarray,
    negative: tuple[int, int, int],
    zero: tuple[int, int, int],
    positive: tuple[int, int, int],
    cell: int = 6,
) -> np.ndarray:
    """A heat map as RGB bytes (rows, columns, 3): each element a `cell`-pixel square, coloured
    from `negative` (the most negative) through `zero` to `positive` (the most positive)."""
    values = np.asarray(grid, dtype=np.float64)
    scale = float(np.max(np.abs(values))) if values.size else 0.0
    t = np.zeros(values.shape) if scale == 0 else values / scale
    far = np.where(t[..., None] < 0, np.array(negative), np.array(positive))
    mixed = np.array(zero) + np.abs(t)[..., None] * (far - np.array(zero))
    pixels = np.repeat(np.repeat(np.rint(mixed).astype(np.uint8), cell, axis=0), cell, axis=1)
    return np.ascontiguousarray(pixels)
