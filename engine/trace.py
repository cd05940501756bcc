"""Forward and backward steps read off a finished graph, for worked solutions and the GUI.

The steps are data; app.present.render and the GUI turn them into text and tables.

Nothing is logged from inside ops: the steps are recovered from the graph afterwards, the
local derivatives from each op's own backward rule (fed a one-hot seed), so they can never
disagree with what backward() computed.

How nodes are labelled:
- a named tensor shows its name (a repeated name gets `#2`, `#3` ... after the first);
- an unnamed leaf holding the same single number in every variant is a *constant*: it is
  not a step and appears only by its value among other steps' inputs ("2"); it gets no
  backward step either;
- an unnamed op node is shown by its op and inputs, "(x + y)", "(q**2)", "exp(q)", when
  that is at most 32 characters long, else as t1, t2 ... (skipping any name in use); other
  unnamed leaves are inputs labelled t1, t2 ...

Scalar-per-variant graphs (what engine.expr builds) give one forward step per node and one
backward step per edge (child -> parent). A node whose value per variant is not a scalar is
reported element by element, "h[0]", "h[1]": one forward step per element and one backward
step per (child element, parent element) pair whose local derivative is non-zero, or that
sit at the same position when the two shapes match (so a blocked relu still shows its 0).
This is exact but grows with the Jacobian's size: it is meant for small worked examples.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from engine.broadcast import unbroadcast
from engine.tensor import Tensor

READABLE_LIMIT = 32
_INFIX = {"+", "-", "*", "/"}


@dataclass(frozen=True)
class ForwardStep:
    """One node's value: `node = op(inputs)`; op is "input" for a leaf."""

    node: str
    op: str
    inputs: tuple[str, ...]
    value: float


@dataclass(frozen=True)
class BackwardStep:
    """One edge of the chain rule: d root/d parent gets upstream (d root/d node) x local."""

    node: str
    parent: str
    upstream: float
    local: float
    gradient: float


