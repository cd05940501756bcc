"""Family 14, momentum and Adam: hand-checked updates, first-step size, renderable text."""

from __future__ import annotations

import re

import numpy as np
import pytest

from questions.families.optimizers import ADAM, MOMENTUM, Optimizers
from questions.grading import grade

FAMILY = Optimizers()


def _params(kind: str, steps: int, beta: float = 0.9) -> dict[str, np.ndarray]:
    """w = 0.5, eta = 0.1, g1 = 0.8, g2 = -0.3, `steps` updates of the `kind` optimizer."""
    values = {
        "w": 0.5,
        "g1": 0.8,
        "g2": -0.3,
        "lr": 0.1,
        "beta": beta,
        "steps": float(steps),
        "adam": float(kind == ADAM),
    }
    return {k: np.array([v]) for k, v in values.items()}


def test_momentum_two_updates_match_the_hand_computation() -> None:
    # v1 = 0.8, w1 = 0.42; v2 = 0.9 * 0.8 - 0.3 = 0.42, w2 = 0.42 - 0.042 = 0.378
    first = FAMILY.solve(_params(MOMENTUM, 1), level=1)
    assert first.answer[0] == pytest.approx(0.42, rel=1e-12)
    assert np.isnan(first.mistakes["no-momentum"][0])  # one update from v = 0 is plain SGD
    second = FAMILY.solve(_params(MOMENTUM, 2), level=2)
    assert second.answer[0] == pytest.approx(0.378, rel=1e-12)
    assert second.mistakes["update-sign"][0] == pytest.approx(0.5 + 0.08 + 0.042, rel=1e-12)
    assert second.mistakes["no-learning-rate"][0] == pytest.approx(0.5 - 0.8 - 0.42, rel=1e-12)
    assert second.mistakes["change-not-weight"][0] == pytest.approx(-0.042, rel=1e-12)
    assert np.isnan(second.mistakes["no-bias-correction"][0])
    assert second.mistakes["no-momentum"][0] == pytest.approx(0.5 - 0.1 * (0.8 - 0.3), rel=1e-12)


def test_adams_first_step_moves_the_weight_by_about_the_learning_rate() -> None:
    solved = FAMILY.solve(_params(ADAM, 1), level=1)
    assert solved.answer[0] == pytest.approx(0.4, rel=1e-7)
    # without bias correction m / sqrt(s) = 0.1 g / sqrt(0.001 g^2) = sqrt(10)
    assert solved.mistakes["no-bias-correction"][0] == pytest.approx(0.5 - 0.1 * 10**0.5, rel=1e-6)


def test_adams_second_step_matches_the_hand_computation() -> None:
    # m2 = 0.042, s2 = 0.00072936; m_hat = m2 / 0.19, s_hat = s2 / 0.001999
    solved = FAMILY.solve(_params(ADAM, 2), level=3)
    assert solved.answer[0] == pytest.approx(0.3634042109, rel=1e-8)


def test_every_generated_adam_first_step_has_size_about_eta() -> None:
    first_steps = [q for q in FAMILY.generate(1, range(100)) if q.prompt.startswith("Adam")]
    assert 30 < len(first_steps) < 70  # level 1 draws one update of either optimizer
    for question in first_steps:
        w0, eta = (
            float(v) for v in re.findall(r"\$w = (\S+)\$ and \$\\eta = (\S+)\$", question.prompt)[0]
        )
        assert abs(abs(question.answer.value - w0) - eta) < 1e-6


def test_adam_without_bias_correction_is_diagnosed() -> None:
    question = FAMILY.question(3, 11)
    wrong = next(m.value for m in question.mistakes if m.mistake == "no-bias-correction")
    verdict = grade(question, repr(wrong))
    assert not verdict.correct and verdict.mistake == "no-bias-correction"
    assert "after the second update" in question.prompt


def test_each_level_asks_one_more_thing_to_carry() -> None:
    """One update (level 1), two momentum updates (2), two Adam updates (3)."""
    levels = {level: FAMILY.generate(level, range(40)) for level in (1, 2, 3)}
    assert all("after the first update" in q.prompt for q in levels[1])
    assert all(q.prompt.startswith("Gradient descent with momentum") for q in levels[2])
    assert all(q.prompt.startswith("Adam") for q in levels[3])
    assert all("after the second update" in q.prompt for q in levels[2] + levels[3])
