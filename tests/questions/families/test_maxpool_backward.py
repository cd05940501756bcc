"""Max-pool backward: the gradient of each window goes to its maximum only; where windows
overlap, a cell that is the maximum of several adds all of their gradients."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.maxpool_backward import MaxPoolBackward


def test_a_layer_of_windows_sends_each_gradient_to_its_maximum() -> None:
    question = MaxPoolBackward().question(2, 7)
    x = np.array(question.matrix.rows)
    nonzero = list(zip(*np.nonzero(x), strict=True))
    assert len(nonzero) == 4  # one winner in each of the four 3×3 windows
    assert {(int(i) // 3, int(j) // 3) for i, j in nonzero} == {(0, 0), (0, 1), (1, 0), (1, 1)}
    names = {m.mistake for m in question.matrix_mistakes}
    assert names == {"pool-spread-all", "pool-averaged", "pool-routed-to-min"}
    assert len(question.solution) == 6  # forward, one step a window, the whole matrix


def test_a_shared_maximum_adds_the_gradients_of_its_windows() -> None:
    family = MaxPoolBackward()
    x = np.zeros((1, 5, 5)) - np.arange(25.0).reshape(1, 5, 5) / 100
    x[0, 2, 2] = 9.0  # the maximum of all four windows
    solved = family.solve({"x": x, "g": np.array([[[0.5, -1.0], [2.0, 0.25]]])}, 3)
    gradient = solved.extra["gradient"][0]
    assert gradient[2, 2] == pytest.approx(1.75) and np.count_nonzero(gradient) == 1
    assert solved.extra["mistake:no-fanout-sum"][0][2, 2] == pytest.approx(0.25)


def test_every_overlapping_question_has_a_shared_winner() -> None:
    for question in MaxPoolBackward().generate(3, range(30)):
        summed = next(s for s in question.solution if s.id == "paths")
        assert summed.result
        assert "no-fanout-sum" in {m.mistake for m in question.matrix_mistakes}
