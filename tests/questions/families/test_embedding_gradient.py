"""Embedding gradients: one token's row takes the whole gradient; the tokens 1, 0, 1 add
positions 0 and 2 into row 1; through Y = X W each position's gradient is ∂E/∂Y Wᵀ first."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.embedding_gradient import EmbeddingGradient


def test_one_looked_up_row_takes_the_whole_gradient() -> None:
    params = {
        "tokens": np.array([[2.0]]),
        "g": np.array([[[1.0, -2.0, 0.5]]]),
        "e": np.zeros((1, 4, 3)),
        "w": np.zeros((1, 1)),
    }
    solved = EmbeddingGradient().solve(params, 1)
    gradient = solved.extra["gradient"][0]
    assert gradient[2] == pytest.approx([1.0, -2.0, 0.5])
    assert np.count_nonzero(gradient) == 3
    assert "mistake:embedding-last-write" not in solved.extra  # nothing repeats


def test_a_repeated_token_accumulates_and_unused_rows_stay_zero() -> None:
    params = {
        "tokens": np.array([[1.0, 0.0, 1.0, 3.0]]),
        "g": np.array([[[1.0, 2.0], [0.5, 0.5], [3.0, -1.0], [0.1, 0.1]]]),
        "e": np.zeros((1, 5, 2)),
        "w": np.zeros((1, 1)),
    }
    solved = EmbeddingGradient().solve(params, 2)
    gradient = solved.extra["gradient"][0]
    assert gradient[1] == pytest.approx([4.0, 1.0])
    assert gradient[0] == pytest.approx([0.5, 0.5])
    assert gradient[2] == pytest.approx([0.0, 0.0])
    assert solved.extra["mistake:embedding-last-write"][0, 1] == pytest.approx([3.0, -1.0])


def test_through_a_linear_layer_the_rows_gather_the_gradient_times_w_transposed() -> None:
    w = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])
    g = np.array([[1.0, 1.0, 1.0], [0.0, 2.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    params = {
        "tokens": np.array([[4.0, 4.0, 0.0, 2.0]]),
        "g": g[None],
        "e": np.zeros((1, 5, 2)),
        "w": w[None],
    }
    solved = EmbeddingGradient().solve(params, 3)
    gradient = solved.extra["gradient"][0]
    assert gradient[4] == pytest.approx((g[0] + g[1]) @ w.T)
    assert gradient[0] == pytest.approx(g[2] @ w.T)
