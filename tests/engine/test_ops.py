"""Every primitive op, forward and backward, against numpy, HIPS autograd and central differences.

Shapes are random (N variants in 1..4, then one or two axes of length 1..4), values are random
and kept away from kinks, ties and domain edges, everything is float64.
"""

from __future__ import annotations

import math

import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from engine import ops

pytestmark = pytest.mark.filterwarnings("error")  # an overflow or a 0/0 is a failure here
CHECKS = settings(max_examples=25, deadline=None)

SEEDS = st.integers(0, 2**32 - 1)
VARIANTS = st.integers(1, 4)
INNER = st.lists(st.integers(1, 4), min_size=1, max_size=2).map(tuple)


def floats(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


ANY = floats(-3.0, 3.0)
POSITIVE = floats(0.1, 5.0)
AWAY_FROM_ZERO = st.one_of(floats(0.2, 3.0), floats(-3.0, -0.2))


def values(data: st.DataObject, shape: tuple[int, ...], elements=ANY) -> np.ndarray:
    return data.draw(hnp.arrays(np.float64, shape, elements=elements))


def shapes(data: st.DataObject) -> tuple[int, ...]:
    return (data.draw(VARIANTS), *data.draw(INNER))


def shared(data: st.DataObject, shape: tuple[int, ...]) -> tuple[tuple, tuple]:
    """Shapes for two operands, one of which may be a constant shared by all variants."""
    which = data.draw(st.sampled_from(["neither", "first", "second"]))
    one = (1, *shape[1:])
    return (one if which == "first" else shape), (one if which == "second" else shape)


UNARY = {
    "neg": (ops.neg, lambda a: -a, ANY),
    "exp": (ops.exp, anp.exp, ANY),
    "log": (ops.log, anp.log, POSITIVE),
    "sqrt": (ops.sqrt, anp.sqrt, POSITIVE),
    "absolute": (ops.absolute, anp.abs, AWAY_FROM_ZERO),
    "sigmoid": (ops.sigmoid, lambda a: 1.0 / (1.0 + anp.exp(-a)), floats(-8.0, 8.0)),
    "tanh": (ops.tanh, anp.tanh, ANY),
    "relu": (ops.relu, lambda a: a * (a > 0), AWAY_FROM_ZERO),
    "leaky_relu": (ops.leaky_relu, lambda a: anp.where(a > 0, a, 0.01 * a), AWAY_FROM_ZERO),
    "leaky_relu_slope_0.2": (
        lambda a: ops.leaky_relu(a, 0.2),
        lambda a: anp.where(a > 0, a, 0.2 * a),
        AWAY_FROM_ZERO,
    ),
    "identity": (ops.identity, lambda a: a, ANY),
    "softplus": (ops.softplus, lambda a: anp.logaddexp(0.0, a), ANY),
    "softmax": (
        ops.softmax,
        lambda a: anp.exp(a) / anp.sum(anp.exp(a), axis=-1, keepdims=True),
        ANY,
    ),
    "log_softmax": (
        ops.log_softmax,
        lambda a: a - anp.log(anp.sum(anp.exp(a), axis=-1, keepdims=True)),
        ANY,
    ),
}


@pytest.mark.parametrize("name", UNARY)
@CHECKS
@given(data=st.data(), seed=SEEDS)
def test_unary_op_matches_autograd_and_central_differences(
    name: str, data: st.DataObject, seed: int, agrees_with_oracles
) -> None:
    engine_fn, oracle_fn, elements = UNARY[name]
    agrees_with_oracles(engine_fn, oracle_fn, [values(data, shapes(data), elements)], seed)


@CHECKS
@given(data=st.data(), seed=SEEDS, exponent=st.sampled_from([2, 3, 0.5, -1, -1.5, 1.7]))
def test_power_with_a_constant_exponent(
    data: st.DataObject, seed: int, exponent: float, agrees_with_oracles
) -> None:
    base = values(data, shapes(data), POSITIVE)
    agrees_with_oracles(lambda a: ops.power(a, exponent), lambda a: a**exponent, [base], seed)


BINARY = {
    "add": (ops.add, lambda a, b: a + b, ANY),
    "sub": (ops.sub, lambda a, b: a - b, ANY),
    "mul": (ops.mul, lambda a, b: a * b, ANY),
    "div": (ops.div, lambda a, b: a / b, AWAY_FROM_ZERO),
}


@pytest.mark.parametrize("name", BINARY)
@CHECKS
@given(data=st.data(), seed=SEEDS)
def test_binary_op_with_variants_or_a_shared_constant(
    name: str, data: st.DataObject, seed: int, agrees_with_oracles
) -> None:
    engine_fn, oracle_fn, second = BINARY[name]
    shape_a, shape_b = shared(data, shapes(data))
    a, b = values(data, shape_a), values(data, shape_b, second)
    agrees_with_oracles(engine_fn, oracle_fn, [a, b], seed)


@pytest.mark.parametrize(
    ("engine_fn", "oracle_fn"), [(ops.maximum, anp.maximum), (ops.minimum, anp.minimum)]
)
@CHECKS
@given(data=st.data(), seed=SEEDS)
def test_maximum_and_minimum_away_from_ties(
    engine_fn, oracle_fn, data: st.DataObject, seed: int, agrees_with_oracles
) -> None:
    shape_a, shape_b = shared(data, shapes(data))
    a = values(data, shape_a)
    b = a + values(data, shape_b, AWAY_FROM_ZERO)  # never equal to a
    agrees_with_oracles(engine_fn, oracle_fn, [a, b], seed)


@pytest.mark.parametrize("name", ["add", "mul", "div"])
@CHECKS
@given(data=st.data(), seed=SEEDS)
def test_a_per_variant_scalar_broadcasts_over_each_variants_values(
    name: str, data: st.DataObject, seed: int, agrees_with_oracles
) -> None:
    engine_fn, oracle_fn, _ = BINARY[name]
    shape = shapes(data)
    scalar = values(data, shape[:1], POSITIVE)  # one number per variant, shape (N,)
    expand = (slice(None),) + (None,) * (len(shape) - 1)
    agrees_with_oracles(
        lambda s, v: engine_fn(v, s),
        lambda s, v: oracle_fn(v, s[expand]),
        [scalar, values(data, shape)],
        seed,
    )


@pytest.mark.parametrize("op", ["sum", "mean"])
@CHECKS
@given(data=st.data(), seed=SEEDS)
def test_sum_and_mean_over_all_axes_or_each_one(
    op: str, data: st.DataObject, seed: int, agrees_with_oracles
) -> None:
    shape = shapes(data)
    axis = data.draw(st.sampled_from([None, *range(len(shape) - 1), -1]))
    axes = tuple(range(1, len(shape))) if axis is None else (axis % (len(shape) - 1) + 1,)
    engine_fn = ops.sum_ if op == "sum" else ops.mean
    oracle_fn = anp.sum if op == "sum" else anp.mean
    agrees_with_oracles(
        lambda a: engine_fn(a, axis=axis),
        lambda a: oracle_fn(a, axis=axes),
        [values(data, shape)],
        seed,
    )


@CHECKS
@given(data=st.data(), seed=SEEDS)
def test_reshape_each_variant(data: st.DataObject, seed: int, agrees_with_oracles) -> None:
    shape = shapes(data)
    size = math.prod(shape[1:])
    new = data.draw(st.sampled_from([(size,), (size, 1), (1, size), tuple(reversed(shape[1:]))]))
    agrees_with_oracles(
        lambda a: ops.reshape(a, new),
        lambda a: anp.reshape(a, (shape[0], *new)),
        [values(data, shape)],
        seed,
    )


@CHECKS
@given(data=st.data(), seed=SEEDS)
def test_transpose_each_variant(data: st.DataObject, seed: int, agrees_with_oracles) -> None:
    shape = shapes(data)
    perm = tuple(data.draw(st.permutations(range(len(shape) - 1))))
    full = (0, *(p + 1 for p in perm))
    agrees_with_oracles(
        lambda a: ops.transpose(a, perm),
        lambda a: anp.transpose(a, full),
        [values(data, shape)],
        seed,
    )


@CHECKS
@given(data=st.data(), seed=SEEDS)
def test_transpose_reverses_axes_by_default(
    data: st.DataObject, seed: int, agrees_with_oracles
) -> None:
    shape = shapes(data)
    full = (0, *reversed(range(1, len(shape))))
    agrees_with_oracles(
        ops.transpose, lambda a: anp.transpose(a, full), [values(data, shape)], seed
    )


SIZES = st.integers(1, 4)


@CHECKS
@given(data=st.data(), seed=SEEDS, m=SIZES, k=SIZES, n=SIZES)
def test_batched_matmul(
    data: st.DataObject, seed: int, m: int, k: int, n: int, agrees_with_oracles
) -> None:
    variants = data.draw(VARIANTS)
    shape_a, shape_b = shared(data, (variants, m, k))
    b_shape = (shape_b[0], k, n)
    agrees_with_oracles(
        ops.matmul,
        lambda a, b: anp.sum(a[:, :, :, None] * b[:, None, :, :], axis=2),
        [values(data, shape_a), values(data, b_shape)],
        seed,
    )


@CHECKS
@given(data=st.data(), seed=SEEDS, m=SIZES, k=SIZES)
def test_matvec_and_its_outer_product_gradient(
    data: st.DataObject, seed: int, m: int, k: int, agrees_with_oracles
) -> None:
    variants = data.draw(VARIANTS)
    shape_w, shape_x = shared(data, (variants, m, k))
    x_shape = (shape_x[0], k)
    agrees_with_oracles(
        ops.matvec,
        lambda w, x: anp.sum(w * x[:, None, :], axis=-1),
        [values(data, shape_w), values(data, x_shape)],
        seed,
    )


@CHECKS
@given(data=st.data(), seed=SEEDS)
def test_index_with_ints_and_slices(data: st.DataObject, seed: int, agrees_with_oracles) -> None:
    shape = shapes(data)
    first = shape[1]
    key = data.draw(
        st.one_of(
            st.integers(-first, first - 1),
            st.builds(slice, st.integers(0, first - 1), st.integers(1, first)),
            st.just((slice(None), 0)) if len(shape) > 2 else st.just(0),
        )
    )
    full = (slice(None), *(key if isinstance(key, tuple) else (key,)))
    agrees_with_oracles(lambda a: ops.index(a, key), lambda a: a[full], [values(data, shape)], seed)


@pytest.mark.parametrize("shape", [(2,), (4,), (9,), (16,), (17,), (40,), (3, 2), (4, 5), (2, 9)])
def test_a_batch_reduces_each_variant_exactly_as_alone(shape: tuple[int, ...]) -> None:
    # A question regenerated alone must equal the same question from a batch, to the last bit.
    values = np.random.default_rng(len(shape) * 100 + shape[-1]).normal(size=(300, *shape))
    batch = ops.identity(values)
    for axis in (None, *range(len(shape))):
        for op in (ops.sum_, ops.mean):
            together = op(batch, axis).value
            alone = np.concatenate([op(ops.identity(v[None]), axis).value for v in values])
            np.testing.assert_array_equal(together, alone)
            reduced = tuple(range(1, values.ndim)) if axis is None else axis + 1
            reference = (np.sum if op is ops.sum_ else np.mean)(values, axis=reduced)
            np.testing.assert_allclose(together, reference, rtol=1e-13, atol=1e-13)


def test_an_axis_out_of_range_is_a_clear_error() -> None:
    a = ops.identity(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="axis 1 is out of range: each variant's value has 1 axis"):
        ops.sum_(a, axis=1)
    with pytest.raises(ValueError, match="axis 0 is out of range: each variant's value has 0 axes"):
        ops.mean(ops.identity(np.zeros(2)), axis=0)
