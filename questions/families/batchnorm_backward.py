"""Batch normalization backward for one feature over a small batch: one ∂E/∂x_i (levels 1,
2) or ∂E/∂γ (level 3). Mistakes: the batch statistics held constant, the unbiased variance,
the mean's term left out; for γ, its gradient taken as β's or averaged."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_norm import batch_norm
from questions.families.base import Family, Params, Row, Solved
from questions.families.tensor_kit import STEP
from questions.formatting import given
from questions.model import FamilyKey, Question, Step

EPS = 1e-5  # the layer's ε, the engine's default
BATCH = {1: 3, 2: 4, 3: 4}


def _forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """The layer in plain numpy, per variant over the batch axis (the oracle's forward)."""
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return gamma[:, None] * (x - mu) / np.sqrt(var + EPS) + beta[:, None]


def _input_gradient(x: np.ndarray, g: np.ndarray, gamma: np.ndarray, ddof: int) -> np.ndarray:
    """The three-term formula, with the variance over N − ddof (a mistake when ddof = 1)."""
    sigma = np.sqrt(x.var(axis=1, keepdims=True, ddof=ddof) + EPS)
    hat = (x - x.mean(axis=1, keepdims=True)) / sigma
    mean_g = g.mean(axis=1, keepdims=True)
    return gamma[:, None] / sigma * (g - mean_g - hat * (g * hat).mean(axis=1, keepdims=True))


def listed(values: np.ndarray) -> str:
    """A vector of given numbers, [a, b, c]."""
    return "[" + ", ".join(given(float(v)) for v in values) + "]"


class BatchNormBackward(Family, id="batchnorm-backward", topic="normalization"):
    """Batch normalization, backward

    The three-term formula: the batch statistics couple the examples.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        n = BATCH[level]
        return {
            "x": np.round(rng.uniform(-3, 3, n), 1),
            "g": np.round(rng.uniform(-2, 2, n), 1),
            "gamma": float(np.round(rng.uniform(0.5, 2), 1)),
            "beta": float(np.round(rng.uniform(-1, 1), 1)),
            "i": float(rng.integers(n)),
        }

    def solve(self, params: Params, level: int) -> Solved:
        x, g, gamma, beta = params["x"], params["g"], params["gamma"], params["beta"]
        variants, i = np.arange(len(x)), params["i"].astype(int)
        inputs, scale = variable(x[:, :, None]), variable(gamma[:, None])
        ops.sum_(ops.mul(g[:, :, None], batch_norm(inputs, scale, beta[:, None]))).backward()
        sigma = np.sqrt(x.var(axis=1, keepdims=True) + EPS)
        hat = (x - x.mean(axis=1, keepdims=True)) / sigma
        extra = {"sigma": sigma[:, 0], "hat": hat}
        if level == 3:
            nudge = STEP * np.ones_like(gamma)
            high = (g * _forward(x, gamma + nudge, beta)).sum(axis=1)
            low = (g * _forward(x, gamma - nudge, beta)).sum(axis=1)
            hat1 = (x - x.mean(axis=1, keepdims=True)) / np.sqrt(
                x.var(axis=1, ddof=1, keepdims=True) + EPS
            )
            return Solved(
                answer=scale.gradient[:, 0],
                check=(high - low) / (2 * STEP),
                mistakes={
                    "bn-dgamma-as-dbeta": g.sum(axis=1),
                    "bn-unbiased-variance": (g * hat1).sum(axis=1),
                    "bn-averaged-over-batch": (g * hat).mean(axis=1),
                },
                extra=extra,
            )
        missing_mean = gamma[:, None] / sigma * (g - hat * (g * hat).mean(axis=1, keepdims=True))
        return Solved(
            answer=inputs.gradient[variants, i, 0],
            # central differences lose too many figures to cancellation here: closed form
            check=_input_gradient(x, g, gamma, 0)[variants, i],
            mistakes={
                "bn-constant-stats": (gamma * g[variants, i] / sigma[:, 0]),
                "bn-unbiased-variance": _input_gradient(x, g, gamma, 1)[variants, i],
                "bn-missing-mean-term": missing_mean[variants, i],
            },
            extra=extra,
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        x, g, i = params["x"], params["g"], int(params["i"])
        gamma, beta = float(params["gamma"]), float(params["beta"])
        n, sigma = len(x), float(row.extra["sigma"])
        hat = np.asarray(row.extra["hat"])
        asked = (
            r"$\partial E / \partial \gamma$"
            if key.level == 3
            else f"$\\partial E / \\partial x_{{{i + 1}}}$"
        )
        prompt = (
            f"Batch normalization (training mode, $\\epsilon = 10^{{-5}}$) normalizes one "
            f"feature over a batch of {n}: $x$ = {listed(x)}, with $\\gamma = {gamma:g}$ and "
            f"$\\beta = {beta:g}$, so $y_k = \\gamma \\hat{{x}}_k + \\beta$. The upstream "
            f"gradient is $\\partial E / \\partial y$ = {listed(g)}. What is {asked}?"
        )
        steps = [
            Step(
                "The batch statistics",
                r"$\mu = \frac{1}{N}\sum x_k$, "
                r"$\sigma = \sqrt{\frac{1}{N}\sum (x_k - \mu)^2 + \epsilon}$",
                f"N = {n}",
                f"σ = {sigma:.4g}",
                id="stats",
            ),
            Step(
                "The normalized inputs",
                r"$\hat{x}_k = (x_k - \mu) / \sigma$",
                "",
                listed(np.round(hat, 4)),
                id="normalized",
            ),
        ]
        if key.level == 3:
            steps.append(
                Step(
                    "γ is shared by the batch: sum each example's term",
                    r"$\partial E / \partial \gamma = \sum_k g_k \hat{x}_k$",
                    "",
                    f"{row.answer:.4g}",
                    id="grad",
                )
            )
        else:
            steps.append(
                Step(
                    "The three-term formula",
                    r"$\partial E / \partial x_i = \frac{\gamma}{\sigma}"
                    r"(g_i - \overline{g} - \hat{x}_i\, \overline{g \hat{x}})$",
                    f"mean(g) = {float(np.mean(g)):.4g}, mean(g·x̂) = {float(np.mean(g * hat)):.4g}",
                    f"{row.answer:.4g}",
                    id="grad",
                )
            )
        hints = (
            "μ and σ are computed from the batch, so every x_k moves them.",
            "Training mode uses the biased variance, dividing by N.",
        )
        return self.numeric_question(key, row, prompt, hints, tuple(steps))


FAMILIES = (BatchNormBackward(),)
