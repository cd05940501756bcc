"""Weight decay: w ← w − η(g + λw), here 2 − 0.1 × (1 + 0.5 × 2) = 1.8."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.weight_decay_update import WeightDecayUpdate


def test_a_hand_computed_step_and_its_slips() -> None:
    values = {"w": 2.0, "g": 1.0, "x": 1.0, "t": 0.0, "rate": 0.1, "decay": 0.5}
    solved = WeightDecayUpdate().solve({k: np.array([v]) for k, v in values.items()}, 1)
    assert solved.answer[0] == pytest.approx(1.8)
    assert solved.mistakes["decay-no-rate"][0] == pytest.approx(2 - 0.1 - 1.0)
    assert solved.mistakes["decay-two-lambda"][0] == pytest.approx(2 - 0.1 - 0.2)
    assert solved.mistakes["decay-sign"][0] == pytest.approx(2 - 0.1 + 0.1)
