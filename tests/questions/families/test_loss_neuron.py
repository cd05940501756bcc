"""Family 3, one neuron with a loss: hand-checked values, teaching points, renderable text."""

from __future__ import annotations

import numpy as np
import pytest

from questions.families.base import stack
from questions.families.loss_neuron import BCE, KEPT_SLOPE, MSE, Asked, LossNeuron
from questions.grading import grade
from questions.mistakes import MISTAKES

FAMILY = LossNeuron()


def _params(loss: str = "half_sse", t: float = 1.0, which: int = 0) -> dict[str, np.ndarray]:
    """One variant: a sigmoid unit with net = 0.5 on x = (1, -2), target 1, asking dL/dw_1."""
    asked = Asked("sigmoid", loss, "w", which, 2)
    values = {"w": np.array([0.3, 0.1]), "x": np.array([1.0, -2.0]), "b": 0.4, "t": t}
    return stack([{**values, "asked": asked}])


def test_half_sse_gradient_matches_the_hand_computation() -> None:
    # o = sigmoid(0.5) = 0.62246; dL/dw_1 = (o - t) o (1 - o) x_1 = -0.088723
    solved = FAMILY.solve(_params(), level=2)
    assert solved.answer[0] == pytest.approx(-0.0887234587, rel=1e-9)
    assert solved.mistakes["factor-two"][0] == pytest.approx(2 * -0.0887234587, rel=1e-9)
    assert solved.mistakes["error-sign"][0] == pytest.approx(0.0887234587, rel=1e-9)


def test_mse_on_one_output_doubles_the_half_sse_gradient() -> None:
    half = FAMILY.solve(_params(), level=2).answer[0]
    mse = FAMILY.solve(_params(MSE), level=2)
    assert mse.answer[0] == pytest.approx(2 * half, rel=1e-12)
    assert mse.mistakes["factor-two"][0] == pytest.approx(half, rel=1e-12)


def test_cross_entropy_through_a_sigmoid_gives_o_minus_t_at_net() -> None:
    # t = 0: dL/dnet = o - t = o, so dL/dw_2 = o * x_2 = 0.62246 * (-2)
    solved = FAMILY.solve(_params(BCE, t=0.0, which=1), level=3)
    assert solved.answer[0] == pytest.approx(-1.2449186624, rel=1e-9)
    assert solved.extra["delta"][0] == pytest.approx(solved.extra["out"][0], rel=1e-12)
    # leaving sigmoid' out of the chain gives dL/do * x_2, a larger value
    assert solved.mistakes["no-activation-derivative"][0] == pytest.approx(
        -1.2449186624 / (0.6224593312 * (1 - 0.6224593312)), rel=1e-9
    )
    # keeping sigmoid' as with squared error multiplies by o(1 - o) once too often
    assert solved.mistakes[KEPT_SLOPE][0] == pytest.approx(
        -1.2449186624 * 0.6224593312 * (1 - 0.6224593312), rel=1e-9
    )


def test_only_catalogued_mistakes_reach_the_learner() -> None:
    for question in FAMILY.generate(3, range(30)):
        assert all(m.mistake in MISTAKES for m in question.mistakes)
        assert (KEPT_SLOPE in MISTAKES) == any(m.mistake == KEPT_SLOPE for m in question.mistakes)


def test_levels_use_the_losses_they_promise() -> None:
    prompts = {level: [q.prompt for q in FAMILY.generate(level, range(60))] for level in (1, 2, 3)}
    assert all("half squared error" in p and "$net = w x + b$" in p for p in prompts[1])
    assert any("mean squared error" in p for p in prompts[2])
    assert any("half squared error" in p for p in prompts[2])
    assert all("binary cross-entropy" in p for p in prompts[3])


def test_cross_entropy_solution_names_the_cancellation_and_hints_do_not_give_the_answer() -> None:
    question = FAMILY.question(3, 7)
    assert any("cancels" in step.title for step in question.solution)
    shown = question.solution[-1].result
    assert all(shown not in hint for hint in question.hints)


def test_a_learner_who_forgets_the_half_is_told_so() -> None:
    question = next(
        q
        for q in FAMILY.generate(1, range(40))
        if any(m.mistake == "factor-two" for m in q.mistakes)
    )
    doubled = next(m.value for m in question.mistakes if m.mistake == "factor-two")
    verdict = grade(question, repr(doubled))
    assert not verdict.correct and verdict.mistake == "factor-two"


