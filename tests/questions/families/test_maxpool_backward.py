"""Max-pool backward: the gradient of each window goes to its maximum only."""

from __future__ import annotations

from questions.families.maxpool_backward import MaxPoolBackward


def test_each_window_sends_its_gradient_to_its_maximum() -> None:
    question = MaxPoolBackward().question(1, 7)
    x = [list(map(float, row)) for row in question.matrix.rows]
    nonzero = [(i, j) for i, row in enumerate(x) for j, v in enumerate(row) if v != 0.0]
    assert len(nonzero) == 4  # one winner in each of the four 2×2 windows
    assert {(i // 2, j // 2) for i, j in nonzero} == {(0, 0), (0, 1), (1, 0), (1, 1)}
    names = {m.mistake for m in question.matrix_mistakes}
    assert names == {"pool-spread-all", "pool-averaged", "pool-routed-to-min"}
