"""Tensor ops over each variant's value -- reductions with axes, indexing and gathering,
reshapes, joins and matmul in every shape pair -- against HIPS autograd and central differences.

The oracle applies numpy's own semantics to each variant alone (a Python loop over the variant
axis), so it states what "per variant" means rather than repeating our vectorised rule.
"""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from engine import Tensor, ops, variable
from engine.broadcast import ShapeError

pytestmark = pytest.mark.filterwarnings("error")
CHECKS = settings(max_examples=20, deadline=None)
SEEDS = st.integers(0, 2**32 - 1)
VARIANTS = st.integers(1, 3)
LENGTHS = st.integers(1, 4)
ANY = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False)


def values(data: st.DataObject, shape: tuple[int, ...], apart: bool = False) -> np.ndarray:
    """Random values; `apart`: all different by at least 0.25 (no ties within a nudge)."""
    if apart:
        order = data.draw(st.permutations(range(int(np.prod(shape)))))
        return np.reshape(order, shape) * 0.25 - 1.0
    return data.draw(hnp.arrays(np.float64, shape, elements=ANY))


def per_variant(fn, *arrays: np.ndarray) -> np.ndarray:
    """fn applied to each variant alone (a length-1 variant axis is shared), then stacked."""
    n = max(a.shape[0] for a in arrays)
    return anp.stack([fn(*(a[v if a.shape[0] > 1 else 0] for a in arrays)) for v in range(n)])


REDUCTIONS = {
    "sum": (ops.sum_, anp.sum),
    "mean": (ops.mean, anp.mean),
    "max": (ops.max_, anp.max),
    "min": (ops.min_, anp.min),
    "var": (ops.var, anp.var),  # biased: divided by the count
}


@pytest.mark.parametrize("name", REDUCTIONS)
@CHECKS
@given(data=st.data(), seed=SEEDS, keepdims=st.booleans())
def test_reduction_over_any_axes_with_or_without_keepdims(
    name: str, data: st.DataObject, seed: int, keepdims: bool, agrees_with_oracles
) -> None:
    inner = tuple(data.draw(st.lists(LENGTHS, min_size=1, max_size=3)))
    n = len(inner)
    axis = data.draw(
        st.one_of(
            st.none(),
            st.integers(-n, n - 1),
            st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True).map(tuple),
        )
    )
    engine_fn, oracle_fn = REDUCTIONS[name]
    x = values(data, (data.draw(VARIANTS), *inner), apart=name in ("max", "min"))
    agrees_with_oracles(
        lambda a: engine_fn(a, axis, keepdims),
        lambda a: per_variant(lambda v: oracle_fn(v, axis=axis, keepdims=keepdims), a),
        [x],
        seed,
    )


def test_tied_maxima_share_the_gradient_evenly_as_torch_amax_does() -> None:
    x = variable([[1.0, 3.0, 3.0, 2.0], [5.0, 5.0, 5.0, 5.0]])
    x.max(axis=0).backward()
    np.testing.assert_array_equal(x.grad, [[0.0, 0.5, 0.5, 0.0], [0.25, 0.25, 0.25, 0.25]])
    y = variable([[[2.0, -1.0], [-1.0, 0.0]]])
    y.min(axis=1, keepdims=True).backward()
    np.testing.assert_array_equal(y.grad, [[[0.0, 1.0], [1.0, 0.0]]])


def test_methods_and_operators_are_the_ops() -> None:
    x = variable(np.arange(12.0).reshape(2, 2, 3))
    np.testing.assert_array_equal(x.sum(1, keepdims=True).value, ops.sum_(x, 1, True).value)
    np.testing.assert_array_equal(x.T.value, x.value.transpose(0, 2, 1))
    np.testing.assert_array_equal(x.view(3, 2).value, x.value.reshape(2, 3, 2))
    np.testing.assert_array_equal(x.reshape(-1).value, x.value.reshape(2, 6))
    np.testing.assert_array_equal((x @ x.T).value, x.value @ x.value.transpose(0, 2, 1))
    np.testing.assert_array_equal((x**2).mean().value, (x.value**2).mean(axis=(1, 2)))
    assert x.var(axis=-1).shape == (2,) and x[0].shape == (3,) and x[:, 1:].shape == (2, 2)


KEYS = {
    "an int": lambda n, m: (1 % n,),
    "a negative int": lambda n, m: (-1,),
    "two ints": lambda n, m: (0, m - 1),
    "a slice": lambda n, m: (slice(0, n, 2),),
    "a column": lambda n, m: (slice(None), 0),
    "an int array with repeats (embedding lookup)": lambda n, m: (np.array([[0, n - 1], [0, 0]]),),
    "pick per row": lambda n, m: (range(n), np.arange(n) % m),
    "a list on the second axis": lambda n, m: (slice(None), [m - 1, 0, m - 1]),
    "an int and a list": lambda n, m: (n - 1, [0, 0]),
    "an ellipsis": lambda n, m: (Ellipsis, m - 1),
}


@pytest.mark.parametrize("name", KEYS)
@CHECKS
@given(data=st.data(), seed=SEEDS, n=LENGTHS, m=LENGTHS)
def test_indexing_and_gathering(
    name: str, data: st.DataObject, seed: int, n: int, m: int, agrees_with_oracles
) -> None:
    key = KEYS[name](n, m)
    x = values(data, (data.draw(VARIANTS), n, m))
    agrees_with_oracles(lambda a: a[key], lambda a: per_variant(lambda v: v[key], a), [x], seed)


