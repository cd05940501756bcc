"""One weight gradient of a small 2-d convolution: ∂E/∂w_ij = Σ_ab g_ab x_(as+i−p, bs+j−p),
the input correlated with the upstream gradient. Level 1 sums the four positions of a 2×2
output in one step; level 2 a 3×3 output, a step per output row and one adding the rows;
level 3 adds stride 2 and padding 1, with a step for the terms that fall in the padding.
Mistakes: the kernel flipped, one output position only, the index off by one."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_conv import conv2d
from questions.families.base import Family, Params, Row, Solved
from questions.families.conv_kit import (
    Geometry,
    added,
    conv_draw,
    conv_given,
    correlate,
    out_side,
    padded,
    products,
)
from questions.families.tensor_kit import central_gradient
from questions.formatting import given
from questions.model import FamilyKey, Question, Step

CONVS: dict[int, Geometry] = {1: (3, 2, 1, 0), 2: (4, 2, 1, 0), 3: (5, 3, 2, 1)}
"""Level: (input side n, kernel side k, stride, padding); outputs 2×2, 3×3, 3×3."""
ROW = r"the rows before $+ \sum_b g_{ab}\, x_{a s + i - p,\ b s + j - p}$"
"""A row's step: its terms added to the rows before."""


class ConvWeightGradient(Family, id="conv-weight-gradient", topic="convolution", stage=3):
    """A convolution's weight gradient

    ∂E/∂w_ij = Σ g_ab x_(a+i, b+j): every output position that used w_ij.
    """

    hints = (
        "The same weight is used at every output position: add up every position's term.",
        "Each term is the upstream gradient there times the input the weight touched.",
    )

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        drawn = conv_draw(rng, CONVS[level])
        k = CONVS[level][1]
        drawn["i"], drawn["j"] = float(rng.integers(k)), float(rng.integers(k))  # a kernel cell
        return drawn

    def solve(self, params: Params, level: int) -> Solved:
        geometry = CONVS[level]
        _, k, stride, padding = geometry
        x, g = params["x"], params["g"]
        kernel = variable(params["w"][:, None, None])
        y = conv2d(x[:, None, None], kernel, stride=stride, padding=padding)
        ops.sum_(ops.mul(g[:, None, None], y)).backward()
        every = kernel.gradient[:, 0, 0]
        oracle = central_gradient(lambda w: correlate(x, w, geometry), params["w"], g)
        variants = np.arange(len(g))
        i, j = params["i"].astype(int), params["j"].astype(int)
        flipped = every[variants, k - 1 - i, k - 1 - j]
        neighbour = np.where(j + 1 < k, j + 1, j - 1)
        return Solved(
            answer=every[variants, i, j],
            check=oracle[variants, i, j],
            mistakes={
                "conv-kernel-flipped": np.where(
                    (i == k - 1 - i) & (j == k - 1 - j), np.nan, flipped
                ),
                "conv-one-position": g[:, 0, 0] * padded(x, geometry)[variants, i, j],
                "conv-off-by-one": every[variants, i, neighbour],
            },
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        geometry = CONVS[key.level]
        _, _, stride, padding = geometry
        i, j = int(params["i"]), int(params["j"])
        prompt = (
            conv_given(params, geometry)
            + f" What is $\\partial E / \\partial w_{{{i + 1}{j + 1}}}$"
            f" (row {i + 1}, column {j + 1} of the kernel)?"
        )
        terms = _terms(params, geometry, i, j)
        steps = [
            Step(
                "Every output position used this weight",
                r"$y_{ab} = \sum_{ij} w_{ij}\, x_{a s + i - p,\ b s + j - p}$",
                f"with s = {stride}, p = {padding}: {len(terms) * len(terms[0])} positions",
                id="forward",
            )
        ]
        formula = r"$\partial E / \partial w_{ij} = \sum_{ab} g_{ab} x_{a s + i - p,\ b s + j - p}$"
        if padding:
            count = len(terms) * len(terms[0])
            zeros = count - sum(x is not None for line in terms for _, x in line)
            steps.append(
                Step(
                    "The terms whose input falls in the padding are 0",
                    r"$x_{a s + i - p,\ b s + j - p} = 0$ outside the input",
                    f"the positions where this weight meets the ring of {padding} zero",
                    f"{zeros} of the {count} terms",
                    id="padded",
                )
            )
        # level 1 adds its four terms at once; a larger output row by row, each row's
        # terms added to the total so far, the last row's total the answer
        groups = [[t for line in terms for t in line]] if key.level == 1 else terms
        total = 0.0
        for a, line in enumerate(groups):
            pairs = [(g, x) for g, x in line if x is not None]
            working = products(pairs) if pairs else "0 (every term in the padding)"
            if a:
                working = f"{added([total])} + {working}"
            total += sum(g * x for g, x in pairs)
            last = a == len(groups) - 1
            if len(groups) == 1:
                title = "So its gradient sums over all of them"
            else:
                title = f"Output row {a + 1}'s terms" + (", added to the rows before" if a else "")
            steps.append(
                Step(
                    title,
                    formula if last else ROW,
                    working,
                    given(row.answer if last else total),
                    id="grad" if last else f"grad:{a + 1}",
                )
            )
        return self.numeric_question(key, row, prompt, self.hints, tuple(steps))


def _terms(
    params: Mapping[str, np.ndarray], geometry: Geometry, i: int, j: int
) -> list[list[tuple[float, float | None]]]:
    """Per output row, each position's (g_ab, the input w_ij met there); None in the padding."""
    n, _, stride, padding = geometry
    x, g = np.asarray(params["x"]), np.asarray(params["g"])
    out = out_side(geometry)
    lines = []
    for a in range(out):
        line: list[tuple[float, float | None]] = []
        for b in range(out):
            r, c = a * stride + i - padding, b * stride + j - padding
            inside = 0 <= r < n and 0 <= c < n
            line.append((float(g[a, b]), float(x[r, c]) if inside else None))
        lines.append(line)
    return lines


FAMILIES = (ConvWeightGradient(),)
