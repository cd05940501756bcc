"""Primitive ops across the elements of each variant: sums, means, reshapes, products, softmax.

Each op is its forward rule and its local gradient side by side. Axis arguments count the
axes of one variant (axis 0 is the first axis after the variant axis).
"""

from __future__ import annotations

import math

import numpy as np

from engine.tensor import Operand, Tensor, as_tensor

SHORT_SUM = 16
"""Up to this many terms a sum is added term by term: fast for any number of variants."""


def _axes(a: Tensor, axis: int | None) -> tuple[int, ...]:
    """The array axes that `axis` (counted per variant; None for all of them) refers to."""
    n = a.value.ndim - 1
    if axis is None:
        return tuple(range(1, n + 1))
    if not -n <= axis < n:
        noun = "axis" if n == 1 else "axes"
        raise ValueError(f"axis {axis} is out of range: each variant's value has {n} {noun}")
    return (axis % n + 1,)


def _sum_over(value: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """value summed over `axes` in an order that never depends on the number of variants.

    So a question regenerated alone equals, to the last bit, the same question generated in
    a batch. A few terms are added one by one (numpy's own reductions crawl over short axes
    of many rows); more go to einsum, whose order per variant is fixed too.
    """
    if not axes:
        return value.copy()
    if len(axes) > 1:  # every axis of each variant: one axis of all their elements
        value, axes = value.reshape(value.shape[0], -1), (1,)
    (axis,) = axes
    count = value.shape[axis]
    if count > SHORT_SUM or count == 0:
        dims = list(range(value.ndim))
        return np.einsum(value, dims, [d for d in dims if d != axis])
    lead: tuple[slice | int, ...] = (slice(None),) * axis
    total = value[(*lead, 0)].copy()
    for term in range(1, count):
        total += value[(*lead, term)]
    return total


def _spread(g: np.ndarray, kept: tuple[int, ...], shape: tuple[int, ...]) -> np.ndarray:
    """g (reduced over some axes, shaped `kept` with those axes as 1) copied back out to `shape`."""
    out = np.empty(shape)
    out[...] = g.reshape(kept)
    return out


def sum_(a: Operand, axis: int | None = None) -> Tensor:
    """Sum over one axis of each variant, or over all of them (axis=None)."""
    a = as_tensor(a)
    axes = _axes(a, axis)
    shape = a.value.shape
    kept = tuple(1 if i in axes else n for i, n in enumerate(shape))
    return Tensor(_sum_over(a.value, axes), (a,), "sum", lambda g: (_spread(g, kept, shape),))


def mean(a: Operand, axis: int | None = None) -> Tensor:
    """Mean over one axis of each variant, or over all of them (axis=None)."""
    a = as_tensor(a)
    axes = _axes(a, axis)
    shape = a.value.shape
    kept = tuple(1 if i in axes else n for i, n in enumerate(shape))
    count = math.prod(shape[i] for i in axes)
    return Tensor(
        _sum_over(a.value, axes) / count, (a,), "mean", lambda g: (_spread(g / count, kept, shape),)
    )


def reshape(a: Operand, shape: tuple[int, ...]) -> Tensor:
    """Give each variant's value a new shape."""
    a = as_tensor(a)
    old = a.value.shape
    return Tensor(a.value.reshape((old[0], *shape)), (a,), "reshape", lambda g: (g.reshape(old),))


def transpose(a: Operand, axes: tuple[int, ...] | None = None) -> Tensor:
    """Permute the axes of each variant's value (reverse them by default)."""
    a = as_tensor(a)
    n = a.value.ndim - 1
    perm = tuple(reversed(range(n))) if axes is None else tuple(axes)
    full = (0, *(p + 1 for p in perm))
    inverse = tuple(np.argsort(full))
    return Tensor(a.value.transpose(full), (a,), "transpose", lambda g: (g.transpose(inverse),))


def matmul(a: Operand, b: Operand) -> Tensor:
    """Batched matrix product per variant (Tensor.__matmul__): (N, m, k) @ (N, k, n)."""
    return as_tensor(a) @ b


def matvec(w: Operand, x: Operand) -> Tensor:
    """W x per variant: (N, m, k) and (N, k) -> (N, m); dL/dW is the outer product g x^T."""
    w, x = as_tensor(w), as_tensor(x)
    wv, xv = w.value, x.value
    return Tensor(
        np.einsum("...ij,...j->...i", wv, xv),
        (w, x),
        "Wx",
        lambda g: (np.einsum("...i,...j->...ij", g, xv), np.einsum("...ij,...i->...j", wv, g)),
    )


def softmax(a: Operand) -> Tensor:
    """Softmax over the last axis, computed stably."""
    a = as_tensor(a)
    shifted = a.value - a.value.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    out = e / e.sum(axis=-1, keepdims=True)
    return Tensor(
        out, (a,), "softmax", lambda g: (out * (g - (g * out).sum(axis=-1, keepdims=True)),)
    )


def log_softmax(a: Operand) -> Tensor:
    """log(softmax(a)) over the last axis, without forming the softmax's logarithm."""
    a = as_tensor(a)
    shifted = a.value - a.value.max(axis=-1, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    probs = np.exp(out)
    return Tensor(out, (a,), "log_softmax", lambda g: (g - probs * g.sum(axis=-1, keepdims=True),))


def index(a: Operand, key: int | slice | tuple[int | slice, ...]) -> Tensor:
    """Basic indexing into each variant's value (Tensor.__getitem__: ints and slices)."""
    return as_tensor(a)[key]
