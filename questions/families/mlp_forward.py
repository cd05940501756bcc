"""A forward-pass value, net or out of one unit of a small MLP (the warm-up)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.activations import ACTIVATIONS
from questions.families.base import Row
from questions.families.kit.small import SmallNetworkFamily, ask_of, index, view_of
from questions.families.kit.small_steps import forward_step
from questions.families.kit.small_text import describe, figure
from questions.model import FamilyKey, Question
from questions.network.ask import Ask
from questions.network.slips import NetNotOut, TransposedWeight, WrongInput


class ForwardValue(SmallNetworkFamily, id="forward-value", topic="forward-backward"):
    """A value from the forward pass

    net or out of a hidden unit, then of an output unit (2-2-1 to 3-3-2).
    """

    smallest = 0.01
    mistakes = (WrongInput(), TransposedWeight(), NetNotOut())

    def ask(self, u: np.ndarray, level: int, sizes: tuple[int, ...]) -> Ask:
        layer = 0 if level == 1 else 1
        asked = "out" if level == 3 or u[2] < 0.5 else "net"
        return Ask(asked, layer, index(u[1], sizes[layer + 1]))

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        net, ask = view_of(row), ask_of(params).as_quantity()
        layer, out = ask.layer, ask.name == "out"
        unit, f = net.unit(layer, ask.unit), ACTIVATIONS[net.act(layer)].math
        below = "an input" if layer == 0 else "a hidden unit's out"
        sum_hint = (
            f"$net_{{{unit}}}$ is the sum of (weight × {below}) over the connections into "
            f"{unit}, plus the bias $b_{{{unit}}}$"
            + (f"; then $out_{{{unit}}} = {f}(net_{{{unit}}})$." if out else ".")
        )
        first = "Compute out of every hidden unit first: the output units read them."
        hints = (first, sum_hint) if layer else (sum_hint,)
        steps = [forward_step(net, 0, k) for k in range(net.sizes[1])] if layer else []
        steps.append(forward_step(net, layer, ask.unit, net_only=not out))
        prompt = (
            f"{describe(net, with_loss=False)} The forward pass computes every unit's net "
            f"input and output in order, from the inputs up. What is ${ask.name}_{{{unit}}}$?"
        )
        return self.numeric_question(
            key, row, prompt, hints, tuple(steps), figure(net, show_values=False), ("forward",)
        )


FAMILIES = (ForwardValue(),)