def forward_order(root: Tensor) -> list[Tensor]:
    """Nodes reachable from `root`, parents first and left to right (iterative, any depth)."""
    order: list[Tensor] = []
    visited: set[int] = set()
    stack: list[tuple[Tensor, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif id(node) not in visited:
            visited.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in reversed(node.parents) if id(p) not in visited)
    return order


def forward_steps(root: Tensor, variant: int = 0) -> list[ForwardStep]:
    """Every non-constant node's value in one variant, in topological order."""
    order = forward_order(root)
    labels = _labels(order, variant)
    steps: list[ForwardStep] = []
    for node in order:
        if _is_constant(node):
            continue
        op = "input" if node.is_leaf else node.op
        inputs = tuple(labels[id(p)] for p in node.parents)
        value = _at(node.value, variant)
        for index, label in _elements(labels[id(node)], value.shape):
            steps.append(ForwardStep(label, op, inputs, float(value[index])))
    return steps


def backward_steps(root: Tensor, variant: int = 0) -> list[BackwardStep]:
    """One step per edge (child -> parent) in reverse topological order, for one variant."""
    return _backward(root, variant)[0]


def gradient_totals(root: Tensor, variant: int = 0) -> dict[str, float]:
    """d root / d node for every non-constant node: the sum of its steps' gradients (fan-out)."""
    return _backward(root, variant)[1]


def _backward(root: Tensor, variant: int) -> tuple[list[BackwardStep], dict[str, float]]:
    order = forward_order(root)
    labels = _labels(order, variant)
    totals: dict[int, np.ndarray] = {id(root): np.ones(root.shape)}
    steps: list[BackwardStep] = []
    for child in reversed(order):
        if child.backward_rule is None:
            continue
        upstream = totals.setdefault(id(child), np.zeros(child.shape))
        for index, child_label in _elements(labels[id(child)], child.shape):
            seed = np.zeros_like(child.value)
            where: tuple[slice | int, ...] = (slice(None), *index)
            seed[where] = 1.0
            rows = child.backward_rule(seed)
            for parent, row in zip(child.parents, rows, strict=True):
                if _is_constant(parent):
                    continue
                local = _local(row, parent, variant)
                total = totals.setdefault(id(parent), np.zeros(parent.shape))
                scalar = child.shape == () and parent.shape == ()
                for p_index, parent_label in _elements(labels[id(parent)], parent.shape):
                    value = float(local[p_index])
                    same = child.shape == parent.shape and index == p_index
                    if scalar or value != 0.0 or same:
                        up = float(upstream[index])
                        steps.append(BackwardStep(child_label, parent_label, up, value, up * value))
                        total[p_index] += up * value
    table = {}
    for node in order:
        if not _is_constant(node):
            total = totals.get(id(node), np.zeros(node.shape))
            for index, label in _elements(labels[id(node)], node.shape):
                table[label] = float(total[index])
    return steps, table


def _local(row: np.ndarray | None, parent: Tensor, variant: int) -> np.ndarray:
    """One variant's slice of a backward-rule output, shaped like one variant of `parent`."""
    if row is None:
        return np.zeros(parent.shape)
    row = np.asarray(row, dtype=np.float64)
    picked = _at(row, variant) if row.ndim else row
    return np.broadcast_to(unbroadcast(picked[None], (1, *parent.shape))[0], parent.shape)


def _at(array: np.ndarray, variant: int) -> np.ndarray:
    """One variant's value; a value shared by all variants (length 1) serves every variant."""
    count = array.shape[0]
    if count == 1:
        return np.asarray(array[0])
    if not 0 <= variant < count:
        raise IndexError(f"variant {variant} is out of range: the graph has {count} variants")
    return np.asarray(array[variant])


def _is_constant(node: Tensor) -> bool:
    """An unnamed leaf holding one number, the same in every variant."""
    value = node.value
    return node.is_leaf and not node.name and value.ndim == 1 and bool((value == value[0]).all())


def _elements(label: str, shape: tuple[int, ...]) -> Iterator[tuple[tuple[int, ...], str]]:
    """(index, label) for each element of one variant's value: `h[0]`, `h[1,2]` ..."""
    if shape == ():
        yield (), label
        return
    for index in np.ndindex(*shape):
        yield index, f"{label}[{','.join(map(str, index))}]"


def _labels(order: list[Tensor], variant: int) -> dict[int, str]:
    """A unique label for every node (see the module docstring)."""
    in_use = {node.name for node in order if node.name}
    taken: set[str] = set()
    counter = 0
    labels: dict[int, str] = {}

    def generated() -> str:
        nonlocal counter
        while True:
            counter += 1
            if f"t{counter}" not in in_use and f"t{counter}" not in taken:
                return f"t{counter}"

    def unique(label: str) -> str:
        k, candidate = 1, label
        while candidate in taken:
            k += 1
            candidate = f"{label}#{k}"
        taken.add(candidate)
        return candidate

    for node in order:
        if _is_constant(node):
            labels[id(node)] = _number(float(_at(node.value, variant)))
        elif node.name:
            labels[id(node)] = unique(node.name)
        elif node.is_leaf:
            labels[id(node)] = unique(generated())
        else:
            readable = _readable(node.op, [labels[id(p)] for p in node.parents])
            fits = len(readable) <= READABLE_LIMIT
            labels[id(node)] = unique(readable if fits else generated())
    return labels


def _readable(op: str, inputs: list[str]) -> str:
    if op in _INFIX and len(inputs) == 2:
        return f"({inputs[0]} {op} {inputs[1]})"
    if op == "neg" and len(inputs) == 1:
        return f"(-{inputs[0]})"
    if op.startswith("**") and len(inputs) == 1:
        return f"({inputs[0]}{op})"
    return f"{op}({', '.join(_unwrap(label) for label in inputs)})"


def _unwrap(label: str) -> str:
    """Drop one pair of parentheses around a whole label: exp((-x)) reads exp(-x)."""
    if not (label.startswith("(") and label.endswith(")")):
        return label
    depth = 0
    for i, ch in enumerate(label):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(label) - 1:
            return label
    return label[1:-1]


def _number(value: float) -> str:
    return f"{value:.12g}"
