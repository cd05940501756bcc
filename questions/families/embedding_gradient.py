"""dE/dM of an embedding table M, answered as the whole matrix: each position's upstream
gradient is added into the row of its token, repeats accumulate, unused rows get 0.
Mistakes: the last occurrence only, the gradient in every row, repeats averaged."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from questions.families.base import Params, Row, Solved
from questions.families.tensor_kit import MatrixFamily, central_gradient, text
from questions.matrix import format_matrix
from questions.model import FamilyKey, Kind, Question, Step

SIZES = {1: (4, 2, 3, 2), 2: (5, 2, 4, 3), 3: (6, 3, 5, 3)}  # vocabulary, width, length, used


def _one_hot(tokens: np.ndarray, vocabulary: int) -> np.ndarray:
    return (tokens[..., None] == np.arange(vocabulary)).astype(float)


class EmbeddingGradient(
    MatrixFamily, id="embedding-gradient", topic="attention", kind=Kind.MATRIX, stage=3
):
    """The gradient of an embedding table

    dE/dM: each token's row sums the gradients of its positions.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, np.ndarray]:
        vocabulary, width, length, used = SIZES[level]
        chosen = rng.choice(vocabulary, used, replace=False)
        tokens = rng.permutation(np.r_[chosen, rng.choice(chosen, length - used)])
        upstream = rng.choice(np.r_[np.arange(-20, 0), np.arange(1, 21)], (length, width)) / 10
        table = np.round(rng.uniform(-1, 1, (vocabulary, width)), 1)
        return {"tokens": tokens.astype(float), "g": upstream, "e": table}

    def solve(self, params: Params, level: int) -> Solved:
        vocabulary = SIZES[level][0]
        tokens, g = params["tokens"].astype(int), params["g"]
        hot = _one_hot(tokens, vocabulary)
        table = variable(params["e"])
        ops.sum_(ops.mul(g, ops.matmul(hot, table))).backward()
        looked_up = tokens[:, :, None]
        oracle = central_gradient(
            lambda e: np.take_along_axis(e, looked_up, axis=1), params["e"], g
        )
        counts = hot.sum(axis=1)
        last = np.zeros_like(table.gradient)
        for position in range(tokens.shape[1]):  # later positions overwrite earlier ones
            rows = np.arange(len(tokens)), tokens[:, position]
            last[rows] = g[:, position]
        mistakes = {
            "embedding-last-write": last,
            "embedding-every-row": np.broadcast_to(g.sum(axis=1)[:, None], last.shape).copy(),
            "embedding-averaged": table.gradient / np.maximum(counts, 1)[:, :, None],
        }
        return self.solved(table.gradient, oracle, mistakes)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        vocabulary, width, _, _ = SIZES[key.level]
        tokens = [int(t) for t in params["tokens"]]
        prompt = (
            f"An embedding layer has a table $M$ of {vocabulary} rows (tokens 0 to "
            f"{vocabulary - 1}), each of width {width}. The sequence of tokens "
            f"{', '.join(map(str, tokens))} is looked up, giving one row of $M$ per position, "
            f"and the upstream gradient is $\\partial E / \\partial X$ = {text(params['g'])} "
            f"(row t for position t). What is $\\partial E / \\partial M$? Give the "
            f"{vocabulary}×{width} matrix."
        )
        steps = (
            Step(
                "Position t reads the row of its token, so its gradient flows only there",
                r"$\partial E / \partial M_r = \sum_{t: w_t = r} \partial E / \partial x_t$",
                "a repeated token adds the gradients of all its positions; unused rows get 0",
                format_matrix(np.asarray(row.extra["gradient"]), 4),
                id="scatter",
            ),
        )
        hints = (
            "A lookup is a product with a one-hot row: only the chosen row gets a gradient.",
            "A token that appears twice has its row read twice.",
        )
        return self.matrix_question(key, row, prompt, hints, steps)


FAMILIES = (EmbeddingGradient(),)
