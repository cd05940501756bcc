"""Central differences and relative error: the oracle itself must be right."""

from __future__ import annotations

import numpy as np
import pytest

from engine.gradcheck import central_difference, relative_error


def test_central_difference_of_a_cubic_per_variant() -> None:
    x = np.array([[1.0, -2.0], [0.5, 3.0]])  # two variants of a two-vector
    grad = central_difference(lambda v: (v**3).sum(axis=1), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)


def test_central_difference_leaves_its_input_unchanged() -> None:
    x = np.array([[0.3, 0.7]])
    before = x.copy()
    central_difference(lambda v: np.sin(v).sum(axis=1), x)
    np.testing.assert_array_equal(x, before)


def test_central_difference_of_matrices_and_scalars() -> None:
    w = np.array([[[1.0, 2.0], [3.0, 4.0]]])
    grad = central_difference(lambda v: np.exp(v).sum(axis=(1, 2)), w)
    np.testing.assert_allclose(grad, np.exp(w), rtol=1e-8)
    s = np.array([0.2, 0.4, 0.6])  # three variants of one number
    np.testing.assert_allclose(central_difference(np.tanh, s), 1 - np.tanh(s) ** 2, rtol=1e-8)


def test_central_difference_is_exact_for_quadratics_up_to_rounding() -> None:
    x = np.array([[2.0]])
    grad = central_difference(lambda v: 5 * v[:, 0] ** 2 - v[:, 0], x, h=1e-3)
    assert grad[0, 0] == pytest.approx(19.0, rel=1e-10)


def test_relative_error_is_scale_free_and_symmetric() -> None:
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0], [1.1]) == pytest.approx(0.1 / 1.1)
    assert relative_error([1e-8], [1.1e-8]) == pytest.approx(0.1 / 1.1)
    assert relative_error([3.0, 1.0], [1.0, 3.0]) == relative_error([1.0, 3.0], [3.0, 1.0])


def test_relative_error_has_a_floor_for_values_near_zero() -> None:
    assert relative_error([0.0], [1e-20]) == pytest.approx(1e-8)  # 1e-20 / the 1e-12 floor
    assert relative_error([0.0], [1e-20], floor=1e-30) == pytest.approx(1.0)
    assert relative_error([], []) == 0.0
