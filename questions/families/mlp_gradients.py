"""Families 4, 5, 6: dE/dw for an output weight, dE/dw for a hidden weight, the delta at a unit.

All three read one batched engine pass (engine.nn) and check the asked quantity alone by
central differences on a plain numpy forward pass; mistakes come from mlp_mistakes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from questions.families.base import FamilyInfo, Params, Row
from questions.families.mlp_common import Pass, oracle_delta, oracle_weight_gradient
from questions.families.mlp_family import Answer, NetworkFamily, asked_ints, index
from questions.families.mlp_formulas import m
from questions.families.mlp_mistakes import delta_mistakes, gradient_mistakes
from questions.families.mlp_steps import (
    describe,
    figure,
    forward_steps,
    gradient_steps,
    hidden_delta_steps,
    output_delta_steps,
    view,
)
from questions.model import FamilyKey, Kind, Question

ASK = "Backpropagation gives the gradient of the loss with respect to every weight."


def weight_gradient(
    params: Params, run: Pass, layer: np.ndarray, j: np.ndarray, i: np.ndarray
) -> np.ndarray:
    """The engine's dE/dw for each variant's weight (layer 0: w1[j, i], 1: w2[j, i])."""
    rows = np.arange(len(layer))
    return np.where(layer == 0, run.grad_w1[rows, j, i], run.grad_w2[rows, np.minimum(j, 1), i])


class OutputWeightGradient(NetworkFamily):
    """dE/dw for a weight into an output unit: delta of the output times the hidden out."""

    info = FamilyInfo(
        number=4,
        id="output-weight-gradient",
        title="Gradient of an output-layer weight",
        topic="mlp-backprop",
        kind=Kind.NUMERIC,
        description="dE/dw for a weight into an output unit of a 2-2-1 to 3-3-2 network.",
    )
    mistake_ids: tuple[str, ...] = (
        "no-activation-derivative",
        "derivative-at-net",
        "error-sign",
        "factor-two",
        "wrong-input",
        "forward-not-gradient",
    )

    def ask(self, u: np.ndarray, level: int, n: Mapping) -> dict[str, float]:
        return {"layer": 1.0, "j": index(u[0], n["n_out"]), "i": index(u[1], n["n_hid"])}

    def answer(self, params: Params, run: Pass, level: int) -> Answer:
        layer, j, i = asked_ints(params, "layer", "j", "i")
        answer = weight_gradient(params, run, layer, j, i)
        check = oracle_weight_gradient(params, layer, j, i)
        return answer, check, gradient_mistakes(params, run, layer, j, i, self.mistake_ids)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        net = view(params, row.extra)
        layer, j, i = (int(params[k]) for k in ("layer", "j", "i"))
        w, unit = net.weight(layer, j, i), net.unit(layer, j)
        source = net.names.units[layer][i]
        steps = gradient_steps(net, layer, j, i, row.answer)
        if layer:
            hints = (
                f"{w} connects {source} to {unit}: "
                f"$\\partial E / \\partial {m(w)} = \\delta_{{{unit}}} \\cdot out_{{{source}}}$.",
                f"$\\delta_{{{unit}}} = \\partial E / \\partial out_{{{unit}}} \\cdot "
                f"f'(net_{{{unit}}})$; run the forward pass first.",
            )
        else:
            hints = (
                f"{unit} feeds every output unit, so its error collects one term per output: "
                f"$\\partial E / \\partial out_{{{unit}}} = \\sum_k \\delta_k w_{{k,{unit}}}$.",
                f"$\\partial E / \\partial {m(w)} = \\delta_{{{unit}}} \\cdot {m(source)}$, "
                f"with $\\delta_{{{unit}}} = \\partial E / \\partial out_{{{unit}}} \\cdot "
                f"f'(net_{{{unit}}})$.",
            )
        prompt = f"{describe(net)} {ASK} What is $\\partial E / \\partial {m(w)}$?"
        return self.numeric_question(
            key, row, prompt, hints, tuple(steps), figure(net, show_values=True)
        )


class HiddenWeightGradient(OutputWeightGradient):
    """dE/dw for a weight into a hidden unit: the error summed over the unit's fan-out."""

    info = FamilyInfo(
        number=5,
        id="hidden-weight-gradient",
        title="Gradient of a hidden-layer weight",
        topic="mlp-backprop",
        kind=Kind.NUMERIC,
        description="dE/dw for a weight into a hidden unit, summing over its fan-out.",
    )
    outputs = (2,)  # a hidden unit feeding two outputs, so there is a sum
    mistake_ids = (
        "no-activation-derivative",
        "no-hidden-activation-derivative",
        "derivative-at-net",
        "error-sign",
        "factor-two",
        "no-fanout-sum",
        "transposed-weight",
        "wrong-input",
        "forward-not-gradient",
    )

    def ask(self, u: np.ndarray, level: int, n: Mapping) -> dict[str, float]:
        return {"layer": 0.0, "j": index(u[0], n["n_hid"]), "i": index(u[1], n["n_in"])}


class UnitDelta(NetworkFamily):
    """delta = dE/dnet at an output unit (level 1), a hidden unit (2), either (3)."""

    info = FamilyInfo(
        number=6,
        id="unit-delta",
        title="The delta at a unit",
        topic="mlp-backprop",
        kind=Kind.NUMERIC,
        description="dE/dnet at an output or hidden unit of a small network.",
    )

    mistake_ids = (
        "no-activation-derivative",
        "no-hidden-activation-derivative",
        "derivative-at-net",
        "error-sign",
        "factor-two",
        "no-fanout-sum",
        "transposed-weight",
        "forward-not-gradient",
    )

    def ask(self, u: np.ndarray, level: int, n: Mapping) -> dict[str, float]:
        layer = {1: 1, 2: 0}.get(level, int(u[0] < 0.5))
        return {"layer": float(layer), "j": index(u[1], n["n_out"] if layer else n["n_hid"])}

    def answer(self, params: Params, run: Pass, level: int) -> Answer:
        layer, j = asked_ints(params, "layer", "j")
        rows = np.arange(len(layer))
        answer = np.where(layer == 0, run.delta_h[rows, j], run.delta_o[rows, np.minimum(j, 1)])
        check = oracle_delta(params, layer, j)
        return answer, check, delta_mistakes(params, run, layer, j, self.mistake_ids)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        net = view(params, row.extra)
        layer, j = int(params["layer"]), int(params["j"])
        unit = net.unit(layer, j)
        if layer:
            steps = [*forward_steps(net, (j,)), *output_delta_steps(net, j)]
            hints = (
                f"$\\delta_{{{unit}}} = \\partial E / \\partial out_{{{unit}}} \\cdot "
                f"f'(net_{{{unit}}})$.",
                f"Differentiate the loss with respect to $out_{{{unit}}}$ first.",
            )
        else:
            steps = [*forward_steps(net, tuple(range(net.sizes[2]))), *hidden_delta_steps(net, j)]
            hints = (
                f"Find the delta of every output unit first; {unit} feeds each of them.",
                f"$\\delta_{{{unit}}} = f'(net_{{{unit}}}) \\sum_k \\delta_k w_{{k,{unit}}}$.",
            )
        prompt = (
            f"{describe(net)} Backpropagation passes the error back unit by unit. What is the "
            f"delta $\\delta_{{{unit}}} = \\partial E / \\partial net_{{{unit}}}$?"
        )
        return self.numeric_question(
            key, row, prompt, hints, tuple(steps), figure(net, show_values=True)
        )


FAMILIES = (OutputWeightGradient(), HiddenWeightGradient(), UnitDelta())
