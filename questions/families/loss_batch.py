"""Level 3 of the loss-neuron family: a sigmoid unit, cross-entropy averaged over two examples.

The weight reaches the loss along two paths, one per example: each example's delta is
out - t (the sigmoid's slope cancels against the cross-entropy's), and the gradient is the
mean of the two examples' products. Solved in one engine pass, checked by central
differences on a plain-numpy loss, written step by step from the values it was solved with.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

import numpy as np

from engine import losses, ops, variable
from engine.gradcheck import central_difference
from questions.diagram import Diagram, DiagramEdge, DiagramNode
from questions.families.base import Params, Solved
from questions.families.kit.neuron_loss_text import BCE, SIGMOID, Asked
from questions.formatting import given_float as given
from questions.formatting import signed_float as signed
from questions.model import Step
from questions.numbers import format_number

EXAMPLES = 2
CANCEL = 0.5
"""The batch's sum must keep half its larger term, so two examples never cancel into a number
whose shown digits no longer reproduce."""
EXAMPLE_LOSS = r"$E^{(n)} = -[t^{(n)} \ln(out^{(n)}) + (1 - t^{(n)}) \ln(1 - out^{(n)})]$"
HINTS = (
    "Work out each example's delta; with the sigmoid and cross-entropy it is short.",
    "The batch's loss is a mean: so is its gradient, over the examples' gradients.",
)
Values = Mapping[str, np.ndarray]
Words = tuple[str, tuple[Step, ...], tuple[str, str]]
"""A question's prompt, worked steps and hints."""


LOW = np.array([-1.0, -1.0, -2.0, -2.0, -2.0, -2.0, -0.5])
SPAN = np.array([2.0, 2.0, 4.0, 4.0, 4.0, 4.0, 1.0])
SCALE = np.array([100.0, 100.0, 10.0, 10.0, 10.0, 10.0])
"""w (2, in hundredths), x (2 x 2, in tenths) and b drawn as one row of uniforms: low + span * u
is what rng.uniform(low, low + span) computes, rint(y * scale) / scale is np.round."""


@cache
def _asked(target: str, which: int) -> Asked:
    """The ask of a batch variant, made once for each of its four values."""
    return Asked(SIGMOID, BCE, target, which, 2)


def draw(rng: np.random.Generator) -> dict[str, object]:
    """Two examples (inputs in tenths, 0/1 targets), one unit's weights and bias, the ask."""
    u = rng.random(len(LOW))
    drawn = np.rint((LOW[:6] + SPAN[:6] * u[:6]) * SCALE) / SCALE
    b = round(float(LOW[6] + SPAN[6] * u[6]), 2)  # Python's round, as for rng.uniform()
    t = rng.integers(0, 2, EXAMPLES).astype(np.float64)
    target = "b" if rng.random() < 0.3 else "w"
    return {
        "w": drawn[:2],
        "x": drawn[2:].reshape(EXAMPLES, 2),
        "b": b,
        "t": t,
        "asked": _asked(target, int(rng.integers(0, 2))),
    }


