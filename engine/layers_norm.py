"""Batch and layer normalization, each one op with its own backward.

Both compute x̂ = (x - mean) / sqrt(var + eps) with the biased variance (divided by the count,
as PyTorch does in training mode) and return gamma * x̂ + beta. batch_norm takes its
statistics per channel over the batch: over N for (N, D) input, over N and L for (N, C, L),
over N, H and W for (N, C, H, W). layer_norm takes them over the last axis of each row.
With m the count, the input's gradient is the closed form
dx = gamma / (m sqrt(var + eps)) * (m g - sum g - x̂ sum(g x̂)).
"""

from __future__ import annotations

import numpy as np

from engine.broadcast import ShapeError, shape_text
from engine.reduce import sum_over
from engine.tensor import Operand, Tensor, as_tensor


def _affine(
    gamma: Operand | None, beta: Operand | None, size: int, what: str
) -> tuple[Tensor | None, Tensor | None]:
    """gamma and beta as Tensors of one value per feature (None: no scale or no shift)."""
    found = []
    for name, p in (("gamma", gamma), ("beta", beta)):
        t = None if p is None else as_tensor(p)
        if t is not None and t.shape != (size,):
            raise ShapeError(f"{what}: {name} {shape_text(t.shape)} is not ({size},)")
        found.append(t)
    return found[0], found[1]


def _normalize(
    x: Tensor,
    gamma: Tensor | None,
    beta: Tensor | None,
    eps: float,
    axes: tuple[int, ...],
    feature: tuple[int, ...],
    op: str,
) -> Tensor:
    """gamma * x̂ + beta with statistics over `axes`; `feature` (variant axis left out) is
    gamma's shape against x's."""
    xv = x.value
    kept = tuple(1 if i in axes else n for i, n in enumerate(xv.shape))
    count = int(np.prod([xv.shape[i] for i in axes]))
    centred = xv - (sum_over(xv, axes) / count).reshape(kept)
    inv = 1.0 / np.sqrt((sum_over(centred * centred, axes) / count).reshape(kept) + eps)
    scale: np.ndarray | float = (
        1.0 if gamma is None else gamma.value.reshape((gamma.variants, *feature))
    )
    out = centred * (inv * scale)  # x̂ * gamma without forming x̂
    if beta is not None:
        shift = beta.value.reshape((beta.variants, *feature))
        out = np.add(out, shift, out=out) if out.shape[0] >= shift.shape[0] else out + shift

    spread = tuple(i + 1 for i, n in enumerate(feature) if n == 1)  # gamma broadcasts here

    def backward(g: np.ndarray) -> tuple[np.ndarray | None, ...]:
        if spread == axes:  # batch norm: gamma's sums are the statistics' sums
            sum_g = sum_over(g, axes).reshape(kept)
            sum_gx = sum_over(g * centred, axes).reshape(kept) * inv  # sum of g * x̂
            k = scale * inv
            grad_x = g * k
            grad_x -= centred * (k * inv * sum_gx / count)
            grad_x -= k * sum_g / count
            grad_gamma, grad_beta = sum_gx, sum_g
        else:
            xhat = centred * inv
            grad_gamma = sum_over(g * xhat, spread)
            grad_beta = sum_over(g, spread)
            d_xhat = g * scale
            sum_g = sum_over(d_xhat, axes).reshape(kept)
            sum_gx = sum_over(d_xhat * xhat, axes).reshape(kept)
            grad_x = (inv / count) * (count * d_xhat - sum_g - xhat * sum_gx)
        grads: list[np.ndarray | None] = [grad_x]
        if gamma is not None:
            grads.append(grad_gamma.reshape(g.shape[0], -1))
        if beta is not None:
            grads.append(grad_beta.reshape(g.shape[0], -1))
        return tuple(grads)

    parents = tuple(t for t in (x, gamma, beta) if t is not None)
    return Tensor(out, parents, op, backward)


def batch_norm(
    x: Operand, gamma: Operand | None = None, beta: Operand | None = None, eps: float = 1e-5
) -> Tensor:
    """Batch normalization in training mode: per-channel statistics of the batch."""
    x = as_tensor(x)
    if len(x.shape) < 2:
        raise ShapeError(f"batch_norm: input {shape_text(x.shape)} is not (N, C, ...)")
    channels = x.shape[1]
    gamma_t, beta_t = _affine(gamma, beta, channels, "batch_norm")
    axes = (1, *range(3, x.value.ndim))
    feature = (1, channels, *(1,) * (x.value.ndim - 3))
    return _normalize(x, gamma_t, beta_t, eps, axes, feature, "batch_norm")


def layer_norm(
    x: Operand, gamma: Operand | None = None, beta: Operand | None = None, eps: float = 1e-5
) -> Tensor:
    """Layer normalization over the last axis of each row."""
    x = as_tensor(x)
    if not x.shape:
        raise ShapeError("layer_norm: a single number has no axis to normalize over")
    size = x.shape[-1]
    gamma_t, beta_t = _affine(gamma, beta, size, "layer_norm")
    feature = (*(1,) * (x.value.ndim - 2), size)
    return _normalize(x, gamma_t, beta_t, eps, (x.value.ndim - 1,), feature, "layer_norm")
