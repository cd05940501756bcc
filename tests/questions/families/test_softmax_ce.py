"""Family 9, softmax with cross-entropy: hand-checked values, p - y, renderable text."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families import softmax_layer as layer
from questions.families.base import stack
from questions.families.softmax_ce import (
    GRADIENT,
    LOG_BASE,
    LOSS,
    LOSS_SIGN,
    Asked,
    SoftmaxCrossEntropy,
    flat_dirichlet,
)
from questions.grading import grade

FAMILY = SoftmaxCrossEntropy()


def _params(z: list[float], y: list[float], ask: str, at: int = 0) -> dict[str, np.ndarray]:
    return stack(
        [{"z": np.array(z, dtype=float), "y": np.array(y, dtype=float), "asked": Asked(ask, at)}]
    )


def test_one_hot_loss_and_gradients_match_the_hand_computation() -> None:
    # z = (1, 2, 3): p = (0.0900, 0.2447, 0.6652); L = -ln 0.6652 = 0.4076
    loss = FAMILY.solve(_params([1, 2, 3], [0, 0, 1], LOSS), level=1)
    assert loss.answer[0] == pytest.approx(0.4076059644, rel=1e-9)
    assert loss.mistakes[LOG_BASE][0] == pytest.approx(0.4076059644 / np.log(10), rel=1e-9)
    assert loss.mistakes[LOSS_SIGN][0] == pytest.approx(-0.4076059644, rel=1e-9)
    at_true = FAMILY.solve(_params([1, 2, 3], [0, 0, 1], GRADIENT, at=2), level=1)
    assert at_true.answer[0] == pytest.approx(0.6652409558 - 1, rel=1e-9)
    assert at_true.mistakes["p-not-p-minus-y"][0] == pytest.approx(0.6652409558, rel=1e-9)
    assert at_true.mistakes["error-sign"][0] == pytest.approx(1 - 0.6652409558, rel=1e-9)
    elsewhere = FAMILY.solve(_params([1, 2, 3], [0, 0, 1], GRADIENT, at=0), level=1)
    assert elsewhere.answer[0] == pytest.approx(0.0900305732, rel=1e-9)
    # where y_i = 0, p_i is the right answer, so it is not offered as a mistake
    assert np.isnan(elsewhere.mistakes["p-not-p-minus-y"][0])


def test_soft_target_loss_and_gradient() -> None:
    z, y = [0.5, -1.0, 1.5, 0.0], [0.7, 0.1, 0.2, 0.0]
    assert FAMILY.solve(_params(z, y, LOSS), level=3).answer[0] == pytest.approx(
        1.4646749655, rel=1e-9
    )
    solved = FAMILY.solve(_params(z, y, GRADIENT, at=0), level=3)
    assert solved.answer[0] == pytest.approx(0.2198796416 - 0.7, rel=1e-8)


def test_the_gradients_at_all_logits_sum_to_zero() -> None:
    z, y = [0.3, -1.2, 2.0, 0.7], [0.1, 0.0, 0.6, 0.3]
    total = sum(FAMILY.solve(_params(z, y, GRADIENT, at=k), level=3).answer[0] for k in range(4))
    assert total == pytest.approx(0.0, abs=1e-12)


def test_levels_have_their_class_counts_and_targets() -> None:
    level1 = FAMILY.generate(1, range(30))
    assert all("$(net_1, net_2, net_3) =" in q.prompt and "one-hot" in q.prompt for q in level1)
    assert {("the loss $E$" in q.prompt) for q in level1} == {True, False}
    level2 = FAMILY.generate(2, range(30))  # a path through the last layer: a weight's gradient
    assert all("one-hot" in q.prompt and "\\partial w_{" in q.prompt for q in level2)
    level3 = FAMILY.generate(3, range(30))  # a hidden output feeds every logit: every path
    assert all("target distribution" in q.prompt for q in level3)
    assert all("\\partial out_{h" in q.prompt for q in level3)
    assert all(sum(s.id.startswith("logit-grad") for s in q.solution) == 4 for q in level3)


def test_giving_p_for_the_true_class_is_diagnosed() -> None:
    question = next(
        q
        for q in FAMILY.generate(2, range(60))
        if any(m.mistake == "p-not-p-minus-y" for m in q.mistakes)
    )
    p = next(m.value for m in question.mistakes if m.mistake == "p-not-p-minus-y")
    verdict = grade(question, repr(p))
    assert not verdict.correct and verdict.mistake == "p-not-p-minus-y"
    assert question.answer.value < 0  # at the true class the gradient is p - 1


def test_a_hidden_output_collects_every_logits_path() -> None:
    # out_h = (0.5, 0.2), W = [[1, 0], [0, 1], [-1, 0], [0, 0]], b = 0, t = (0.5, 0.5, 0, 0)
    w = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, 0.0]])
    h, t = np.array([0.5, 0.2]), np.array([0.5, 0.5, 0.0, 0.0])
    asked = layer.Through(False, 0, 0)
    solved = FAMILY.solve(stack([{"h": h, "w": w, "b": np.zeros(4), "t": t, "asked": asked}]), 3)
    net = w @ h
    p = np.exp(net) / np.exp(net).sum()
    assert solved.answer[0] == pytest.approx(((p - t) * w[:, 0]).sum(), rel=1e-9)
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-6)
    assert solved.mistakes["no-fanout-sum"][0] == pytest.approx((p[0] - 0.5) * 1.0, rel=1e-9)
    weight = FAMILY.solve(
        stack([{"h": h, "w": w, "b": np.zeros(4), "t": t, "asked": layer.Through(True, 2, 0)}]), 2
    )
    assert weight.answer[0] == pytest.approx(p[2] * 0.5, rel=1e-9)  # (p_3 - 0) out_h1


@pytest.mark.parametrize("classes", [2, 3, 4, 5])
def test_flat_dirichlet_is_numpys_dirichlet(classes: int) -> None:
    for seed in range(300):
        fast, slow = np.random.default_rng(seed), np.random.default_rng(seed)
        assert np.array_equal(flat_dirichlet(fast, classes), slow.dirichlet(np.ones(classes)))
        assert fast.random() == slow.random()  # the generator is left where it was


def test_the_layer_draw_is_one_uniform_call_per_quantity() -> None:
    for seed in range(300):
        fast, slow = np.random.default_rng(seed), np.random.default_rng(seed)
        got = layer.draw(fast, 2, lambda: np.zeros(layer.CLASSES))
        assert np.array_equal(got["h"], np.round(slow.uniform(0.05, 0.95, 2), 2))
        assert np.array_equal(got["w"], np.round(slow.uniform(-1.5, 1.5, (4, 2)), 2))
        assert np.array_equal(got["b"], np.round(slow.uniform(-0.5, 0.5, 4), 2))
        true = int(slow.integers(0, 4))
        k = true if slow.random() < 0.5 else int(slow.integers(0, 4))
        assert got["asked"] == layer.Through(True, k, int(slow.integers(0, 2)))
        assert fast.random() == slow.random()
