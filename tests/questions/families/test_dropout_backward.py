"""Dropout backward: the mask and the 1/(1 − p) scale act on the gradient as on the value;
after a linear layer, on the gradient that layer sends back."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.dropout_backward import DropoutBackward


def test_kept_units_get_the_scaled_gradient_and_dropped_ones_nothing() -> None:
    family = DropoutBackward()
    params = {
        "x": np.array([[[1.0, 2.0, 3.0, 4.0]]]),
        "mask": np.array([[[1.0, 0.0, 1.0, 0.0]]]),
        "g": np.array([[[0.5, 0.5, -1.0, 2.0]]]),
        "p": np.array([0.5]),
    }
    solved = family.solve(params, 1)
    assert solved.extra["gradient"][0, 0] == pytest.approx([1.0, 0.0, -2.0, 0.0])
    assert solved.extra["mistake:dropout-no-scale"][0, 0] == pytest.approx([0.5, 0, -1, 0])
    assert solved.extra["mistake:dropout-wrong-units"][0, 0] == pytest.approx([0, 1, 0, 4])


def test_after_a_linear_layer_the_mask_acts_on_what_it_sends_back() -> None:
    params = {
        "x": np.ones((1, 2, 3)),
        "mask": np.array([[[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]]),
        "w": np.array([[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]]),
        "g": np.array([[[0.2, 0.4], [-0.6, 0.8]]]),
        "p": np.array([0.5]),
    }
    solved = DropoutBackward().solve(params, 3)
    # dE/dH = g Wᵀ = [[0.2, 0.4, 0.6], [-0.6, 0.8, 0.2]], then the mask and × 2
    assert solved.extra["gradient"][0] == pytest.approx(
        np.array([[0.4, 0.0, 1.2], [0.0, 1.6, 0.4]])
    )
    question = DropoutBackward().question(3, 1)
    assert [s.id for s in question.solution] == ["layer", "forward", "mask"]
