"""dE/dM of an embedding table M, answered as the whole matrix: each position's gradient is
added into the row of its token, repeats accumulate, unused rows get 0. Level 1 looks up one
token (one row gets the gradient); level 2 a sequence in which a token repeats (its rows'
gradients add); level 3 the same through a following linear layer Y = X W, whose backward
pass ∂E/∂X = ∂E/∂Y Wᵀ comes first. Mistakes: the gradient in every row, and with repeats the
last occurrence only or the repeats averaged."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import Tensor, ops, variable
from questions.families.base import Params, Row, Solved
from questions.families.tensor_kit import MatrixFamily, central_gradient, text
from questions.matrix import shape_text
from questions.model import FamilyKey, Kind, Question, Step

SIZES = {1: (4, 3, 1, 1), 2: (5, 2, 4, 3), 3: (5, 2, 4, 3)}  # vocabulary, width, length, used
OUTPUTS = 3  # level 3's linear layer: width -> 3 outputs


def _one_hot(tokens: np.ndarray, vocabulary: int) -> np.ndarray:
    return (tokens[..., None] == np.arange(vocabulary)).astype(float)


class EmbeddingGradient(
    MatrixFamily, id="embedding-gradient", topic="attention", kind=Kind.MATRIX, stage=3
):
    """The gradient of an embedding table

    dE/dM: each token's row sums the gradients of its positions.
    """

    hints = (
        "A lookup is a product with a one-hot row: only the chosen row gets a gradient.",
        "A token that appears twice has its row read twice.",
    )

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, np.ndarray]:
        vocabulary, width, length, used = SIZES[level]
        chosen = rng.choice(vocabulary, used, replace=False)
        tokens = rng.permutation(np.r_[chosen, rng.choice(chosen, length - used)])
        nonzero = np.r_[np.arange(-20, 0), np.arange(1, 21)] / 10
        columns = OUTPUTS if level == 3 else width
        return {
            "tokens": tokens.astype(float),
            "g": rng.choice(nonzero, (length, columns)),
            "e": np.round(rng.uniform(-1, 1, (vocabulary, width)), 1),
            "w": rng.choice(nonzero, (width, OUTPUTS)) if level == 3 else np.zeros(1),
        }

    def solve(self, params: Params, level: int) -> Solved:
        vocabulary = SIZES[level][0]
        tokens, g, w = params["tokens"].astype(int), params["g"], params["w"]
        table = variable(params["e"])
        y: Tensor = ops.matmul(_one_hot(tokens, vocabulary), table)
        if level == 3:
            y = ops.matmul(y, w)
        ops.sum_(ops.mul(g, y)).backward()
        looked_up = tokens[:, :, None]

        def forward(e: np.ndarray) -> np.ndarray:
            x = np.take_along_axis(e, looked_up, axis=1)
            return np.einsum("vtd,vdm->vtm", x, w) if level == 3 else x

        oracle = central_gradient(forward, params["e"], g)
        dx = np.einsum("vtm,vdm->vtd", g, w) if level == 3 else g
        mistakes = {
            "embedding-every-row": np.broadcast_to(
                dx.sum(axis=1)[:, None], table.gradient.shape
            ).copy()
        }
        if level > 1:  # a repeated token: one occurrence kept, or the occurrences averaged
            last = np.zeros_like(table.gradient)
            for position in range(tokens.shape[1]):  # later positions overwrite earlier ones
                last[np.arange(len(tokens)), tokens[:, position]] = dx[:, position]
            counts = _one_hot(tokens, vocabulary).sum(axis=1)
            mistakes["embedding-last-write"] = last
            mistakes["embedding-averaged"] = table.gradient / np.maximum(counts, 1)[:, :, None]
        # products of tenths: rounding at 1e-9 clears float noise (a cell of 3e-17), no figure
        return self.solved(np.round(table.gradient, 9), oracle, mistakes, {"dx": np.round(dx, 9)})

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        vocabulary, width, length, _ = SIZES[key.level]
        tokens = [int(t) for t in params["tokens"]]
        table = f"a table $M$ of {vocabulary} rows (tokens 0 to {vocabulary - 1})"
        if key.level == 1:
            looked = f"The token {tokens[0]} is looked up, giving the row $x$ of $M$"
            upstream = f"$\\partial E / \\partial x$ = {text(params['g'])}"
        else:
            looked = (
                f"The sequence of tokens {', '.join(map(str, tokens))} is looked up, giving "
                "$X$, one row of $M$ per position"
            )
            upstream = f"$\\partial E / \\partial X$ = {text(params['g'])} (row t for position t)"
        if key.level == 3:
            looked += f", and a linear layer computes $Y = X W$ with $W$ = {text(params['w'])}"
            upstream = f"$\\partial E / \\partial Y$ = {text(params['g'])} (row t for position t)"
        prompt = (
            f"An embedding layer has {table}, each of width {width}. {looked}. The upstream "
            f"gradient is {upstream}. "
            f"What is $\\partial E / \\partial M$? Give the {vocabulary}×{width} matrix."
        )
        steps = []
        if key.level == 3:
            shapes = f"({shape_text((length, OUTPUTS))}) times ({shape_text((OUTPUTS, width))})"
            formula = r"$\partial E / \partial X = \partial E / \partial Y\, W^T$"
            steps.append(
                self.matrix_step(
                    "Back through the linear layer", formula, shapes, row.extra["dx"], "back"
                )
            )
        if key.level > 1:
            rows = {r: [t + 1 for t, s in enumerate(tokens) if s == r] for r in sorted(set(tokens))}
            steps.append(
                Step(
                    "Position t reads the row of its token",
                    r"$x_t = M_{w_t}$",
                    "",
                    "; ".join(
                        f"row {r} ← position{'s' if len(ps) > 1 else ''} {', '.join(map(str, ps))}"
                        for r, ps in rows.items()
                    ),
                    id="route",
                )
            )
        if key.level == 1:
            last = (
                "The looked-up row gets the whole gradient",
                r"$\partial E / \partial M_r = \partial E / \partial x$",
                "every other row gets 0",
            )
        else:
            last = (
                "Each row adds the gradients of the positions that read it",
                r"$\partial E / \partial M_r = \sum_{t: w_t = r} \partial E / \partial x_t$",
                "a repeated token adds the gradients of all its positions; unused rows get 0",
            )
        steps.append(self.matrix_step(*last, row.extra["gradient"], "scatter"))
        return self.matrix_question(key, row, prompt, self.hints, tuple(steps))


FAMILIES = (EmbeddingGradient(),)
