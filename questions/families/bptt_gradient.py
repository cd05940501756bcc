"""Backprop through time in a one-unit tanh RNN, h_t = tanh(w h_(t−1) + u x_t), with the loss
½(h_T − y)² at the last step: ∂E/∂w sums a term from every step (2 or 3). Mistakes: the last
step's term only, tanh's slope left out, the pre-activation in place of the state."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import Tensor, ops, variable
from questions.families.base import Family, Params, Row, Solved
from questions.families.tensor_kit import STEP
from questions.formatting import given
from questions.model import FamilyKey, Question, Step

STEPS = {1: 2, 2: 3, 3: 3}  # level 3 starts from a larger h_0


def _states(w: np.ndarray, params: Params, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Pre-activations a_1..a_T and states h_0..h_T in plain numpy (the oracle's forward)."""
    h, nets = [params["h0"]], []
    for t in range(steps):
        nets.append(w * h[-1] + params["u"] * params["x"][:, t])
        h.append(np.tanh(nets[-1]))
    return np.stack(nets, axis=1), np.stack(h, axis=1)


def _sum_over_time(
    w: np.ndarray, error: np.ndarray, slopes: np.ndarray, inputs: np.ndarray
) -> np.ndarray:
    """Σ_t δ_t · input_(t−1), with δ_T = error · slope_T and δ_(t−1) = δ_t · w · slope_(t−1)."""
    steps = slopes.shape[1]
    delta, total = error * slopes[:, -1], np.zeros_like(w)
    for t in range(steps - 1, -1, -1):
        total += delta * inputs[:, t]
        if t:
            delta = delta * w * slopes[:, t - 1]
    return total


class BpttGradient(Family, id="bptt-gradient", topic="recurrent"):
    """Backprop through time

    The recurrent weight's gradient sums a term from every unrolled step.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        def signed(low: int, high: int) -> float:
            return float(rng.choice([-1, 1]) * rng.integers(low, high) / 10)

        return {
            "w": signed(3, 13),
            "u": signed(5, 16),
            "x": np.array([signed(2, 16) for _ in range(STEPS[level])]),
            "y": float(np.round(rng.uniform(-1, 1), 1)),
            "h0": signed(2, 9) if level < 3 else signed(5, 10),
        }

    def solve(self, params: Params, level: int) -> Solved:
        steps, w0, y = STEPS[level], params["w"], params["y"]
        weight = variable(w0)
        h: Tensor | np.ndarray = params["h0"]
        for t in range(steps):
            h = ops.tanh(ops.add(ops.mul(weight, h), ops.mul(params["u"], params["x"][:, t])))
        error = ops.sub(h, y)
        ops.mul(0.5, ops.mul(error, error)).backward()

        def loss(w: np.ndarray) -> np.ndarray:
            return 0.5 * (_states(w, params, steps)[1][:, -1] - y) ** 2

        nets, states = _states(w0, params, steps)
        slopes = 1 - states[:, 1:] ** 2
        e = states[:, -1] - y
        before = np.concatenate([params["h0"][:, None], nets[:, :-1]], axis=1)
        return Solved(
            answer=weight.gradient,
            check=(loss(w0 + STEP) - loss(w0 - STEP)) / (2 * STEP),
            mistakes={
                "bptt-last-step-only": e * slopes[:, -1] * states[:, -2],
                "bptt-no-tanh-slope": _sum_over_time(w0, e, np.ones_like(slopes), states[:, :-1]),
                "bptt-net-not-state": _sum_over_time(w0, e, slopes, before),
            },
            extra={"h": states[:, 1:], "slopes": slopes},
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        steps = STEPS[key.level]
        w, u, y, h0 = (float(params[k]) for k in ("w", "u", "y", "h0"))
        xs = ", ".join(given(float(v)) for v in params["x"])
        h, slopes = np.asarray(row.extra["h"]), np.asarray(row.extra["slopes"])
        prompt = (
            f"A recurrent unit computes $h_t = \\tanh(w\\, h_{{t-1}} + u\\, x_t)$ with "
            f"$w = {given(w)}$, $u = {given(u)}$ and $h_0 = {given(h0)}$, over {steps} steps "
            f"with inputs $x$ = [{xs}]. The loss is $E = \\frac{{1}}{{2}}(h_{steps} - y)^2$ "
            f"with $y = {given(y)}$. What is $\\partial E / \\partial w$, the weight shared "
            "by every step?"
        )
        solution = (
            Step(
                "Unroll the forward pass",
                r"$h_t = \tanh(w h_{t-1} + u x_t)$",
                "",
                ", ".join(f"h{t + 1} = {v:.4g}" for t, v in enumerate(h)),
                id="unroll",
            ),
            Step(
                "Back through a step: tanh's slope, then w",
                r"$\delta_T = (h_T - y)(1 - h_T^2)$, "
                r"$\delta_{t-1} = \delta_t\, w\, (1 - h_{t-1}^2)$",
                ", ".join(f"1 − h{t + 1}² = {v:.4g}" for t, v in enumerate(slopes)),
                id="deltas",
            ),
            Step(
                "Sum every step's term",
                r"$\partial E / \partial w = \sum_t \delta_t\, h_{t-1}$",
                f"{steps} terms, t = 1 … {steps}",
                f"{row.answer:.4g}",
                id="grad",
            ),
        )
        hints = (
            "Unroll the network: w appears once per step.",
            "Each step's term is its δ times the state that came into it.",
        )
        return self.numeric_question(key, row, prompt, hints, solution)


FAMILIES = (BpttGradient(),)
