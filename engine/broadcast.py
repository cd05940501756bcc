"""The one broadcasting rule of the engine, and its inverse for gradients.

Every value has a leading *variant* axis. When two values meet in a binary op:
- their variant axes line up: equal lengths, or one of them 1 (a constant every variant shares);
- every other axis follows numpy's rule: the per-variant shapes are aligned at their last axes,
  a missing axis counts as length 1, and two lengths must be equal or one of them 1.
Anything else is refused with `ShapeError`, naming both per-variant shapes. So a per-variant
scalar scales each variant's vector, and `x - mean(x, axis=0)` means what it means in numpy.
"""

from __future__ import annotations

import numpy as np


class ShapeError(ValueError):
    """Two values whose shapes do not broadcast; the message names both."""


def shape_text(shape: tuple[int, ...]) -> str:
    """A per-variant shape as people write it: (2, 4), (3,) or () for a scalar."""
    return f"({shape[0]},)" if len(shape) == 1 else f"({', '.join(map(str, shape))})"


def broadcast_pair(a: np.ndarray, b: np.ndarray, op: str) -> tuple[np.ndarray, np.ndarray]:
    """`a` and `b` with equally many axes, lined up by the rule above (views, never copies)."""
    na, nb = a.shape[0], b.shape[0]
    if na != nb and na != 1 and nb != 1:
        raise ShapeError(f"{op}: {na} variants cannot meet {nb} variants (equal, or one of 1)")
    sa, sb = a.shape[1:], b.shape[1:]
    if sa == sb:
        return a, b
    try:
        np.broadcast_shapes(sa, sb)
    except ValueError:
        raise ShapeError(
            f"{op}: shapes {shape_text(sa)} and {shape_text(sb)} do not broadcast "
            "(aligned at the last axis, each pair of lengths must be equal or one of them 1)"
        ) from None
    if len(sa) < len(sb):
        a = a.reshape((na, *(1,) * (len(sb) - len(sa)), *sa))
    elif len(sb) < len(sa):
        b = b.reshape((nb, *(1,) * (len(sa) - len(sb)), *sb))
    return a, b


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum `grad` down to `shape` (variant axis first), undoing `broadcast_pair`.

    Axes that broadcasting put in front of a value's own axes (just after the variant axis)
    are summed away first; then every axis where the value had length 1, the variant axis
    included, so a constant shared by all variants gets the sum of their gradients.
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(1, 1 + extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad
