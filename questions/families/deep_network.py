"""dE/dw for a weight of the first layer of a network with three hidden layers."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from questions.families import network_text as text
from questions.families.base import Family, Params, Row, Solved, record
from questions.model import FamilyKey, Question
from questions.network import mistakes as mk
from questions.network.ask import Ask
from questions.network.kernel import Shape, draw, solve, variant_of

SHAPES = {
    1: Shape((1, 2, 2, 2, 1), ("tanh", "tanh", "tanh", "identity")),
    2: Shape((2, 2, 2, 2, 1), ("tanh", "relu", "tanh", "identity")),
    3: Shape((2, 3, 2, 2, 2), ("leaky_relu", "tanh", "relu", "identity"), "mse"),
}
HINT = (
    r"Each unit's $\delta$ is $f'(net)$ times the sum of $w \cdot \delta$ over the units it "
    r"feeds; $\partial E / \partial w = \delta \cdot$ the value entering $w$."
)
MISTAKES = (mk.NoSlope(), mk.NoHiddenSlopes(), mk.SlopeAtNet(), mk.OnePath(), mk.FlippedError())


class DeepNetworkGradient(Family, id="deep-network-gradient", topic="mlp-backprop", stage=5):
    """Gradient of a weight deep in a network

    dE/dw for a first-layer weight of a network with three hidden layers.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        sizes = SHAPES[level].sizes
        ask = Ask("grad_weights", 0, int(rng.integers(sizes[1])), int(rng.integers(sizes[0])))
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
