"""Residual gradient: at x = 0 a block y = x + a·tanh(w x) has slope 1 + a·w; a branch of two
units adds their slopes; two blocks multiply theirs."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.residual_gradient import ResidualGradient


def solve(level: int, **values: float):
    return ResidualGradient().solve({k: np.array([v]) for k, v in values.items()}, level)


def test_the_skip_path_adds_one() -> None:
    solved = solve(1, x=0.0, g=2.0, a00=1.0, w00=0.5)
    assert solved.answer[0] == pytest.approx(2.0 * 1.5)
    assert solved.mistakes["residual-no-skip"][0] == pytest.approx(1.0)
    assert solved.mistakes["residual-skip-only"][0] == pytest.approx(2.0)


def test_a_branch_layers_units_add_their_slopes() -> None:
    solved = solve(2, x=0.0, g=2.0, a00=1.0, w00=0.5, a01=-2.0, w01=0.25)
    assert solved.answer[0] == pytest.approx(2.0 * (1 + 0.5 - 0.5))
    assert solved.mistakes["no-fanout-sum"][0] == pytest.approx(2.0 * 1.5)
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-6)


def test_two_blocks_multiply_their_slopes() -> None:
    solved = solve(3, x=0.0, g=1.0, a00=1.0, w00=0.5, a10=2.0, w10=0.25)
    assert solved.answer[0] == pytest.approx(1.5 * 1.5)  # block 2's input is 0 too
    assert np.isnan(solved.mistakes["no-fanout-sum"][0])
