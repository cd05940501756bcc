"""Embedding gradients: the tokens 1, 0, 1 add positions 0 and 2 into row 1."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.embedding_gradient import EmbeddingGradient


def test_a_repeated_token_accumulates_and_unused_rows_stay_zero() -> None:
    params = {
        "tokens": np.array([[1.0, 0.0, 1.0]]),
        "g": np.array([[[1.0, 2.0], [0.5, 0.5], [3.0, -1.0]]]),
        "e": np.zeros((1, 4, 2)),
    }
    solved = EmbeddingGradient().solve(params, 1)
    gradient = solved.extra["gradient"][0]
    assert gradient[1] == pytest.approx([4.0, 1.0])
    assert gradient[0] == pytest.approx([0.5, 0.5])
    assert gradient[2:] == pytest.approx(np.zeros((2, 2)))
    assert solved.extra["mistake:embedding-last-write"][0, 1] == pytest.approx([3.0, -1.0])
