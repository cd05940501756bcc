"""Layer normalization backward over one example's D features: one ∂E/∂x_i (levels 1, 2;
level 2 with a per-feature γ) or ∂E/∂γ_i over a batch of two (level 3). Mistakes: the
statistics held constant, the unbiased variance, the mean's term left out; for γ, its
gradient taken as β's, averaged, or normalized over the batch."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_norm import layer_norm
from questions.families.base import Family, Params, Row, Solved
from questions.families.batchnorm_backward import EPS, listed
from questions.families.tensor_kit import text
from questions.model import FamilyKey, Question, Step

SHAPES = {1: (1, 4), 2: (1, 5), 3: (2, 4)}  # level: (examples, features D)


def _hat(x: np.ndarray, axis: int, ddof: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """x̂ and σ over `axis` per variant in plain numpy."""
    sigma = np.sqrt(x.var(axis=axis, keepdims=True, ddof=ddof) + EPS)
    return (x - x.mean(axis=axis, keepdims=True)) / sigma, sigma


def _input_gradient(x: np.ndarray, dhat: np.ndarray, ddof: int, mean_term: bool) -> np.ndarray:
    """(1/σ)(d̂ − mean(d̂) − x̂·mean(d̂ x̂)) over the features: the closed form."""
    hat, sigma = _hat(x, -1, ddof)
    shift = dhat.mean(axis=-1, keepdims=True) if mean_term else 0.0
    return (dhat - shift - hat * (dhat * hat).mean(axis=-1, keepdims=True)) / sigma


class LayerNormBackward(Family, id="layernorm-backward", topic="normalization", stage=2):
    """Layer normalization, backward

    Each example's own statistics couple its features, not the batch.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        shape = SHAPES[level]
        gamma = np.ones(shape[1]) if level == 1 else np.round(rng.uniform(0.5, 2, shape[1]), 1)
        return {
            "x": np.round(rng.uniform(-3, 3, shape), 1),
            "g": np.round(rng.uniform(-2, 2, shape), 1),
            "gamma": gamma,
            "i": float(rng.integers(shape[1])),
        }

    def solve(self, params: Params, level: int) -> Solved:
        x, g, gamma = params["x"], params["g"], params["gamma"]
        variants, i = np.arange(len(x)), params["i"].astype(int)
        inputs, scale = variable(x), variable(gamma)
        ops.sum_(ops.mul(g, layer_norm(inputs, scale, np.zeros_like(gamma)))).backward()
        hat, sigma = _hat(x, -1)
        extra = {"sigma": sigma[:, :, 0], "hat": hat}
        if level == 3:
            across, _ = _hat(x, 1)
            return Solved(
                answer=scale.gradient[variants, i],
                check=(g * hat).sum(axis=1)[variants, i],
                mistakes={
                    "bn-dgamma-as-dbeta": g.sum(axis=1)[variants, i],
                    "bn-averaged-over-batch": (g * hat).mean(axis=1)[variants, i],
                    "ln-batch-statistics": (g * across).sum(axis=1)[variants, i],
                },
                extra=extra,
            )
        dhat = g * gamma[:, None, :]
        first = _input_gradient(x, dhat, 0, True)[variants, 0, i]
        return Solved(
            answer=inputs.gradient[variants, 0, i],
            check=first,
            mistakes={
                "ln-constant-stats": dhat[variants, 0, i] / sigma[variants, 0, 0],
                "ln-unbiased-variance": _input_gradient(x, dhat, 1, True)[variants, 0, i],
                "ln-missing-mean-term": _input_gradient(x, dhat, 0, False)[variants, 0, i],
            },
            extra=extra,
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        x, g, gamma, i = params["x"], params["g"], params["gamma"], int(params["i"])
        hat, sigma = np.asarray(row.extra["hat"]), np.asarray(row.extra["sigma"])
        width = x.shape[1]
        affine = "" if key.level == 1 else f" and $\\gamma$ = {listed(gamma)} ($\\beta = 0$)"
        if key.level == 3:
            given_x = f"a batch of two examples (rows) $X$ = {text(x)}"
            given_g = f"$\\partial E / \\partial Y$ = {text(g)}"
            asked = f"$\\partial E / \\partial \\gamma_{{{i + 1}}}$"
        else:
            given_x = f"one example $x$ = {listed(x[0])}"
            given_g = f"$\\partial E / \\partial y$ = {listed(g[0])}"
            asked = f"$\\partial E / \\partial x_{{{i + 1}}}$"
        prompt = (
            f"Layer normalization ($\\epsilon = 10^{{-5}}$) normalizes each example over its "
            f"{width} features, $y_i = \\gamma_i \\hat{{x}}_i + \\beta_i$, for {given_x}"
            f"{affine}. The upstream gradient is {given_g}. What is {asked}?"
        )
        steps = [
            Step(
                "Each example's own statistics, over its features",
                r"$\hat{x}_i = (x_i - \mu) / \sigma$, "
                r"$\sigma^2 = \frac{1}{D}\sum_j (x_j - \mu)^2 + \epsilon$",
                "σ = " + ", ".join(f"{v:.4g}" for v in sigma.ravel()),
                text(np.round(hat, 4)),
                id="stats",
            ),
        ]
        if key.level == 3:
            steps.append(
                Step(
                    "γ_i is shared by the examples: sum their terms",
                    r"$\partial E / \partial \gamma_i = \sum_k g_{ki} \hat{x}_{ki}$",
                    "",
                    f"{row.answer:.4g}",
                    id="grad",
                )
            )
        else:
            dhat = g[0] * gamma
            steps.append(
                Step(
                    "The three-term formula, with ĝ = γ ⊙ g",
                    r"$\partial E / \partial x_i = \frac{1}{\sigma}"
                    r"(\hat{g}_i - \overline{\hat{g}} - \hat{x}_i\, \overline{\hat{g} \hat{x}})$",
                    f"mean(ĝ) = {float(dhat.mean()):.4g}, "
                    f"mean(ĝ·x̂) = {float((dhat * hat[0]).mean()):.4g}",
                    f"{row.answer:.4g}",
                    id="grad",
                )
            )
        hints = (
            "μ and σ are this example's, computed from all its features: each x_j moves them.",
            "The variance divides by D, the number of features.",
        )
        return self.numeric_question(key, row, prompt, hints, tuple(steps))


FAMILIES = (LayerNormBackward(),)
