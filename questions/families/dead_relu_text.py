"""Text for the dead-ReLU family: the prompt, each choice with why, the solution, the diagram."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from questions.diagram import Diagram, DiagramEdge, DiagramNode
from questions.formatting import given, signed
from questions.model import Choice, Step
from questions.numbers import format_number


@dataclass(frozen=True)
class Item:
    """One gradient the question may ask about: its symbol and what it belongs to."""

    kind: str  # "w", "b", "x", "h", "net", "v"
    unit: int  # j (0-based), -1 for an input's gradient
    input: int  # i (0-based), -1 unless it is a weight or an input

    @property
    def symbol(self) -> str:
        """The quantity as mathtext, e.g. w_{21} for the weight from input 1 to unit 2."""
        j, i = self.unit + 1, self.input + 1
        return {
            "w": f"w_{{{j}{i}}}",
            "b": f"b_{j}",
            "x": f"x_{i}",
            "h": f"h_{j}",
            "net": f"net_{j}",
            "v": f"v_{j}",
        }[self.kind]


def prompt(params: Mapping[str, np.ndarray], net: np.ndarray, level: int) -> str:
    """The layer and what is given at this level (nets; weights; a loss), then the ask."""
    x, w, b = params["x"], params["w"], params["b"]
    inputs = ", ".join(f"$x_{i + 1} = {given(v)}$" for i, v in enumerate(x))
    text = (
        r"A layer of ReLU units computes $h_j = \mathrm{relu}(net_j)$ with "
        r"$net_j = \sum_i w_{ji} x_i + b_j$, taking the slope at 0 as $f'(0) = 0$. "
        f"The inputs are {inputs}. "
    )
    if level == 1:
        nets = ", ".join(f"$net_{j + 1} = {given(v)}$" for j, v in enumerate(net))
        text += f"The forward pass gave {nets}. "
    else:
        weights = ", ".join(
            f"$w_{{{j + 1}{i + 1}}} = {given(w[j, i])}$"
            for j in range(w.shape[0])
            for i in range(w.shape[1])
        )
        biases = ", ".join(f"$b_{j + 1} = {given(v)}$" for j, v in enumerate(b))
        text += f"The weights are {weights}; the biases are {biases}. "
    if level == 3:
        vs = ", ".join(f"$v_{j + 1} = {given(v)}$" for j, v in enumerate(params["v"]))
        text += (
            f"The layer feeds one linear output $out = \\sum_j v_j h_j$ with {vs}, and the "
            f"loss is $E = \\frac{{1}}{{2}}(out - t)^2$ with $t = {given(float(params['t']))}$. "
        )
    else:
        upstream = ", ".join(
            f"$\\partial E / \\partial h_{j + 1} = {given(v)}$" for j, v in enumerate(params["g"])
        )
        text += f"The gradients arriving from above are {upstream}. "
    return text + "Which of these gradients are exactly zero? Select all that apply."


def choice(item: Item, value: float, net: np.ndarray, h: np.ndarray) -> Choice:
    """The choice for one gradient, with why it is or is not zero."""
    j, i, size = item.unit + 1, item.input + 1, format_number(value, 3)
    state = f"unit {j} is {'dead' if net[j - 1] <= 0 else 'active'} ($net_{j} = " + (
        f"{given(net[j - 1])}$)" if j > 0 else ""
    )
    if item.kind == "h":
        why = (
            f"Not zero: the gradient arriving at $h_{j}$ is {size} whatever the unit's "
            f"state; {state}, and only the step back to $net_{j}$ multiplies by the slope "
            f"$f'(net_{j})$."
        )
    elif item.kind == "x":  # an input feeds every unit; it hears from each active one
        why = (
            f"Not zero: $x_{i}$ feeds every unit, and the active ones pass gradient back "
            f"through their weights: $\\sum_j \\delta_j w_{{j{i}}}$ = {size}."
        )
    elif item.kind == "v":
        why = (
            f"Zero: $\\partial E / \\partial v_{j} = (out - t)\\,h_{j}$, and $h_{j} = 0$ "
            f"because {state}."
            if value == 0
            else f"Not zero: {state}, so $h_{j} = {format_number(h[j - 1], 3)}$ and "
            f"$(out - t)\\,h_{j}$ = {size}."
        )
    elif value == 0:
        then = {
            "w": f"and the weight's gradient is that delta × $x_{i}$ = 0",
            "b": f"and $\\partial E / \\partial b_{j}$ equals that delta",
            "net": f"and this is that delta: $\\partial E / \\partial h_{j}$ × 0",
        }[item.kind]
        why = (
            f"Zero: {state}, so $f'(net_{j}) = 0$ and the delta "
            f"$\\partial E / \\partial net_{j}$ is 0, {then}."
        )
    else:
        why = f"Not zero: {state}, so $f'(net_{j}) = 1$ passes the gradient on; it is {size}."
    return Choice(f"$\\partial E / \\partial {item.symbol}$", value == 0, why)


def solution(
    params: Mapping[str, np.ndarray],
    net: np.ndarray,
    h: np.ndarray,
    level: int,
    shown: Sequence[int],
    grad: np.ndarray,
    items: Sequence[Item],
) -> tuple[Step, ...]:
    """Each unit's net and state, then which of the shown gradients are zero and why."""
    n_in = params["x"].shape[0]
    steps = []
    for j, value in enumerate(net):
        terms = " + ".join(
            f"{signed(params['w'][j, i])} × {signed(params['x'][i])}" for i in range(n_in)
        )
        steps.append(
            Step(
                f"Unit {j + 1}: net and state",
                f"$net_{j + 1} = \\sum_i w_{{{j + 1}i}} x_i + b_{j + 1}$",
                "as given" if level == 1 else f"{terms} + {signed(params['b'][j])}",
                f"{given(value)}: " + ("dead" if value <= 0 else "active"),
            )
        )
    zero = ", ".join(f"∂E/∂{_plain(items[k])}" for k in shown if grad[k] == 0)
    dead = [str(j + 1) for j, value in enumerate(net) if value <= 0]
    outgoing = r"; $h_j = 0$, so $\partial E / \partial v_j = 0$" if level == 3 else ""
    steps.append(
        Step(
            "Zero gradients among the choices",
            r"$f'(net_j) = 0$ for $net_j \leq 0$: $\delta_j = 0$, and so are "
            r"$\partial E / \partial w_{ji}$ and $\partial E / \partial b_j$" + outgoing,
            f"dead unit{'s' if len(dead) > 1 else ''}: {', '.join(dead) or 'none'}",
            zero,
        )
    )
    return tuple(steps)


def diagram(
    params: Mapping[str, np.ndarray], net: np.ndarray, h: np.ndarray, weights: bool
) -> Diagram:
    """Inputs and ReLU units, weights on the edges, each unit with its net and output."""
    x, w = params["x"], params["w"]
    nodes = [DiagramNode(f"x{i + 1}", f"x{i + 1}", 0, float(v)) for i, v in enumerate(x)]
    nodes += [
        DiagramNode(f"h{j + 1}", f"h{j + 1}\nnet={given(net[j])}", 1, float(h[j]), op="relu")
        for j in range(len(net))
    ]
    edges = [
        DiagramEdge(
            f"x{i + 1}", f"h{j + 1}", f"w{j + 1}{i + 1} = {given(w[j, i])}" if weights else ""
        )
        for j in range(w.shape[0])
        for i in range(w.shape[1])
    ]
    return Diagram("network", tuple(nodes), tuple(edges))


def _plain(item: Item) -> str:
    """The symbol without mathtext braces, for the plain-text line of a step."""
    return item.symbol.replace("{", "").replace("}", "")
