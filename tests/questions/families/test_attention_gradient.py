"""Attention backward: with equal scores the weights are uniform, so a value's gradient is
g/n and the scores' gradient is (g/n)(v_j − mean v)."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.attention_gradient import AttentionGradient


def test_equal_scores_share_the_gradient_equally() -> None:
    params = {
        "q": np.array([[0.0, 0.0]]),
        "k": np.array([[[1.0, 0.5], [-0.5, 1.0]]]),
        "v": np.array([[2.0, -1.0]]),
        "g": np.array([3.0]),
        "j": np.array([0.0]),
    }
    family = AttentionGradient()
    assert family.solve(params, 1).answer[0] == pytest.approx(1.5)
    params = {
        **params,
        "k": np.array([[[1.0, 0.5], [-0.5, 1.0], [0.2, 0.2]]]),
        "v": np.array([[2.0, -1.0, 2.0]]),
    }
    assert family.solve(params, 2).answer[0] == pytest.approx(1.0 * (2.0 - 1.0))
