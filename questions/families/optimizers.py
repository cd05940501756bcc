"""Family 14: momentum and Adam; one weight after the first or the second update.

Level 1 is one update (momentum or Adam, drawn per variant), level 2 two momentum updates
(the velocity carried from one to the next), level 3 two Adam updates (two moments carried,
bias correction at t = 2).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from engine.optim import adam_step, momentum_step
from questions.families.base import Family, Params, Row, Solved
from questions.formatting import given, signed
from questions.model import FamilyKey, Question, Step
from questions.numbers import format_number

MOMENTUM, ADAM = "momentum", "adam"
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8
NO_MOMENTUM = "no-momentum"
"""Plain SGD steps where two momentum updates were asked for."""

MOMENTUM_RULE = r"$v \leftarrow \beta v + g$, $w \leftarrow w - \eta\,v$"
ADAM_RULE = (
    r"$m \leftarrow \beta_1 m + (1 - \beta_1) g$, $s \leftarrow \beta_2 s + (1 - \beta_2) g^2$, "
    r"$\hat{m} = m / (1 - \beta_1^t)$, $\hat{s} = s / (1 - \beta_2^t)$, "
    r"$w \leftarrow w - \eta\,\hat{m} / (\sqrt{\hat{s}} + \epsilon)$"
)


def f4(x: float) -> str:
    """An intermediate result at 4 significant figures."""
    return format_number(x, 4)


def _term(x: float) -> str:
    """An intermediate result inside a formula: 4 figures, negatives in parentheses."""
    text = f4(x)
    return f"({text})" if text.startswith("-") else text


def _reference(w: float, grads: list[float], lr: float, beta: float, kind: str) -> float:
    """The weight after len(grads) updates, in plain Python floats: the independent oracle."""
    first = second = 0.0
    for t, g in enumerate(grads, start=1):
        if kind == MOMENTUM:
            first = beta * first + g
            w -= lr * first
        else:
            first = BETA1 * first + (1 - BETA1) * g
            second = BETA2 * second + (1 - BETA2) * g * g
            corrected = first / (1 - BETA1**t)
            w -= lr * corrected / (math.sqrt(second / (1 - BETA2**t)) + EPS)
    return w


def _adam_steps(g1: np.ndarray, g2: np.ndarray, correct: bool) -> tuple[np.ndarray, np.ndarray]:
    """Adam's two unscaled steps (before the learning rate), with or without bias correction."""
    m1, s1 = (1 - BETA1) * g1, (1 - BETA2) * g1 * g1
    m2, s2 = BETA1 * m1 + (1 - BETA1) * g2, BETA2 * s1 + (1 - BETA2) * g2 * g2
    if correct:
        m1, s1 = m1 / (1 - BETA1), s1 / (1 - BETA2)
        m2, s2 = m2 / (1 - BETA1**2), s2 / (1 - BETA2**2)
    return m1 / (np.sqrt(s1) + EPS), m2 / (np.sqrt(s2) + EPS)


