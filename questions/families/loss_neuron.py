"""One neuron with a loss (half_sse, mse or bce); dE/dw or dE/db for one example."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from engine import losses, ops, variable
from engine.gradcheck import central_difference
from questions.families.base import Family, Params, Row, Solved, record
from questions.families.diagrams import neuron_diagram
from questions.formatting import given, signed
from questions.model import FamilyKey, Question, Step
from questions.numbers import format_number

HALF_SSE, MSE, BCE = "half_sse", "mse", "bce"  # names in engine.losses.LOSS_KINDS
SIGMOID, TANH = "sigmoid", "tanh"  # names in engine.activations.ACTIVATIONS
LOSSES_AT = {1: (HALF_SSE,), 2: (HALF_SSE, MSE), 3: (BCE,)}
KEPT_SLOPE = "extra-activation-derivative"
"""Keeping the sigmoid's slope with cross-entropy, where it has already cancelled (BCE only)."""

LOSS_FORMULA = {
    HALF_SSE: r"$E = \frac{1}{2}(t - out)^2$",
    MSE: r"$E = (t - out)^2$",
    BCE: r"$E = -[t \ln(out) + (1 - t) \ln(1 - out)]$",
}
LOSS_TAG = {HALF_SSE: "loss:half_sse", MSE: "loss:sse", BCE: "loss:bce"}
"""The loss as feedback names it: the mean over a single output is the plain squared error."""
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


def _columns(params: Params) -> dict[str, np.ndarray]:
    """Each Asked field of every variant, as an array."""
    asked: list[Asked] = params["asked"].tolist()
    fields = ("activation", "loss", "target", "which", "used")
    return {f: np.array([getattr(a, f) for a in asked]) for f in fields}


def _loss_numpy(o: np.ndarray, t: np.ndarray, loss: np.ndarray) -> np.ndarray:
    """Each variant's loss in plain numpy (the oracle's function); bce only where asked."""
    square = (t - o) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        cross = -(t * np.log(o) + (1 - t) * np.log(1 - o))
    return np.select([loss == HALF_SSE, loss == MSE], [0.5 * square, square], cross)


def _forward_numpy(
    theta: np.ndarray, params: Params, asked: Mapping[str, np.ndarray]
) -> np.ndarray:
    """E as a function of theta = (w_1, w_2, b), written without the engine."""
    x = params["x"]
    net = theta[:, 0] * x[:, 0] + theta[:, 1] * x[:, 1] + theta[:, 2]
    o = np.where(asked["activation"] == SIGMOID, 1 / (1 + np.exp(-net)), np.tanh(net))
    return _loss_numpy(o, params["t"], asked["loss"])


