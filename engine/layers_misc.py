"""Dropout, cross-entropy and attention, each one op with its own backward.

dropout is inverted dropout with the mask given (never drawn here, so a question is
reproducible): out = x * mask / (1 - p). cross_entropy takes integer class targets and
averages over the batch, as PyTorch's does. attention is softmax(q kᵀ / √d) v, with an
optional causal mask (position i sees positions j ≤ i, PyTorch's is_causal).
"""

from __future__ import annotations

import math

import numpy as np

from engine.broadcast import ShapeError, broadcast_pair, shape_text
from engine.products import sum_to
from engine.reduce import sum_over
from engine.tensor import Operand, Tensor, as_tensor


def dropout(x: Operand, mask: Operand, p: float) -> Tensor:
    """Inverted dropout: x * mask / (1 - p) with a given 0/1 mask (p = 1 drops everything)."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout: p is a probability between 0 and 1, not {p}")
    x, mask = as_tensor(x), as_tensor(mask)
    xv, mv = broadcast_pair(x.value, mask.value, "dropout")
    factor = mv * (0.0 if p == 1.0 else 1.0 / (1.0 - p))
    return Tensor(xv * factor, (x, mask), "dropout", lambda g: (g * factor, None))


def _targets(y: Operand | np.ndarray, batch: int, classes: int, single: bool) -> np.ndarray:
    """Integer targets with a variant axis: (V, batch), each in 0..classes-1."""
    array = y.value if isinstance(y, Tensor) else np.asarray(y)[None]
    wanted: tuple[int, ...] = () if single else (batch,)
    if array.shape[1:] != wanted:
        raise ShapeError(
            f"cross_entropy: targets {shape_text(array.shape[1:])} do not match "
            f"logits for a batch of {batch}; one class number per row"
        )
    if array.dtype.kind not in "iuf" or not np.all(array == np.round(array)):
        raise ValueError("cross_entropy: targets must be whole class numbers")
    array = array.astype(np.intp).reshape(array.shape[0], batch)
    if array.size and (array.min() < 0 or array.max() >= classes):
        bad = array.min() if array.min() < 0 else array.max()
        raise ValueError(f"cross_entropy: target {bad} is not a class in 0..{classes - 1}")
    return array


def cross_entropy(logits: Operand, y: Operand | np.ndarray) -> Tensor:
    """Mean over the batch of -log softmax(logits)[y]: logits (B, K), integer targets (B,).

    `y` is a Tensor of class numbers (variant axis first) or a plain sequence every variant
    shares. Its gradient with respect to the logits is (softmax - one_hot(y)) / B. Logits
    (K,) with one target are a batch of one.
    """
    z = as_tensor(logits)
    if len(z.shape) not in (1, 2):
        raise ShapeError(f"cross_entropy: logits {shape_text(z.shape)} are not (B, K) or (K,)")
    single = len(z.shape) == 1
    zv = z.value[:, None, :] if single else z.value
    batch, classes = zv.shape[1:]
    targets = _targets(y, batch, classes, single)
    variants = max(zv.shape[0], targets.shape[0])
    if min(zv.shape[0], targets.shape[0]) not in (1, variants):
        raise ShapeError(
            f"cross_entropy: {zv.shape[0]} variants of logits cannot meet "
            f"{targets.shape[0]} of targets (equal, or one of 1)"
        )
    shifted = zv - zv.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    if log_p.shape[0] != variants:
        log_p = np.repeat(log_p, variants, axis=0)
    # Where each row's target sits in log_p's flat storage: one gather, one scatter.
    rows = np.arange(variants * batch).reshape(variants, batch)
    picks = (rows * classes + targets).reshape(-1)
    loss = -sum_over(log_p.reshape(-1)[picks].reshape(variants, batch), (1,)) / batch

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        grad = np.exp(log_p)
        grad.reshape(-1)[picks] -= 1.0
        grad *= g.reshape(-1, 1, 1) / batch
        return (grad[:, 0, :] if single else grad,)

    return Tensor(loss, (z,), "cross_entropy", backward)


def attention(q: Operand, k: Operand, v: Operand, causal: bool = False) -> Tensor:
    """softmax(q kᵀ / √d) v for queries (..., T, d), keys (..., S, d) and values (..., S, e)."""
    q, k, v = as_tensor(q), as_tensor(k), as_tensor(v)
    if min(len(q.shape), len(k.shape), len(v.shape)) < 2:
        raise ShapeError("attention: queries, keys and values are (..., length, size) each")
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ShapeError(
            f"attention: queries {shape_text(q.shape)}, keys {shape_text(k.shape)} and values "
            f"{shape_text(v.shape)} do not fit (q, k share a size; k, v a length)"
        )
    depth = max(len(q.shape), len(k.shape), len(v.shape))
    qv, kv, vv = (_padded(t.value, depth) for t in (q, k, v))
    scale = 1.0 / math.sqrt(q.shape[-1])
    scores = np.matmul(qv, kv.swapaxes(-1, -2)) * scale
    if causal:
        t, s = scores.shape[-2:]
        scores = np.where(np.tri(t, s, dtype=bool), scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    out = np.matmul(weights, vv)

    def backward(g: np.ndarray) -> tuple[np.ndarray, ...]:
        grad_v = np.matmul(weights.swapaxes(-1, -2), g)
        grad_w = np.matmul(g, vv.swapaxes(-1, -2))
        grad_s = weights * (grad_w - (grad_w * weights).sum(axis=-1, keepdims=True)) * scale
        grad_q = np.matmul(grad_s, kv)
        grad_k = np.matmul(grad_s.swapaxes(-1, -2), qv)
        return tuple(
            sum_to(grad, padded.shape).reshape(t.value.shape)
            for grad, padded, t in ((grad_q, qv, q), (grad_k, kv, k), (grad_v, vv, v))
        )

    return Tensor(out, (q, k, v), "attention", backward)


def _padded(value: np.ndarray, depth: int) -> np.ndarray:
    """value with length-1 batch axes put behind the variant axis up to `depth` axes."""
    return value.reshape((value.shape[0], *(1,) * (depth + 1 - value.ndim), *value.shape[1:]))
