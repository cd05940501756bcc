"""Vanishing gradients: the product of derivatives through a chain, and its 1/4 bound."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.base import stack
from questions.families.depth import Chain, VanishingGradient
from questions.grading import grade
from questions.numbers import parse_number

FAMILY = VanishingGradient()


def _variant(nets, w, activation="sigmoid", bound=False) -> dict:
    k = len(nets)
    return {
        "chain": Chain(activation, k, bound),
        "mask": np.ones(k),
        "nets": np.array(nets, dtype=float),
        "w": np.array([0.0, *w], dtype=float),
    }


def test_two_sigmoid_units_at_net_zero_multiply_two_quarters_and_the_weight() -> None:
    solved = FAMILY.solve(stack([_variant([0.0, 0.0], [2.0])]), 1)
    # sigma'(0) = 1/4 at both units: 0.25 * 2 * 0.25
    assert solved.answer[0] == pytest.approx(0.125)
    assert solved.mistakes["no-activation-derivative"][0] == pytest.approx(2.0)


def test_tanh_chain_matches_the_hand_computed_product() -> None:
    nets, w = [0.5, -1.2, 0.3], [1.5, -0.8]
    solved = FAMILY.solve(stack([_variant(nets, w, "tanh")]), 2)
    slopes = 1 - np.tanh(np.array(nets)) ** 2
    assert solved.answer[0] == pytest.approx(slopes.prod() * 1.5 * -0.8)
    assert solved.mistakes["derivative-at-net"][0] == pytest.approx(
        np.prod([1 - n * n for n in nets]) * 1.5 * -0.8
    )


def test_the_bound_is_a_quarter_per_unit_times_the_weights() -> None:
    solved = FAMILY.solve(
        stack([_variant([1.2, -0.4, 0.7, 2.0, -1.0], [1, -2, 0.5, 3], bound=True)]), 3
    )
    assert solved.answer[0] == pytest.approx(0.25**5 * 3.0)
    assert solved.mistakes["sigmoid-bound"][0] == pytest.approx(3.0)
    assert np.isnan(solved.mistakes["derivative-at-net"][0])


@pytest.mark.parametrize("level", [1, 2, 3])
def test_worked_solution_ends_at_the_answer_and_mistakes_are_named(level: int) -> None:
    for question in FAMILY.generate(level, range(40)):
        shown = parse_number(question.solution[-1].result)
        assert shown == pytest.approx(question.answer.value, rel=1e-3)
        assert question.hints and question.diagram is not None
        for m in question.mistakes:
            assert grade(question, repr(m.value)).mistake == m.mistake


def test_deeper_levels_ask_about_longer_chains() -> None:
    depths = {
        level: {len(q.diagram.nodes) for q in FAMILY.generate(level, range(60))}
        for level in (1, 2, 3)
    }
    assert depths == {1: {2}, 2: {3, 4}, 3: {5, 6}}


def test_some_variants_ask_for_the_bound() -> None:
    prompts = [q.prompt for q in FAMILY.generate(3, range(100))]
    assert any("largest value" in p for p in prompts)
    assert any("forward pass gave" in p for p in prompts)
