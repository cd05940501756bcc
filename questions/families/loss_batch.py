"""Level 3 of the loss-neuron family: a sigmoid unit, cross-entropy averaged over two examples.

The weight reaches the loss along two paths, one per example: each example's delta is
out - t (the sigmoid's slope cancels against the cross-entropy's), and the gradient is the
mean of the two examples' products. Solved in one engine pass, checked by central
differences on a plain-numpy loss, written step by step from the values it was solved with.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import losses, ops, variable
from engine.gradcheck import central_difference
from questions.families.base import Params, Solved
from questions.families.kit.neuron_loss_text import BCE, SIGMOID, Asked
from questions.formatting import given, signed
from questions.model import Diagram, DiagramEdge, DiagramNode, Step
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


def draw(rng: np.random.Generator) -> dict[str, object]:
    """Two examples (inputs in tenths, 0/1 targets), one unit's weights and bias, the ask."""
    w = np.round(rng.uniform(-1, 1, 2), 2)
    x = np.round(rng.uniform(-2, 2, (EXAMPLES, 2)), 1)
    b = round(rng.uniform(-0.5, 0.5), 2)
    t = rng.integers(0, 2, EXAMPLES).astype(np.float64)
    target = "b" if rng.random() < 0.3 else "w"
    return {
        "w": w,
        "x": x,
        "b": b,
        "t": t,
        "asked": Asked(SIGMOID, BCE, target, int(rng.integers(0, 2)), 2),
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
    w, x, b, t = params["w"], params["x"], float(params["b"]), params["t"]
    which = asked_for.which
    asked = f"w_{which + 1}" if asked_for.target == "w" else "b"
    weights = ", ".join(f"$w_{i + 1} = {given(float(v))}$" for i, v in enumerate(w))
    examples = "; ".join(
        f"example {n + 1} has $x_1 = {given(float(x[n, 0]))}$, $x_2 = {given(float(x[n, 1]))}$ "
        f"and target $t = {given(float(t[n]))}$"
        for n in range(EXAMPLES)
    )
    prompt = (
        r"A sigmoid neuron computes $out = \sigma(net)$ with $net = w_1 x_1 + w_2 x_2 + b$; "
        f"{weights}; bias $b = {given(b)}$. It sees a batch of two examples: {examples}. "
        f"Each example's loss is the binary cross-entropy {EXAMPLE_LOSS}, and the batch's "
        r"loss is their mean, $E = \frac{1}{2}(E^{(1)} + E^{(2)})$. "
        f"What is $\\partial E / \\partial {asked}$?"
    )
    steps: list[Step] = []
    shown_delta = []
    for n in range(EXAMPLES):
        net, out = float(extra["net"][n]), float(extra["out"][n])
        net_shown, out_shown = format_number(net, 4), format_number(out, 5)
        delta = format_number(float(extra["delta"][n]), 5)  # the sum's terms need 5 figures
        shown_delta.append(delta)
        terms = " + ".join(f"{signed(float(w[i]))} × {signed(float(x[n, i]))}" for i in range(2))
        e = f"^{{({n + 1})}}"
        steps += [
            Step(
                f"Net input of example {n + 1}",
                f"$net{e} = w_1 x_1{e} + w_2 x_2{e} + b$",
                f"{terms} + {signed(b)}",
                net_shown,
                f"net:{n + 1}",
            ),
            Step(
                f"Output for example {n + 1}",
                f"$out{e} = \\sigma(net{e})$",
                f"sigmoid({net_shown})",
                out_shown,
                f"out:{n + 1}",
            ),
            Step(
                f"Delta of example {n + 1}: the sigmoid's slope cancels",
                f"$\\delta{e} = \\partial E{e} / \\partial out{e} \\cdot out{e}(1 - out{e}) "
                f"= out{e} - t{e}$",
                f"{out_shown} - {signed(float(t[n]))}",
                delta,
                f"delta:{n + 1}",
            ),
        ]
    through = [f"{signed(float(v))}" for v in extra["through"]]
    total = float(np.sum(extra["terms"]))
    each = rf"\delta^{{(n)}} x_{which + 1}^{{(n)}}" if asked != "b" else r"\delta^{(n)}"
    products = " + ".join(
        f"{_inside(d)} × {v}" if asked != "b" else _inside(d)
        for d, v in zip(shown_delta, through, strict=True)
    )
    shown_total = format_number(total, 4)
    steps += [
        Step(
            "Sum over the batch",
            f"$\\sum_n {each}$",
            products,
            shown_total,
            f"grad:{asked}",
        ),
        Step(
            "Mean over the batch",
            f"$\\partial E / \\partial {asked} = \\frac{{1}}{{2}} \\sum_n {each}$",
            f"{_inside(shown_total)} / 2",
            format_number(answer, 4),
            "batch",
        ),
    ]
    return prompt, tuple(steps), HINTS


def _inside(text: str) -> str:
    """A shown value after an operator: a negative one in parentheses."""
    return f"({text})" if text.startswith("-") else text


def diagram(w: np.ndarray, b: float) -> Diagram:
    """The unit with its weights and bias; the inputs differ per example, so none is shown."""
    nodes = [DiagramNode(f"x{i + 1}", f"x{i + 1}", 0) for i in range(2)]
    nodes += [DiagramNode("b", "b", 0, b), DiagramNode("unit", "sigmoid", 1, op="sigmoid")]
    edges = [
        DiagramEdge(f"x{i + 1}", "unit", f"w{i + 1} = {given(float(v))}") for i, v in enumerate(w)
    ]
    return Diagram("network", tuple(nodes), (*edges, DiagramEdge("b", "unit", "")))
