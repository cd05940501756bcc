"""dE/dw for an output weight, dE/dw for a hidden weight, and the delta at a unit.

All three are asks on the network kernel: one engine pass per drawn shape, the asked
quantity checked alone by central differences, mistakes as objects (questions.network).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from math import floor, log10

import numpy as np

from engine.activations import ACTIVATIONS as TABLE
from questions.families.base import Row
from questions.families.figures import sum_term
from questions.families.kit.formulas import m
from questions.families.kit.small import SmallNetworkFamily, ask_of, index, view_of
from questions.families.kit.small_steps import forward_steps as forward
from questions.families.kit.small_steps import (
    gradient_steps,
    hidden_delta_steps,
    output_delta_steps,
)
from questions.families.kit.small_text import Mlp, describe, feedback_tags, figure, snum
from questions.model import FamilyKey, Question, Step
from questions.network import mistakes as mk
from questions.network.ask import Ask
from questions.network.kernel import Network
from questions.network.slips import TransposedWeight, WrongInput

ASK = "Backpropagation gives the gradient of the loss with respect to every weight."
SLOPES = (mk.NoOutputSlope(), mk.NoHiddenSlopes(), mk.SlopeAtNet())
SIGNS = (mk.FlippedError(), mk.FactorTwo())


class OutputWeightGradient(SmallNetworkFamily, id="output-weight-gradient", topic="mlp-backprop"):
    """Gradient of an output-layer weight

    dE/dw for a weight into an output unit of a 2-2-1 to 3-3-2 network.
    """

    mistakes: tuple[mk.NetworkMistake, ...] = (
        mk.NoOutputSlope(),
        mk.SlopeAtNet(),
        *SIGNS,
        WrongInput(),
        mk.ForwardValue(),
    )

    def ask(self, u: np.ndarray, level: int, sizes: tuple[int, ...]) -> Ask:
        return Ask("grad_weights", 1, index(u[0], sizes[2]), index(u[1], sizes[1]))

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        net, ask = view_of(row), ask_of(params).as_quantity()
        layer, j, i = ask.layer, ask.unit, ask.source
        w, unit, source = net.weight(layer, j, i), net.unit(layer, j), net.names.units[layer][i]
        delta = (
            rf"$\delta_{{{unit}}} = \partial E / \partial out_{{{unit}}} \cdot f'(net_{{{unit}}})$"
        )
        if layer:
            hints = (
                f"{w} connects {source} to {unit}: "
                f"$\\partial E / \\partial {m(w)} = \\delta_{{{unit}}} \\cdot out_{{{source}}}$.",
                f"{delta}; run the forward pass first.",
            )
        elif net.sizes[2] == 1:  # a single path: the error comes back through one weight
            out, back = net.unit(1, 0), m(net.weight(1, 0, j))
            hints = (
                f"{unit} feeds {out} alone, so its error is one term: "
                f"$\\partial E / \\partial out_{{{unit}}} = \\delta_{{{out}}} {back}$.",
                f"$\\partial E / \\partial {m(w)} = \\delta_{{{unit}}} \\cdot {m(source)}$, "
                f"with {delta}.",
            )
        else:
            hints = (
                f"{unit} feeds every output unit, so its error collects one term per output: "
                f"$\\partial E / \\partial out_{{{unit}}} = \\sum_k \\delta_k w_{{k,{unit}}}$.",
                f"$\\partial E / \\partial {m(w)} = \\delta_{{{unit}}} \\cdot {m(source)}$, "
                f"with {delta}.",
            )
        prompt = f"{describe(net)} {ASK} What is $\\partial E / \\partial {m(w)}$?"
        steps = self.solution(net, layer, j, i, row.answer)
        return self.numeric_question(
            key, row, prompt, hints, steps, figure(net, True), feedback_tags(net, layer)
        )

    def solution(self, net: Mlp, layer: int, j: int, i: int, answer: float) -> tuple[Step, ...]:
        """The worked steps: the forward pass, the deltas on the way back, dE/dw."""
        return tuple(gradient_steps(net, layer, j, i, answer))


class HiddenWeightGradient(
    OutputWeightGradient, id="hidden-weight-gradient", topic="mlp-backprop", stage=2
):
    """Gradient of a hidden-layer weight

    dE/dw for a weight into a hidden unit: along one path, then summing over its fan-out.
    """

    mistakes = (*SLOPES, *SIGNS, mk.OnePath(), TransposedWeight(), WrongInput(), mk.ForwardValue())

    def outputs_at(self, level: int) -> tuple[int, ...]:
        """One output for the single path of level 1; above it a hidden unit feeds two, so
        its error is a sum."""
        return (1,) if level == 1 else (2,)

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        """Level 1 is one path, one unit per layer (a 1-1-1 network: the first input, hidden
        and output unit of a level-1 2-2-1 drawing); levels 2 and 3 are drawn as ever."""
        drawn = super().draw(rng, level)
        if level > 1:
            return drawn
        network, ask = drawn["network"], drawn["ask"]
        assert isinstance(network, Network) and isinstance(ask, Ask)
        return {"network": single_path(network), "ask": replace(ask, unit=0, source=0)}

    def solution(self, net: Mlp, layer: int, j: int, i: int, answer: float) -> tuple[Step, ...]:
        """The steps, each slope's out shown with the figures its slope needs; along a single
        path the error is sent back through one weight, with no sum to do."""
        steps = []
        for step in gradient_steps(net, layer, j, i, answer):
            kind, _, unit = step.id.partition(":")
            if kind == "slope":
                step = _enough_figures(net, step, unit)
            elif kind == "fanout" and net.sizes[2] == 1:
                step = replace(step, title=f"Error sent back to {unit}")
            steps.append(step)
        return tuple(steps)

    def ask(self, u: np.ndarray, level: int, sizes: tuple[int, ...]) -> Ask:
        return Ask("grad_weights", 0, index(u[0], sizes[1]), index(u[1], sizes[0]))


def _enough_figures(net: Mlp, step: Step, unit: str) -> Step:
    """A unit's slope step with its out shown to the figures the slope needs: 1 - out² and
    out(1 - out) cancel as out nears 1, so four figures of out may not give the slope's."""
    layer = 1 if unit in net.names.units[2] else 0
    key, j = "oh"[layer == 0], net.names.units[layer + 1].index(unit)
    out, slope = net.v[f"{key}_out"][j], net.v[f"slope_{key}"][j]
    rule = TABLE[net.act(layer)].slope_numbers
    if rule is None or not (slope and out) or floor(log10(abs(out))) <= floor(log10(abs(slope))):
        return step  # four figures of out give the slope's (figures.sum_term adds none)
    net_value = snum(net.v[f"{key}_net"][j])
    return replace(step, substituted=rule.format(out=sum_term(out, slope), net=net_value))


