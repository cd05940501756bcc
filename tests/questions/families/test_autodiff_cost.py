"""Autodiff cost: ℝ³ → ℝ⁴ → ℝ² → ℝ¹ costs 4·3 + 2·4 in reverse, 2·4·3 + 1·2·3 forward."""

from __future__ import annotations

import numpy as np

from questions.families.autodiff_cost import AutodiffCost


def test_a_scalar_output_makes_reverse_mode_cheaper() -> None:
    values = {"d0": 3.0, "d1": 4.0, "d2": 2.0, "d3": 1.0}
    family = AutodiffCost()
    reverse = family.solve({k: np.array([v]) for k, v in {**values, "mode": 1.0}.items()}, 2)
    forward = family.solve({k: np.array([v]) for k, v in {**values, "mode": 0.0}.items()}, 2)
    assert reverse.answer[0] == reverse.check[0] == 1 * 2 * 4 + 1 * 4 * 3
    assert forward.answer[0] == forward.check[0] == 2 * 4 * 3 + 1 * 2 * 3
    assert reverse.answer[0] < forward.answer[0]
