"""BPTT: with h_0 = 0 the first step contributes nothing, so two steps give one nonzero term,
the last step's."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.bptt_gradient import BpttGradient


def test_two_steps_from_a_zero_state() -> None:
    params = {
        "w": np.array([0.5]),
        "u": np.array([1.0]),
        "x": np.array([[1.0, -0.5]]),
        "y": np.array([0.2]),
        "h0": np.array([0.0]),  # a zero start: the first step adds no term
    }
    solved = BpttGradient().solve(params, 1)
    h1 = np.tanh(1.0)
    h2 = np.tanh(0.5 * h1 - 0.5)
    assert solved.answer[0] == pytest.approx((h2 - 0.2) * (1 - h2**2) * h1)
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-6)