def single_path(network: Network) -> Network:
    """The network cut to its first input, hidden and output unit: one path through it."""
    numbers = {name: np.asarray(value) for name, value in network.numbers.items()}
    cut = {name: value[:1] if value.ndim == 1 else value[:1, :1] for name, value in numbers.items()}
    return Network(replace(network.shape, sizes=(1, 1, 1)), cut, network.rate)


class UnitDelta(SmallNetworkFamily, id="unit-delta", topic="mlp-backprop", stage=3):
    """The delta at a unit

    dE/dnet at an output unit, then at a hidden unit feeding two outputs.
    """

    mistakes = (*SLOPES, *SIGNS, mk.OnePath(), TransposedWeight(), mk.ForwardValue())

    def outputs_at(self, level: int) -> tuple[int, ...]:
        return self.outputs if level == 1 else (2,)

    def ask(self, u: np.ndarray, level: int, sizes: tuple[int, ...]) -> Ask:
        layer = 1 if level == 1 else 0
        return Ask("delta", layer, index(u[1], sizes[layer + 1]))

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        net, ask = view_of(row), ask_of(params).as_quantity()
        unit = net.unit(ask.layer, ask.unit)
        if ask.layer:
            steps = [*forward(net, (ask.unit,)), *output_delta_steps(net, ask.unit)]
            hints = (
                f"$\\delta_{{{unit}}} = \\partial E / \\partial out_{{{unit}}} \\cdot "
                f"f'(net_{{{unit}}})$.",
                f"Differentiate the loss with respect to $out_{{{unit}}}$ first.",
            )
        else:
            steps = [*forward(net, tuple(range(net.sizes[2]))), *hidden_delta_steps(net, ask.unit)]
            hints = (
                f"Find the delta of every output unit first; {unit} feeds each of them.",
                f"$\\delta_{{{unit}}} = f'(net_{{{unit}}}) \\sum_k \\delta_k w_{{k,{unit}}}$.",
            )
        prompt = (
            f"{describe(net)} Backpropagation passes the error back unit by unit. What is the "
            f"delta $\\delta_{{{unit}}} = \\partial E / \\partial net_{{{unit}}}$?"
        )
        return self.numeric_question(
            key, row, prompt, hints, tuple(steps), figure(net, True), feedback_tags(net, ask.layer)
        )


FAMILIES = (OutputWeightGradient(), HiddenWeightGradient(), UnitDelta())
