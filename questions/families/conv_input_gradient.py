"""One input gradient of a small 2-d convolution: ∂E/∂x_ij = Σ_ab g_ab w_(i+p−as, j+p−bs),
a full convolution of the upstream gradient with the flipped kernel. Mistakes: the kernel not
flipped, one output position only, the kernel transposed."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_conv import conv2d
from questions.families.base import Family, Params, Row, Solved
from questions.families.tensor_kit import CONVS, central_gradient, conv_draw, conv_given, correlate
from questions.model import FamilyKey, Question, Step


def _terms(level: int, i: int, j: int) -> list[tuple[int, int, int, int]]:
    """Each (a, b, u, v): output (a, b) read x_ij through kernel cell (u, v)."""
    n, k, stride, padding = CONVS[level]
    out = (n + 2 * padding - k) // stride + 1
    return [
        (a, b, i + padding - a * stride, j + padding - b * stride)
        for a in range(out)
        for b in range(out)
        if 0 <= i + padding - a * stride < k and 0 <= j + padding - b * stride < k
    ]


class ConvInputGradient(Family, id="conv-input-gradient", topic="convolution", stage=4):
    """A convolution's input gradient

    ∂E/∂x_ij = Σ g_ab w_(i−a, j−b): the full convolution with the flipped kernel.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        drawn = conv_draw(rng, level)
        n = CONVS[level][0]
        drawn["i"], drawn["j"] = float(rng.integers(n)), float(rng.integers(n))
        return drawn

    def solve(self, params: Params, level: int) -> Solved:
        _, k, stride, padding = CONVS[level]
        w, g = params["w"], params["g"]
        image = variable(params["x"][:, None, None])
        y = conv2d(image, w[:, None, None], stride=stride, padding=padding)
        ops.sum_(ops.mul(g[:, None, None], y)).backward()
        every = image.gradient[:, 0, 0]
        oracle = central_gradient(lambda x: correlate(x, w, level), params["x"], g)
        count = len(g)
        variants = np.arange(count)
        i, j = params["i"].astype(int), params["j"].astype(int)
        unflipped, one, transposed = np.zeros(count), np.full(count, np.nan), np.zeros(count)
        for v in range(count):
            terms = _terms(level, int(i[v]), int(j[v]))
            for a, b, u, t in terms:
                unflipped[v] += g[v, a, b] * w[v, k - 1 - u, k - 1 - t]
                transposed[v] += g[v, a, b] * w[v, t, u]
            if len(terms) > 1:
                a, b, u, t = terms[0]
                one[v] = g[v, a, b] * w[v, u, t]
        return Solved(
            answer=every[variants, i, j],
            check=oracle[variants, i, j],
            mistakes={
                "conv-input-not-flipped": unflipped,
                "conv-input-one-term": one,
                "conv-input-kernel-transposed": transposed,
            },
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        i, j = int(params["i"]), int(params["j"])
        terms = _terms(key.level, i, j)
        listed = " + ".join(f"g{a + 1}{b + 1}·w{u + 1}{v + 1}" for a, b, u, v in terms)
        prompt = (
            conv_given(params, key.level)
            + f" What is $\\partial E / \\partial x_{{{i + 1}{j + 1}}}$ (row {i + 1}, "
            f"column {j + 1} of the input)?"
        )
        steps = (
            Step(
                "Which outputs read this input, and through which kernel cell",
                r"$x_{ij}$ meets $w_{i + p - a s,\ j + p - b s}$ in output $y_{ab}$",
                f"{len(terms)} output position{'s' if len(terms) > 1 else ''}",
                id="positions",
            ),
            Step(
                "Sum their upstream gradients times those weights",
                r"$\partial E / \partial x_{ij} = \sum_{ab} g_{ab} w_{i + p - a s,\ j + p - b s}$",
                listed,
                f"{row.answer:.4g}",
                id="grad",
            ),
        )
        hints = (
            "Find every output whose window covers this input cell.",
            "The kernel cell it meets runs backwards as the window moves: the flipped kernel.",
        )
        return self.numeric_question(key, row, prompt, hints, steps)


FAMILIES = (ConvInputGradient(),)
