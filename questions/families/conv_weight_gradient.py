"""One weight gradient of a small 2-d convolution: ∂E/∂w_ij = Σ_ab g_ab x_(as+i−p, bs+j−p),
the input correlated with the upstream gradient. Mistakes: the kernel flipped, one output
position only, the index off by one."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_conv import conv2d
from questions.families.base import Family, Params, Row, Solved
from questions.families.tensor_kit import CONVS, central_gradient, conv_draw, conv_given, correlate
from questions.model import FamilyKey, Question, Step


class ConvWeightGradient(Family, id="conv-weight-gradient", topic="convolution", stage=3):
    """A convolution's weight gradient

    ∂E/∂w_ij = Σ g_ab x_(a+i, b+j): every output position that used w_ij.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        return conv_draw(rng, level)

    def solve(self, params: Params, level: int) -> Solved:
        _, k, stride, padding = CONVS[level]
        x, g = params["x"], params["g"]
        kernel = variable(params["w"][:, None, None])
        y = conv2d(x[:, None, None], kernel, stride=stride, padding=padding)
        ops.sum_(ops.mul(g[:, None, None], y)).backward()
        every = kernel.gradient[:, 0, 0]
        oracle = central_gradient(lambda w: correlate(x, w, level), params["w"], g)
        variants = np.arange(len(g))
        i, j = params["i"].astype(int), params["j"].astype(int)
        flipped = every[variants, k - 1 - i, k - 1 - j]
        neighbour = np.where(j + 1 < k, j + 1, j - 1)
        padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
        return Solved(
            answer=every[variants, i, j],
            check=oracle[variants, i, j],
            mistakes={
                "conv-kernel-flipped": np.where(
                    (i == k - 1 - i) & (j == k - 1 - j), np.nan, flipped
                ),
                "conv-one-position": g[:, 0, 0] * padded[variants, i, j],
                "conv-off-by-one": every[variants, i, neighbour],
            },
            extra={"every": every},
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        _, _, stride, padding = CONVS[key.level]
        i, j = int(params["i"]), int(params["j"])
        prompt = (
            conv_given(params, key.level)
            + f" What is $\\partial E / \\partial w_{{{i + 1}{j + 1}}}$"
            f" (row {i + 1}, column {j + 1} of the kernel)?"
        )
        shift = f"s + {i}" if stride > 1 else f" + {i}"
        steps = (
            Step(
                "Every output position used this weight",
                r"$y_{ab} = \sum_{ij} w_{ij}\, x_{a s + i - p,\ b s + j - p}$",
                f"with s = {stride}, p = {padding}",
                id="forward",
            ),
            Step(
                "So its gradient sums over all of them",
                r"$\partial E / \partial w_{ij} = \sum_{ab} g_{ab} x_{a s + i - p,\ b s + j - p}$",
                f"row index a{shift}"
                + (f" − {padding}" if padding else "")
                + ", a zero where it falls in the padding",
                f"{row.answer:.4g}",
                id="grad",
            ),
        )
        hints = (
            "The same weight is used at every output position: add up every position's term.",
            "Each term is the upstream gradient there times the input the weight touched.",
        )
        return self.numeric_question(key, row, prompt, hints, steps)


FAMILIES = (ConvWeightGradient(),)
