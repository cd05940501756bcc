"""One sigmoid, tanh or ReLU neuron; the gradient of its output w.r.t. w, b or x (level 1), then
through a second unit (levels 2 and 3, questions.families.neuron_chain)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from engine import Tensor, ops, variable
from engine.activations import ACTIVATIONS as TABLE
from engine.gradcheck import central_difference
from questions.families import neuron_chain, neuron_chain_text
from questions.families.base import Family, Params, Row, Solved, record
from questions.families.diagrams import neuron_diagram
from questions.formatting import given, signed
from questions.model import FamilyKey, Question, Step
from questions.numbers import format_number

ACTIVATIONS = ("sigmoid", "tanh", "relu")
OUT_FIGURES = 5
"""out is shown to 5 figures: 1 - out² cancels when out is near 1, and must still reproduce."""
TARGETS = ("w", "b", "x")


@dataclass(frozen=True)
class Asked:
    """A variant's neuron and question: its activation, d out / d which w, b or x."""

    activation: str  # a name in engine.activations.ACTIVATIONS
    target: str  # "w", "b" or "x"
    which: int  # the index of the weight or input asked
    used: int  # how many inputs the neuron has


def _columns(params: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(activation, target, which, used) of every variant, as arrays."""
    asked: list[Asked] = params["asked"].tolist()
    return (
        np.array([a.activation for a in asked]),
        np.array([a.target for a in asked]),
        np.array([a.which for a in asked]),
        np.array([a.used for a in asked]),
    )


def _each(act: np.ndarray, values: dict[str, np.ndarray]) -> np.ndarray:
    """values[name] for each variant's activation name."""
    return np.select([act == name for name in values], list(values.values()))


def _activate(act: np.ndarray, net: Tensor) -> Tensor:
    """Apply each variant's activation in one batched pass (its descriptor's op, masked)."""
    sigmoid, tanh, relu = (ops.mul(act == n, TABLE[n].op(net)) for n in ACTIVATIONS)
    return ops.add(ops.add(sigmoid, tanh), relu)


def _forward(w: np.ndarray, x: np.ndarray, b: np.ndarray, act: np.ndarray) -> np.ndarray:
    """The neuron's output for every variant, plain numpy: the oracle's function."""
    net = (w * x).sum(axis=1) + b
    return _each(act, {name: TABLE[name].function(net) for name in ACTIVATIONS})


class SingleNeuron(Family, id="neuron-gradient", topic="activations"):
    """Gradient through a single neuron

    d out / d w for one sigmoid unit; then through a second unit it feeds (sigmoid, tanh or
    ReLU), along one path and along two.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        if level > 1:  # a path through a second unit (2), or two paths into it (3)
            return neuron_chain.draw(rng, level)
        inputs = 3  # unused inputs are zero-weighted and hidden from the prompt
        used = 1 if level == 1 else 2 if level == 2 else 3
        kind = 0 if level == 1 else rng.integers(0, 2 if level == 2 else 3)
        mask = np.arange(inputs) < used
        w = np.round(rng.uniform(-1, 1, inputs), 2) * mask
        x = np.round(rng.uniform(-2, 2, inputs), 1) * mask
        # target: 0 = weight, 1 = bias, 2 = input; which index of weight or input
        target = 0 if level == 1 else rng.integers(0, 2 if level == 2 else 3)
        b = round(rng.uniform(-0.5, 0.5), 2)
        asked = Asked(ACTIVATIONS[kind], TARGETS[target], int(rng.integers(0, used)), used)
        return {"w": w, "x": x, "b": b, "asked": asked}

    def solve(self, params: Params, level: int) -> Solved:
        if "v" in params:
            return neuron_chain.solve(params)
        w, x, b = variable(params["w"]), variable(params["x"]), variable(params["b"])
        act, target, which, used = _columns(params)
        net = ops.add(ops.sum_(ops.mul(w, x)), b)
        out = _activate(act, net)
        out.backward()
        rows = np.arange(len(act))
        answer = np.select(
            [target == "w", target == "b"],
            [w.gradient[rows, which], b.gradient],
            x.gradient[rows, which],
        )
        # Independent oracle: central differences on plain numpy, for the asked quantity.
        check = np.empty_like(answer)
        for name in TARGETS:
            pick = target == name
            if not pick.any():
                continue
            sub = {k: params[k][pick] for k in ("w", "x", "b")}

            def forward(
                value: np.ndarray, sub: Params = sub, name: str = name, act: np.ndarray = act[pick]
            ) -> np.ndarray:
                leaves = {**sub, name: value}
                return _forward(leaves["w"], leaves["x"], leaves["b"], act)

            grad = central_difference(forward, sub[name])
            check[pick] = grad if name == "b" else grad[np.arange(pick.sum()), which[pick]]
        o, n = out.value, net.value
        slope = _each(act, {name: TABLE[name].derivative(n, o) for name in ACTIVATIONS})
        slope_at_net = _each(act, {name: TABLE[name].derivative(n, n) for name in ACTIVATIONS})
        # What the asked quantity multiplies in net: x_k for w_k, 1 for b, w_k for x_k; and
        # the same factor of the neighbouring input, for the "wrong input" mistake.
        neighbour = (which + 1) % used
        factor = {"w": params["x"], "x": params["w"]}
        through = np.select(
            [target == "w", target == "b"],
            [factor["w"][rows, which], np.ones_like(o)],
            factor["x"][rows, which],
        )
        other = np.select(
            [target == "w", target == "b"],
            [factor["w"][rows, neighbour], np.full_like(o, np.nan)],
            factor["x"][rows, neighbour],
        )
        other[neighbour == which] = np.nan  # one input: there is no other to confuse
        other[target == "x"] = np.nan  # for d/dx the slip is a weight: not the wrong-input model
        return Solved(
            answer=answer,
            check=check,
            mistakes={
                "no-activation-derivative": through,
                "derivative-at-net": slope_at_net * through,
                "forward-not-gradient": o,
                "wrong-input": slope * other,
            },
            extra={"net": n, "out": o, "slope": slope, "through": through},
        )

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        if "v" in params:
            return neuron_chain.acceptable(params, solved)
        net = solved.extra["net"]
        # No saturation, no ReLU kink, readable magnitudes.
        return (np.abs(net) > 0.05) & (np.abs(net) < 2.5) & (np.abs(solved.answer) > 0.01)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        if "v" in params:
            asked_chain = record(params, "asked", neuron_chain.Chain)
            words = neuron_chain_text.words(asked_chain, params, row.extra, row.answer)
            drawn = neuron_chain_text.diagram(params, asked_chain)
            tags = (f"activation:{asked_chain.activation}",)
            return self.numeric_question(key, row, words[0], words[2], words[1], drawn, tags)
        asked_for = record(params, "asked", Asked)
        used, which = asked_for.used, asked_for.which
        act, target = asked_for.activation, asked_for.target
        asked = f"{target}_{which + 1}" if target != "b" else "b"
        w, x = params["w"][:used], params["x"][:used]
        terms = " + ".join(f"{signed(wi)} × {signed(xi)}" for wi, xi in zip(w, x, strict=True))
        net, out, slope = (float(row.extra[k]) for k in ("net", "out", "slope"))
        f = TABLE[act].math
        formula = f"$f'(net) = {TABLE[act].slope_math.format(out='out', net='net')}$"
        shown = _bracketed(format_number(out, OUT_FIGURES))
        rule = TABLE[act].slope_numbers or "1 (net > 0)"  # a piecewise slope: net > 0 here
        inputs = ", ".join(f"$x_{i + 1} = {given(v)}$" for i, v in enumerate(x))
        weights = ", ".join(f"$w_{i + 1} = {given(v)}$" for i, v in enumerate(w))
        its = "Its input is" if used == 1 else "Its inputs are"
        their = "its weight is" if used == 1 else "its weights are"
        prompt = (
            f"A {act} neuron computes $out = {f}(net)$ with $net = \\sum_i w_i x_i + b$. "
            f"{its} {inputs}; {their} {weights}; its bias is "
            f"$b = {given(float(params['b']))}$. What is $\\partial out / \\partial {asked}$?"
        )
        through = {"w": f"x_{which + 1}", "b": "1", "x": f"w_{which + 1}"}[target]
        d = "\\partial"
        chain = f"${d} out / {d} {asked} = f'(net) \\cdot {d} net / {d} {asked}$"
        steps = (
            Step(
                "Net input",
                r"$net = \sum_i w_i x_i + b$",
                f"{terms} + {signed(float(params['b']))}",
                format_number(net, 4),
                "net",
            ),
            Step(
                f"Output of the {act}",
                f"$out = {f}(net)$",
                f"{act}({format_number(net, 4)})",
                format_number(out, OUT_FIGURES),
                "out",
            ),
            Step(
                "Slope of the activation",
                formula,
                rule.format(out=shown),
                format_number(slope, 4),
                "slope",
            ),
            Step(
                f"Chain rule to {asked.replace('_', '')}",
                chain[:-1] + f" = f'(net) \\cdot {through}$",
                f"{format_number(slope, 4)} × {signed(row.extra['through'].item())}",
                format_number(row.answer, 4),
                f"grad:{asked}",
            ),
        )
        return self.numeric_question(
            key,
            row,
            prompt,
            hints=(
                f"First compute net, then $out = {f}(net)$.",
                chain + ".",
            ),
            solution=steps,
            diagram=neuron_diagram(x, w, float(params["b"]), net, out, act),
            tags=(f"activation:{act}",),
        )


def _bracketed(text: str) -> str:
    """A shown value inside a formula: a negative one in parentheses, as in 1 - (-0.25)^2."""
    return f"({text})" if text.startswith("-") else text


FAMILIES = (SingleNeuron(),)
