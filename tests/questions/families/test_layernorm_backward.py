"""Layer norm backward: an upstream gradient equal on every feature cancels (γ = 1)."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.layernorm_backward import LayerNormBackward


def test_a_uniform_upstream_gradient_cancels() -> None:
    params = {
        "x": np.array([[[1.0, 2.0, 4.0, -1.0]]]),
        "g": np.full((1, 1, 4), 0.3),
        "gamma": np.ones((1, 4)),
        "i": np.array([2.0]),
    }
    solved = LayerNormBackward().solve(params, 1)
    assert solved.answer[0] == pytest.approx(0.0, abs=1e-9)
    assert solved.mistakes["ln-constant-stats"][0] > 0.1
