"""The matrix product of each variant's values, in every shape pair numpy's matmul accepts.

(k,) @ (k,) is a number, (m, k) @ (k,) a vector, (k,) @ (k, n) a vector, (m, k) @ (k, n) a
matrix, and stacks of matrices broadcast their leading (batch) axes. Each variant's product
is one BLAS call of its own, so a variant computed in a batch equals it computed alone.
"""

from __future__ import annotations

import numpy as np

from engine.broadcast import ShapeError, broadcast_pair, shape_text
from engine.reduce import Rule


def sum_to(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """grad summed over the axes where `shape` has length 1 (variant and batch axes)."""
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    return grad.sum(axis=axes, keepdims=True) if axes else grad


def matmul_rule(a: np.ndarray, b: np.ndarray) -> Rule:
    """a @ b per variant; dA = g @ B^T and dB = A^T @ g, summed where a side was broadcast."""
    sa, sb = a.shape[1:], b.shape[1:]
    if not sa or not sb:
        raise ShapeError(
            f"{shape_text(sa)} @ {shape_text(sb)}: @ needs a vector or matrix on both sides"
        )
    if sa[-1] != sb[-2 if len(sb) > 1 else 0]:
        inner = sb[-2 if len(sb) > 1 else 0]
        raise ShapeError(
            f"{shape_text(sa)} @ {shape_text(sb)}: inner sizes {sa[-1]} and {inner} differ"
        )
    vector_a, vector_b = len(sa) == 1, len(sb) == 1
    am = a[:, None, :] if vector_a else a
    bm = b[:, :, None] if vector_b else b
    if am.shape[1:-2] != bm.shape[1:-2]:
        try:
            np.broadcast_shapes(am.shape[1:-2], bm.shape[1:-2])
        except ValueError:
            raise ShapeError(
                f"{shape_text(sa)} @ {shape_text(sb)}: batch axes "
                f"{shape_text(am.shape[1:-2])} and {shape_text(bm.shape[1:-2])} do not broadcast"
            ) from None
    # Pad the batch axes to equal depth behind the variant axis (broadcast_pair's rule).
    head_a, head_b = broadcast_pair(am[..., 0, 0], bm[..., 0, 0], "@")
    if head_a.ndim != am.ndim - 2 or head_b.ndim != bm.ndim - 2:
        am = am.reshape((*head_a.shape, *am.shape[-2:]))
        bm = bm.reshape((*head_b.shape, *bm.shape[-2:]))
    product = np.matmul(am, bm)
    out = product
    if vector_a:
        out = out[..., 0, :]
    if vector_b:
        out = out[..., 0]

    def backward(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gm = g.reshape(product.shape)
        grad_a = sum_to(np.matmul(gm, bm.swapaxes(-1, -2)), am.shape).reshape(a.shape)
        grad_b = sum_to(np.matmul(am.swapaxes(-1, -2), gm), bm.shape).reshape(b.shape)
        return grad_a, grad_b

    return out, backward
