"""Average-pool backward: each window's gradient is shared evenly among its cells, and a cell
in several windows adds every share."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.avgpool_backward import AvgPoolBackward


def test_one_window_gives_each_cell_a_ninth() -> None:
    question = AvgPoolBackward().question(1, 3)
    cells = np.array(question.matrix.rows)
    assert cells.shape == (3, 3) and np.allclose(cells, cells[0, 0])
    undivided = next(m for m in question.matrix_mistakes if m.mistake == "avgpool-no-divide")
    assert undivided.rows[0][0] == pytest.approx(9 * cells[0, 0])
    assert [s.id for s in question.solution] == ["forward", "share"]


def test_overlapping_windows_add_their_shares_at_a_step_of_their_own() -> None:
    family = AvgPoolBackward()
    params = {"x": np.arange(25.0).reshape(1, 5, 5), "g": np.array([[[0.9, 1.8], [2.7, 3.6]]])}
    solved = family.solve(params, 3)
    gradient = solved.extra["gradient"][0]
    assert gradient[2, 2] == pytest.approx((0.9 + 1.8 + 2.7 + 3.6) / 9)  # in all four windows
    assert gradient[0, 2] == pytest.approx((0.9 + 1.8) / 9)  # in the top two
    assert gradient[0, 0] == pytest.approx(0.1)  # in one
    kept_one = solved.extra["mistake:no-fanout-sum"][0]
    assert kept_one[2, 2] == pytest.approx(0.4)  # the last window overwrote the others
    question = family.question(3, 0)
    assert [s.id for s in question.solution][-1] == "paths"
    assert len(question.solution) == 7  # forward, overlap, four windows, the sum
