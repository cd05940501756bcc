"""Diagram payloads the GUI draws: networks by layer, computational graphs by depth."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from engine.nn import UnitNames
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


_given = cache(given)  # network weights repeat (two decimals): format each once


def network_diagram(
    names: UnitNames,
    inputs: Sequence[float],
    weights: Sequence[np.ndarray],
    biases: Sequence[Sequence[float]],
    activations: Sequence[str],
    outs: Sequence[Sequence[float]] | None = None,
    deltas: Sequence[Sequence[float]] | None = None,
) -> Diagram:
    """A dense network by layer: value = out, grad = delta (each optional, to keep answers
    back), edges labelled with the weight's name and value ("w5 = 0.4"); each layer's biases
    come from a node "+1" in the layer below, labelled "b_h1 = 0.35".

    weights[l][j][i] is the weight from unit i of layer l (inputs are layer 0) to unit j of
    layer l + 1; names are engine.nn.unit_names for the same sizes.
    """
    nodes = [
        DiagramNode(name, name, 0, float(v)) for name, v in zip(names.units[0], inputs, strict=True)
    ]
    edges: list[DiagramEdge] = []
    for layer, (w, b, act) in enumerate(zip(weights, biases, activations, strict=True)):
        below, here = names.units[layer], names.units[layer + 1]
        bias = f"+1@{layer}"
        nodes.append(DiagramNode(bias, "+1", layer, 1.0))
        for j, unit in enumerate(here):
            value = None if outs is None else float(outs[layer][j])
            grad = None if deltas is None else float(deltas[layer][j])
            nodes.append(DiagramNode(unit, unit, layer + 1, value, grad, op=act))
            for i, source in enumerate(below):
                label = f"{names.weights[layer][j][i]} = {_given(float(w[j][i]))}"
                edges.append(DiagramEdge(source, unit, label))
            edges.append(
                DiagramEdge(bias, unit, f"{names.biases[layer][j]} = {_given(float(b[j]))}")
            )
    return Diagram("network", tuple(nodes), tuple(edges))
