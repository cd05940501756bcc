"""What the GUI draws beside a question: a network by layer or a computational graph, with
its values, written by the families and read by the diagram view."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, init=False)
class DiagramNode:
    """A unit of a network or a node of a computational graph, placed by layer."""

    id: str
    label: str
    layer: int
    value: float | None = None
    grad: float | None = None
    op: str = ""  # for graph nodes: "+", "*", "max", "sigmoid", ...; empty for inputs
    solved_grad: float | None = None  # a hidden gradient, drawn once the solution is shown

    def __init__(
        self,
        id: str,
        label: str,
        layer: int,
        value: float | None = None,
        grad: float | None = None,
        op: str = "",
        solved_grad: float | None = None,
    ) -> None:
        # Filled in one update as Step is: every question's diagram makes a node per unit.
        self.__dict__.update(
            id=id, label=label, layer=layer, value=value, grad=grad, op=op, solved_grad=solved_grad
        )


@dataclass(frozen=True)
class DiagramEdge:
    """A connection; `label` is e.g. "w5 = 0.40" for a network weight."""

    source: str
    target: str
    label: str = ""


@dataclass(frozen=True)
class Diagram:
    """What the GUI draws next to a question: a network or a computational graph with values."""

    kind: str  # "network" | "graph"
    nodes: tuple[DiagramNode, ...]
    edges: tuple[DiagramEdge, ...]
