"""Levels 2 and 3 of the single-neuron family: the neuron feeds a second unit.

Level 2 is a path: a neuron h1 with two inputs feeds a unit o1 of the same activation, and
d out_o1 / d w_i (or d x_i) takes both slopes and the weight between them. Level 3 is several
paths: one input feeds two neurons h1 and h2, both feed o1, and d out_o1 / d x adds the two
paths. Solved in one engine pass over every variant (activations masked per variant), checked
by central differences on plain numpy, written from the values it was solved with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from engine import Tensor, ops, variable
from engine.activations import ACTIVATIONS as TABLE
from engine.gradcheck import central_difference
from questions.families.base import Params, Solved
from questions.families.figures import product_factor
from questions.families.kit.formulas import slope_formula
from questions.formatting import given_float as given
from questions.formatting import signed_float as signed
from questions.model import Diagram, DiagramEdge, DiagramNode, Step
from questions.numbers import format_number

ACTIVATIONS = ("sigmoid", "tanh", "relu")
OUT_FIGURES = 5
"""out is shown to 5 figures: 1 - out² cancels when out is near 1, and must still reproduce."""
CANCEL = 0.3
"""Level 3's two paths must not cancel below this share of the larger, so the sum reproduces."""


@dataclass(frozen=True)
class Chain:
    """A variant's units and question: the activation, d out_o1 / d which w or x, how many
    hidden neurons (1: a path, 2: two paths from one input)."""

    activation: str
    target: str  # "w" (a weight into h1) or "x" (an input)
    which: int  # the weight's or input's index
    hidden: int


def each(act: np.ndarray, values: Mapping[str, np.ndarray]) -> np.ndarray:
    """values[name] for each variant's activation name."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in values.values()))
    picks = [np.broadcast_to(v, shape) for v in values.values()]
    where = [np.reshape(act == name, (-1,) + (1,) * (len(shape) - 1)) for name in values]
    return np.select([np.broadcast_to(w, shape) for w in where], picks)


def activate(act: np.ndarray, net: Tensor) -> Tensor:
    """Apply each variant's activation in one batched pass (its descriptor's op, masked)."""
    column = (slice(None),) + (None,) * (net.value.ndim - 1)
    masked = [ops.mul((act == n)[column] * 1.0, TABLE[n].op(net)) for n in ACTIVATIONS]
    return ops.add(ops.add(masked[0], masked[1]), masked[2])


LOW = np.array([-2.0, -2.0, -1.0, -1.0, -1.0, -1.0, -0.5, -0.5, -1.5, -1.5])
SPAN = np.array([4.0, 4.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0, 3.0, 3.0])
SCALE = np.array([10.0, 10.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0])
"""x (2, in tenths), w (2 x 2), b (2) and v (2, in hundredths) drawn as one row of uniforms:
low + span * u is what rng.uniform(low, low + span) computes, and rint(y * scale) / scale is
np.round, so the values are those of one uniform draw per quantity."""
SHAPE = {2: (1, 2), 3: (2, 1)}
"""(hidden units, inputs) at each level."""
MASK = {
    level: np.concatenate(
        [
            np.arange(2) < inputs,
            ((np.arange(2)[:, None] < hidden) & (np.arange(2)[None, :] < inputs)).ravel(),
            np.arange(2) < hidden,
            np.arange(2) < hidden,
        ]
    )
    for level, (hidden, inputs) in SHAPE.items()
}
"""Which drawn values a level uses; the others are zero and left out of the text."""


@cache
def _chain(activation: str, target: str, which: int, hidden: int) -> Chain:
    """A Chain, made once for each of its few values."""
    return Chain(activation, target, which, hidden)


def draw(rng: np.random.Generator, level: int) -> dict[str, object]:
    """Level 2: two inputs into h1, h1 into o1; level 3: one input into h1 and h2, both into o1.
    Unused inputs and units have zero weights and are left out of the text."""
    hidden, inputs = SHAPE[level]
    u = rng.random(11)
    drawn = np.rint((LOW + SPAN * u[:10]) * SCALE) / SCALE * MASK[level]
    c = round(-0.5 + float(u[10]), 2)
    act = ACTIVATIONS[int(rng.integers(0, 3))]
    target = "x" if level == 3 or rng.random() < 0.5 else "w"
    which = int(rng.integers(0, inputs))
    return {
        "x": drawn[:2],
        "w": drawn[2:6].reshape(2, 2),
        "b": drawn[6:8],
        "v": drawn[8:],
        "c": c,
        "asked": _chain(act, target, which, hidden),
    }


def _forward(act: np.ndarray, x: np.ndarray, w: np.ndarray, b: np.ndarray, p: Params) -> np.ndarray:
    """out_o1 of every variant in plain numpy: the oracle's function."""
    net_h = np.einsum("nji,ni->nj", w, x) + b
    out_h = each(act, {n: TABLE[n].function(net_h) for n in ACTIVATIONS})
    net_o = (p["v"] * out_h).sum(axis=1) + p["c"]
    return each(act, {n: TABLE[n].function(net_o) for n in ACTIVATIONS})


