"""Backprop through time in a one-unit tanh RNN, h_t = tanh(w h_(t−1) + u x_t), with the loss
½(h_T − y)² at the last step, in three levels: one step back (T = 1, ∂E/∂w = δ_1 h_0); the
path of w's use at step 1 back through two steps (δ_1 = δ_2 w (1 − h_1²)); and ∂E/∂w over
three steps, the sum of every step's path. Mistakes: the error's sign, tanh's slope left out,
and at level 3 the last step's term only or the pre-activation in place of the state."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import Tensor, ops, variable
from questions.families.base import Family, Params, Row, Solved, signed_tenths
from questions.families.figures import sum_term
from questions.families.tensor_kit import STEP, factor
from questions.formatting import given, signed
from questions.model import FamilyKey, Question, Step

STEPS = {1: 1, 2: 2, 3: 3}  # level: unrolled steps T
TRACKED = {1: (0,), 2: (0,), 3: (0, 1, 2)}  # level: the steps whose use of w is asked about
NAN = float("nan")


def _states(ws: list[np.ndarray], params: Params) -> tuple[np.ndarray, np.ndarray]:
    """Pre-activations a_1..a_T and states h_0..h_T in plain numpy, with w_t the weight step
    t uses (the oracle's forward, which can nudge one step's use alone)."""
    h, nets = [params["h0"]], []
    for t, w in enumerate(ws):
        nets.append(w * h[-1] + params["u"] * params["x"][:, t])
        h.append(np.tanh(nets[-1]))
    return np.stack(nets, axis=1), np.stack(h, axis=1)


def _deltas(w: np.ndarray, error: np.ndarray, slopes: np.ndarray) -> np.ndarray:
    """δ_t per step: δ_T = error · slope_T, δ_(t−1) = δ_t · w · slope_(t−1)."""
    deltas = np.empty_like(slopes)
    deltas[:, -1] = error * slopes[:, -1]
    for t in range(slopes.shape[1] - 1, 0, -1):
        deltas[:, t - 1] = deltas[:, t] * w * slopes[:, t - 1]
    return deltas


class BpttGradient(Family, id="bptt-gradient", topic="recurrent"):
    """Backprop through time

    The recurrent weight's gradient sums a term from every unrolled step.
    """

    hints = (
        "Unroll the network: w appears once per step.",
        "Each step's term is its δ times the state that came into it.",
    )

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        return {
            "w": signed_tenths(rng, 3, 13),
            "u": signed_tenths(rng, 5, 16),
            "x": np.array([signed_tenths(rng, 2, 16) for _ in range(STEPS[level])]),
            "y": float(np.round(rng.uniform(-1, 1), 1)),
            "h0": signed_tenths(rng, 2, 9) if level < 3 else signed_tenths(rng, 5, 10),
        }

    def solve(self, params: Params, level: int) -> Solved:
        steps, tracked, w0, y = STEPS[level], TRACKED[level], params["w"], params["y"]
        weight = variable(w0)
        h: Tensor | np.ndarray = params["h0"]
        for t in range(steps):
            w = weight if t in tracked else w0
            h = ops.tanh(ops.add(ops.mul(w, h), ops.mul(params["u"], params["x"][:, t])))
        error = ops.sub(h, y)
        ops.mul(0.5, ops.mul(error, error)).backward()

        def loss(nudge: float) -> np.ndarray:
            ws = [w0 + nudge if t in tracked else w0 for t in range(steps)]
            return 0.5 * (_states(ws, params)[1][:, -1] - y) ** 2

        nets, states = _states([w0] * steps, params)
        slopes = 1 - states[:, 1:] ** 2
        e = states[:, -1] - y
        deltas = _deltas(w0, e, slopes)
        picked = list(tracked)
        terms = deltas * states[:, :-1]
        answer = terms[:, picked].sum(axis=1)
        flat = _deltas(w0, e, np.ones_like(slopes)) * states[:, :-1]
        before = np.concatenate([params["h0"][:, None], nets[:, :-1]], axis=1)
        full = level == 3
        return Solved(
            answer=weight.gradient,
            check=(loss(STEP) - loss(-STEP)) / (2 * STEP),
            mistakes={
                "error-sign": -answer,
                "bptt-no-tanh-slope": flat[:, picked].sum(axis=1),
                "bptt-last-step-only": terms[:, -1] if full else np.full_like(answer, NAN),
                "bptt-net-not-state": (
                    (deltas * before).sum(axis=1) if full else np.full_like(answer, NAN)
                ),
            },
            extra={"h": states[:, 1:], "slopes": slopes, "deltas": deltas, "terms": terms},
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        steps, level = STEPS[key.level], key.level
        w, u, y, h0 = (float(params[k]) for k in ("w", "u", "y", "h0"))
        xs = ", ".join(given(float(v)) for v in params["x"])
        h, slopes = np.asarray(row.extra["h"]), np.asarray(row.extra["slopes"])
        deltas, terms = np.asarray(row.extra["deltas"]), np.asarray(row.extra["terms"])
        asked = {
            1: "What is $\\partial E / \\partial w$?",
            2: "The weight $w$ is used at both steps. What is the part of "
            "$\\partial E / \\partial w$ that comes from its use at step 1, the path back "
            "through $h_2$ and $h_1$?",
            3: "What is $\\partial E / \\partial w$, the weight shared by every step?",
        }[level]
        prompt = (
            f"A recurrent unit computes $h_t = \\tanh(w\\, h_{{t-1}} + u\\, x_t)$ with "
            f"$w = {given(w)}$, $u = {given(u)}$ and $h_0 = {given(h0)}$, over {steps} "
            f"step{'s' if steps > 1 else ''} with input{'s' if steps > 1 else ''} $x$ = [{xs}]. "
            f"The loss is $E = \\frac{{1}}{{2}}(h_{steps} - y)^2$ with $y = {given(y)}$. {asked}"
        )
        error = h[-1] - y
        solution = [
            Step(
                "Unroll the forward pass",
                r"$h_t = \tanh(w h_{t-1} + u x_t)$",
                "",
                ", ".join(f"h{t + 1} = {v:.5g}" for t, v in enumerate(h)),
                id="unroll",
            ),
            Step(
                "The loss gradient at the last state",
                f"$h_{steps} - y$",
                f"{sum_term(float(h[-1]), float(error))} − {signed(y)}",
                f"{error:.4g}",
                id="loss-grad",
            ),
            Step(
                f"Back through step {steps}: tanh's slope",
                f"$\\delta_{steps} = (h_{steps} - y)(1 - h_{steps}^2)$",
                f"{factor(error, 4)} × {slopes[-1]:.5g}",
                f"{deltas[-1]:.5g}",
                id=f"deltas:{steps}",
            ),
        ]
        solution += [
            Step(
                f"Back to step {t}: w, then tanh's slope",
                f"$\\delta_{t} = \\delta_{t + 1}\\, w\\, (1 - h_{t}^2)$",
                f"{factor(deltas[t])} × {signed(w)} × {slopes[t - 1]:.5g}",
                f"{deltas[t - 1]:.5g}",
                id=f"deltas:{t}",
            )
            for t in range(steps - 1, 0, -1)
        ]
        if level < 3:
            solution.append(
                Step(
                    "Step 1's use of w: its δ times the state that came in",
                    r"$\delta_1\, h_0$",
                    f"{factor(deltas[0])} × {signed(h0)}",
                    f"{row.answer:.4g}",
                    id="grad",
                )
            )
        else:
            solution += [
                Step(
                    "Each step's term: its δ times the state that came in",
                    r"$\delta_t\, h_{t-1}$",
                    ", ".join(f"δ{t + 1}·h{t}" for t in range(steps)),
                    "[" + ", ".join(f"{v:.4g}" for v in terms) + "]",
                    id="grad:terms",
                ),
                Step(
                    "w is shared by every step: add the terms",
                    r"$\partial E / \partial w = \sum_t \delta_t\, h_{t-1}$",
                    " + ".join(sum_term(float(v), row.answer) for v in terms),
                    f"{row.answer:.4g}",
                    id="grad",
                ),
            ]
        return self.numeric_question(key, row, prompt, self.hints, tuple(solution))


FAMILIES = (BpttGradient(),)
