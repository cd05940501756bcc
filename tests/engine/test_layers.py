"""Each layer op against a plain autograd.numpy version of it and central differences.

The references are written the obvious way, one variant at a time (convolution as a sum over
kernel offsets, batch norm from its mean and variance), so they say what the fused ops and
their hand-written backward rules must compute.
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
CHECKS = settings(max_examples=10, deadline=None)
SEEDS = st.integers(0, 2**32 - 1)
ANY = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False)


def values(data: st.DataObject, shape: tuple[int, ...]) -> np.ndarray:
    return data.draw(hnp.arrays(np.float64, shape, elements=ANY))


def apart(data: st.DataObject, shape: tuple[int, ...]) -> np.ndarray:
    """Values all at least 0.1 apart, so no maximum is tied, even within a nudge."""
    order = data.draw(st.permutations(range(int(np.prod(shape)))))
    return np.reshape(order, shape) * 0.1 - 1.0


def per_variant(fn, *arrays: np.ndarray) -> np.ndarray:
    """fn applied to each variant alone (a length-1 variant axis is shared), then stacked."""
    n = max(a.shape[0] for a in arrays)
    return anp.stack([fn(*(a[v if a.shape[0] > 1 else 0] for a in arrays)) for v in range(n)])


def windows(x, kh: int, kw: int, stride: tuple[int, int]):
    """(i, j, the strided slice of x that kernel offset (i, j) reads) for every offset."""
    sh, sw = stride
    ho, wo = (x.shape[-2] - kh) // sh + 1, (x.shape[-1] - kw) // sw + 1
    for i in range(kh):
        for j in range(kw):
            yield i, j, x[..., i : i + sh * (ho - 1) + 1 : sh, j : j + sw * (wo - 1) + 1 : sw]


def conv_reference(x, w, b, stride: tuple[int, int], padding: tuple[int, int]):
    n, c, h, width = x.shape
    ph, pw = padding
    rows = anp.zeros((n, c, ph, width))
    x = anp.concatenate([rows, x, rows], axis=2)
    cols = anp.zeros((n, c, h + 2 * ph, pw))
    x = anp.concatenate([cols, x, cols], axis=3)
    out = sum(
        anp.einsum("nchw,fc->nfhw", part, w[:, :, i, j])
        for i, j, part in windows(x, w.shape[2], w.shape[3], stride)
    )
    return out + b[None, :, None, None]


@CHECKS
@given(
    data=st.data(),
    seed=SEEDS,
    kernel=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    stride=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    padding=st.tuples(st.integers(0, 1), st.integers(0, 1)),
    shared_filters=st.booleans(),
)
def test_conv2d_is_pytorchs_cross_correlation(
    data, seed, kernel, stride, padding, shared_filters, agrees_with_oracles
) -> None:
    variants, n, c, f = (data.draw(st.integers(1, 3)) for _ in range(4))
    h, w = (data.draw(st.integers(kernel[k], kernel[k] + 3)) for k in range(2))
    x = values(data, (variants, n, c, h, w))
    weights = values(data, (1 if shared_filters else variants, f, c, *kernel))
    bias = values(data, (variants, f))
    agrees_with_oracles(
        lambda a, b, d: ops.conv2d(a, b, d, stride, padding),
        lambda a, b, d: per_variant(lambda *v: conv_reference(*v, stride, padding), a, b, d),
        [x, weights, bias],
        seed,
    )


def test_conv2d_without_a_bias_is_conv2d_with_a_zero_bias() -> None:
    rng = np.random.default_rng(5)
    x, w = rng.normal(size=(2, 3, 2, 6, 5)), rng.normal(size=(1, 4, 2, 3, 2))
    runs = []
    for bias in (None, np.zeros((1, 4))):
        leaves = variable(x), variable(w)
        out = ops.conv2d(*leaves, bias, stride=(1, 2), padding=1)
        out.backward(np.cos(np.arange(out.value.size)).reshape(out.value.shape))
        runs.append([out.value, *(leaf.grad for leaf in leaves)])
    for without, with_zero in zip(*runs, strict=True):
        np.testing.assert_allclose(without, with_zero, rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("kind", ["max", "avg"])
@CHECKS
@given(data=st.data(), seed=SEEDS, k=st.integers(1, 3), stride=st.sampled_from([None, 1, 2]))
def test_pooling_windows(data, seed, kind: str, k: int, stride, agrees_with_oracles) -> None:
    shape = (data.draw(st.integers(1, 2)), 2, data.draw(st.integers(1, 2)), k + 2, k + 1)
    op = ops.max_pool2d if kind == "max" else ops.avg_pool2d
    steps = (k, k) if stride is None else (stride, stride)

    def reference(x):
        parts = anp.stack([part for _, _, part in windows(x, k, k, steps)])
        return anp.max(parts, axis=0) if kind == "max" else anp.mean(parts, axis=0)

    agrees_with_oracles(
        lambda x: op(x, k, stride),
        lambda x: per_variant(reference, x),
        [apart(data, shape) if kind == "max" else values(data, shape)],
        seed,
    )


TIED = [[1.0, 1.0, 2.0, 2.0], [1.0, 1.0, 2.0, 2.0], [0.0, 3.0, 3.0, 0.0], [3.0, 3.0, 0.0, 0.0]]


@pytest.mark.parametrize(
    ("k", "stride", "expected"),
    [  # what torch.nn.functional.max_pool2d(x, k, stride).sum().backward() gives
        (2, 2, [[1, 0, 1, 0], [0, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 0]]),
        (2, 1, [[1, 0, 2, 0], [0, 0, 0, 0], [0, 4, 2, 0], [0, 0, 0, 0]]),
        (3, 1, [[0, 0, 0, 0], [0, 0, 0, 0], [0, 4, 0, 0], [0, 0, 0, 0]]),
    ],
)
def test_a_tied_window_gives_its_gradient_to_the_first_maximum_as_pytorch_does(
    k: int, stride: int, expected: list[list[int]]
) -> None:
    x = variable(np.array(TIED)[None, None, None])
    ops.max_pool2d(x, k, stride).sum().backward()
    np.testing.assert_array_equal(x.grad[0, 0, 0], expected)


def batch_norm_reference(x, gamma, beta, eps: float):
    axes = (0, *range(2, x.ndim))
    shape = (1, -1, *(1,) * (x.ndim - 2))
    mean = anp.mean(x, axis=axes, keepdims=True)
    var = anp.mean((x - mean) ** 2, axis=axes, keepdims=True)
    return anp.reshape(gamma, shape) * (x - mean) / anp.sqrt(var + eps) + anp.reshape(beta, shape)


def layer_norm_reference(x, gamma, beta, eps: float):
    mean = anp.mean(x, axis=-1, keepdims=True)
    var = anp.mean((x - mean) ** 2, axis=-1, keepdims=True)
    return gamma * (x - mean) / anp.sqrt(var + eps) + beta


@pytest.mark.parametrize("op", ["batch_norm", "layer_norm"])
@CHECKS
@given(
    data=st.data(), seed=SEEDS, dims=st.sampled_from([2, 3, 4]), eps=st.sampled_from([1e-5, 0.1])
)
def test_normalization_in_training_mode(
    data, seed, op: str, dims: int, eps: float, agrees_with_oracles
) -> None:
    variants = data.draw(st.integers(1, 3))
    inner = tuple(data.draw(st.integers(2, 4)) for _ in range(dims))
    size = inner[1] if op == "batch_norm" else inner[-1]
    shared = data.draw(st.booleans())
    params = [values(data, (1 if shared else variants, size)) for _ in range(2)]
    engine = ops.batch_norm if op == "batch_norm" else ops.layer_norm
    reference = batch_norm_reference if op == "batch_norm" else layer_norm_reference
    agrees_with_oracles(
        lambda x, g, b: engine(x, g, b, eps),
        lambda x, g, b: per_variant(lambda *v: reference(*v, eps), x, g, b),
        [apart(data, (variants, *inner)), *params],  # a spread batch: variance away from 0
        seed,
    )


def test_normalization_without_scale_or_shift_is_zero_mean_unit_variance() -> None:
    x = variable(np.random.default_rng(3).normal(2.0, 3.0, size=(2, 50, 4)))
    y = ops.batch_norm(x, eps=0.0).value
    np.testing.assert_allclose(y.mean(axis=1), 0.0, atol=1e-14)
    np.testing.assert_allclose(y.var(axis=1), 1.0, rtol=1e-13)
    np.testing.assert_allclose(ops.layer_norm(x, eps=0.0).value.var(axis=-1), 1.0, rtol=1e-13)


@CHECKS
@given(data=st.data(), seed=SEEDS, p=st.sampled_from([0.0, 0.25, 0.5, 1.0]))
def test_dropout_scales_what_the_given_mask_keeps(
    data, seed, p: float, agrees_with_oracles
) -> None:
    shape = (data.draw(st.integers(1, 3)), 3, 4)
    mask = data.draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0])))
    factor = 0.0 if p == 1.0 else 1.0 / (1.0 - p)
    agrees_with_oracles(
        lambda x: ops.dropout(x, mask, p), lambda x: x * mask * factor, [values(data, shape)], seed
    )


@CHECKS
@given(data=st.data(), seed=SEEDS, batch=st.integers(1, 5), classes=st.integers(1, 5))
def test_cross_entropy_with_integer_targets_means_over_the_batch(
    data, seed, batch: int, classes: int, agrees_with_oracles
) -> None:
    variants = data.draw(st.integers(1, 3))
    shared = data.draw(st.booleans())
    y = data.draw(
        hnp.arrays(
            np.int64, (1 if shared else variants, batch), elements=st.integers(0, classes - 1)
        )
    )

    def reference(z, targets):
        log_p = z - anp.log(anp.sum(anp.exp(z), axis=-1, keepdims=True))
        return -anp.mean(log_p[np.arange(batch), targets])

    agrees_with_oracles(
        lambda z: ops.cross_entropy(z, Tensor(y)),
        lambda z: per_variant(reference, z, y),
        [values(data, (variants, batch, classes))],
        seed,
    )


@pytest.mark.parametrize("causal", [False, True])
@CHECKS
@given(data=st.data(), seed=SEEDS, t=st.integers(1, 4), s=st.integers(1, 4), d=st.integers(1, 3))
def test_attention(data, seed, causal: bool, t: int, s: int, d: int, agrees_with_oracles) -> None:
    variants, heads = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 2))
    s = max(s, t) if causal else s  # a causal query sees at least its own position

    def reference(q, k, v):
        scores = anp.matmul(q, anp.swapaxes(k, -1, -2)) / np.sqrt(d)
        if causal:
            scores = anp.where(np.tri(t, s, dtype=bool), scores, -np.inf)
        e = anp.exp(scores - anp.max(scores, axis=-1, keepdims=True))
        return anp.matmul(e / anp.sum(e, axis=-1, keepdims=True), v)

    shapes = [(heads, t, d), (heads, s, d), (heads, s, 2)]
    agrees_with_oracles(
        lambda q, k, v: ops.attention(q, k, v, causal),
        lambda q, k, v: per_variant(reference, q, k, v),
        [values(data, (variants, *shape)) for shape in shapes],
        seed,
    )


def test_layer_shape_errors_say_what_fits() -> None:
    images = variable(np.zeros((1, 2, 3, 5, 5)))
    with pytest.raises(ShapeError, match=r"filters \(4, 2, 3, 3\) do not fit input \(2, 3, 5, 5\)"):
        ops.conv2d(images, variable(np.zeros((1, 4, 2, 3, 3))))
    with pytest.raises(ShapeError, match="a window of 7 does not fit in 5"):
        ops.max_pool2d(images, 7)
    with pytest.raises(ShapeError, match=r"batch_norm: gamma \(2,\) is not \(3,\)"):
        ops.batch_norm(images, np.ones((1, 2)), None)
    with pytest.raises(ValueError, match=r"target 4 is not a class in 0\.\.2"):
        ops.cross_entropy(variable(np.zeros((1, 2, 3))), [0, 4])
    with pytest.raises(ValueError, match=r"p is a probability between 0 and 1, not 1\.5"):
        ops.dropout(images, np.ones((1, 5)), 1.5)
