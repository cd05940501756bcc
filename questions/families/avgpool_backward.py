"""dE/dX of an average-pooling layer, answered as the whole matrix: each window's upstream
gradient is shared evenly, 1/(k·k) to each cell. Mistakes: not divided, divided by k, routed
to the max as a max-pool would."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_conv import avg_pool2d
from questions.families.base import Params, Row, Solved
from questions.families.tensor_kit import (
    POOLS,
    MatrixFamily,
    central_gradient,
    pool_draw,
    pool_forward,
    pool_given,
    route,
)
from questions.matrix import format_matrix
from questions.model import FamilyKey, Kind, Question, Step


class AvgPoolBackward(
    MatrixFamily, id="avgpool-backward", topic="convolution", kind=Kind.MATRIX, stage=2
):
    """Average pooling, backward

    dE/dX of an average pool: each window's gradient shared evenly.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, np.ndarray]:
        return pool_draw(rng, level)

    def solve(self, params: Params, level: int) -> Solved:
        x, g = params["x"], params["g"]
        _, window, stride = POOLS[level]
        image = variable(x[:, None, None])
        y = avg_pool2d(image, window, stride)
        ops.sum_(ops.mul(g[:, None, None], y)).backward()
        oracle = central_gradient(lambda v: pool_forward(v, level, "mean"), x, g)
        mistakes = {
            "avgpool-no-divide": route(x, g, level, "all"),
            "avgpool-divided-by-side": route(x, g, level, "side"),
            "avgpool-to-max": route(x, g, level, "max"),
        }
        return self.solved(image.gradient[:, 0, 0], oracle, mistakes)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        _, window, stride = POOLS[key.level]
        area = window * window
        inside = r"\sum_{(i,j) \in W_{ab}}"
        steps = (
            Step(
                "Each output is the mean of its window",
                f"$y_{{ab}} = \\frac{{1}}{{{area}}} {inside} x_{{ij}}$",
                f"so $\\partial y_{{ab}} / \\partial x_{{ij}} = 1/{area}$ inside the window",
                id="forward",
            ),
            Step(
                "Each window shares its gradient evenly",
                f"$\\partial E / \\partial x_{{ij}} = \\sum_{{ab \\ni (i,j)}} g_{{ab}} / {area}$",
                "a cell in two windows adds both shares" if stride < window else "",
                format_matrix(np.asarray(row.extra["gradient"]), 4),
                id="share",
            ),
        )
        hints = (
            f"Every cell of a window counts 1/{window * window} in its mean.",
            "dE/dX has the input's shape.",
        )
        prompt = pool_given(params, key.level, "average-pooling")
        return self.matrix_question(key, row, prompt, hints, steps)


FAMILIES = (AvgPoolBackward(),)
