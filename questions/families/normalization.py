"""What batch norm and layer norm backward share: the same three levels over the same numbers.

Both compute y = γ x̂ + β with x̂ = (x − μ)/σ; they differ only in the axis the statistics
are taken over (the batch for one feature, or one example's features). A variant's x and
g = ∂E/∂y are (examples, features) and γ has one value per feature. The levels:
1. one element: its term g x̂ in ∂E/∂γ (one unit; statistics, x̂, the product);
2. ∂E/∂γ over the batch: every example's term, then their sum (a path through the layer);
3. ∂E/∂x_i: the direct path through x̂_i, the mean's path and the variance's, added (several
   paths).
The engine solves every variant; a plain-numpy oracle checks it (central differences of the
forward for γ, the closed three-term form for x).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from engine import Tensor, ops, variable
from questions.families.base import Family, Params, Row, Solved
from questions.families.figures import sum_term
from questions.families.tensor_kit import STEP, factor
from questions.formatting import given, signed
from questions.model import FamilyKey, Question, Step

EPS = 1e-5  # the layer's ε, the engine's default


def listed(values: np.ndarray) -> str:
    """A vector of given numbers, [a, b, c]."""
    return "[" + ", ".join(given(float(v)) for v in values) + "]"


def shown(values: np.ndarray, figures: int = 4) -> str:
    """Worked values, 4 figures each unless said, [a, b, c]."""
    return "[" + ", ".join(f"{float(v):.{figures}g}" for v in np.ravel(values)) + "]"


def figures(value: float) -> str:
    """x̂ or σ as the steps show it: 5 figures, so a product of three shown factors keeps 3."""
    return f"{value:.5g}"


def normalize(x: np.ndarray, axis: int, ddof: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """x̂ and σ over `axis` per variant in plain numpy (σ keeps the axis)."""
    sigma = np.sqrt(x.var(axis=axis, keepdims=True, ddof=ddof) + EPS)
    return (x - x.mean(axis=axis, keepdims=True)) / sigma, sigma


def three_term(
    x: np.ndarray, dhat: np.ndarray, axis: int, ddof: int = 0, mean_term: bool = True
) -> np.ndarray:
    """(1/σ)(ĝ − mean(ĝ) − x̂·mean(ĝ x̂)) over `axis`: the closed form (a mistake's with the
    variance over m − 1, or without the mean's term)."""
    hat, sigma = normalize(x, axis, ddof)
    shift = dhat.mean(axis=axis, keepdims=True) if mean_term else 0.0
    return (dhat - shift - hat * (dhat * hat).mean(axis=axis, keepdims=True)) / sigma


PATHS = (
    ("direct", "The direct path, through x̂_i alone", r"$\hat{g}_i / \sigma$"),
    (
        "mean-path",
        "The mean's path: every x_k moves μ",
        r"$-\frac{1}{{n}}\sum_k \hat{g}_k / \sigma$",
    ),
    (
        "variance-path",
        "The variance's path: every x_k moves σ",
        r"$-\hat{x}_i \frac{1}{{n}}\sum_k \hat{g}_k \hat{x}_k / \sigma$",
    ),
)
"""∂E/∂x_i's three paths at level 3: a step id, its title, its formula (with {n} the count)."""


@dataclass(frozen=True)
class Layout:
    """Where a normalization takes its statistics, and what a family calls things."""

    prefix: str  # its own mistakes' prefix, "bn" or "ln"
    axis: int  # the statistics' axis in a variant's (variant, examples, features) array
    count: str  # the statistics' count, "N" or "D"
    shapes: Mapping[int, tuple[int, int]]  # level: (examples, features)
    op: Callable[..., Tensor]  # the engine's layer, batch_norm or layer_norm
    asks: tuple[str, str, str]  # what each level asks, with {k} the example and {i} the feature
    gamma_mistakes: tuple[str, ...] = ()  # further mistakes of level 2's ∂E/∂γ


class NormalizationBackward(Family):
    """Batch or layer norm backward at the three levels; a subclass names its axis and words."""

    layout: ClassVar[Layout]

    @abstractmethod
    def given_text(self, params: Mapping[str, np.ndarray], level: int) -> str:
        """The prompt's description of the layer and its numbers, up to the question."""

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        examples, features = self.layout.shapes[level]
        return {
            "x": np.round(rng.uniform(-3, 3, (examples, features)), 1),
            "g": np.round(rng.uniform(-2, 2, (examples, features)), 1),
            "gamma": np.round(rng.uniform(0.5, 2, features), 1),
            "beta": np.round(rng.uniform(-1, 1, features), 1),
            "k": float(rng.integers(examples)),
            "i": float(rng.integers(features)),
        }

    def _forward(self, x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
        """The layer in plain numpy (the oracle's forward)."""
        return gamma[:, None, :] * normalize(x, self.layout.axis)[0] + beta[:, None, :]

    def solve(self, params: Params, level: int) -> Solved:
        x, g, gamma, beta = params["x"], params["g"], params["gamma"], params["beta"]
        cell = np.arange(len(x)), params["k"].astype(int), params["i"].astype(int)
        if level == 1:  # only example k's output: its term alone reaches γ
            g = g * (np.arange(x.shape[1]) == cell[1][:, None])[:, :, None]
        inputs, scale = variable(x), variable(gamma)
        ops.sum_(ops.mul(g, self.layout.op(inputs, scale, beta))).backward()
        hat, sigma = normalize(x, self.layout.axis)
        extra = {"hat": hat, "sigma": sigma}
        p, axis = self.layout.prefix, self.layout.axis
        if level == 3:
            dhat = g * gamma[:, None, :]
            return Solved(
                answer=inputs.gradient[cell],
                # central differences lose too many figures to cancellation here: closed form
                check=three_term(x, dhat, axis)[cell],
                mistakes={
                    f"{p}-constant-stats": (dhat / sigma)[cell],
                    f"{p}-unbiased-variance": three_term(x, dhat, axis, ddof=1)[cell],
                    f"{p}-missing-mean-term": three_term(x, dhat, axis, mean_term=False)[cell],
                },
                extra=extra,
            )
        nudge = STEP * (np.arange(x.shape[2]) == cell[2][:, None])
        high = (g * self._forward(x, gamma + nudge, beta)).sum(axis=(1, 2))
        low = (g * self._forward(x, gamma - nudge, beta)).sum(axis=(1, 2))
        column = cell[0], cell[2]
        mistakes = {
            f"{p}-unbiased-variance": (g * normalize(x, axis, ddof=1)[0]).sum(axis=1)[column],
            "bn-dgamma-as-dbeta": g.sum(axis=1)[column],
        }
        if level == 2:
            mistakes["bn-averaged-over-batch"] = (g * hat).mean(axis=1)[column]
            if "ln-batch-statistics" in self.layout.gamma_mistakes:
                across = normalize(x, 1)[0]
                mistakes["ln-batch-statistics"] = (g * across).sum(axis=1)[column]
        return Solved(
            answer=scale.gradient[column],
            check=(high - low) / (2 * STEP),
            mistakes=mistakes,
            extra=extra,
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        level, k, i = key.level, int(params["k"]), int(params["i"])
        hat, sigma = np.asarray(row.extra["hat"]), np.asarray(row.extra["sigma"])
        x, g = params["x"], params["g"]
        asked = self.layout.asks[level - 1].replace("{k}", str(k + 1)).replace("{i}", str(i + 1))
        prompt = f"{self.given_text(params, level)} What is {asked}?"
        steps = [self.stats_step(x, sigma), self.normalized_step(hat)]
        if level == 1:
            steps.append(
                Step(
                    "γ multiplies x̂: this element's term of its gradient",
                    r"$g\, \hat{x}$",
                    f"{signed(float(g[k, i]))} × {factor(hat[k, i])}",
                    f"{row.answer:.4g}",
                    id="grad",
                )
            )
        elif level == 2:
            steps += self.gamma_steps(g[:, i], hat[:, i], row.answer)
        else:
            scaled = g * params["gamma"]
            line, at = (np.s_[:, i], k) if self.layout.axis == 1 else (np.s_[k, :], i)
            steps += self.path_steps(scaled[line], hat[line], float(sigma.ravel()[0]), at)
        return self.numeric_question(key, row, prompt, self.hints, tuple(steps))

    def stats_step(self, x: np.ndarray, sigma: np.ndarray) -> Step:
        """μ and σ over the statistics' axis."""
        mu = x.mean(axis=self.layout.axis - 1)
        m = x.shape[self.layout.axis - 1]
        n = self.layout.count
        return Step(
            "The batch statistics" if self.layout.axis == 1 else "Each example's own statistics",
            rf"$\mu = \frac{{1}}{{{n}}}\sum x_k$, "
            rf"$\sigma = \sqrt{{\frac{{1}}{{{n}}}\sum (x_k - \mu)^2 + \epsilon}}$",
            f"{n} = {m}",
            "μ = "
            + ", ".join(f"{v:.4g}" for v in mu)
            + "; σ = "
            + ", ".join(figures(float(v)) for v in sigma.ravel()),
            id="stats",
        )

    @staticmethod
    def normalized_step(hat: np.ndarray) -> Step:
        """x̂ of every element."""
        return Step(
            "The normalized inputs",
            r"$\hat{x}_k = (x_k - \mu) / \sigma$",
            "",
            shown(hat, 5) if 1 in hat.shape else "[" + ", ".join(shown(h, 5) for h in hat) + "]",
            id="normalized",
        )

    @staticmethod
    def gamma_steps(g: np.ndarray, hat: np.ndarray, total: float) -> list[Step]:
        """Each example's term g_k x̂_k of ∂E/∂γ, then their sum: γ is shared by the batch."""
        terms = g * hat
        return [
            Step(
                "Each example's term: γ multiplies its x̂",
                r"$g_k \hat{x}_k$",
                ", ".join(f"{signed(float(a))} × {factor(b)}" for a, b in zip(g, hat, strict=True)),
                shown(terms),
                id="terms",
            ),
            Step(
                "γ is shared by the batch: add the terms",
                r"$\partial E / \partial \gamma = \sum_k g_k \hat{x}_k$",
                " + ".join(sum_term(float(t), total) for t in terms),
                f"{total:.4g}",
                id="grad",
            ),
        ]

    def path_steps(self, dhat: np.ndarray, hat: np.ndarray, sigma: float, i: int) -> list[Step]:
        """∂E/∂x_i by its three paths: through x̂_i, through μ and through σ, then added."""
        m, s = len(dhat), figures(sigma)
        direct = dhat[i] / sigma
        mean = -dhat.mean() / sigma
        products = dhat * hat
        variance = -hat[i] * products.mean() / sigma
        total = direct + mean + variance
        spread = products.sum()
        workings = (
            f"{signed(float(dhat[i]))} / {s}",
            f"−({' + '.join(signed(float(v)) for v in dhat)}) / ({m} × {s})",
            f"−{factor(hat[i])} × "
            f"({' + '.join(sum_term(float(v), float(spread), 5) for v in products)})"
            f" / ({m} × {s})",
        )
        paths = zip(PATHS, workings, (direct, mean, variance), strict=True)
        return [
            Step(
                "The gradient at the normalized inputs",
                r"$\hat{g} = \gamma \odot g$",
                "",
                shown(dhat),
                id="scaled",
            ),
            *(
                Step(title, formula.replace("{n}", self.layout.count), working, f"{v:.4g}", id=kind)
                for (kind, title, formula), working, v in paths
            ),
            Step(
                "Add the three paths",
                r"$\partial E / \partial x_i$",
                " + ".join(sum_term(float(v), float(total)) for v in (direct, mean, variance)),
                f"{total:.4g}",
                id="grad",
            ),
        ]
