"""Residual gradient: at x = 0, y = x + tanh(w x) has slope 1 + w."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.residual_gradient import ResidualGradient


def test_the_skip_path_adds_one() -> None:
    values = {"x": 0.0, "g": 2.0, "a0": 1.0, "w0": 0.5}
    solved = ResidualGradient().solve({k: np.array([v]) for k, v in values.items()}, 1)
    assert solved.answer[0] == pytest.approx(2.0 * 1.5)
    assert solved.mistakes["residual-no-skip"][0] == pytest.approx(1.0)
    assert solved.mistakes["residual-skip-only"][0] == pytest.approx(2.0)
