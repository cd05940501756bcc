"""The softmax Jacobian: pᵢ(1 − pᵢ) on the diagonal, −pᵢpⱼ off it; each row sums to zero."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.softmax_jacobian import SoftmaxJacobian


def test_equal_logits_give_the_textbook_jacobian() -> None:
    params = {"z": np.zeros((1, 3)), "g": np.ones((1, 3))}
    jacobian = SoftmaxJacobian().solve(params, 1).extra["gradient"][0]
    assert np.diag(jacobian) == pytest.approx([2 / 9] * 3)  # (1/3)(1 − 1/3)
    assert jacobian[0, 1] == pytest.approx(-1 / 9)
    assert jacobian.sum(axis=1) == pytest.approx([0, 0, 0])


def test_level_three_asks_for_the_gradient_it_passes_back() -> None:
    question = SoftmaxJacobian().question(3, 0)
    assert len(question.matrix.rows) == 1 and len(question.matrix.rows[0]) == 4
    assert sum(question.matrix.rows[0]) == pytest.approx(0, abs=1e-12)
