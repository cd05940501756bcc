"""dE/dX through inverted dropout, answered as the whole matrix: the upstream gradient times
the mask, scaled by 1/(1 − p). Mistakes: the scale left out, the mask's complement, scaled by p."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_misc import dropout
from questions.families.base import Params, Row, Solved
from questions.families.tensor_kit import MatrixFamily, central_gradient, text
from questions.matrix import format_matrix, shape_text
from questions.model import FamilyKey, Kind, Question, Step

SHAPES = {1: (1, 4), 2: (2, 3), 3: (3, 3)}
RATES = {1: (0.5,), 2: (0.2, 0.25, 0.5), 3: (0.1, 0.2, 0.25, 0.4, 0.6)}


class DropoutBackward(
    MatrixFamily, id="dropout-backward", topic="regularization", kind=Kind.MATRIX
):
    """Dropout, backward

    dE/dX = mask ⊙ dE/dY / (1 − p) for inverted dropout.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        shape = SHAPES[level]
        size = shape[0] * shape[1]
        p = float(rng.choice(RATES[level]))
        dropped = min(size - 1, max(1, round(p * size)))  # some kept, some dropped
        mask = (rng.permutation(size) >= dropped).astype(float).reshape(shape)
        upstream = rng.choice(np.r_[np.arange(-20, 0), np.arange(1, 21)], size) / 10
        x = np.round(rng.uniform(-2, 2, size), 1)
        return {"x": x.reshape(shape), "mask": mask, "g": upstream.reshape(shape), "p": p}

    def solve(self, params: Params, level: int) -> Solved:
        x, mask, g, p = params["x"], params["mask"], params["g"], params["p"]
        gradient = np.empty_like(x)
        for rate in np.unique(p):  # the layer takes one rate: one engine pass per rate drawn
            pick = p == rate
            inputs = variable(x[pick])
            ops.sum_(ops.mul(g[pick], dropout(inputs, mask[pick], float(rate)))).backward()
            gradient[pick] = inputs.gradient
        keep = (1 - p)[:, None, None]
        oracle = central_gradient(lambda v: v * mask / keep, x, g)
        mistakes = {
            "dropout-no-scale": g * mask,
            "dropout-wrong-units": g * (1 - mask) / keep,
            "dropout-times-p": g * mask * p[:, None, None],
        }
        return self.solved(gradient, oracle, mistakes)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        p = float(params["p"])
        shape = params["x"].shape
        prompt = (
            f"Inverted dropout with drop probability $p = {p:g}$ is applied, in training, to "
            f"$X$ = {text(params['x'])}, with the mask $M$ = {text(params['mask'])} "
            "(1 keeps a unit, 0 drops it). The upstream gradient is "
            f"$\\partial E / \\partial Y$ = {text(params['g'])}. What is "
            f"$\\partial E / \\partial X$? Give the {shape_text(shape)} matrix."
        )
        steps = (
            Step(
                "The forward pass keeps the masked units and scales them up",
                r"$Y = M \odot X / (1 - p)$",
                f"1/(1 − {p:g}) = {1 / (1 - p):.4g}",
                id="forward",
            ),
            Step(
                "The backward pass applies the same mask and scale",
                r"$\partial E / \partial X = M \odot \partial E / \partial Y \,/\, (1 - p)$",
                "a dropped unit gets 0",
                format_matrix(np.asarray(row.extra["gradient"]), 4),
                id="mask",
            ),
        )
        hints = (
            "Dropout is an elementwise product with a fixed mask and scale.",
            "Inverted dropout scales the kept units by 1/(1 − p) so the expected output is "
            "unchanged.",
        )
        return self.matrix_question(key, row, prompt, hints, steps)


FAMILIES = (DropoutBackward(),)
