"""Computational-graph diagrams: one node per value, placed by depth, edges from input to gate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from questions.diagram import Diagram, DiagramEdge, DiagramNode

OP_LABELS = {"+": "+", "-": "-", "*": "×", "/": "/", "max": "max", "sigmoid": "σ"}
"""How a gate's op is shown; anything else is shown by its engine name."""


@dataclass(frozen=True)
class Layout:
    """What a graph's diagram shows apart from its numbers: names, depths, ops and edges."""

    nodes: tuple[str, ...]
    layers: tuple[int, ...]
    ops: tuple[str, ...]
    edges: tuple[DiagramEdge, ...]

    def diagram(
        self,
        values: Sequence[float],
        grads: Sequence[float] | None = None,
        solved: Sequence[float] | None = None,
    ) -> Diagram:
        """The diagram with these values (and gradients, when they may be shown), node order;
        `solved` gradients stay hidden until the worked solution is shown."""
        counts = {len(values)} | {len(g) for g in (grads, solved) if g is not None}
        if counts != {len(self.nodes)}:
            raise ValueError(f"{len(self.nodes)} nodes need as many values (and gradients)")
        drawn = tuple(
            DiagramNode(
                name,
                name,
                layer,
                float(values[k]),
                None if grads is None else float(grads[k]),
                op,
                None if solved is None else float(solved[k]),
            )
            for k, (name, layer, op) in enumerate(
                zip(self.nodes, self.layers, self.ops, strict=True)
            )
        )
        return Diagram("graph", drawn, self.edges)


def layout(
    nodes: Sequence[str], parents: Mapping[str, Sequence[str]], ops: Mapping[str, str]
) -> Layout:
    """Place `nodes` (topological order) at 1 + the depth of their deepest input; inputs at 0."""
    depth: dict[str, int] = {}
    for name in nodes:
        inputs = parents.get(name, ())
        unknown = [p for p in inputs if p not in depth]
        if unknown:
            raise ValueError(f"node {name!r} comes before its inputs {unknown}")
        depth[name] = 1 + max((depth[p] for p in inputs), default=-1)
    shown = tuple(
        OP_LABELS.get(ops.get(n, ""), ops.get(n, "")) if parents.get(n) else "" for n in nodes
    )
    edges = tuple(DiagramEdge(p, name) for name in nodes for p in parents.get(name, ()))
    return Layout(tuple(nodes), tuple(depth[n] for n in nodes), shown, edges)


def graph_diagram(
    nodes: Sequence[str],
    parents: Mapping[str, Sequence[str]],
    ops: Mapping[str, str],
    values: Sequence[float],
    grads: Sequence[float] | None = None,
) -> Diagram:
    """A graph diagram in one call: layout(nodes, parents, ops).diagram(values, grads)."""
    return layout(nodes, parents, ops).diagram(values, grads)