@CHECKS
@given(data=st.data(), seed=SEEDS, rows=LENGTHS, width=LENGTHS, shared_table=st.booleans())
def test_per_variant_indices_gather_from_each_variants_table(
    data: st.DataObject, seed: int, rows: int, width: int, shared_table: bool, agrees_with_oracles
) -> None:
    variants = data.draw(st.integers(2, 3))
    table = values(data, (1 if shared_table else variants, rows, width))
    picks = data.draw(hnp.arrays(np.int64, (variants, 3, 2), elements=st.integers(0, rows - 1)))
    agrees_with_oracles(
        lambda c: c[Tensor(picks)],
        lambda c: per_variant(lambda t, p: t[p], c, picks),
        [table],
        seed,
    )


@pytest.mark.parametrize("op", [ops.concat, ops.stack])
@CHECKS
@given(data=st.data(), seed=SEEDS, n=LENGTHS, m=LENGTHS, axis=st.sampled_from([0, 1, -1]))
def test_concat_and_stack_with_a_shared_part(
    op, data: st.DataObject, seed: int, n: int, m: int, axis: int, agrees_with_oracles
) -> None:
    variants = data.draw(VARIANTS)
    other = (n, m) if op is ops.stack or axis == 0 else (n, m + 1)
    if op is ops.concat and axis == 0:
        other = (n + 1, m)
    a, b = values(data, (variants, n, m)), values(data, (1, *other))
    oracle = anp.concatenate if op is ops.concat else anp.stack
    agrees_with_oracles(
        lambda x, y: op([x, y, x], axis),
        lambda x, y: per_variant(lambda u, w: oracle([u, w, u], axis), x, y),
        [a, b],
        seed,
    )


MATMUL_SHAPES = [
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((3,), (3, 4)),
    ((2, 3), (3, 4)),
    ((5, 2, 3), (3, 4)),
    ((3,), (5, 3, 4)),
    ((5, 2, 3), (5, 3, 4)),
    ((1, 2, 3), (5, 3, 4)),
    ((5, 1, 2, 3), (4, 3, 1)),
    ((5, 2, 3), (3,)),
]


@pytest.mark.parametrize(("sa", "sb"), MATMUL_SHAPES)
@settings(max_examples=10, deadline=None)
@given(data=st.data(), seed=SEEDS, shared=st.sampled_from(["neither", "first", "second"]))
def test_matmul_in_every_shape_pair_numpy_accepts(
    sa, sb, data: st.DataObject, seed: int, shared: str, agrees_with_oracles
) -> None:
    variants = data.draw(VARIANTS)
    a = values(data, (1 if shared == "first" else variants, *sa))
    b = values(data, (1 if shared == "second" else variants, *sb))
    agrees_with_oracles(ops.matmul, lambda x, y: per_variant(anp.matmul, x, y), [a, b], seed)


@pytest.mark.parametrize("op", [ops.softmax, ops.log_softmax])
@CHECKS
@given(data=st.data(), seed=SEEDS, axis=st.sampled_from([0, 1, -1]))
def test_softmax_and_log_softmax_along_any_axis(
    op, data: st.DataObject, seed: int, axis: int, agrees_with_oracles
) -> None:
    x = values(data, (data.draw(VARIANTS), data.draw(LENGTHS), data.draw(LENGTHS)))

    def oracle(v):
        log_p = v - anp.log(anp.sum(anp.exp(v), axis=axis, keepdims=True))
        return log_p if op is ops.log_softmax else anp.exp(log_p)

    agrees_with_oracles(lambda a: op(a, axis), lambda a: per_variant(oracle, a), [x], seed)


def test_a_batch_equals_each_variant_alone_to_the_last_bit() -> None:
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=(50, 32, 30)), rng.normal(size=(50, 30, 64))
    picks = rng.integers(0, 32, size=(50, 20))

    def run(x: np.ndarray, y: np.ndarray, p: np.ndarray) -> list[np.ndarray]:
        xt, yt = variable(x), variable(y)
        h = ops.tanh(xt @ yt)
        z = ops.log_softmax(h[Tensor(p)], axis=0)
        loss = z.var(axis=(0, 1)) + z.max(axis=-1).sum() + h.mean(axis=0).sum()
        loss.backward()
        return [loss.value, xt.grad, yt.grad]

    together = run(a, b, picks)
    for k in (0, 17, 49):
        alone = run(a[k : k + 1], b[k : k + 1], picks[k : k + 1])
        for batch, single in zip(together, alone, strict=True):
            np.testing.assert_array_equal(batch[k], single[0])


def test_shape_errors_name_both_shapes() -> None:
    with pytest.raises(ShapeError, match=r"\(2, 4\) @ \(3, 4\): inner sizes 4 and 3 differ"):
        variable(np.zeros((1, 2, 4))) @ variable(np.zeros((1, 3, 4)))
    with pytest.raises(ShapeError, match=r"concat: shapes \(2, 3\) and \(2, 4\) differ off axis 0"):
        ops.concat([variable(np.zeros((1, 2, 3))), variable(np.zeros((1, 2, 4)))])
    with pytest.raises(IndexError, match="index 3 is out of range for axis 0 of length 3"):
        variable(np.zeros((1, 3)))[[0, 3]]
    with pytest.raises(IndexError, match="an index must be whole numbers, not float64"):
        variable(np.zeros((1, 3)))[np.array([0.5])]
    with pytest.raises(ValueError, match=r"1\.5 is not an index: use whole numbers, slices"):
        variable(np.zeros((1, 3)))[1.5]  # a ValueError, as every other refusal here
    with pytest.raises(ValueError, match=r"axis \(0, 0\) names the same axis twice"):
        variable(np.zeros((1, 3))).sum((0, 0))
