"""One-step updates, checked against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.optim import adam_step, momentum_step, sgd_step


def test_sgd_moves_against_the_gradient() -> None:
    assert sgd_step(0.40, 0.082167041, 0.5) == pytest.approx(0.35891648, abs=5e-9)
    w = np.array([[1.0, -2.0]])
    new = sgd_step(w, np.array([[0.5, -0.5]]), 0.1)
    assert new[0].tolist() == pytest.approx([0.95, -1.95])
    assert w.tolist() == [[1.0, -2.0]]  # nothing changes in place


def test_sgd_takes_one_rate_per_variant() -> None:
    w = np.zeros((2, 3))
    new = sgd_step(w, np.ones((2, 3)), np.array([0.1, 0.2])[:, None])
    assert new.tolist() == [[-0.1] * 3, [-0.2] * 3]


def test_momentum_first_step_is_sgd_then_velocity_builds() -> None:
    w, v = momentum_step(1.0, 0.5, 0.0, lr=0.1, beta=0.9)
    assert (float(w), float(v)) == pytest.approx((0.95, 0.5))
    # v = 0.9 * 0.5 + 0.5 = 0.95; w = 0.95 - 0.1 * 0.95 = 0.855
    w, v = momentum_step(w, 0.5, v, lr=0.1, beta=0.9)
    assert (float(w), float(v)) == pytest.approx((0.855, 0.95))


def test_adam_first_step_moves_each_weight_by_about_lr() -> None:
    w = np.array([1.0, 1.0, 1.0])
    g = np.array([1e-4, -3.0, 250.0])
    new, m, v = adam_step(w, g, np.zeros(3), np.zeros(3), t=1, lr=0.01)
    assert new.tolist() == pytest.approx([0.99, 1.01, 0.99], abs=1e-6)
    assert m.tolist() == pytest.approx((0.1 * g).tolist())
    assert v.tolist() == pytest.approx((0.001 * g * g).tolist())


def test_adam_second_step_by_hand() -> None:
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    w1, m1, v1 = adam_step(2.0, 1.0, 0.0, 0.0, t=1, lr=lr)
    w2, m2, v2 = adam_step(w1, -2.0, m1, v1, t=2, lr=lr)
    # m = 0.9 * 0.1 + 0.1 * (-2) = -0.11; v = 0.999 * 0.001 + 0.001 * 4 = 0.004999
    assert float(m2) == pytest.approx(-0.11)
    assert float(v2) == pytest.approx(0.004999)
    m_hat = -0.11 / (1 - b1**2)
    v_hat = 0.004999 / (1 - b2**2)
    expected = (2.0 - lr * 1.0 / (1.0 + eps)) - lr * m_hat / (math.sqrt(v_hat) + eps)
    assert float(w2) == pytest.approx(expected, rel=1e-12)
    assert float(w2) == pytest.approx(1.9 + 0.036610, abs=1e-6)


def test_adam_counts_steps_from_one() -> None:
    with pytest.raises(ValueError, match="from 1, got 0"):
        adam_step(1.0, 1.0, 0.0, 0.0, t=0)
