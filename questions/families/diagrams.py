"""Diagram payloads the GUI draws: networks by layer, computational graphs by depth."""

from __future__ import annotations

from collections.abc import Sequence

from questions.formatting import given
from questions.model import Diagram, DiagramEdge, DiagramNode


def neuron_diagram(
    x: Sequence[float], w: Sequence[float], b: float, net: float, out: float, activation: str
) -> Diagram:
    """Inputs feeding one unit, weights on the edges, the unit showing net and out."""
    nodes = [DiagramNode(f"x{i + 1}", f"x{i + 1}", 0, float(v)) for i, v in enumerate(x)]
    nodes.append(DiagramNode("b", "b", 0, float(b)))
    nodes.append(
        DiagramNode("unit", f"{activation}\nnet={given(net)}", 1, float(out), op=activation)
    )
    edges = [
        DiagramEdge(f"x{i + 1}", "unit", f"w{i + 1} = {given(float(v))}") for i, v in enumerate(w)
    ]
    edges.append(DiagramEdge("b", "unit", ""))
    return Diagram("network", tuple(nodes), tuple(edges))
