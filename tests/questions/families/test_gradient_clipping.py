"""Global-norm clipping: gradients (3, 0) and (0, 4) have norm 5; with c = 1 each is scaled
by 1/5, so the first component becomes 0.6."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.gradient_clipping import GradientClipping


def test_the_three_four_five_case() -> None:
    params = {
        "a": np.array([[3.0, 0.0]]),
        "b": np.array([[0.0, 4.0]]),
        "c": np.array([1.0]),
        "tensor": np.array([0.0]),
        "part": np.array([0.0]),
    }
    solved = GradientClipping().solve(params, 1)
    assert solved.answer[0] == pytest.approx(0.6) == solved.check[0]
    assert solved.mistakes["clip-per-tensor"][0] == pytest.approx(1.0)  # 3 × 1/3
    assert solved.mistakes["clip-per-component"][0] == pytest.approx(1.0)
    assert solved.mistakes["clip-none"][0] == pytest.approx(3.0)