def _unless_same(values: np.ndarray, answer: np.ndarray) -> np.ndarray:
    """A mistake's values, NaN where the slip changes nothing (it cannot be told apart)."""
    with np.errstate(invalid="ignore"):
        same = np.abs(values - answer) <= 1e-12 + 1e-9 * np.abs(answer)
    return np.where(same, np.nan, values)


def solve(params: Params) -> Solved:
    """Every variant in one engine pass; the asked gradient checked by central differences."""
    asked: list[Chain] = params["asked"].tolist()
    act = np.array([a.activation for a in asked])
    on_w = np.array([a.target == "w" for a in asked])
    which = np.array([a.which for a in asked])
    two = np.array([a.hidden == 2 for a in asked])
    x, w = variable(params["x"]), variable(params["w"])
    net_h = ops.add(ops.matvec(w, x), params["b"])
    out_h = activate(act, net_h)
    net_o = ops.add(ops.sum_(ops.mul(out_h, params["v"])), params["c"])
    out_o = activate(act, net_o)
    out_o.backward()
    rows = np.arange(len(act))
    answer = np.where(on_w, w.gradient[rows, 0, which], x.gradient[rows, which])

    def asked_out(value: np.ndarray) -> np.ndarray:
        """out_o1 with the asked weight or input set to value, per variant (plain numpy)."""
        x1, w1 = params["x"].copy(), params["w"].copy()
        w1[rows[on_w], 0, which[on_w]] = value[on_w]
        x1[rows[~on_w], which[~on_w]] = value[~on_w]
        return _forward(act, x1, w1, params["b"], params)

    start = np.where(on_w, params["w"][rows, 0, which], params["x"][rows, which])
    check = central_difference(asked_out, start)
    nh, oh, no, oo = net_h.value, out_h.value, net_o.value, out_o.value
    slope_h = each(act, {n: TABLE[n].derivative(nh, oh) for n in ACTIVATIONS})
    slope_o = each(act, {n: TABLE[n].derivative(no, oo) for n in ACTIVATIONS})
    at_net_h = each(act, {n: TABLE[n].derivative(nh, nh) for n in ACTIVATIONS})
    at_net_o = each(act, {n: TABLE[n].derivative(no, no) for n in ACTIVATIONS})
    # d net_hj / d the asked leaf: x_i into h1 for a weight, w_ji for an input
    through = np.where(on_w[:, None], 0.0, params["w"][rows, :, which])
    through[:, 0] = np.where(on_w, params["x"][rows, which], through[:, 0])
    other = np.where(on_w & ~two, params["x"][rows, 1 - which], np.nan)
    v = params["v"]
    paths = v * slope_h * through  # each hidden unit's path, before o1's slope
    mistakes = {
        "no-activation-derivative": paths.sum(axis=1),
        "no-hidden-activation-derivative": slope_o * (v * through).sum(axis=1),
        "derivative-at-net": at_net_o * (v * at_net_h * through).sum(axis=1),
        "no-fanout-sum": np.where(two, slope_o * paths[:, 0], np.nan),
        "wrong-input": slope_o * v[:, 0] * slope_h[:, 0] * other,
        "forward-not-gradient": oo,
    }
    mistakes = {name: _unless_same(values, answer) for name, values in mistakes.items()}
    extra = {
        "net_h": nh,
        "out_h": oh,
        "net_o": no,
        "out_o": oo,
        "slope_h": slope_h,
        "slope_o": slope_o,
        "paths": paths,
    }
    return Solved(answer=answer, check=check, mistakes=mistakes, extra=extra)


def acceptable(params: Params, solved: Solved) -> np.ndarray:
    """No unit saturated or at a kink, readable magnitudes, no two paths cancelling."""
    hidden = np.array([a.hidden for a in params["asked"].tolist()])
    real = np.arange(2)[None, :] < hidden[:, None]
    inputs = np.arange(2)[None, :] < np.where(hidden == 1, 2, 1)[:, None]
    given_ok = np.all(~inputs | (params["x"] != 0), axis=1)  # no input or weight shown as 0
    given_ok &= np.all(~(real[:, :, None] & inputs[:, None, :]) | (params["w"] != 0), axis=(1, 2))
    nets = np.abs(solved.extra["net_h"])
    units_ok = np.all(~real | ((nets > 0.05) & (nets < 2.5)), axis=1)
    net_o, paths = np.abs(solved.extra["net_o"]), np.abs(solved.extra["paths"])
    kept = np.abs(solved.extra["paths"].sum(axis=1))
    return (
        units_ok
        & given_ok
        & (net_o > 0.05)
        & (net_o < 2.5)
        & (np.abs(solved.answer) > 0.01)
        & ((hidden == 1) | (kept > CANCEL * paths.max(axis=1)))
    )


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