class Optimizers(Family, id="optimizer-steps", topic="optimizers"):
    """Momentum and Adam updates

    One weight after one momentum or Adam update, then after two.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        kind = {2: MOMENTUM, 3: ADAM}.get(level) or (MOMENTUM, ADAM)[int(rng.integers(0, 2))]
        sign = 1.0 if rng.random() < 0.5 else -1.0
        return {
            "w": round(rng.uniform(-1, 1), 2),
            "g1": sign * round(rng.uniform(0.1, 1.5), 2),
            "g2": round(rng.uniform(-1.5, 1.5), 2),
            "lr": (0.1, 0.05)[int(rng.integers(0, 2))],
            "beta": (0.9, 0.8, 0.5)[int(rng.integers(0, 3))] if kind == MOMENTUM else BETA1,
            "steps": 1.0 if level == 1 else 2.0,
            "adam": float(kind == ADAM),
        }

    def solve(self, params: Params, level: int) -> Solved:
        w0, g1, g2, lr, beta = (params[k] for k in ("w", "g1", "g2", "lr", "beta"))
        two, adam = params["steps"] == 2, params["adam"] == 1
        nan = np.full_like(w0, np.nan)
        zero = np.zeros_like(w0)
        # both optimizers for every variant, each variant keeping its own; `first` and
        # `second` are the (first, second) moment after update 1 and after update 2, momentum's
        # velocity its only moment (PyTorch's convention, as engine.optim implements it)
        mw1, v1 = momentum_step(w0, g1, zero, lr, beta)
        mw2, v2 = momentum_step(mw1, g2, v1, lr, beta)
        aw1, m1, s1 = adam_step(w0, g1, zero, zero, 1, lr)
        aw2, m2, s2 = adam_step(aw1, g2, m1, s1, 2, lr)
        adam1, adam2 = _adam_steps(g1, g2, correct=True)
        raw1, raw2 = _adam_steps(g1, g2, correct=False)
        w1, w2 = np.where(adam, aw1, mw1), np.where(adam, aw2, mw2)
        step1, step2 = np.where(adam, adam1, v1), np.where(adam, adam2, v2)  # what η multiplies
        first = (np.where(adam, m1, v1), np.where(adam, s1, nan))
        second = (np.where(adam, m2, v2), np.where(adam, s2, nan))
        uncorrected = np.where(adam, np.where(two, w0 - lr * (raw1 + raw2), w0 - lr * raw1), nan)
        answer = np.where(two, w2, w1)
        check = np.array(
            [
                _reference(w, [a, b][: int(n)], r, bt, ADAM if k else MOMENTUM)
                for w, a, b, r, bt, n, k in zip(
                    *(params[k].tolist() for k in ("w", "g1", "g2", "lr", "beta", "steps", "adam")),
                    strict=True,
                )
            ]
        )
        total = np.where(two, step1 + step2, step1)
        last = np.where(two, step2, step1)
        mistakes = {
            "update-sign": w0 + lr * total,
            "no-learning-rate": w0 - total,
            "change-not-weight": -lr * last,
            "no-bias-correction": uncorrected,
        }
        mistakes[NO_MOMENTUM] = np.where(two & ~adam, w0 - lr * (g1 + g2), nan)
        return Solved(
            answer=answer,
            check=check,
            mistakes=mistakes,
            extra={
                "w1": w1,
                "step1": step1,
                "step2": step2,
                "first1": first[0],
                "second1": first[1],
                "first2": second[0],
                "second2": second[1],
            },
        )

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        two = params["steps"] == 2
        ok = (np.abs(solved.answer) > 0.05) & (np.abs(solved.extra["w1"]) > 0.01)
        ok &= ~two | (np.abs(params["g2"]) > 0.05)
        if level == 3:  # a second Adam step that is not simply another step of size lr
            ok &= np.abs(np.abs(solved.extra["step2"]) - 1) > 0.15
        return ok & (~two | (np.abs(params["lr"] * solved.extra["step2"]) > 0.005))

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        kind, two = ADAM if params["adam"] == 1 else MOMENTUM, params["steps"] == 2
        w0, g1, g2 = float(params["w"]), float(params["g1"]), float(params["g2"])
        lr, beta = float(params["lr"]), float(params["beta"])
        e = {k: float(v) for k, v in row.extra.items()}
        grads = f"$g_1 = {given(g1)}$ and $g_2 = {given(g2)}$" if two else f"$g_1 = {given(g1)}$"
        which = "the second update" if two else "the first update"
        if kind == MOMENTUM:
            prompt = (
                f"Gradient descent with momentum updates a weight by {MOMENTUM_RULE}, starting "
                f"from $v = 0$. With $w = {given(w0)}$, $\\eta = {given(lr)}$ and "
                f"$\\beta = {given(beta)}$, the gradient{'s' if two else ''} at the first "
                f"{'two steps are' if two else 'step is'} {grads}. What is $w$ after {which}?"
            )
        else:
            prompt = (
                f"Adam updates a weight by {ADAM_RULE}, starting from $m = s = 0$ at step "
                f"$t = 1$, with $\\beta_1 = 0.9$, $\\beta_2 = 0.999$ and "
                f"$\\epsilon = 10^{{-8}}$. With $w = {given(w0)}$ and $\\eta = {given(lr)}$, the "
                f"gradient{'s' if two else ''} at the first {'two steps are' if two else 'step is'}"
                f" {grads}. What is $w$ after {which}?"
            )
        hints = (
            ("Start with v = 0 and apply the rule once per gradient, in order.",)
            if kind == MOMENTUM
            else (
                "Start with $m = s = 0$; bias correction divides by $1 - \\beta^t$, t the step "
                "number.",
                "After the first step, compare the corrected $\\hat{m}$ and $\\hat{s}$ with $g$ "
                "and $g^2$.",
            )
        )
        steps = _worked(kind, (w0, g1, g2, lr, beta), e, two, row.answer)
        return self.numeric_question(key, row, prompt, hints, steps)


WEIGHT_NOTE = {MOMENTUM: " (plain SGD, as v started at 0)", ADAM: " (a step of about η)"}
"""What the first weight update of each optimizer shows."""

Carried = tuple[list[Step], str, str]
"""An update's steps before the weight, and what η multiplies: as mathtext and in numbers."""