class LossNeuron(Family, id="loss-neuron-gradient", topic="losses"):
    """Gradient of a loss through one neuron

    dE/dw or dE/db for a sigmoid or tanh unit with half_sse, mse or bce.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        used = 1 if level == 1 else 2
        mask = np.arange(2) < used
        act = TANH if level == 2 and rng.random() < 0.4 else SIGMOID
        loss = LOSSES_AT[level][rng.integers(0, len(LOSSES_AT[level]))]
        if loss == BCE:
            t = float(rng.integers(0, 2))
        elif act == TANH:
            t = round(rng.uniform(-0.9, 0.9), 1)
        else:
            t = round(rng.uniform(0.0, 1.0), 2)
        w = np.round(rng.uniform(-1, 1, 2), 2) * mask
        x = np.round(rng.uniform(-2, 2, 2), 1) * mask
        b = round(rng.uniform(-0.5, 0.5), 2)
        target = "b" if rng.random() < 0.3 else "w"
        asked = Asked(act, loss, target, int(rng.integers(0, used)), used)
        return {"w": w, "x": x, "b": b, "t": t, "asked": asked}

    def solve(self, params: Params, level: int) -> Solved:
        asked = _columns(params)
        act, loss, t = asked["activation"], asked["loss"], params["t"]
        w, b = variable(params["w"]), variable(params["b"])
        net = ops.add(ops.sum_(ops.mul(w, params["x"])), b)
        out = ops.add(
            ops.mul(act == SIGMOID, ops.sigmoid(net)), ops.mul(act == TANH, ops.tanh(net))
        )
        o_units, t_units = ops.reshape(out, (1,)), t[:, None]
        pieces = {HALF_SSE: losses.half_sse, MSE: losses.mse, BCE: losses.bce}
        terms = [ops.mul(loss == code, pieces[code](o_units, t_units)) for code in LOSSES_AT[level]]
        total = terms[0]
        for term in terms[1:]:
            total = ops.add(total, term)
        total.backward()
        rows = np.arange(len(t))
        which, target = asked["which"], asked["target"]
        answer = np.where(target == "w", w.gradient[rows, which], b.gradient)

        theta = np.column_stack([params["w"], params["b"]])
        grads = central_difference(lambda th: _forward_numpy(th, params, asked), theta)
        check = grads[rows, np.where(target == "w", which, 2)]

        o, n, x = out.value, net.value, params["x"]
        sig, bce = act == SIGMOID, loss == BCE
        slope = np.where(sig, o * (1 - o), 1 - o * o)
        slope_at_net = np.where(sig, n * (1 - n), 1 - n * n)
        with np.errstate(divide="ignore", invalid="ignore"):
            dldo = np.select([loss == HALF_SSE, loss == MSE], [o - t, 2 * (o - t)], (o - t) / slope)
        delta = dldo * slope
        through = np.where(target == "w", x[rows, which], 1.0)
        other = np.where((target == "w") & (asked["used"] == 2), x[rows, 1 - which], np.nan)
        nan = np.full_like(o, np.nan)
        mistakes = {
            "error-sign": -answer,
            "factor-two": np.select([loss == HALF_SSE, loss == MSE], [2 * answer, answer / 2], nan),
            "no-activation-derivative": dldo * through,
            "derivative-at-net": np.where(bce, nan, dldo * slope_at_net * through),
            "wrong-input": delta * other,
            "forward-not-gradient": total.value,
        }
        mistakes[KEPT_SLOPE] = np.where(bce, delta * slope * through, nan)
        return Solved(
            answer=answer,
            check=check,
            mistakes=mistakes,
            extra={
                "net": n,
                "out": o,
                "loss_value": total.value,
                "slope": slope,
                "dldo": dldo,
                "delta": delta,
                "through": through,
            },
        )

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        net, o, t = solved.extra["net"], solved.extra["out"], params["t"]
        magnitude = np.abs(solved.answer)
        return (
            (np.abs(net) > 0.1)
            & (np.abs(net) < 2.5)
            & (np.abs(o - t) > 0.05)
            & (magnitude > 0.005)
            & (magnitude < 50)
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        asked_for = record(params, "asked", Asked)
        used, which = asked_for.used, asked_for.which
        act, loss = asked_for.activation, asked_for.loss
        name = act
        sym = r"\sigma" if act == SIGMOID else r"\tanh"
        sub = (lambda i: f"_{i + 1}") if used == 2 else (lambda i: "")
        w, x = params["w"][:used], params["x"][:used]
        b, t = float(params["b"]), float(params["t"])
        asked = f"w{sub(which)}" if asked_for.target == "w" else "b"
        e = row.extra
        net, o = float(e["net"]), float(e["out"])
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
            Step(
                "Net input", f"$net = {net_formula}$", f"{terms} + {signed(b)}", res["net"], "net"
            ),
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
        if loss == BCE:
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
            steps.append(
                Step(
                    "Through the sigmoid: its slope cancels",
                    r"$\delta = \partial E / \partial out \cdot out(1 - out) = out - t$",
                    f"{shown['out']} - {signed(t)}",
                    res["delta"],
                    "delta",
                )
            )
        else:
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
            steps.append(
                Step(
                    "Delta at the unit",
                    r"$\delta = \partial E / \partial net"
                    r" = \partial E / \partial out \cdot f'(net)$",
                    f"{shown['dldo']} × {shown['slope']}",
                    res["delta"],
                    "delta",
                )
            )
        through = f"x{sub(which)}" if asked != "b" else "1"
        steps.append(
            Step(
                f"Gradient of {asked.replace('_', '')}",
                f"$\\partial E / \\partial {asked} = \\delta \\cdot {through}$",
                f"{shown['delta']} × {signed(float(e['through']))}",
                format_number(row.answer, 4),
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
                else "Differentiate the loss with respect to out first, minding the factor in "
                "front."
            ),
        )
        # screened always, so a key's variant stays the same once the catalogue defines it
        return self.numeric_question(
            key,
            row,
            prompt,
            hints,
            tuple(steps),
            neuron_diagram(x, w, b, net, o, name),
            (LOSS_TAG[loss], f"activation:{name}"),
        )


FAMILIES = (LossNeuron(),)
