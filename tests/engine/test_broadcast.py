"""The engine's one broadcasting rule: the variant axes line up, the rest is numpy's rule."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from engine import ops
from engine.broadcast import ShapeError, broadcast_pair, unbroadcast
from engine.tensor import Tensor, variable
from tests.engine.conftest import check_against_oracles


def test_subtracting_a_mean_over_an_axis_means_what_it_means_in_numpy() -> None:
    x = np.arange(24.0).reshape(2, 3, 4)  # 2 variants of a 3 x 4 matrix
    centred = ops.sub(variable(x), ops.mean(variable(x), axis=0))  # mean over rows: shape (4,)
    expected = x - x.mean(axis=1, keepdims=True)
    np.testing.assert_array_equal(centred.value, expected)


def test_a_per_variant_scalar_scales_each_variants_vector() -> None:
    scale, vector = variable([2.0, 3.0]), variable([[1.0, 2.0], [4.0, 5.0]])
    np.testing.assert_array_equal((scale * vector).value, [[2.0, 4.0], [12.0, 15.0]])


def test_a_shape_mismatch_is_refused_naming_both_shapes() -> None:
    with pytest.raises(ShapeError, match=r"\+: shapes \(2, 4\) and \(3, 4\) do not broadcast"):
        variable(np.zeros((1, 2, 4))) + variable(np.zeros((1, 3, 4)))
    with pytest.raises(ShapeError, match=r"shapes \(3,\) and \(3, 4\)"):
        ops.mul(variable(np.zeros((1, 3))), variable(np.zeros((1, 3, 4))))


def test_variant_counts_must_agree_unless_one_is_shared() -> None:
    with pytest.raises(ShapeError, match="2 variants cannot meet 3 variants"):
        variable([1.0, 2.0]) - variable([1.0, 2.0, 3.0])
    assert (variable([1.0, 2.0]) + 1.0).variants == 2


def test_unbroadcast_sums_the_axes_put_in_front_and_the_shared_ones() -> None:
    grad = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(unbroadcast(grad, (2, 4)), grad.sum(axis=1))
    np.testing.assert_array_equal(unbroadcast(grad, (1, 1, 4)), grad.sum(axis=(0, 1))[None, None])
    a, b = broadcast_pair(np.zeros((2, 4)), grad, "+")
    assert a.shape == (2, 1, 4) and b is grad


def test_operators_are_the_classs_own() -> None:
    operators = [
        "add",
        "sub",
        "mul",
        "truediv",
        "neg",
        "pow",
        "matmul",
        "getitem",
        "radd",
        "rsub",
        "rmul",
        "rtruediv",
    ]
    for name in operators:
        assert f"__{name}__" in vars(Tensor), name


SHAPES = st.lists(st.integers(1, 3), min_size=0, max_size=3).map(tuple)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), shape=SHAPES, variants=st.integers(1, 3), seed=st.integers(0, 2**32 - 1))
def test_every_broadcast_numpy_allows_agrees_with_autograd(data, shape, variants, seed) -> None:
    """Drop or squeeze leading axes of one operand: numpy broadcasts it, and so do we."""
    dropped = data.draw(st.integers(0, len(shape)))
    other = tuple(1 if data.draw(st.booleans()) else n for n in shape[dropped:])
    floats = st.floats(0.5, 2.0)
    a = data.draw(hnp.arrays(np.float64, (variants, *shape), elements=floats))
    b = data.draw(hnp.arrays(np.float64, (variants, *other), elements=floats))

    def pad(x, rank):
        return anp.reshape(x, (x.shape[0], *(1,) * (rank - x.ndim + 1), *x.shape[1:]))

    for engine_fn, oracle in ((ops.add, anp.add), (ops.mul, anp.multiply), (ops.div, anp.divide)):
        check_against_oracles(
            engine_fn, lambda x, y, f=oracle: f(x, pad(y, len(shape))), [a, b], seed
        )
