"""Family 7: a forward-pass value, net or out of one unit of a small MLP (the warm-up)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine.activations import ACTIVATIONS
from questions.families.base import FamilyInfo, Params, Row
from questions.families.mlp_common import Pass, oracle_forward
from questions.families.mlp_family import Answer, NetworkFamily, asked_ints, index
from questions.families.mlp_mistakes import NET_NOT_OUT, forward_mistakes
from questions.families.mlp_steps import describe, figure, forward_step, view
from questions.model import FamilyKey, Kind, Question


def _pick(
    values: Mapping[str, np.ndarray], layer: np.ndarray, j: np.ndarray, what: np.ndarray
) -> np.ndarray:
    """net (what 0) or out (what 1) of each variant's unit, from padded arrays."""
    rows, jo = np.arange(len(layer)), np.minimum(j, 1)
    hidden = np.where(what == 0, values["h_net"][rows, j], values["h_out"][rows, j])
    output = np.where(what == 0, values["o_net"][rows, jo], values["o_out"][rows, jo])
    return np.where(layer == 0, hidden, output)


class ForwardValue(NetworkFamily):
    """net or out of a hidden unit (level 1), an output unit (2), either (3)."""

    info = FamilyInfo(
        number=7,
        id="forward-value",
        title="A value from the forward pass",
        topic="forward-backward",
        kind=Kind.NUMERIC,
        description="net or out of one unit of a 2-2-1 to 3-3-2 network.",
    )
    smallest = 0.01
    mistake_ids = ("wrong-input", "transposed-weight", NET_NOT_OUT)

    def ask(self, u: np.ndarray, level: int, n: Mapping) -> dict[str, float]:
        layer = {1: 0, 2: 1}.get(level, int(u[0] < 0.5))
        return {
            "layer": float(layer),
            "j": index(u[1], n["n_out"] if layer else n["n_hid"]),
            "what": float(u[2] < 0.5),
        }

    def answer(self, params: Params, run: Pass, level: int) -> Answer:
        layer, j, what = asked_ints(params, "layer", "j", "what")
        answer = _pick(vars(run), layer, j, what)
        check = _pick(oracle_forward(params), layer, j, what)  # numpy, no engine
        return answer, check, forward_mistakes(params, run, layer, j, what, self.mistake_ids)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        net = view(params, row.extra)
        layer, j, what = (int(params[k]) for k in ("layer", "j", "what"))
        unit, act = net.unit(layer, j), net.act(layer)
        asked = f"{'out' if what else 'net'}_{{{unit}}}"
        below = "an input" if layer == 0 else "a hidden unit's out"
        f = ACTIVATIONS[act].math
        sum_hint = (
            f"$net_{{{unit}}}$ is the sum of (weight × {below}) over the connections into "
            f"{unit}, plus the bias $b_{{{unit}}}$"
            + (f"; then $out_{{{unit}}} = {f}(net_{{{unit}}})$." if what else ".")
        )
        first = "Compute out of every hidden unit first: the output units read them."
        hints = (first, sum_hint) if layer else (sum_hint,)
        steps = [forward_step(net, 0, k) for k in range(net.sizes[1])] if layer else []
        steps.append(forward_step(net, layer, j, net_only=not what))
        prompt = (
            f"{describe(net, with_loss=False)} The forward pass computes every unit's net "
            f"input and output in order, from the inputs up. What is ${asked}$?"
        )
        return self.numeric_question(
            key, row, prompt, hints, tuple(steps), figure(net, show_values=False)
        )


FAMILIES = (ForwardValue(),)
