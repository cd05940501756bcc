"""Scalar circuits shared by the chain-rule and guided-backprop families.

A circuit is a worked-example script (engine.expr), e.g. "q = x + y; f = q * z". All the
variants that use one circuit are evaluated in one batched engine pass; every node's
gradient is then checked against central differences on a plain-numpy evaluation of the
same statements, with a nudge added at each node in turn. The order of the backward steps
comes from engine.trace; the numbers on each edge (upstream and local gradient) are read off
the batched graph for all variants at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from engine import trace
from engine.expr import Binary, Call, Expr, Name, Negate, Number, Program, parse
from engine.gradcheck import central_difference

CIRCUITS: dict[int, tuple[str, ...]] = {
    1: (
        "q = x + y; f = q * z",
        "q = x * y; f = q + z",
        "q = x * y; f = q * z",
        "q = max(x, y); f = q * z",
        "q = x + y; f = max(q, z)",
    ),
    2: (
        "a = x * y; b = max(y, z); f = a + b",
        "a = x + y; b = x * z; c = max(a, b); f = c * w",
        "a = x * y; b = max(a, z); f = b * x",
        "a = max(x, y); b = a * z; f = b + a",
    ),
    3: (
        "a = x * y; b = y + z; c = max(a, b); d = c * z; e = d + x; f = sigmoid(e)",
        "a = x + y; b = max(a, z); c = a * w; d = b * c; f = d + w",
        "a = x * w; b = y * w; c = a + b; d = max(c, z); e = d * x; f = sigmoid(e)",
        "a = x * y; b = max(a, z); c = b + x; d = c * y; e = d + b; f = sigmoid(e)",
    ),
}
"""Circuit scripts by level: two gates; three or four with a max and a fan-out; five to seven."""

RANGES = {1: (5, 0), 2: (3, 1), 3: (2, 1)}  # level -> (largest |input|, decimals)
MAX_INPUTS, MAX_NODES, MAX_EDGES = 4, 12, 16
MAX_MARGIN = {1: 1.0, 2: 0.3, 3: 0.3}  # max-gate inputs at least this far apart: no near-ties
SIGMOID_LIMIT = 3.0  # a sigmoid's input stays within +-3: no saturation


@dataclass(frozen=True)
class Edge:
    """One backward step: the gradient at `child` passes to `parent` (its `slot`-th input)."""

    child: str
    parent: str
    slot: int
    op: str  # the child's op: "+", "*", "max", "sigmoid"


@dataclass(frozen=True)
class Structure:
    """What a circuit is, independent of its numbers."""

    program: Program
    inputs: tuple[str, ...]
    nodes: tuple[str, ...]  # inputs, then each statement's target, in topological order
    parents: Mapping[str, tuple[str, ...]]
    ops: Mapping[str, str]
    edges: tuple[Edge, ...]  # in reverse topological order, as engine.trace lists them
    paths: Mapping[str, tuple[tuple[int, ...], ...]]  # input -> edge indices of each path
    backward_order: tuple[str, ...]  # every node, output first, in the order trace walks back

    @property
    def output(self) -> str:
        """The node whose gradient is taken."""
        return self.nodes[-1]

    def statements(self) -> tuple[str, ...]:
        """Each statement in mathtext: "q = x + y", "f = q \\cdot z", "b = \\max(a, z)"."""
        source = self.program.source.replace("*", r"\cdot").replace("max(", r"\max(")
        return tuple(s.strip().replace("sigmoid(", r"\sigma(") for s in source.split(";"))


@cache
def structure(script: str) -> Structure:
    """Parse a circuit once and read its edges off engine.trace, in reverse topological order."""
    program = parse(script)
    evaluation = program.evaluate(dict.fromkeys(program.inputs, 0.5))
    nodes = tuple(evaluation.bindings)
    tensors = evaluation.bindings
    parents = {name: tuple(p.name for p in tensors[name].parents) for name in nodes}
    ops = {name: tensors[name].op for name in nodes}
    edges = []
    for step in trace.backward_steps(evaluation.output):
        slot = parents[step.node].index(step.parent)
        edges.append(Edge(step.node, step.parent, slot, ops[step.node]))
    paths = {name: tuple(_paths(edges, nodes[-1], name)) for name in program.inputs}
    backward = tuple(t.name for t in reversed(trace.forward_order(evaluation.output)))
    return Structure(program, program.inputs, nodes, parents, ops, tuple(edges), paths, backward)


def _paths(edges: list[Edge], start: str, goal: str) -> list[tuple[int, ...]]:
    """Every path of edge indices from `start` down to `goal`."""
    if start == goal:
        return [()]
    found = []
    for k, edge in enumerate(edges):
        if edge.child == start:
            found += [(k, *rest) for rest in _paths(edges, edge.parent, goal)]
    return found


@dataclass
class CircuitBatch:
    """Every variant's node values, gradients (engine and oracle) and edge factors.

    Arrays are padded with zeros to MAX_NODES / MAX_EDGES, in Structure order.
    """

    values: np.ndarray
    grads: np.ndarray
    oracle: np.ndarray
    upstream: np.ndarray
    local: np.ndarray
    margin: np.ndarray  # smallest gap between the two inputs of a max gate (inf: none)
    squashed: np.ndarray  # largest |input| of a sigmoid (0: none)


def draw_inputs(rng: np.random.Generator, level: int) -> np.ndarray:
    """Input values for one variant: integers at level 1, one decimal above; never zero."""
    largest, decimals = RANGES[level]
    scale = 10**decimals
    magnitude = rng.integers(1, largest * scale + 1, MAX_INPUTS) / scale
    return magnitude * np.where(rng.random(MAX_INPUTS) < 0.5, -1.0, 1.0)


@dataclass(frozen=True)
class Pick:
    """A variant's circuit (its index in CIRCUITS[level]) and the input asked about."""

    template: int
    asked: int = 0


