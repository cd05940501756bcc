"""Layer norm backward: each example's own statistics; a uniform ĝ cancels in ∂E/∂x."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.layernorm_backward import LayerNormBackward


def params(x: np.ndarray, g: np.ndarray, i: int) -> dict[str, np.ndarray]:
    return {
        "x": x[None],
        "g": g[None],
        "gamma": np.ones((1, x.shape[1])),
        "beta": np.zeros((1, x.shape[1])),
        "k": np.array([0.0]),
        "i": np.array([float(i)]),
    }


def test_a_uniform_upstream_gradient_cancels() -> None:
    x = np.array([[1.0, 2.0, 4.0, -1.0]])
    solved = LayerNormBackward().solve(params(x, np.full((1, 4), 0.3), 2), 3)
    assert solved.answer[0] == pytest.approx(0.0, abs=1e-9)
    assert solved.mistakes["ln-constant-stats"][0] > 0.1


def test_the_scales_gradient_sums_the_examples_with_their_own_statistics() -> None:
    x = np.array([[1.0, 2.0, 4.0, -1.0], [0.0, 3.0, 1.0, 2.0]])
    g = np.array([[0.5, 1.0, -1.0, 2.0], [1.5, -0.5, 0.5, 1.0]])
    solved = LayerNormBackward().solve(params(x, g, 1), 2)
    hat = (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + 1e-5)
    assert solved.answer[0] == pytest.approx((g * hat)[:, 1].sum())
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-6)
    across = (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-5)
    assert solved.mistakes["ln-batch-statistics"][0] == pytest.approx((g * across)[:, 1].sum())
