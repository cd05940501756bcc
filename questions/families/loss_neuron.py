"""One neuron with a loss (half_sse, mse or bce); dE/dw or dE/db for one example, or for a
batch of two (level 3, questions.families.loss_batch)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import numpy as np

from engine import losses, ops, variable
from engine.gradcheck import central_difference
from questions.families import loss_batch as batch
from questions.families.base import Family, Params, Row, Solved, record
from questions.families.diagrams import neuron_diagram
from questions.families.kit.neuron_loss_text import (
    BCE,
    HALF_SSE,
    MSE,
    SIGMOID,
    TANH,
    Asked,
    words,
)
from questions.model import FamilyKey, Question

LOSSES_AT = {1: (HALF_SSE,), 2: (HALF_SSE, MSE), 3: (BCE,)}
"""Level 1 one unit with the half squared error; level 2 a second input, the mean squared error
and tanh; level 3 cross-entropy over a batch of two examples, two paths to every weight."""
KEPT_SLOPE = "extra-activation-derivative"
"""Keeping the sigmoid's slope with cross-entropy, where it has already cancelled (BCE only)."""
LOSS_TAG = {HALF_SSE: "loss:half_sse", MSE: "loss:sse", BCE: "loss:bce"}
"""The loss as feedback names it: the mean over a single output is the plain squared error."""


LOW = np.array([-1.0, -1.0, -2.0, -2.0])
SPAN = np.array([2.0, 2.0, 4.0, 4.0])
SCALE = np.array([100.0, 100.0, 10.0, 10.0])
"""w (in hundredths) and x (in tenths) from one row of uniforms: low + span * u is what
rng.uniform(low, low + span) computes, rint(y * scale) / scale is np.round."""
MASK = np.tile(np.arange(2) < 1, 2)
"""A one-input neuron's weight and input (level 1): the others are zero, hidden from the prompt."""


@cache
def _asked(activation: str, loss: str, target: str, which: int, used: int) -> Asked:
    """An Asked, made once for each of its few values."""
    return Asked(activation, loss, target, which, used)


def _columns(params: Params) -> dict[str, np.ndarray]:
    """Each Asked field of every variant, as an array."""
    asked: list[Asked] = params["asked"].tolist()
    fields = ("activation", "loss", "target", "which", "used")
    return {f: np.array([getattr(a, f) for a in asked]) for f in fields}


def _loss_numpy(o: np.ndarray, t: np.ndarray, half: np.ndarray, mse: np.ndarray) -> np.ndarray:
    """Each variant's loss in plain numpy (the oracle's function): half_sse where `half`, mse
    where `mse`, bce elsewhere (its logs taken only when some variant asks it)."""
    square = (t - o) ** 2
    cross = square
    if not np.all(half | mse):
        with np.errstate(invalid="ignore", divide="ignore"):
            cross = -(t * np.log(o) + (1 - t) * np.log(1 - o))
    return np.where(half, 0.5 * square, np.where(mse, square, cross))


def _forward_numpy(
    theta: np.ndarray, x: np.ndarray, t: np.ndarray, sigmoid: np.ndarray, loss: np.ndarray
) -> np.ndarray:
    """E as a function of theta = (w_1, w_2, b), written without the engine."""
    net = theta[:, 0] * x[:, 0] + theta[:, 1] * x[:, 1] + theta[:, 2]
    o = np.where(sigmoid, 1 / (1 + np.exp(-net)), np.tanh(net))
    return _loss_numpy(o, t, loss == HALF_SSE, loss == MSE)


class LossNeuron(Family, id="loss-neuron-gradient", topic="losses"):
    """Gradient of a loss through one neuron

    dE/dw or dE/db for a sigmoid or tanh unit with half_sse, mse, or bce over a batch of two.
    """

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        if level == 3:
            return batch.draw(rng)
        used = 1 if level == 1 else 2
        act = TANH if level == 2 and rng.random() < 0.4 else SIGMOID
        loss = LOSSES_AT[level][rng.integers(0, len(LOSSES_AT[level]))]
        # t, then w, x and b: one row of uniforms, as rng.uniform would draw them one by one
        u = rng.random(6)
        # a tanh target in (-0.9, 0.9) to tenths, a sigmoid one in (0, 1) to hundredths
        t = round(-0.9 + 1.8 * float(u[0]), 1) if act == TANH else round(float(u[0]), 2)
        drawn = np.rint((LOW + SPAN * u[1:5]) * SCALE) / SCALE
        if used == 1:
            drawn *= MASK
        b = round(-0.5 + float(u[5]), 2)  # Python's round, as for a scalar rng.uniform()
        target = "b" if rng.random() < 0.3 else "w"
        asked = _asked(act, loss, target, int(rng.integers(0, used)), used)
        return {"w": drawn[:2], "x": drawn[2:], "b": b, "t": t, "asked": asked}

    def solve(self, params: Params, level: int) -> Solved:
        if params["x"].ndim == 3:  # (variants, examples, inputs): a batch
            return batch.solve(params)
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
        x, sig, bce = params["x"], act == SIGMOID, loss == BCE
        grads = central_difference(lambda th: _forward_numpy(th, x, t, sig, loss), theta)
        check = grads[rows, np.where(target == "w", which, 2)]

        o, n = out.value, net.value
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
        if params["x"].ndim == 3:
            return batch.acceptable(solved)
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
        asked = record(params, "asked", Asked)
        if params["x"].ndim == 2:  # one variant's (examples, inputs): a batch
            prompt, steps, hints = batch.words(asked, params, row.extra, row.answer)
            diagram = batch.diagram(params["w"], float(params["b"]))
            return self.numeric_question(key, row, prompt, hints, steps, diagram, (LOSS_TAG[BCE],))
        prompt, steps, hints = words(asked, params, row.extra, row.answer)
        used, e = asked.used, row.extra
        diagram = neuron_diagram(
            params["x"][:used],
            params["w"][:used],
            float(params["b"]),
            float(e["net"]),
            float(e["out"]),
            asked.activation,
        )
        tags = (LOSS_TAG[asked.loss], f"activation:{asked.activation}")
        # screened always, so a key's variant stays the same once the catalogue defines it
        return self.numeric_question(key, row, prompt, hints, steps, diagram, tags)


FAMILIES = (LossNeuron(),)
