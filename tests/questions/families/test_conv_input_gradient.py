"""A convolution's input gradient: one output's contribution (level 1), the sum over every
output that reads the cell (level 2), and with stride and padding (level 3)."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.conv_input_gradient import ConvInputGradient


def _params(i: int, j: int, **more: float) -> dict[str, np.ndarray]:
    values = {
        "x": np.ones((1, 5, 5)),
        "w": np.arange(1.0, 10.0).reshape(1, 3, 3),
        "g": np.full((1, 3, 3), 0.5),
        "i": np.array([float(i)]),
        "j": np.array([float(j)]),
    }
    return values | {name: np.array([v]) for name, v in more.items()}


def test_the_top_left_input_meets_only_the_first_kernel_cell() -> None:
    solved = ConvInputGradient().solve(_params(0, 0), 2)
    assert solved.answer[0] == pytest.approx(0.5) == solved.check[0]  # 0.5 × w11
    assert solved.mistakes["conv-input-not-flipped"][0] == pytest.approx(4.5)  # 0.5 × w33


def test_one_output_contributes_its_gradient_times_one_kernel_cell() -> None:
    # output (1, 2) (from 0) reads x_(2, 3) through kernel cell (1, 1): w = 5
    solved = ConvInputGradient().solve(_params(2, 3, a=1.0, b=2.0), 1)
    assert solved.answer[0] == pytest.approx(2.5) == solved.check[0]
    everything = ConvInputGradient().solve(_params(2, 3), 2)
    assert everything.answer[0] == pytest.approx(0.5 * 33)  # six outputs: kernel columns 2, 3


def test_each_level_adds_a_step() -> None:
    family = ConvInputGradient()
    counts = [{len(q.solution) for q in family.generate(level, range(20))} for level in (1, 2, 3)]
    assert counts == [{2}, {3}, {4}]
