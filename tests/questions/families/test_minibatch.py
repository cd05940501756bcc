"""Mini-batches: the mean and the sum conventions, one step, renderable text."""

from __future__ import annotations

import re

import numpy as np
import pytest

from questions.families.base import stack
from questions.families.minibatch import SINGLE_EXAMPLE, Batch, MiniBatch
from questions.grading import grade

FAMILY = MiniBatch()


SUMMED, MEAN = False, True


def _params(
    mean: bool, update: bool = False, activation: str = "identity"
) -> dict[str, np.ndarray]:
    """w = 0.5, b = 0; the examples (x, t) = (1, 1) and (2, 0); learning rate 0.2."""
    values = {
        "w": 0.5,
        "b": 0.0,
        "x": np.array([1.0, 2.0, 0.0, 0.0]),
        "t": np.array([1.0, 0.0, 0.0, 0.0]),
        "mask": np.array([1.0, 1.0, 0.0, 0.0]),
        "batch": Batch(activation, 2, mean, update),
        "lr": 0.2,
    }
    return stack([values])


def test_summed_and_averaged_gradients_match_the_hand_computation() -> None:
    # o = (0.5, 1.0); per example (o - t) x = (-0.5, 2.0): sum 1.5, mean 0.75
    summed = FAMILY.solve(_params(SUMMED), level=1)
    averaged = FAMILY.solve(_params(MEAN), level=1)
    assert summed.answer[0] == pytest.approx(1.5, rel=1e-9)
    assert averaged.answer[0] == pytest.approx(0.75, rel=1e-9)
    # each convention's mistake is the other convention's answer, named for what was done
    assert summed.mistakes["mean-not-sum"][0] == pytest.approx(0.75, rel=1e-9)
    assert np.isnan(summed.mistakes["sum-not-mean"][0])
    assert averaged.mistakes["sum-not-mean"][0] == pytest.approx(1.5, rel=1e-9)
    assert np.isnan(averaged.mistakes["mean-not-sum"][0])
    assert averaged.mistakes[SINGLE_EXAMPLE][0] == pytest.approx(-0.5, rel=1e-9)


def test_the_step_uses_the_batch_gradient() -> None:
    solved = FAMILY.solve(_params(MEAN, update=True), level=3)
    assert solved.answer[0] == pytest.approx(0.5 - 0.2 * 0.75, rel=1e-9)
    assert solved.mistakes["sum-not-mean"][0] == pytest.approx(0.5 - 0.2 * 1.5, rel=1e-9)
    assert solved.mistakes["update-sign"][0] == pytest.approx(0.5 + 0.2 * 0.75, rel=1e-9)
    assert solved.mistakes["change-not-weight"][0] == pytest.approx(-0.15, rel=1e-9)


def test_padding_examples_do_not_count() -> None:
    padded = _params(MEAN, activation="sigmoid")
    changed = {**padded, "x": np.array([[1.0, 2.0, 1.7, -0.3]]), "t": np.array([[1, 0, 1, 1.0]])}
    first = FAMILY.solve(padded, level=2).answer[0]
    assert FAMILY.solve(changed, level=2).answer[0] == pytest.approx(first, rel=1e-12)


def test_each_question_states_its_convention_and_batch_size() -> None:
    questions = FAMILY.generate(3, range(40))
    for q in questions:
        assert ("their mean" in q.prompt) != ("their sum" in q.prompt)
        assert re.search(r"\$B = [234]\$", q.prompt)
        assert "after the step" in q.prompt
    assert {re.search(r"\$B = (\d)\$", q.prompt)[1] for q in questions} == {"2", "3", "4"}


@pytest.mark.parametrize(
    ("convention", "slip"), [("their mean", "sum-not-mean"), ("their sum", "mean-not-sum")]
)
def test_the_other_convention_is_diagnosed_by_what_was_done(convention: str, slip: str) -> None:
    question = next(q for q in FAMILY.generate(1, range(20)) if convention in q.prompt)
    other = next(m.value for m in question.mistakes if m.mistake == slip)
    verdict = grade(question, repr(other))
    assert not verdict.correct and verdict.mistake == slip
