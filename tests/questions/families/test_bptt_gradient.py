"""BPTT at its three levels: one step back, the path of step 1's use of w through two steps,
and the sum over three steps, where a zero start makes the first step's term vanish."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.bptt_gradient import BpttGradient


def params(xs: list[float], h0: float) -> dict[str, np.ndarray]:
    return {
        "w": np.array([0.5]),
        "u": np.array([1.0]),
        "x": np.array([xs]),
        "y": np.array([0.2]),
        "h0": np.array([h0]),
    }


def test_one_step_back() -> None:
    solved = BpttGradient().solve(params([1.0], 0.4), 1)
    h1 = np.tanh(0.5 * 0.4 + 1.0)
    assert solved.answer[0] == pytest.approx((h1 - 0.2) * (1 - h1**2) * 0.4)
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-6)
    assert np.isnan(solved.mistakes["bptt-last-step-only"][0])  # one step has no other


def test_the_path_of_step_ones_use_through_two_steps() -> None:
    solved = BpttGradient().solve(params([1.0, -0.5], 0.4), 2)
    h1 = np.tanh(0.5 * 0.4 + 1.0)
    h2 = np.tanh(0.5 * h1 - 0.5)
    delta1 = (h2 - 0.2) * (1 - h2**2) * 0.5 * (1 - h1**2)
    assert solved.answer[0] == pytest.approx(delta1 * 0.4)
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-6)


def test_three_steps_from_a_zero_state_sum_two_nonzero_terms() -> None:
    solved = BpttGradient().solve(params([1.0, -0.5, 0.3], 0.0), 3)
    h1 = np.tanh(1.0)
    h2 = np.tanh(0.5 * h1 - 0.5)
    h3 = np.tanh(0.5 * h2 + 0.3)
    delta3 = (h3 - 0.2) * (1 - h3**2)
    delta2 = delta3 * 0.5 * (1 - h2**2)
    assert solved.answer[0] == pytest.approx(delta3 * h2 + delta2 * h1)
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-6)
    assert solved.mistakes["bptt-last-step-only"][0] == pytest.approx(delta3 * h2)