def _loss_numpy(theta: np.ndarray, x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The mean cross-entropy of the batch as a function of theta = (w_1, w_2, b), plain numpy."""
    net = np.einsum("nbi,ni->nb", x, theta[:, :2]) + theta[:, 2:]
    o = 1 / (1 + np.exp(-net))
    return -(t * np.log(o) + (1 - t) * np.log(1 - o)).mean(axis=1)


def solve(params: Params) -> Solved:
    """Every variant in one engine pass; the asked gradient checked by central differences."""
    asked: list[Asked] = params["asked"].tolist()
    which = np.array([a.which for a in asked])
    bias = np.array([a.target == "b" for a in asked])
    x, t = params["x"], params["t"]
    w, b = variable(params["w"]), variable(params["b"])
    net = ops.add(ops.matvec(x, w), ops.reshape(b, (1,)))
    out = ops.sigmoid(net)
    loss = losses.bce(out, t)
    loss.backward()
    rows = np.arange(len(t))
    answer = np.where(bias, b.gradient, w.gradient[rows, which])
    theta = np.column_stack([params["w"], params["b"]])
    check = central_difference(lambda th: _loss_numpy(th, x, t), theta)[
        rows, np.where(bias, 2, which)
    ]
    o = out.value
    delta = o - t  # each example's dE/dnet, before the batch's mean
    through = np.where(bias[:, None], 1.0, x[rows, :, which])  # (N, examples)
    other = np.where(bias[:, None], np.nan, x[rows, :, 1 - which])
    slope = o * (1 - o)
    terms = delta * through
    mistakes = {
        "error-sign": -answer,
        "no-activation-derivative": (delta / slope * through).mean(axis=1),
        "extra-activation-derivative": (terms * slope).mean(axis=1),
        "wrong-input": (delta * other).mean(axis=1),
        "forward-not-gradient": loss.value,
        "sum-not-mean": terms.sum(axis=1),
        "single-example": terms[:, 0],
    }
    extra = {"net": net.value, "out": o, "delta": delta, "terms": terms, "through": through}
    return Solved(answer=answer, check=check, mistakes=mistakes, extra=extra)


def acceptable(solved: Solved) -> np.ndarray:
    """No example saturated or already right, readable magnitudes, no cancelling sum."""
    net, delta, terms = solved.extra["net"], solved.extra["delta"], solved.extra["terms"]
    magnitude = np.abs(solved.answer)
    return (
        np.all((np.abs(net) > 0.1) & (np.abs(net) < 2.5) & (np.abs(delta) > 0.05), axis=1)
        & (magnitude > 0.005)
        & (magnitude < 50)
        & (np.abs(terms.sum(axis=1)) > CANCEL * np.abs(terms).max(axis=1))
    )


def words(asked_for: Asked, params: Values, extra: Values, answer: float) -> Words:
    """One variant's prompt, worked steps (three per example, the sum, the mean) and hints."""
    w, b, t = params["w"].tolist(), float(params["b"]), params["t"].tolist()
    x: list[list[float]] = params["x"].tolist()
    which = asked_for.which
    asked = f"w_{which + 1}" if asked_for.target == "w" else "b"
    examples = "; ".join(
        [
            f"example {n + 1} has $x_1 = {given(x[n][0])}$, $x_2 = {given(x[n][1])}$ "
            f"and target $t = {given(t[n])}$"
            for n in range(EXAMPLES)
        ]
    )
    prompt = (
        r"A sigmoid neuron computes $out = \sigma(net)$ with $net = w_1 x_1 + w_2 x_2 + b$; "
        f"$w_1 = {given(w[0])}$, $w_2 = {given(w[1])}$; bias $b = {given(b)}$. It sees a batch "
        f"of two examples: {examples}. "
        f"Each example's loss is the binary cross-entropy {EXAMPLE_LOSS}, and the batch's "
        r"loss is their mean, $E = \frac{1}{2}(E^{(1)} + E^{(2)})$. "
        f"What is $\\partial E / \\partial {asked}$?"
    )
    steps: list[Step] = []
    nets, outs = extra["net"].tolist(), extra["out"].tolist()
    # the sum's terms need 5 figures
    shown_delta = [format_number(d, 5) for d in extra["delta"].tolist()]
    for n, (
        net_title,
        net_formula,
        out_title,
        out_formula,
        delta_title,
        delta_formula,
    ) in enumerate(EXAMPLE_STEPS):
        net_shown, out_shown = format_number(nets[n], 4), format_number(outs[n], 5)
        terms = f"{signed(w[0])} × {signed(x[n][0])} + {signed(w[1])} × {signed(x[n][1])}"
        steps += [
            Step(net_title, net_formula, f"{terms} + {signed(b)}", net_shown, f"net:{n + 1}"),
            Step(out_title, out_formula, f"sigmoid({net_shown})", out_shown, f"out:{n + 1}"),
            Step(
                delta_title,
                delta_formula,
                f"{out_shown} - {signed(t[n])}",
                shown_delta[n],
                f"delta:{n + 1}",
            ),
        ]
    total = sum(extra["terms"].tolist())
    if asked != "b":
        each = rf"\delta^{{(n)}} x_{which + 1}^{{(n)}}"
        through = extra["through"].tolist()
        products = " + ".join(
            [f"{_inside(d)} × {signed(v)}" for d, v in zip(shown_delta, through, strict=True)]
        )
    else:
        each = r"\delta^{(n)}"
        products = " + ".join([_inside(d) for d in shown_delta])
    shown_total = format_number(total, 4)
    steps += [
        Step("Sum over the batch", f"$\\sum_n {each}$", products, shown_total, f"grad:{asked}"),
        Step(
            "Mean over the batch",
            f"$\\partial E / \\partial {asked} = \\frac{{1}}{{2}} \\sum_n {each}$",
            f"{_inside(shown_total)} / 2",
            format_number(answer, 4),
            "batch",
        ),
    ]
    return prompt, tuple(steps), HINTS


EXAMPLE_STEPS = tuple(
    (
        f"Net input of example {n + 1}",
        f"$net{e} = w_1 x_1{e} + w_2 x_2{e} + b$",
        f"Output for example {n + 1}",
        f"$out{e} = \\sigma(net{e})$",
        f"Delta of example {n + 1}: the sigmoid's slope cancels",
        f"$\\delta{e} = \\partial E{e} / \\partial out{e} \\cdot out{e}(1 - out{e}) "
        f"= out{e} - t{e}$",
    )
    for n, e in ((n, f"^{{({n + 1})}}") for n in range(EXAMPLES))
)
"""Each example's three steps' titles and formulas, the same in every variant."""


def _inside(text: str) -> str:
    """A shown value after an operator: a negative one in parentheses."""
    return f"({text})" if text.startswith("-") else text


INPUT_NODES = tuple(DiagramNode(f"x{i + 1}", f"x{i + 1}", 0) for i in range(2))
UNIT = DiagramNode("unit", "sigmoid", 1, op="sigmoid")
BIAS_EDGE = DiagramEdge("b", "unit", "")


@lru_cache(4096)
def _weight_edge(i: int, value: float) -> DiagramEdge:
    """The edge from input i with its weight (drawn to two decimals, so it recurs)."""
    return DiagramEdge(f"x{i + 1}", "unit", f"w{i + 1} = {given(value)}")


def diagram(w: np.ndarray, b: float) -> Diagram:
    """The unit with its weights and bias; the inputs differ per example, so none is shown."""
    nodes = (*INPUT_NODES, DiagramNode("b", "b", 0, b), UNIT)
    edges = (*(_weight_edge(i, v) for i, v in enumerate(w.tolist())), BIAS_EDGE)
    return Diagram("network", nodes, edges)
