"""Batch norm backward: a constant upstream gradient gives zero input gradient, since the
normalization removes any shift of the whole batch."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.batchnorm_backward import BatchNormBackward


def test_a_uniform_upstream_gradient_cancels() -> None:
    params = {
        "x": np.array([[1.0, 2.0, 4.0]]),
        "g": np.array([[0.7, 0.7, 0.7]]),
        "gamma": np.array([1.5]),
        "beta": np.array([0.0]),
        "i": np.array([0.0]),
    }
    solved = BatchNormBackward().solve(params, 1)
    assert solved.answer[0] == pytest.approx(0.0, abs=1e-9)
    assert solved.mistakes["bn-constant-stats"][0] > 0.5  # γ·g/σ ignores the coupling
