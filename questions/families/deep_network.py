"""dE/dw for a weight of a network with three hidden layers, deeper as the level rises."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from questions.families import network_text as text
from questions.families.base import Family, Params, Row, Solved, record
from questions.model import FamilyKey, Question
from questions.network import mistakes as mk
from questions.network.ask import Ask
from questions.network.kernel import Shape, draw, solve, variant_of
from questions.network.slips import WrongInput

SHAPES = {
    1: Shape((1, 2, 2, 2, 1), ("tanh", "tanh", "tanh", "identity")),
    2: Shape((2, 2, 2, 2, 1), ("tanh", "relu", "tanh", "identity")),
    3: Shape((2, 3, 2, 2, 2), ("leaky_relu", "tanh", "relu", "identity"), "mse"),
}
LAYER = {1: 3, 2: 2, 3: 0}
"""The asked weight's layer: one unit (into the output), a path through a layer, the network."""
HINT = (
    r"Each unit's $\delta$ is $f'(net)$ times the sum of $w \cdot \delta$ over the units it "
    r"feeds; $\partial E / \partial w = \delta \cdot$ the value entering $w$."
)
MISTAKES: tuple[mk.NetworkMistake, ...] = (mk.NoSlope(), mk.NoHiddenSlopes(), mk.SlopeAtNet())
MISTAKES += (mk.OnePath(), mk.FlippedError(), mk.FactorTwo(), WrongInput(), mk.ForwardValue())


class DeepNetworkGradient(Family, id="deep-network-gradient", topic="mlp-backprop", stage=5):
    """Gradient of a weight deep in a network

    dE/dw in a network with three hidden layers: into the output, the last, the first layer.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        sizes, layer = SHAPES[level].sizes, LAYER[level]
        j, i = int(rng.integers(sizes[layer + 1])), int(rng.integers(sizes[layer]))
        ask = Ask("grad_weights", layer, j, i)
        return {**draw(rng, SHAPES[level]), "ask": ask}

    def solve(self, params: Params, level: int) -> Solved:
        return solve(params, SHAPES[level], params["ask"].tolist(), MISTAKES)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        run, v = variant_of(row).run, variant_of(row).index
        ask = record(params, "ask", Ask).as_quantity()
        prompt = f"{text.describe(run, v)} {text.ask_text(ask, text.names_of(run), 0.5)}"
        hints = ("Run the forward pass through every layer, then pass the error back.", HINT)
        steps = tuple(text.solution(run, v, ask, row.answer))
        tags = (f"loss:{run.loss_name}", f"activation:{run.activations[0]}")
        diagram = text.generic_diagram(run, v)
        return self.numeric_question(key, row, prompt, hints, steps, diagram, tags)


FAMILIES = (DeepNetworkGradient(),)
