"""Global-norm clipping: gradients (3, 0, 0, 0) and (0, 4) have norm 5; with c = 1 each is
scaled by 1/5, so the first component becomes 0.6."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.gradient_clipping import GradientClipping


def test_the_three_four_five_case() -> None:
    params = {
        "W": np.array([[3.0, 0.0, 0.0, 0.0]]),
        "b": np.array([[0.0, 4.0]]),
        "c": np.array([1.0]),
        "tensor": np.array([0.0]),
        "part": np.array([0.0]),
    }
    solved = GradientClipping().solve(params, 2)
    assert solved.answer[0] == pytest.approx(0.6) == solved.check[0]
    assert solved.mistakes["clip-per-tensor"][0] == pytest.approx(1.0)  # 3 × 1/3
    assert solved.mistakes["clip-per-component"][0] == pytest.approx(1.0)
    assert solved.mistakes["clip-none"][0] == pytest.approx(3.0)


def test_one_tensor_has_no_other_norm_to_confuse() -> None:
    params = {
        "w": np.array([[3.0, 4.0, 0.0]]),
        "c": np.array([1.0]),
        "tensor": np.array([0.0]),
        "part": np.array([0.5]),
    }
    solved = GradientClipping().solve(params, 1)
    assert solved.answer[0] == pytest.approx(0.8)
    assert np.isnan(solved.mistakes["clip-per-tensor"][0])


def test_each_tensor_adds_its_sum_of_squares_step() -> None:
    family = GradientClipping()
    assert [len(family.question(level, 3).solution) for level in (1, 2, 3)] == [4, 5, 6]
