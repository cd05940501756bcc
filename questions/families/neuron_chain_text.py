"""Text for levels 2 and 3 of the single-neuron family: the prompt, worked steps, hints and the
diagram, written from the values neuron_chain solved with (kept apart from drawing and solving).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

import numpy as np

from engine.activations import ACTIVATIONS as TABLE
from questions.diagram import Diagram, DiagramEdge, DiagramNode
from questions.families.figures import product_factor
from questions.families.kit.formulas import slope_formula
from questions.families.neuron_chain import Chain
from questions.formatting import given_float as given
from questions.formatting import signed_float as signed
from questions.model import Step
from questions.numbers import format_number

OUT_FIGURES = 5
"""out is shown to 5 figures: 1 - out² cancels when out is near 1, and must still reproduce."""


def _inside(text: str) -> str:
    """A shown value after an operator: a negative one in parentheses."""
    return f"({text})" if text.startswith("-") else text


def _unit_steps(name: str, formula: str, terms: str, net: str, out: str, act: str) -> list[Step]:
    """A unit's net input and output, from their shown values."""
    return [
        Step(f"Net input of {name}", f"$net_{{{name}}} = {formula}$", terms, net, f"net:{name}"),
        Step(
            f"Output of {name}",
            f"$out_{{{name}}} = f(net_{{{name}}})$",
            f"{act}({net})",
            out,
            f"out:{name}",
        ),
    ]


def _slope_step(name: str, act: str, net: float, shown_out: str, slope: str) -> Step:
    """f'(net) of one unit, from its out (sigmoid, tanh) or the sign of its net (ReLU)."""
    rule = TABLE[act].slope_numbers
    if rule is None:
        sub = f"net_{name} = {format_number(net, 4)} {'>' if net > 0 else '≤'} 0"
    else:
        sub = rule.format(out=_inside(shown_out))
    return Step(f"Slope of {name}", slope_formula(name, act), sub, slope, f"slope:{name}")


