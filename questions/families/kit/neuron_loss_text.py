"""The words of a one-neuron loss question: its prompt, worked steps and hints.

The loss and activation of a variant are named as in engine.losses.LOSS_KINDS and
engine.activations.ACTIVATIONS; every step's result is the value the answer came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from questions.formatting import given_float as given
from questions.formatting import signed_float as signed
from questions.model import Step
from questions.numbers import format_number

HALF_SSE, MSE, BCE = "half_sse", "mse", "bce"  # names in engine.losses.LOSS_KINDS
SIGMOID, TANH = "sigmoid", "tanh"  # names in engine.activations.ACTIVATIONS
LOSS_FORMULA = {
    HALF_SSE: r"$E = \frac{1}{2}(t - out)^2$",
    MSE: r"$E = (t - out)^2$",
    BCE: r"$E = -[t \ln(out) + (1 - t) \ln(1 - out)]$",
}
LOSS_NUMBERS = {
    HALF_SSE: "0.5 × ({t} - {o})^2",
    MSE: "({t} - {o})^2",
    BCE: "-({t} × ln {o} + (1 - {t}) × ln(1 - {o}))",
}
LOSS_NAME = {
    HALF_SSE: "the half squared error",
    MSE: "the mean squared error over its single output,",
    BCE: "the binary cross-entropy",
}
DLDO = {
    HALF_SSE: (r"$\partial E / \partial out = out - t$", "{o} - {t}"),
    MSE: (r"$\partial E / \partial out = 2(out - t)$", "2 × ({o} - {t})"),
    BCE: (
        r"$\partial E / \partial out = -t/out + (1 - t)/(1 - out) = (out - t) / (out(1 - out))$",
        "({o} - {t}) / ({o} × (1 - {o}))",
    ),
}
SLOPE = {
    SIGMOID: (r"$f'(net) = out(1 - out)$", "{o} × (1 - {o})"),
    TANH: (r"$f'(net) = 1 - out^2$", "1 - {o}^2"),
}


def _inside(text: str) -> str:
    """A shown result inside a formula: a negative one in parentheses."""
    return f"({text})" if text.startswith("-") else text


@dataclass(frozen=True)
class Asked:
    """A variant's neuron and question: activation, loss, dL/d which weight (or the bias)."""

    activation: str
    loss: str
    target: str  # "w" (a weight) or "b" (the bias)
    which: int  # the weight's index
    used: int  # how many inputs the neuron has


def words(
    asked_for: Asked,
    params: Mapping[str, np.ndarray],
    extra: Mapping[str, np.ndarray],
    answer: float,
) -> tuple[str, tuple[Step, ...], tuple[str, str]]:
    """One variant's prompt, worked steps and hints."""
    used, which = asked_for.used, asked_for.which
    act, loss = asked_for.activation, asked_for.loss
    name = act
    sym = r"\sigma" if act == SIGMOID else r"\tanh"
    sub = (lambda i: f"_{i + 1}") if used == 2 else (lambda i: "")
    w, x = params["w"][:used], params["x"][:used]
    b, t = float(params["b"]), float(params["t"])
    asked = f"w{sub(which)}" if asked_for.target == "w" else "b"
    e = extra
    names = ("net", "out", "slope", "dldo", "delta")
    figures = {k: 5 if k == "out" else 4 for k in names}  # t - out and 1 - out² cancel
    res = {k: format_number(float(e[k]), figures[k]) for k in names}  # results as shown
    shown = {k: _inside(res[k]) for k in names}  # the same inside formulas
    net_formula = " + ".join(f"w{sub(i)} x{sub(i)}" for i in range(used)) + " + b"
    inputs = ", ".join(f"$x{sub(i)} = {given(v)}$" for i, v in enumerate(x))
    weights = ", ".join(f"$w{sub(i)} = {given(v)}$" for i, v in enumerate(w))
    prompt = (
        f"A {name} neuron computes $out = {sym}(net)$ with $net = {net_formula}$. "
        f"Input{'s' if used > 1 else ''} {inputs}; weight{'s' if used > 1 else ''} "
        f"{weights}; bias $b = {given(b)}$. For the target $t = {given(t)}$ the loss is "
        f"{LOSS_NAME[loss]} {LOSS_FORMULA[loss]}. What is $\\partial E / \\partial {asked}$?"
    )
    terms = " + ".join(f"{signed(wi)} × {signed(xi)}" for wi, xi in zip(w, x, strict=True))
    dldo_formula, dldo_numbers = DLDO[loss]
    values = {"o": shown["out"], "t": signed(t)}
    steps = [
        Step("Net input", f"$net = {net_formula}$", f"{terms} + {signed(b)}", res["net"], "net"),
        Step(
            f"Output of the {name}",
            f"$out = {sym}(net)$",
            f"{name}({res['net']})",
            res["out"],
            "out",
        ),
        Step(
            "Loss (forward value, not the answer)",
            LOSS_FORMULA[loss],
            LOSS_NUMBERS[loss].format(**values),
            format_number(float(e["loss_value"]), 4),
            "loss",
        ),
        Step(
            "Derivative of the loss",
            dldo_formula,
            dldo_numbers.format(**values),
            res["dldo"],
            "loss-grad",
        ),
    ]
    slope_formula, slope_numbers = SLOPE[act]
    steps.append(
        Step(
            "Slope of the activation",
            slope_formula,
            slope_numbers.format(o=shown["out"]),
            res["slope"],
            "slope",
        )
    )
    if loss == BCE:
        delta = (
            "Through the sigmoid: its slope cancels",
            r"$\delta = \partial E / \partial out \cdot out(1 - out) = out - t$",
            f"{shown['out']} - {signed(t)}",
        )
    else:
        delta = (
            "Delta at the unit",
            r"$\delta = \partial E / \partial net = \partial E / \partial out \cdot f'(net)$",
            f"{shown['dldo']} × {shown['slope']}",
        )
    steps.append(Step(*delta, res["delta"], "delta"))
    through = f"x{sub(which)}" if asked != "b" else "1"
    steps.append(
        Step(
            f"Gradient of {asked.replace('_', '')}",
            f"$\\partial E / \\partial {asked} = \\delta \\cdot {through}$",
            f"{shown['delta']} × {signed(float(e['through']))}",
            format_number(answer, 4),
            f"grad:{asked}",
        )
    )
    hints = (
        r"Chain rule: $\partial E / \partial out$, then $\partial out / \partial net$, "
        f"then $\\partial net / \\partial {asked}$.",
        (
            "Multiply out the loss derivative and the sigmoid's slope $out(1 - out)$ "
            "before putting numbers in."
            if loss == BCE
            else "Differentiate the loss with respect to out first, minding the factor in front."
        ),
    )
    return prompt, tuple(steps), hints
