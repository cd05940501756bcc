"""A convolution's input gradient: a corner cell is read by one window only, through w_11."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.conv_input_gradient import ConvInputGradient


def test_the_top_left_input_meets_only_the_first_kernel_cell() -> None:
    params = {
        "x": np.ones((1, 4, 4)),
        "w": np.array([[[2.0, 3.0], [5.0, 7.0]]]),
        "g": np.full((1, 3, 3), 0.5),
        "i": np.array([0.0]),
        "j": np.array([0.0]),
    }
    solved = ConvInputGradient().solve(params, 1)
    assert solved.answer[0] == pytest.approx(1.0) == solved.check[0]  # 0.5 × w11
    assert solved.mistakes["conv-input-not-flipped"][0] == pytest.approx(3.5)  # 0.5 × w22
