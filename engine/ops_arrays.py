"""Primitive ops across the elements of each variant: reductions, shapes, products, softmax.

Each op is its forward rule and its local gradient side by side: the ones that are also
Tensor methods (sums, indexing, reshape, @) have their rules in engine/reduce.py,
engine/indexing.py and engine/products.py; the rest are here. Axis arguments count the axes
of one variant (axis 0 is the first axis after the variant axis).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.broadcast import ShapeError, shape_text
from engine.indexing import Key
from engine.reduce import Axis, array_axes
from engine.tensor import Operand, Tensor, as_tensor


def sum_(a: Operand, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Sum over axes of each variant, or over all of them (axis=None)."""
    return as_tensor(a).sum(axis, keepdims)


def mean(a: Operand, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Mean over axes of each variant, or over all of them (axis=None)."""
    return as_tensor(a).mean(axis, keepdims)


def max_(a: Operand, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Largest element over axes of each variant; tied maxima share the gradient evenly."""
    return as_tensor(a).max(axis, keepdims)


def min_(a: Operand, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Smallest element over axes of each variant; tied minima share the gradient evenly."""
    return as_tensor(a).min(axis, keepdims)


def var(a: Operand, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Biased variance over axes of each variant (divided by the count, as batch norm does)."""
    return as_tensor(a).var(axis, keepdims)


def reshape(a: Operand, shape: tuple[int, ...]) -> Tensor:
    """Give each variant's value a new shape (one length may be -1)."""
    return as_tensor(a).reshape(tuple(shape))


def transpose(a: Operand, axes: tuple[int, ...] | None = None) -> Tensor:
    """Permute the axes of each variant's value (reverse them by default)."""
    return as_tensor(a).transpose(() if axes is None else tuple(axes))


def matmul(a: Operand, b: Operand) -> Tensor:
    """Matrix product per variant (Tensor.__matmul__), in every shape pair numpy accepts."""
    return as_tensor(a) @ b


def index(a: Operand, key: Key) -> Tensor:
    """Index or gather from each variant's value (Tensor.__getitem__)."""
    return as_tensor(a)[key]


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


def _one_axis(a: Tensor, axis: int) -> int:
    (found,) = array_axes(a.value.ndim, axis)
    return found


def softmax(a: Operand, axis: int = -1) -> Tensor:
    """Softmax along one axis of each variant (the last by default), computed stably."""
    a = as_tensor(a)
    k = _one_axis(a, axis)
    shifted = a.value - a.value.max(axis=k, keepdims=True)
    e = np.exp(shifted)
    out = e / e.sum(axis=k, keepdims=True)
    return Tensor(
        out, (a,), "softmax", lambda g: (out * (g - (g * out).sum(axis=k, keepdims=True)),)
    )


def log_softmax(a: Operand, axis: int = -1) -> Tensor:
    """log(softmax(a)) along one axis, without forming the softmax's logarithm."""
    a = as_tensor(a)
    k = _one_axis(a, axis)
    shifted = a.value - a.value.max(axis=k, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=k, keepdims=True))
    probs = np.exp(out)
    return Tensor(out, (a,), "log_softmax", lambda g: (g - probs * g.sum(axis=k, keepdims=True),))


def _joined(parts: Sequence[Operand], what: str) -> tuple[list[Tensor], list[np.ndarray]]:
    """The parts as Tensors and their values with the variant axis broadcast to one length."""
    tensors = [as_tensor(p) for p in parts]
    if not tensors:
        raise ValueError(f"{what} needs at least one tensor")
    counts = {t.variants for t in tensors} - {1}
    if len(counts) > 1:
        raise ShapeError(f"{what}: variant counts {sorted(counts)} differ (equal, or one of 1)")
    n = counts.pop() if counts else 1
    return tensors, [np.broadcast_to(t.value, (n, *t.shape)) for t in tensors]


def concat(parts: Sequence[Operand], axis: int = 0) -> Tensor:
    """Join each variant's values end to end along an existing axis."""
    tensors, values = _joined(parts, "concat")
    first = tensors[0].shape
    k = _one_axis(tensors[0], axis)
    for t in tensors[1:]:
        other = t.shape
        if len(other) != len(first) or any(
            x != y for i, (x, y) in enumerate(zip(first, other, strict=True)) if i != k - 1
        ):
            raise ShapeError(
                f"concat: shapes {shape_text(first)} and {shape_text(other)} differ off axis {axis}"
            )
    ends = np.cumsum([v.shape[k] for v in values])[:-1]
    return Tensor(
        np.concatenate(values, axis=k),
        tuple(tensors),
        "concat",
        lambda g: tuple(np.split(g, ends, axis=k)),
    )


def stack(parts: Sequence[Operand], axis: int = 0) -> Tensor:
    """Stack each variant's equally shaped values along a new axis."""
    tensors, values = _joined(parts, "stack")
    shapes = {t.shape for t in tensors}
    if len(shapes) > 1:
        listed = " and ".join(sorted(shape_text(s) for s in shapes))
        raise ShapeError(f"stack: shapes {listed} differ")
    n = len(tensors[0].shape) + 1
    if not -n <= axis < n:
        raise ValueError(f"axis {axis} is out of range: the stacked value has {n} axes")
    k = axis % n + 1
    return Tensor(
        np.stack(values, axis=k),
        tuple(tensors),
        "stack",
        lambda g: tuple(np.moveaxis(g, k, 0)),
    )
