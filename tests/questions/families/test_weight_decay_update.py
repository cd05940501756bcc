"""Weight decay: w ← w − η(g + λw), here 2 − 0.1 × (1 + 0.5 × 2) = 1.8; over a batch of two,
the data gradient is the mean of the two examples'."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.weight_decay_update import WeightDecayUpdate

VALUES = {"w": 2.0, "g": 1.0, "x1": 1.0, "t1": 0.0, "x2": 0.5, "t2": 2.0, "rate": 0.1, "decay": 0.5}


def _solve(level: int):
    return WeightDecayUpdate().solve({k: np.array([v]) for k, v in VALUES.items()}, level)


def test_a_hand_computed_step_and_its_slips() -> None:
    solved = _solve(1)
    assert solved.answer[0] == pytest.approx(1.8)
    assert solved.mistakes["decay-no-rate"][0] == pytest.approx(2 - 0.1 - 1.0)
    assert solved.mistakes["decay-two-lambda"][0] == pytest.approx(2 - 0.1 - 0.2)
    assert solved.mistakes["decay-sign"][0] == pytest.approx(2 - 0.1 + 0.1)
    assert np.isnan(solved.mistakes["sum-not-mean"][0])


def test_a_batch_of_two_takes_the_mean_of_their_gradients() -> None:
    # example 1: (2 − 0) × 1 = 2; example 2: (1 − 2) × 0.5 = −0.5; mean 0.75
    solved = _solve(3)
    assert solved.answer[0] == pytest.approx(2 - 0.1 * (0.75 + 1.0)) == solved.check[0]
    assert solved.mistakes["sum-not-mean"][0] == pytest.approx(2 - 0.1 * (1.5 + 1.0))


def test_each_level_adds_the_work_it_means() -> None:
    family = WeightDecayUpdate()
    assert [len(family.question(level, 3).solution) for level in (1, 2, 3)] == [2, 4, 7]
