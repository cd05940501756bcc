"""Reductions of each variant's value: sum, mean, max, min and the biased variance.

Each rule maps a value (variant axis first) to its result and the backward rule beside it;
Tensor's methods and engine.ops wrap them as graph nodes. Axis arguments count the axes of
one variant (axis 0 is the first axis after the variant axis); None means all of them.

Ties in max and min: the gradient is split evenly among the tied elements, as PyTorch's
`amax`/`amin` and its `max()` without a dimension do (and as the engine's two-input max does).
PyTorch's `max(x, dim)` instead gives all of it to the one index it returns.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

Axis = int | Sequence[int] | None
"""An axis of each variant, several of them, or None for all of them."""
Backward = Callable[[np.ndarray], Sequence[np.ndarray | None]]
Rule = tuple[np.ndarray, Backward]
"""A forward result and the rule that maps its gradient to the gradient of each input."""

SHORT_SUM = 16
"""Up to this many terms a sum is added term by term: fast for any number of variants."""


def array_axes(ndim: int, axis: Axis) -> tuple[int, ...]:
    """The array axes (variant axis first) that `axis`, counted per variant, refers to."""
    n = ndim - 1
    if axis is None:
        return tuple(range(1, n + 1))
    wanted = (axis,) if isinstance(axis, int | np.integer) else tuple(axis)
    found = []
    for one in wanted:
        if not -n <= one < n:
            noun = "axis" if n == 1 else "axes"
            raise ValueError(f"axis {one} is out of range: each variant's value has {n} {noun}")
        found.append(int(one) % n + 1)
    if len(set(found)) != len(found):
        raise ValueError(f"axis {tuple(wanted)} names the same axis twice")
    return tuple(sorted(found))


def sum_over(value: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """value summed over `axes` in an order that never depends on the number of variants.

    So a question regenerated alone equals, to the last bit, the same question generated in
    a batch. A few terms are added one by one (numpy's own reductions crawl over short axes
    of many rows); more go to einsum, whose order per variant is fixed too.
    """
    if not axes:
        return value.copy()
    if len(axes) > 1:  # the reduced axes moved last and merged into one
        kept = [i for i in range(value.ndim) if i not in axes]
        merged = value.transpose((*kept, *axes))
        value = merged.reshape((*merged.shape[: len(kept)], -1))
        axes = (len(kept),)
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


def _kept(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    """`shape` with the reduced axes kept as length 1."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _spread(g: np.ndarray, kept: tuple[int, ...], shape: tuple[int, ...]) -> np.ndarray:
    """g (reduced, with or without the reduced axes) copied back out to `shape`."""
    out = np.empty(shape)
    out[...] = g.reshape(kept)
    return out


def _shaped(total: np.ndarray, kept: tuple[int, ...], keepdims: bool) -> np.ndarray:
    return total.reshape(kept) if keepdims else total


def sum_rule(value: np.ndarray, axis: Axis = None, keepdims: bool = False) -> Rule:
    """Sum over the given axes; the gradient is copied back to every summed element."""
    axes = array_axes(value.ndim, axis)
    shape, kept = value.shape, _kept(value.shape, axes)
    total = _shaped(sum_over(value, axes), kept, keepdims)
    return total, lambda g: (_spread(g, kept, shape),)


def mean_rule(value: np.ndarray, axis: Axis = None, keepdims: bool = False) -> Rule:
    """Mean over the given axes; each element gets the gradient divided by the count."""
    axes = array_axes(value.ndim, axis)
    shape, kept = value.shape, _kept(value.shape, axes)
    count = math.prod(shape[i] for i in axes)
    total = _shaped(sum_over(value, axes) / count, kept, keepdims)
    return total, lambda g: (_spread(g / count, kept, shape),)


def extreme_rule(value: np.ndarray, axis: Axis, keepdims: bool, largest: bool) -> Rule:
    """Max (or min) over the given axes; the gradient is shared evenly among tied extremes."""
    axes = array_axes(value.ndim, axis)
    shape, kept = value.shape, _kept(value.shape, axes)
    if value.size and not math.prod(shape[i] for i in axes):
        raise ValueError("max/min of an empty axis has no value")
    found = (np.max if largest else np.min)(value, axis=axes, keepdims=True)

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        hits = value == found
        count = sum_over(hits.astype(np.float64), axes).reshape(kept)
        return (hits * (g.reshape(kept) / count),)

    return (found if keepdims else np.squeeze(found, axis=axes)), backward


def var_rule(value: np.ndarray, axis: Axis = None, keepdims: bool = False) -> Rule:
    """Biased variance, mean((x - mean x)^2), as batch normalization uses it."""
    axes = array_axes(value.ndim, axis)
    shape, kept = value.shape, _kept(value.shape, axes)
    count = math.prod(shape[i] for i in axes)
    centred = value - (sum_over(value, axes) / count).reshape(kept)
    total = _shaped(sum_over(centred * centred, axes) / count, kept, keepdims)
    return total, lambda g: (g.reshape(kept) * centred * (2.0 / count),)
