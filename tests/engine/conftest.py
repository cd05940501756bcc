"""The oracles engine tests check against: numpy, HIPS autograd and central differences."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from engine.gradcheck import central_difference
from engine.tensor import Tensor

AUTOGRAD_RTOL = 1e-9
"""Relative difference allowed between our gradients and autograd's (the issue's bar)."""
FINITE_DIFFERENCE_RTOL = 1e-6
"""Central differences carry truncation and rounding error of about h^2 and eps / h."""

EngineFn = Callable[..., Tensor]
OracleFn = Callable[..., np.ndarray]


def _tiny(reference: np.ndarray, scale: float) -> float:
    """An absolute tolerance for entries that cancel to about zero, relative to the largest."""
    return scale * max(1.0, float(np.max(np.abs(reference), initial=0.0)))


def check_against_oracles(
    engine_fn: EngineFn,
    oracle_fn: OracleFn,
    inputs: Sequence[np.ndarray],
    seed: int,
    finite_differences: bool = True,
) -> None:
    """Assert engine_fn matches oracle_fn (written with autograd.numpy) forward and backward.

    The gradient checked is that of sum(op(inputs) * w) for random weights w, with respect to
    every input: ours by backward(seed=w), autograd's by grad, and central differences of our
    own forward pass.
    """
    inputs = [np.array(x, dtype=np.float64) for x in inputs]
    leaves = [Tensor(x.copy(), name=f"input{i}") for i, x in enumerate(inputs)]
    out = engine_fn(*leaves)
    expected = np.asarray(oracle_fn(*inputs))
    assert out.value.shape == expected.shape
    np.testing.assert_allclose(out.value, expected, rtol=1e-12, atol=_tiny(expected, 1e-15))

    weights = np.random.default_rng(seed).uniform(-2.0, 2.0, size=expected.shape)
    out.backward(seed=weights)

    def weighted_total(*xs: np.ndarray) -> float:
        return anp.sum(oracle_fn(*xs) * weights)

    for i, (x, leaf) in enumerate(zip(inputs, leaves, strict=True)):
        ours = leaf.grad
        assert ours is not None and ours.shape == x.shape, f"input {i}: gradient shape"
        theirs = grad(weighted_total, i)(*inputs)
        np.testing.assert_allclose(
            ours, theirs, rtol=AUTOGRAD_RTOL, atol=_tiny(theirs, 1e-13), err_msg=f"input {i}"
        )
        if finite_differences:
            numeric = central_difference(_per_variant(engine_fn, leaves, i, weights), x)
            np.testing.assert_allclose(
                ours,
                numeric,
                rtol=FINITE_DIFFERENCE_RTOL,
                atol=_tiny(numeric, FINITE_DIFFERENCE_RTOL),
                err_msg=f"input {i} against central differences",
            )


def _per_variant(
    engine_fn: EngineFn, leaves: list[Tensor], i: int, weights: np.ndarray
) -> Callable[[np.ndarray], np.ndarray]:
    """x -> sum(op(..., x, ...) * w) per variant of x, from our own forward pass."""

    def f(x: np.ndarray) -> np.ndarray:
        args = [Tensor(x) if j == i else leaf for j, leaf in enumerate(leaves)]
        total = engine_fn(*args).value * weights
        per_variant = total.reshape(total.shape[0], -1).sum(axis=1)
        return per_variant if x.shape[0] == per_variant.shape[0] else per_variant.sum(keepdims=True)

    return f


@pytest.fixture(scope="session")
def agrees_with_oracles() -> Callable[..., None]:
    """check_against_oracles, for tests (hypothesis-driven ones included) to call."""
    return check_against_oracles
