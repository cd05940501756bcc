"""Family 2, one neuron without a loss: hand-checked gradients, named mistakes, readable text."""

from __future__ import annotations

import math

import numpy as np
import pytest

from questions.families.base import stack
from questions.families.neuron import Asked, SingleNeuron
from questions.grading import grade

FAMILY = SingleNeuron()


def _params(
    activation: str = "sigmoid", target: str = "w", which: int = 0
) -> dict[str, np.ndarray]:
    """One variant: net = 0.3 * 1 + (-0.2) * 2 + 0.6 = 0.5, asking d out / d w_1 by default."""
    values = {
        "w": np.array([0.3, -0.2, 0.0]),
        "x": np.array([1.0, 2.0, 0.0]),
        "b": 0.6,
        "asked": Asked(activation, target, which, 2),
    }
    return stack([values])


S = 1 / (1 + math.exp(-0.5))  # sigmoid(0.5) = 0.62246


def test_sigmoid_weight_gradient_is_slope_times_input() -> None:
    solved = FAMILY.solve(_params(), level=2)
    assert solved.answer[0] == pytest.approx(S * (1 - S) * 1.0, rel=1e-12)
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-6)
    assert solved.mistakes["no-activation-derivative"][0] == pytest.approx(1.0)
    assert solved.mistakes["derivative-at-net"][0] == pytest.approx(0.5 * (1 - 0.5))
    assert solved.mistakes["forward-not-gradient"][0] == pytest.approx(S)
    # the neighbouring input x_2 = 2 taken for x_1
    assert solved.mistakes["wrong-input"][0] == pytest.approx(S * (1 - S) * 2.0)


def test_tanh_input_gradient_goes_through_the_weight() -> None:
    solved = FAMILY.solve(_params("tanh", "x", which=1), level=3)
    t = math.tanh(0.5)
    assert solved.answer[0] == pytest.approx((1 - t * t) * -0.2, rel=1e-12)
    assert solved.mistakes["derivative-at-net"][0] == pytest.approx((1 - 0.25) * -0.2)
    # a slip to the other connection's weight is not "the wrong input": no such mistake here
    assert np.isnan(solved.mistakes["wrong-input"][0])


def test_relu_bias_gradient_is_one_when_active() -> None:
    solved = FAMILY.solve(_params("relu", "b"), level=3)
    assert solved.answer[0] == pytest.approx(1.0)


def test_a_matching_wrong_response_is_named() -> None:
    for question in FAMILY.generate(3, range(30)):
        for slip in question.mistakes:
            verdict = grade(question, repr(slip.value))
            assert not verdict.correct and verdict.mistake == slip.mistake


@pytest.mark.parametrize("level", [1, 2, 3])
def test_prompts_name_the_activation_and_agree_in_number(level: int) -> None:
    for question in FAMILY.generate(level, range(40)):
        prompt = question.prompt
        assert "sigmoid(net)" not in prompt and "tanh(net)$" not in prompt.replace(r"\tanh", "")
        singles = "Its input is" in prompt
        assert singles == (level == 1) and singles == ("its weight is" in prompt)
        for step in question.solution:
            assert "- -" not in step.substituted and "((" not in step.substituted, step