def _worked(
    kind: str,
    given_values: tuple[float, float, float, float, float],
    e: dict,
    two: bool,
    answer: float,
) -> tuple[Step, ...]:
    """Each update asked: what it carries (momentum's velocity; Adam's moments and their bias
    correction), then the weight it moves. `given_values` is (w0, g1, g2, lr, beta)."""
    w0, g1, g2, lr, beta = given_values
    before = (given(w0), f4(e["w1"]))
    after = (f4(e["w1"] if two else answer), f4(answer))
    steps: list[Step] = []
    for t in (1, 2)[: 1 + two]:
        if kind == MOMENTUM:
            carried, factor, numbers = _velocity(t, g1, g2, beta, e)
        else:
            carried, factor, numbers = _moments(t, g1, g2, e)
        steps += carried
        steps.append(
            Step(
                f"Update {t}: weight" + (WEIGHT_NOTE[kind] if t == 1 else ""),
                f"$w_{t} = w_{t - 1} - \\eta\\,{factor}$",
                f"{before[t - 1]} - {given(lr)} × {numbers}",
                after[t - 1],
                f"update:{t}",
            )
        )
    return tuple(steps)


def _velocity(t: int, g1: float, g2: float, beta: float, e: dict) -> Carried:
    """Momentum's velocity after update t."""
    if t == 1:
        first = Step(
            "Update 1: velocity",
            r"$v_1 = \beta \cdot 0 + g_1$",
            f"0 + {signed(g1)}",
            given(g1),
            "velocity:1",
        )
        return [first], "v_1", signed(g1)
    v2 = e["first2"]
    second = Step(
        "Update 2: velocity",
        r"$v_2 = \beta v_1 + g_2$",
        f"{given(beta)} × {signed(g1)} + {signed(g2)}",
        f4(v2),
        "velocity:2",
    )
    return [second], "v_2", _term(v2)


def _moments(t: int, g1: float, g2: float, e: dict) -> Carried:
    """Adam's two moments after update t and their bias correction."""
    factor = r"\hat{m} / (\sqrt{\hat{s}} + \epsilon)"
    if t == 1:
        return (
            [
                Step(
                    "Update 1: moments",
                    r"$m_1 = 0.1\,g_1$, $s_1 = 0.001\,g_1^2$",
                    f"0.1 × {signed(g1)}, 0.001 × {signed(g1)}^2",
                    f"m = {f4(e['first1'])}, s = {f4(e['second1'])}",
                    "moments:1",
                ),
                Step(
                    "Update 1: bias correction gives back g and g²",
                    r"$\hat{m} = m_1 / 0.1$, $\hat{s} = s_1 / 0.001$",
                    f"{f4(e['first1'])} / 0.1, {f4(e['second1'])} / 0.001",
                    f"{given(g1)}, {f4(g1 * g1)}",
                    "bias-correction:1",
                ),
            ],
            factor,
            f"{signed(g1)} / √{f4(g1 * g1)}",
        )
    m_hat, s_hat = e["first2"] / (1 - BETA1**2), e["second2"] / (1 - BETA2**2)
    return (
        [
            Step(
                "Update 2: moments",
                r"$m_2 = 0.9\,m_1 + 0.1\,g_2$, $s_2 = 0.999\,s_1 + 0.001\,g_2^2$",
                f"0.9 × {_term(e['first1'])} + 0.1 × {signed(g2)}, "
                f"0.999 × {_term(e['second1'])} + 0.001 × {signed(g2)}^2",
                f"m = {f4(e['first2'])}, s = {f4(e['second2'])}",
                "moments:2",
            ),
            Step(
                "Update 2: bias correction with t = 2",
                r"$\hat{m} = m_2 / (1 - 0.9^2)$, $\hat{s} = s_2 / (1 - 0.999^2)$",
                f"{f4(e['first2'])} / 0.19, {f4(e['second2'])} / 0.001999",
                f"{f4(m_hat)}, {f4(s_hat)}",
                "bias-correction:2",
            ),
        ],
        factor,
        f"{_term(m_hat)} / √{f4(s_hat)}",
    )


FAMILIES = (Optimizers(),)
