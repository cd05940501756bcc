"""ReLU and dead units: the zero gradients are exactly those behind a unit with net <= 0."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.base import stack
from questions.families.dead_relu import DeadRelu, pool
from questions.grading import grade
from questions.model import Kind

FAMILY = DeadRelu()


def test_a_dead_unit_zeroes_its_weights_bias_and_delta_but_not_its_output_gradient() -> None:
    variant = {
        "x": np.array([1.0, 2.0]),
        # nets: 0.5 - 1.0 + 0.2 = -0.3 (dead), 0.4 + 0.6 - 0.1 = 0.9, 0.1 + 0.2 - 0.8 = -0.5 (dead)
        "w": np.array([[0.5, -0.5], [0.4, 0.3], [0.1, 0.1]]),
        "b": np.array([0.2, -0.1, -0.8]),
        "g": np.array([0.7, -1.2, 0.5]),
        "v": np.ones(3),
        "t": 0.0,
        "order": np.arange(len(pool(2)), dtype=float),
    }
    solved = FAMILY.solve(stack([variant]), 2)
    grads = dict(zip((i.symbol for i in pool(2)), solved.extra["grad"][0], strict=True))
    zero = {symbol for symbol, g in grads.items() if g == 0}
    assert zero == {"w_{11}", "w_{12}", "b_1", "net_1", "w_{31}", "w_{32}", "b_3", "net_3"}
    assert solved.answer[0] == solved.check[0] == 8
    assert grads["h_1"] == pytest.approx(0.7)  # the gradient still arrives at a dead unit
    assert grads["x_1"] == pytest.approx(-1.2 * 0.4)  # only the active unit 2 passes it on


def test_at_level_three_the_outgoing_weight_of_a_dead_unit_gets_no_gradient() -> None:
    outgoing = [
        c
        for q in FAMILY.generate(3, range(200))
        for c in q.choices
        if c.text.startswith(r"$\partial E / \partial v_")
    ]
    assert outgoing  # level 3 asks about outgoing weights
    assert all(c.correct == ("is dead" in c.explanation) for c in outgoing)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_each_variant_has_right_and_wrong_choices_all_explained(level: int) -> None:
    for q in FAMILY.generate(level, range(100)):
        assert q.kind is Kind.MULTIPLE
        flags = [c.correct for c in q.choices]
        assert any(flags) and not all(flags)
        for c in q.choices:
            assert c.explanation.startswith("Zero" if c.correct else "Not zero")
        assert grade(q, list(q.correct_indices)).correct
        wrong = next(i for i, c in enumerate(q.choices) if not c.correct)
        partial = grade(q, [*q.correct_indices, wrong], scoring="partial")
        assert not partial.correct and partial.score < 1


def test_a_dead_units_output_gradient_is_offered_as_a_trap() -> None:
    questions = FAMILY.generate(2, range(100))
    trapped = sum(
        any(
            c.text.startswith(r"$\partial E / \partial h_") and "dead" in c.explanation
            for c in q.choices
        )
        for q in questions
    )
    assert trapped == len(questions)
