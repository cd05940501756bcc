"""A mini-batch of 2-4 examples; the mean or summed gradient, and one SGD step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from engine import ops, variable
from engine.gradcheck import central_difference
from questions.families.base import Family, Params, Row, Solved, record
from questions.families.figures import sum_term
from questions.formatting import given, signed
from questions.model import FamilyKey, Question, Step
from questions.numbers import format_number

MAX_BATCH = 4
RATES = (0.2, 0.5)
SINGLE_EXAMPLE = "single-example"


@dataclass(frozen=True)
class Batch:
    """A variant's batch and question: its unit's activation, B, the convention, the ask."""

    activation: str  # "identity" or "sigmoid" (engine.activations.ACTIVATIONS)
    count: int  # B, the examples in the batch
    mean: bool  # the loss averages over the batch (else it sums)
    update: bool  # the new weight after one step is asked (else the gradient)


def _columns(params: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(sigmoid, count, mean, update) of every variant, as arrays."""
    batches: list[Batch] = params["batch"].tolist()
    return (
        np.array([b.activation == "sigmoid" for b in batches]),
        np.array([b.count for b in batches]),
        np.array([b.mean for b in batches]),
        np.array([b.update for b in batches]),
    )


def _batch_loss_numpy(w: np.ndarray, params: Params) -> np.ndarray:
    """The batch loss as a function of w, in plain numpy: the oracle's function."""
    sigmoid, count, mean, _ = _columns(params)
    net = w[:, None] * params["x"] + params["b"][:, None]
    o = np.where(sigmoid[:, None], 1 / (1 + np.exp(-net)), net)
    per_example = 0.5 * (params["t"] - o) ** 2 * params["mask"]
    scale = np.where(mean, 1 / count, 1.0)
    return scale * per_example.sum(axis=1)


def _numbers(values: np.ndarray) -> str:
    """(a, b, c) of intermediate results, 4 figures."""
    return "(" + ", ".join(format_number(float(v), 4) for v in values) + ")"


def _term(x: float) -> str:
    """A number inside a formula at 4 figures, negatives in parentheses."""
    text = format_number(x, 4)
    return f"({text})" if text.startswith("-") else text