def picks(params: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(template, asked) of every variant, as int arrays."""
    chosen: list[Pick] = params["pick"].tolist()
    return np.array([p.template for p in chosen]), np.array([p.asked for p in chosen])


def solve_batch(level: int, template: np.ndarray, inputs: np.ndarray) -> CircuitBatch:
    """Evaluate every variant, one engine pass per circuit, and check it by central differences."""
    n = len(template)
    batch = CircuitBatch(
        values=np.zeros((n, MAX_NODES)),
        grads=np.zeros((n, MAX_NODES)),
        oracle=np.zeros((n, MAX_NODES)),
        upstream=np.zeros((n, MAX_EDGES)),
        local=np.zeros((n, MAX_EDGES)),
        margin=np.full(n, np.inf),
        squashed=np.zeros(n),
    )
    for index in np.unique(template).tolist():
        rows = np.flatnonzero(template == index)
        s = structure(CIRCUITS[level][index])
        given = {name: inputs[rows, k] for k, name in enumerate(s.inputs)}
        tensors = s.program.evaluate(given).bindings
        width = len(s.nodes)
        for k, name in enumerate(s.nodes):
            batch.values[rows, k] = tensors[name].value
            batch.grads[rows, k] = tensors[name].gradient
        for k, edge in enumerate(s.edges):
            child = tensors[edge.child]
            local = child.local_gradients()[edge.slot]
            batch.upstream[rows, k] = child.gradient
            batch.local[rows, k] = local
            if edge.op == "max":
                a, b = (tensors[p].value for p in s.parents[edge.child])
                batch.margin[rows] = np.minimum(batch.margin[rows], np.abs(a - b))
            elif edge.op == "sigmoid":
                entering = np.abs(tensors[edge.parent].value)
                batch.squashed[rows] = np.maximum(batch.squashed[rows], entering)

        def output(
            nudge: np.ndarray, s: Structure = s, given: Mapping[str, np.ndarray] = given
        ) -> np.ndarray:
            return _numpy_output(s, given, nudge)

        batch.oracle[rows, :width] = central_difference(output, np.zeros((len(rows), width)))
    return batch


def _numpy_output(s: Structure, given: Mapping[str, np.ndarray], nudge: np.ndarray) -> np.ndarray:
    """The circuit's output in plain numpy, with nudge[:, k] added to node k as it is made."""
    env = {name: given[name] + nudge[:, k] for k, name in enumerate(s.inputs)}
    for k, statement in enumerate(s.program.statements, start=len(s.inputs)):
        env[statement.target] = _numpy(statement.value, env) + nudge[:, k]
    return env[s.output]


def _numpy(expr: Expr, env: Mapping[str, np.ndarray]) -> np.ndarray:
    """One expression in plain numpy (the oracle never touches engine ops)."""
    if isinstance(expr, Number):
        return np.asarray(expr.value, dtype=np.float64)
    if isinstance(expr, Name):
        return env[expr.id]
    if isinstance(expr, Negate):
        return -_numpy(expr.operand, env)
    if isinstance(expr, Call):
        args = [_numpy(a, env) for a in expr.args]
        return {
            "max": lambda: np.maximum(*args),
            "min": lambda: np.minimum(*args),
            "sigmoid": lambda: 1.0 / (1.0 + np.exp(-args[0])),
            "tanh": lambda: np.tanh(args[0]),
            "relu": lambda: np.maximum(args[0], 0.0),
            "exp": lambda: np.exp(args[0]),
        }[expr.func]()
    assert isinstance(expr, Binary)
    left, right = _numpy(expr.left, env), _numpy(expr.right, env)
    return {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}[expr.op](left, right)


def oracle_residual(batch: CircuitBatch) -> np.ndarray:
    """Sum over nodes of |engine - central differences|: ~1e-9 when every gradient agrees."""
    return np.abs(batch.grads - batch.oracle).sum(axis=1)


def well_conditioned(level: int, batch: CircuitBatch) -> np.ndarray:
    """No near-tie at a max gate, no saturated sigmoid, no huge values."""
    return (
        (batch.margin >= MAX_MARGIN[level])
        & (batch.squashed <= SIGMOID_LIMIT)
        & (np.abs(batch.values).max(axis=1) < 1e3)
    )


def batch_extra(level: int, batch: CircuitBatch) -> dict[str, np.ndarray]:
    """What a circuit family keeps per variant to write its question and screen it."""
    return {
        "values": batch.values,
        "grads": batch.grads,
        "upstream": batch.upstream,
        "local": batch.local,
        "ok": well_conditioned(level, batch).astype(float),
    }
