"""dE/dX through inverted dropout, answered as the whole matrix: the upstream gradient times
the mask, scaled by 1/(1 − p). Level 1 is one example's units, level 2 a mini-batch's layer
of them, level 3 dropout followed by a linear layer Z = HW, so the gradient first comes back
through W (a step of its own) and then through the mask. Mistakes: the scale left out, the
mask's complement, scaled by p."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_misc import dropout
from questions.families.base import Params, Row, Solved
from questions.families.conv_kit import shown
from questions.families.tensor_kit import MatrixFamily, central_gradient, text
from questions.formatting import given
from questions.matrix import shape_text
from questions.model import FamilyKey, Kind, Question, Step

SHAPES = {1: (1, 4), 2: (2, 3), 3: (2, 3)}  # the dropped layer's (examples, units)
RATES = {1: (0.25, 0.5), 2: (0.2, 0.25, 0.5), 3: (0.1, 0.2, 0.25, 0.4, 0.6)}
OUTPUTS = 2  # level 3: the units of the linear layer after the dropout
TENTHS = np.r_[np.arange(-20, 0), np.arange(1, 21)] / 10


class DropoutBackward(
    MatrixFamily, id="dropout-backward", topic="regularization", kind=Kind.MATRIX
):
    """Dropout, backward

    dE/dX = mask ⊙ dE/dY / (1 − p) for inverted dropout.
    """

    hints = (
        "Dropout is an elementwise product with a fixed mask and scale.",
        "Inverted dropout scales the kept units by 1/(1 − p) so the expected output is unchanged.",
    )

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        shape = SHAPES[level]
        size = shape[0] * shape[1]
        p = float(rng.choice(RATES[level]))
        dropped = min(size - 1, max(1, round(p * size)))  # some kept, some dropped
        mask = (rng.permutation(size) >= dropped).astype(float).reshape(shape)
        x = np.round(rng.uniform(-2, 2, size), 1).reshape(shape)
        drawn: dict[str, float | np.ndarray] = {"x": x, "mask": mask, "p": p}
        if level == 3:  # the gradient arrives at Z = H W, one layer further on
            drawn["w"] = rng.choice(TENTHS, (shape[1], OUTPUTS))
            drawn["g"] = rng.choice(TENTHS, (shape[0], OUTPUTS))
        else:
            drawn["g"] = rng.choice(TENTHS, shape)
        return drawn

    def solve(self, params: Params, level: int) -> Solved:
        x, mask, g, p = params["x"], params["mask"], params["g"], params["p"]
        after = params.get("w")  # level 3's linear layer
        gradient = np.empty_like(x)
        for rate in np.unique(p):  # the layer takes one rate: one engine pass per rate drawn
            pick = p == rate
            inputs = variable(x[pick])
            out = dropout(inputs, mask[pick], float(rate))
            if after is not None:
                out = ops.matmul(out, after[pick])
            ops.sum_(ops.mul(g[pick], out)).backward()
            gradient[pick] = inputs.gradient
        keep = (1 - p)[:, None, None]
        if after is None:
            oracle = central_gradient(lambda v: v * mask / keep, x, g)
            upstream = g
        else:
            oracle = central_gradient(lambda v: (v * mask / keep) @ after, x, g)
            upstream = g @ after.transpose(0, 2, 1)  # dE/dH, what reaches the dropout
        mistakes = {
            "dropout-no-scale": upstream * mask,
            "dropout-wrong-units": upstream * (1 - mask) / keep,
            "dropout-times-p": upstream * mask * p[:, None, None],
        }
        return self.solved(gradient, oracle, mistakes, {"upstream": upstream})

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        p = float(params["p"])
        shape = params["x"].shape
        applied = (
            f"Inverted dropout with drop probability $p = {p:g}$ is applied, in training, to "
            f"$X$ = {text(params['x'])}, with the mask $M$ = {text(params['mask'])} "
            "(1 keeps a unit, 0 drops it)"
        )
        steps = []
        if key.level == 3:
            prompt = (
                f"{applied}, giving $H$. A linear layer then computes $Z = H W$ with $W$ = "
                f"{text(params['w'])}, and the upstream gradient is "
                f"$\\partial E / \\partial Z$ = {text(params['g'])}."
            )
            steps.append(
                Step(
                    "Back through the linear layer to the dropout's output",
                    r"$\partial E / \partial H = \partial E / \partial Z\; W^{T}$",
                    f"{text(params['g'])} × {text(np.asarray(params['w']).T)}",
                    shown(row, "upstream"),
                    id="layer",
                )
            )
            arriving = r"\partial E / \partial H"
        else:
            prompt = (
                f"{applied}. The upstream gradient is $\\partial E / \\partial Y$ = "
                f"{text(params['g'])}."
            )
            arriving = r"\partial E / \partial Y"
        prompt += f" What is $\\partial E / \\partial X$? Give the {shape_text(shape)} matrix."
        steps += [
            Step(
                "The forward pass scales the kept units up",
                r"$1 / (1 - p)$",
                f"1 / (1 − {p:g})",
                given(1 / (1 - p)),
                id="forward",
            ),
            Step(
                "The backward pass applies the same mask and scale",
                f"$\\partial E / \\partial X = M \\odot {arriving} \\,/\\, (1 - p)$",
                "a dropped unit gets 0",
                shown(row),
                id="mask",
            ),
        ]
        return self.matrix_question(key, row, prompt, self.hints, tuple(steps))


FAMILIES = (DropoutBackward(),)