class MiniBatch(Family, id="minibatch-gradient", topic="batches"):
    """Gradient over a mini-batch

    The averaged or summed gradient of one weight over 2-4 examples.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        count = {1: 2, 2: 3}.get(level) or int(rng.integers(2, MAX_BATCH + 1))
        mask = (np.arange(MAX_BATCH) < count).astype(float)
        sigmoid = level == 3 or (level == 2 and int(rng.integers(0, 2)) == 1)
        if not sigmoid:
            t = np.round(rng.uniform(-1.5, 1.5, MAX_BATCH), 1)
        else:
            t = np.round(rng.uniform(0.0, 1.0, MAX_BATCH), 2)
        w, b = round(rng.uniform(-1, 1), 2), round(rng.uniform(-0.5, 0.5), 2)
        x = np.round(rng.uniform(-2, 2, MAX_BATCH), 1) * mask
        mean = int(rng.integers(0, 2)) == 1
        batch = Batch("sigmoid" if sigmoid else "identity", count, mean, level == 3)
        lr = RATES[int(rng.integers(0, len(RATES)))]
        return {"w": w, "b": b, "x": x, "t": t * mask, "mask": mask, "batch": batch, "lr": lr}

    def solve(self, params: Params, level: int) -> Solved:
        sigmoid, count, mean, asks_update = _columns(params)
        mask, lr = params["mask"], params["lr"]
        sig = sigmoid[:, None]
        w, b = variable(params["w"][:, None]), variable(params["b"][:, None])
        net = ops.add(ops.mul(w, params["x"]), b)
        out = ops.add(ops.mul(~sig, ops.identity(net)), ops.mul(sig, ops.sigmoid(net)))
        error = ops.sub(params["t"], out)
        per_example = ops.mul(mask, ops.mul(0.5, ops.mul(error, error)))
        scale = np.where(mean, 1 / count, 1.0)
        loss = ops.mul(scale, ops.sum_(per_example))
        loss.backward()
        gradient = w.gradient[:, 0]
        answer = np.where(asks_update, params["w"] - lr * gradient, gradient)

        oracle = central_difference(lambda v: _batch_loss_numpy(v, params), params["w"])
        check = np.where(asks_update, params["w"] - lr * oracle, oracle)

        o, x = out.value, params["x"]
        slope = np.where(sig, o * (1 - o), 1.0)
        each = (o - params["t"]) * slope * x * mask  # each example's dL_k/dw
        total = each.sum(axis=1)
        other = np.where(mean, total, total / count)  # the other convention
        no_slope = np.where(
            sig[:, 0],
            scale * ((o - params["t"]) * x * mask).sum(axis=1),
            np.nan,
        )
        nan = np.full_like(gradient, np.nan)

        def as_asked(g: np.ndarray) -> np.ndarray:
            """What a learner with gradient g gives for the question asked."""
            return np.where(asks_update, params["w"] - lr * g, g)

        mistakes = {
            "mean-not-sum": as_asked(np.where(mean, nan, other)),
            "sum-not-mean": as_asked(np.where(mean, other, nan)),
            SINGLE_EXAMPLE: as_asked(each[:, 0]),
            "no-activation-derivative": as_asked(no_slope),
            "error-sign": np.where(asks_update, nan, -gradient),
            "forward-not-gradient": np.where(asks_update, nan, loss.value),
            "update-sign": np.where(asks_update, params["w"] + lr * gradient, nan),
            "no-learning-rate": np.where(asks_update, params["w"] - gradient, nan),
            "change-not-weight": np.where(asks_update, -lr * gradient, nan),
        }
        live = mask > 0
        return Solved(
            answer=answer,
            check=check,
            mistakes=mistakes,
            extra={
                "out": o,
                "each": each,
                "gradient": gradient,
                "loss_value": loss.value,
                "max_net": np.where(live, np.abs(net.value), 0).max(axis=1),
                "min_error": np.where(live, np.abs(o - params["t"]), np.inf).min(axis=1),
            },
        )

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        gradient = np.abs(solved.extra["gradient"])
        step = np.abs(params["lr"] * gradient)
        return (
            (gradient > 0.02)
            & (gradient < 20)
            & (np.abs(solved.answer) > 0.01)
            & (step > 0.01)
            & (solved.extra["max_net"] < 3)
            & (solved.extra["min_error"] > 0.02)
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        batch = record(params, "batch", Batch)
        count, sig, mean = batch.count, batch.activation == "sigmoid", batch.mean
        asks_update = batch.update
        w, b, lr = float(params["w"]), float(params["b"]), float(params["lr"])
        x, t = params["x"][:count], params["t"][:count]
        e = row.extra
        each, o = e["each"][:count], e["out"][:count]
        unit = r"$out = \sigma(w x + b)$" if sig else "$out = w x + b$"
        pairs = ", ".join(f"({given(xk)}, {given(tk)})" for xk, tk in zip(x, t, strict=True))
        per = r"\frac{1}{2}(t_k - out_k)^2"
        combine = (
            f"their mean, $E = \\frac{{1}}{{B}}\\sum_k {per}$"
            if mean
            else f"their sum, $E = \\sum_k {per}$"
        )
        prompt = (
            f"A {'sigmoid' if sig else 'linear'} neuron computes {unit} with $w = {given(w)}$ "
            f"and $b = {given(b)}$. A mini-batch holds $B = {count}$ examples $(x_k, t_k)$: "
            f"{pairs}. The batch loss is {combine}. "
        )
        if asks_update:
            prompt += (
                f"One step of gradient descent with learning rate $\\eta = {given(lr)}$ uses "
                "this batch's gradient. What is $w$ after the step?"
            )
        else:
            prompt += r"What is $\partial E / \partial w$?"
        local = r"(out_k - t_k)\,out_k(1 - out_k)\,x_k" if sig else r"(out_k - t_k)\,x_k"
        total = float(np.sum(each))
        terms = [sum_term(float(g), total) for g in each]
        shown_g = " + ".join([terms[0].removeprefix("(").removesuffix(")"), *terms[1:]])
        gradient = format_number(float(e["gradient"]), 4)
        wrap = "σ({})" if sig else "{}"
        steps = [
            Step(
                "Each example's output",
                unit,
                ", ".join(wrap.format(f"{signed(w)} × {signed(xk)} + {signed(b)}") for xk in x),
                "out = " + _numbers(o),
                "out",
            ),
            Step(
                "Each example's gradient",
                f"$\\partial E_k / \\partial w = {local}$",
                ", ".join(
                    f"({format_number(float(ok), 4)} - {signed(tk)})"
                    f"{' × ' + _term(ok * (1 - ok)) if sig else ''}"
                    f" × {signed(xk)}"
                    for ok, tk, xk in zip(o, t, x, strict=True)
                ),
                "(" + ", ".join(format_number(float(g), 4) for g in each) + ")",
                "grad:each",
            ),
            Step(
                "Combine over the batch: the mean" if mean else "Combine over the batch: the sum",
                (
                    r"$\partial E / \partial w = \frac{1}{B}\sum_k \partial E_k / \partial w$"
                    if mean
                    else r"$\partial E / \partial w = \sum_k \partial E_k / \partial w$"
                ),
                f"({shown_g}) / {count}" if mean else shown_g,
                gradient,
                "batch",
            ),
        ]
        if asks_update:
            steps.append(
                Step(
                    "Gradient descent step",
                    r"$w \leftarrow w - \eta\,\partial E / \partial w$",
                    f"{given(w)} - {given(lr)} × {_term(float(e['gradient']))}",
                    format_number(row.answer, 4),
                    "update",
                )
            )
        hints = (
            "Work out each example's gradient on its own first.",
            "Then read how the batch loss combines the examples: a mean divides by B, a sum "
            "does not.",
        )
        tags = ("activation:sigmoid",) if sig else ()
        return self.numeric_question(key, row, prompt, hints, tuple(steps), tags=tags)


FAMILIES = (MiniBatch(),)
