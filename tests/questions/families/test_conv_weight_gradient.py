"""A convolution's weight gradient: with an all-ones upstream gradient, ∂E/∂w_ij is the sum
of the inputs the weight touched; a level adds output rows, then padding."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.conv_weight_gradient import ConvWeightGradient


def test_all_ones_upstream_sums_the_touched_inputs() -> None:
    x = np.arange(16.0).reshape(4, 4)
    params = {
        "x": x[None],
        "w": np.ones((1, 2, 2)),
        "g": np.ones((1, 3, 3)),
        "i": np.array([0.0]),
        "j": np.array([1.0]),
    }
    solved = ConvWeightGradient().solve(params, 2)
    assert solved.answer[0] == pytest.approx(x[0:3, 1:4].sum()) == solved.check[0]
    assert solved.mistakes["conv-one-position"][0] == pytest.approx(x[0, 1])


def test_each_level_adds_steps() -> None:
    family = ConvWeightGradient()
    ids = [family.question(level, 4).solution for level in (1, 2, 3)]
    assert [s.id for s in ids[0]] == ["forward", "grad"]
    assert [s.id for s in ids[1]] == ["forward", "grad:1", "grad:2", "grad"]  # a step a row
    assert [s.id for s in ids[2]] == ["forward", "padded", "grad:1", "grad:2", "grad"]
    assert ids[1][2].substituted.startswith(ids[1][1].result + " + ")  # the rows before
