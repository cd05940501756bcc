"""dE/dX of a max-pooling layer, answered as the whole matrix: each window's upstream
gradient goes to its arg-max alone. Mistakes: spread to every cell, averaged, sent to the min."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_conv import max_pool2d
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


class MaxPoolBackward(MatrixFamily, id="maxpool-backward", topic="convolution", kind=Kind.MATRIX):
    """Max pooling, backward

    dE/dX of a max-pool: each window's gradient goes to its arg-max.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, np.ndarray]:
        return pool_draw(rng, level)

    def solve(self, params: Params, level: int) -> Solved:
        x, g = params["x"], params["g"]
        _, window, stride = POOLS[level]
        image = variable(x[:, None, None])
        y = max_pool2d(image, window, stride)
        ops.sum_(ops.mul(g[:, None, None], y)).backward()
        oracle = central_gradient(lambda v: pool_forward(v, level, "max"), x, g)
        mistakes = {
            "pool-spread-all": route(x, g, level, "all"),
            "pool-averaged": route(x, g, level, "mean"),
            "pool-routed-to-min": route(x, g, level, "min"),
        }
        return self.solved(image.gradient[:, 0, 0], oracle, mistakes, {"y": y.value[:, 0, 0]})

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        _, window, stride = POOLS[key.level]
        gradient = np.asarray(row.extra["gradient"])
        steps = (
            Step(
                "The forward pass: each window's maximum",
                r"$y_{ab} = \max_{(i,j) \in W_{ab}} x_{ij}$",
                "",
                format_matrix(np.asarray(row.extra["y"]), 4),
                id="forward",
            ),
            Step(
                "Each window's gradient goes to its arg-max alone",
                r"$\partial E / \partial x_{ij} = \sum_{ab} [x_{ij} = y_{ab}]\, g_{ab}$",
                "every other cell of the window gets 0"
                + ("; a cell that is the max of two windows adds both" if stride < window else ""),
                format_matrix(gradient, 4),
                id="route",
            ),
        )
        hints = (
            "The max passes on only the input that won: its local derivative is 1 for the "
            "winner and 0 for the rest.",
            "dE/dX has the input's shape; most of its cells are 0.",
        )
        return self.matrix_question(
            key, row, pool_given(params, key.level, "max-pooling"), hints, steps
        )


FAMILIES = (MaxPoolBackward(),)
