"""Average-pool backward: each window's gradient is shared evenly among its cells."""

from __future__ import annotations

import pytest

from questions.families.avgpool_backward import AvgPoolBackward


def test_a_two_by_two_window_gives_each_cell_a_quarter() -> None:
    question = AvgPoolBackward().question(1, 3)
    cells = question.matrix.rows
    # the 2×2 windows tile the 4×4 input, so each window's four cells agree
    for a in range(2):
        for b in range(2):
            block = {cells[2 * a + i][2 * b + j] for i in range(2) for j in range(2)}
            assert len(block) == 1
    undivided = next(m for m in question.matrix_mistakes if m.mistake == "avgpool-no-divide")
    assert undivided.rows[0][0] == pytest.approx(4 * cells[0][0])
