"""Batch norm backward at its three levels: one example's term of ∂E/∂γ, their sum over the
batch, and ∂E/∂x through three paths, where a constant upstream gradient cancels."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.batchnorm_backward import BatchNormBackward

X = np.array([[[1.0], [2.0], [4.0]]])  # μ = 7/3, one feature over a batch of three
HAT = (X[0, :, 0] - 7 / 3) / np.sqrt(X.var() + 1e-5)


def params(g: list[float], k: int = 0) -> dict[str, np.ndarray]:
    return {
        "x": X,
        "g": np.array(g)[None, :, None],
        "gamma": np.array([[1.5]]),
        "beta": np.array([[0.0]]),
        "k": np.array([float(k)]),
        "i": np.array([0.0]),
    }


def test_level_one_is_one_examples_term_of_the_scales_gradient() -> None:
    solved = BatchNormBackward().solve(params([0.5, -1.0, 2.0], k=2), 1)
    assert solved.answer[0] == pytest.approx(2.0 * HAT[2])
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-6)
    assert solved.mistakes["bn-dgamma-as-dbeta"][0] == pytest.approx(2.0)


def test_level_two_sums_every_examples_term() -> None:
    solved = BatchNormBackward().solve(params([0.5, -1.0, 2.0]), 2)
    total = 0.5 * HAT[0] - 1.0 * HAT[1] + 2.0 * HAT[2]
    assert solved.answer[0] == pytest.approx(total)
    assert solved.mistakes["bn-averaged-over-batch"][0] == pytest.approx(total / 3)


def test_a_uniform_upstream_gradient_cancels_through_the_three_paths() -> None:
    solved = BatchNormBackward().solve(params([0.7, 0.7, 0.7]), 3)
    assert solved.answer[0] == pytest.approx(0.0, abs=1e-9)
    assert solved.mistakes["bn-constant-stats"][0] > 0.5  # γ·g/σ ignores the coupling


def test_each_level_adds_the_worked_steps_of_its_work() -> None:
    family = BatchNormBackward()
    ids = [[s.id for s in family.question(level, 0).solution] for level in (1, 2, 3)]
    assert ids == [
        ["stats", "normalized", "grad"],
        ["stats", "normalized", "terms", "grad"],
        ["stats", "normalized", "scaled", "direct", "mean-path", "variance-path", "grad"],
    ]
