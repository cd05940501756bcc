"""Diagram payloads the GUI draws: networks by layer, computational graphs by depth."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from engine.nn import UnitNames
from questions.diagram import Diagram, DiagramEdge, DiagramNode
from questions.formatting import given


def neuron_diagram(
    x: Sequence[float] | np.ndarray,
    w: Sequence[float] | np.ndarray,
    b: float,
    net: float,
    out: float,
    activation: str,
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


@lru_cache(8192)  # bounded: the Workbench draws networks with any values typed
def _edge(source: str, target: str, name: str, value: float) -> DiagramEdge:
    """An edge labelled "w5 = 0.4"; weights repeat (two decimals), so each is made once."""
    return DiagramEdge(source, target, f"{name} = {given(value)}")


@lru_cache(8192)
def _fixed_node(id: str, label: str, layer: int, value: float) -> DiagramNode:
    """An input or bias node: its value is a given number, so it repeats across variants."""
    return DiagramNode(id, label, layer, value)


def network_diagram(
    names: UnitNames,
    inputs: Sequence[float],
    weights: Sequence[np.ndarray | Sequence[Sequence[float]]],
    biases: Sequence[Sequence[float]],
    activations: Sequence[str],
    outs: Sequence[Sequence[float]] | None = None,
    deltas: Sequence[Sequence[float]] | None = None,
    solved: Sequence[Sequence[float]] | None = None,
) -> Diagram:
    """A dense network by layer: value = out, grad = delta (each optional, to keep answers
    back; `solved` deltas are drawn only once the worked solution is shown), edges labelled
    with the weight's name and value ("w5 = 0.4"); each layer's biases come from
    a node "+1" in the layer below, labelled "b_h1 = 0.35".

    weights[l][j][i] is the weight from unit i of layer l (inputs are layer 0) to unit j of
    layer l + 1; names are engine.nn.unit_names for the same sizes.
    """
    nodes = [
        _fixed_node(name, name, 0, float(v)) for name, v in zip(names.units[0], inputs, strict=True)
    ]
    edges: list[DiagramEdge] = []
    for layer, (w, b, act) in enumerate(zip(weights, biases, activations, strict=True)):
        below, here = names.units[layer], names.units[layer + 1]
        layer_weights, layer_biases = names.weights[layer], names.biases[layer]
        bias = f"+1@{layer}"
        nodes.append(_fixed_node(bias, "+1", layer, 1.0))
        for j, unit in enumerate(here):
            value = None if outs is None else float(outs[layer][j])
            grad = None if deltas is None else float(deltas[layer][j])
            later = None if solved is None else float(solved[layer][j])
            nodes.append(DiagramNode(unit, unit, layer + 1, value, grad, act, later))
            row, weight_names = w[j], layer_weights[j]
            edges.extend(
                _edge(source, unit, weight_names[i], float(row[i]))
                for i, source in enumerate(below)
            )
            edges.append(_edge(bias, unit, layer_biases[j], float(b[j])))
    return Diagram("network", tuple(nodes), tuple(edges))