def words(
    asked: Chain, params: Mapping[str, np.ndarray], extra: Mapping[str, np.ndarray], answer: float
) -> tuple[str, tuple[Step, ...], tuple[str, str]]:
    """One variant's prompt, worked steps and hints (the drawn numbers' text is cached)."""
    act, hidden, i = asked.activation, asked.hidden, asked.which
    x, b, v = params["x"].tolist(), params["b"].tolist(), params["v"].tolist()
    w: list[list[float]] = params["w"].tolist()
    c = float(params["c"])
    net_h, out_h = extra["net_h"].tolist(), extra["out_h"].tolist()
    slope_h = extra["slope_h"].tolist()
    net_o, out_o, slope_o = float(extra["net_o"]), float(extra["out_o"]), float(extra["slope_o"])
    shown_net = [format_number(n, 4) for n in net_h[:hidden]]
    shown_out = [format_number(o, OUT_FIGURES) for o in out_h[:hidden]]
    shown_slope = [format_number(s, 4) for s in slope_h[:hidden]]
    shown_slope_o = format_number(slope_o, 4)
    f = TABLE[act].math
    leaf = f"w_{i + 1}" if asked.target == "w" else (f"x_{i + 1}" if hidden == 1 else "x")
    steps: list[Step]
    if hidden == 1:
        given_in = (
            f"Its inputs are $x_1 = {given(x[0])}$, $x_2 = {given(x[1])}$; its "
            f"weights $w_1 = {given(w[0][0])}$, $w_2 = {given(w[0][1])}$; its bias "
            f"$b = {given(b[0])}$."
        )
        prompt = (
            f"A {act} neuron h1 computes $out_{{h1}} = {f}(net_{{h1}})$ with "
            f"$net_{{h1}} = w_1 x_1 + w_2 x_2 + b$. {given_in} It feeds a second {act} unit o1: "
            rf"$net_{{o1}} = v\, out_{{h1}} + c$ with $v = {given(v[0])}$, "
            f"$c = {given(c)}$, and $out_{{o1}} = {f}(net_{{o1}})$. "
            f"What is $\\partial out_{{o1}} / \\partial {leaf}$?"
        )
        terms = f"{signed(w[0][0])} × {signed(x[0])} + "
        terms += f"{signed(w[0][1])} × {signed(x[1])} + {signed(b[0])}"
        formula = "w_1 x_1 + w_2 x_2 + b"
        steps = _unit_steps("h1", formula, terms, shown_net[0], shown_out[0], act)
        into_o = f"{signed(v[0])} × {_inside(shown_out[0])}"
        o_formula = r"v\, out_{h1} + c"
    else:
        prompt = (
            f"An input $x = {given(x[0])}$ feeds two {act} neurons: "
            f"$net_{{h1}} = w_1 x + b_1$ and $net_{{h2}} = w_2 x + b_2$ with "
            f"$w_1 = {given(w[0][0])}$, $b_1 = {given(b[0])}$, "
            f"$w_2 = {given(w[1][0])}$, $b_2 = {given(b[1])}$, and "
            f"$out_{{hj}} = {f}(net_{{hj}})$. Both feed a {act} unit o1: $net_{{o1}} = "
            f"v_1 out_{{h1}} + v_2 out_{{h2}} + c$ with $v_1 = {given(v[0])}$, "
            f"$v_2 = {given(v[1])}$, $c = {given(c)}$, and $out_{{o1}} = {f}(net_{{o1}})$. "
            f"What is $\\partial out_{{o1}} / \\partial x$?"
        )
        steps = []
        for j in range(2):
            terms = f"{signed(w[j][0])} × {signed(x[0])} + {signed(b[j])}"
            formula = f"w_{j + 1} x + b_{j + 1}"
            steps += _unit_steps(f"h{j + 1}", formula, terms, shown_net[j], shown_out[j], act)
        into_o = " + ".join(f"{signed(v[j])} × {_inside(shown_out[j])}" for j in range(2))
        o_formula = r"v_1 out_{h1} + v_2 out_{h2} + c"
    shown_out_o = format_number(out_o, OUT_FIGURES)
    steps += _unit_steps(
        "o1", o_formula, f"{into_o} + {signed(c)}", format_number(net_o, 4), shown_out_o, act
    )
    steps.append(_slope_step("o1", act, net_o, shown_out_o, shown_slope_o))
    for j in range(hidden):
        steps.append(_slope_step(f"h{j + 1}", act, net_h[j], shown_out[j], shown_slope[j]))
    d = "\\partial"
    slope_o_factor = _inside(shown_slope_o)
    if hidden == 1:
        entering = f"x_{i + 1}" if asked.target == "w" else f"w_{i + 1}"
        factor = x[i] if asked.target == "w" else w[0][i]
        steps.append(
            Step(
                f"Chain rule to {leaf.replace('_', '')}",
                f"${d} out_{{o1}} / {d} {leaf} = f'(net_{{o1}}) \\cdot v \\cdot "
                f"f'(net_{{h1}}) \\cdot {entering}$",
                f"{slope_o_factor} × {signed(v[0])} × {_inside(shown_slope[0])} × {signed(factor)}",
                format_number(answer, 4),
                f"grad:{leaf.replace('_', '')}",
            )
        )
        hints = (
            "Run the forward pass through h1 and o1 first.",
            f"The path from {leaf.replace('_', '')} to out_o1 passes o1's slope, v and h1's slope.",
        )
    else:
        bracket = sum(extra["paths"].tolist())  # the slopes get the figures a near-cancel needs
        along = " + ".join(
            f"{product_factor(slope_h[j], v[j] * w[j][0], bracket)} × "
            f"{signed(v[j])} × {signed(w[j][0])}"
            for j in range(2)
        )
        steps.append(
            Step(
                "Sum over the paths to x",
                f"${d} out_{{o1}} / {d} x = f'(net_{{o1}}) \\cdot (f'(net_{{h1}}) v_1 w_1 + "
                f"f'(net_{{h2}}) v_2 w_2)$",
                f"{slope_o_factor} × ({along})",
                format_number(answer, 4),
                "paths:x",
            )
        )
        hints = (
            "Run the forward pass through h1, h2 and o1 first.",
            "x reaches out_o1 along two paths, one through each neuron: add them.",
        )
    return prompt, tuple(steps), hints


@cache
def _units(hidden: int, act: str) -> tuple[DiagramNode, ...]:
    """The neuron(s) and o1 of a shape and activation: the same nodes in every variant."""
    neurons = tuple(DiagramNode(f"h{j + 1}", f"h{j + 1}", 1, op=act) for j in range(hidden))
    return (*neurons, DiagramNode("o1", "o1", 2, op=act))


edge = lru_cache(8192)(DiagramEdge)  # a weight's edge recurs (weights have two decimals)


def diagram(params: Mapping[str, np.ndarray], asked: Chain) -> Diagram:
    """The inputs, the neuron(s) and o1, weights on the edges; computed values left off."""
    x, w, v = params["x"].tolist(), params["w"].tolist(), params["v"].tolist()
    hidden = asked.hidden
    inputs = 2 if hidden == 1 else 1
    nodes = [
        DiagramNode(f"x{i + 1}", f"x{i + 1}" if inputs == 2 else "x", 0, x[i])
        for i in range(inputs)
    ]
    names = ("w1", "w2")  # w_i from x_i into h1 (level 2), or w_j from x into h_j (level 3)
    edges = [
        edge(f"x{i + 1}", f"h{j + 1}", f"{names[i if inputs == 2 else j]} = {given(w[j][i])}")
        for j in range(hidden)
        for i in range(inputs)
    ]
    label = ("v",) if hidden == 1 else ("v1", "v2")
    edges += [edge(f"h{j + 1}", "o1", f"{label[j]} = {given(v[j])}") for j in range(hidden)]
    return Diagram("network", (*nodes, *_units(hidden, asked.activation)), tuple(edges))
