"""Family 2, one neuron without a loss: hand-checked gradients, named mistakes, readable text."""

from __future__ import annotations

import math

import numpy as np
import pytest

from questions.families.base import stack
from questions.families.neuron import Asked, SingleNeuron
from questions.families.neuron_chain import Chain
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


def _chain(hidden: int, target: str = "x", which: int = 0) -> dict[str, np.ndarray]:
    """Sigmoid units: level 2 is x = (1, 2) into h1 (w = (0.3, -0.2), b = 0.6, net 0.5), h1 into
    o1 (v = 0.8, c = -0.1); level 3 is x = 1 into h1 (w 0.3, b 0.2) and h2 (w -0.2, b 0.7),
    both nets 0.5, both into o1 (v = (0.8, -0.4), c = -0.1)."""
    if hidden == 1:
        x, w, b = np.array([1.0, 2.0]), np.array([[0.3, -0.2], [0.0, 0.0]]), np.array([0.6, 0.0])
        v = np.array([0.8, 0.0])
    else:
        x, w, b = np.array([1.0, 0.0]), np.array([[0.3, 0.0], [-0.2, 0.0]]), np.array([0.2, 0.7])
        v = np.array([0.8, -0.4])
    asked = Chain("sigmoid", target, which, hidden)
    return stack([{"x": x, "w": w, "b": b, "v": v, "c": -0.1, "asked": asked}])


def test_a_path_through_a_second_unit_takes_both_slopes_and_the_weight_between() -> None:
    solved = FAMILY.solve(_chain(1, "w", 0), level=2)
    net_o = 0.8 * S - 0.1
    so = 1 / (1 + math.exp(-net_o))
    expected = so * (1 - so) * 0.8 * S * (1 - S) * 1.0
    assert solved.answer[0] == pytest.approx(expected, rel=1e-12)
    assert solved.check[0] == pytest.approx(expected, rel=1e-6)
    assert solved.mistakes["no-activation-derivative"][0] == pytest.approx(
        expected / (so * (1 - so))
    )
    assert solved.mistakes["no-hidden-activation-derivative"][0] == pytest.approx(
        expected / (S * (1 - S))
    )
    assert solved.mistakes["wrong-input"][0] == pytest.approx(2 * expected)  # x_2 for x_1
    assert np.isnan(solved.mistakes["no-fanout-sum"][0])  # one path: nothing to sum


def test_an_input_feeding_two_neurons_adds_both_paths() -> None:
    solved = FAMILY.solve(_chain(2), level=3)
    net_o = 0.8 * S - 0.4 * S - 0.1
    so = 1 / (1 + math.exp(-net_o))
    paths = (0.8 * S * (1 - S) * 0.3, -0.4 * S * (1 - S) * -0.2)
    assert solved.answer[0] == pytest.approx(so * (1 - so) * sum(paths), rel=1e-12)
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-6)
    assert solved.mistakes["no-fanout-sum"][0] == pytest.approx(so * (1 - so) * paths[0])


def test_the_levels_grow_from_one_unit_to_a_path_to_two_paths() -> None:
    counts = [{len(q.solution) for q in FAMILY.generate(lv, range(30))} for lv in (1, 2, 3)]
    assert counts == [{4}, {7}, {10}]
    assert all(q.solution[-1].id == "paths:x" for q in FAMILY.generate(3, range(20)))


def _chain_draw_one_by_one(rng: np.random.Generator, level: int) -> dict[str, object]:
    """Levels 2-3 drawn as they were first written, one rng.uniform call per quantity."""
    hidden, inputs = (1, 2) if level == 2 else (2, 1)
    x = np.round(rng.uniform(-2, 2, 2), 1) * (np.arange(2) < inputs)
    mask = (np.arange(2)[:, None] < hidden) & (np.arange(2)[None, :] < inputs)
    w = np.round(rng.uniform(-1, 1, (2, 2)), 2) * mask
    b = np.round(rng.uniform(-0.5, 0.5, 2), 2) * (np.arange(2) < hidden)
    v = np.round(rng.uniform(-1.5, 1.5, 2), 2) * (np.arange(2) < hidden)
    c = round(rng.uniform(-0.5, 0.5), 2)
    act = ("sigmoid", "tanh", "relu")[int(rng.integers(0, 3))]
    target = "x" if level == 3 or rng.random() < 0.5 else "w"
    chain = Chain(act, target, int(rng.integers(0, inputs)), hidden)
    return {"x": x, "w": w, "b": b, "v": v, "c": c, "asked": chain}


@pytest.mark.parametrize("level", [2, 3])
def test_one_row_of_uniforms_draws_what_one_call_per_quantity_drew(level: int) -> None:
    for seed in range(300):
        fast, slow = np.random.default_rng(seed), np.random.default_rng(seed)
        got, want = FAMILY.draw(fast, level), _chain_draw_one_by_one(slow, level)
        assert got["asked"] == want.pop("asked"), seed
        for name, value in want.items():  # the numbers, to the sign of a zero
            assert np.array_equal(got[name], value), (seed, name)
            assert np.array_equal(np.signbit(got[name]), np.signbit(value)), (seed, name)
        assert fast.random() == slow.random()  # the generator is left where it was