def _batch(which: int = 0) -> dict[str, np.ndarray]:
    """Two examples through one sigmoid unit with w = (0.3, 0.1), b = 0.4: nets 0.5 and -0.5."""
    asked = Asked("sigmoid", BCE, "w", which, 2)
    x = np.array([[1.0, -2.0], [-2.0, -3.0]])
    values = {"w": np.array([0.3, 0.1]), "x": x, "b": 0.4, "t": np.array([1.0, 0.0])}
    return stack([{**values, "asked": asked}])


def test_a_batch_of_two_averages_the_examples_gradients() -> None:
    # o = sigmoid(0.5) = 0.62246 (t = 1) and sigmoid(-0.5) = 0.37754 (t = 0): deltas o - t
    solved = FAMILY.solve(_batch(), level=3)
    o1, o2 = 0.6224593312, 0.3775406688
    terms = ((o1 - 1.0) * 1.0, o2 * -2.0)
    assert solved.answer[0] == pytest.approx(sum(terms) / 2, rel=1e-9)
    assert solved.check[0] == pytest.approx(solved.answer[0], rel=1e-7)
    assert solved.mistakes["sum-not-mean"][0] == pytest.approx(sum(terms), rel=1e-9)
    assert solved.mistakes["single-example"][0] == pytest.approx(terms[0], rel=1e-9)
    assert solved.mistakes["wrong-input"][0] == pytest.approx(((o1 - 1) * -2 + o2 * -3) / 2)


def test_level_3_sends_every_weight_along_two_paths() -> None:
    for question in FAMILY.generate(3, range(30)):
        ids = [step.id for step in question.solution]
        assert ids[:6] == ["net:1", "out:1", "delta:1", "net:2", "out:2", "delta:2"]
        assert ids[-1] == "batch" and "batch of two examples" in question.prompt
    counts = [{len(q.solution) for q in FAMILY.generate(lv, range(30))} for lv in (1, 2, 3)]
    assert counts == [{7}, {7}, {8}]


def _draw_one_by_one(rng: np.random.Generator, level: int) -> dict[str, object]:
    """A level 1-2 variant drawn as first written, one rng.uniform call per quantity."""
    used = 1 if level == 1 else 2
    mask = np.arange(2) < used
    act = "tanh" if level == 2 and rng.random() < 0.4 else "sigmoid"
    losses = ("half_sse",) if level == 1 else ("half_sse", "mse")
    loss = losses[rng.integers(0, len(losses))]
    t = round(rng.uniform(-0.9, 0.9), 1) if act == "tanh" else round(rng.uniform(0.0, 1.0), 2)
    w = np.round(rng.uniform(-1, 1, 2), 2) * mask
    x = np.round(rng.uniform(-2, 2, 2), 1) * mask
    b = round(rng.uniform(-0.5, 0.5), 2)
    target = "b" if rng.random() < 0.3 else "w"
    asked = Asked(act, loss, target, int(rng.integers(0, used)), used)
    return {"w": w, "x": x, "b": b, "t": t, "asked": asked}


def _batch_draw_one_by_one(rng: np.random.Generator) -> dict[str, object]:
    """A level-3 variant drawn as first written, one rng.uniform call per quantity."""
    w = np.round(rng.uniform(-1, 1, 2), 2)
    x = np.round(rng.uniform(-2, 2, (2, 2)), 1)
    b = round(rng.uniform(-0.5, 0.5), 2)
    t = rng.integers(0, 2, 2).astype(np.float64)
    target = "b" if rng.random() < 0.3 else "w"
    asked = Asked("sigmoid", BCE, target, int(rng.integers(0, 2)), 2)
    return {"w": w, "x": x, "b": b, "t": t, "asked": asked}


@pytest.mark.parametrize("level", [1, 2, 3])
def test_one_row_of_uniforms_draws_what_one_call_per_quantity_drew(level: int) -> None:
    for seed in range(300):
        fast, slow = np.random.default_rng(seed), np.random.default_rng(seed)
        got = FAMILY.draw(fast, level)
        want = _batch_draw_one_by_one(slow) if level == 3 else _draw_one_by_one(slow, level)
        assert got["asked"] == want.pop("asked"), seed
        for name, value in want.items():  # the numbers, to the sign of a zero
            assert np.array_equal(got[name], value), (seed, name)
            assert np.array_equal(np.signbit(got[name]), np.signbit(value)), (seed, name)
        assert fast.random() == slow.random()  # the generator is left where it was
