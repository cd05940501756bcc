"""Losses, each named for exactly what it computes, composed from primitive ops.

`outputs` and `targets` hold one example per variant: shape (N, units). Each loss returns
one value per variant, shape (N,).
"""

from __future__ import annotations

from collections.abc import Callable

from engine import ops
from engine.tensor import Operand, Tensor, as_tensor


def half_sse(outputs: Operand, targets: Operand) -> Tensor:
    """sum over units of 1/2 (t - o)^2: dL/do = o - t, the textbook convention."""
    diff = ops.sub(targets, outputs)
    return ops.mul(0.5, ops.sum_(ops.mul(diff, diff)))


def sse(outputs: Operand, targets: Operand) -> Tensor:
    """sum over units of (t - o)^2: dL/do = 2 (o - t)."""
    diff = ops.sub(targets, outputs)
    return ops.sum_(ops.mul(diff, diff))


def mse(outputs: Operand, targets: Operand) -> Tensor:
    """mean over units of (t - o)^2: dL/do = 2 (o - t) / units."""
    diff = ops.sub(targets, outputs)
    return ops.mean(ops.mul(diff, diff))


def bce(outputs: Operand, targets: Operand) -> Tensor:
    """mean over units of -(t log o + (1 - t) log(1 - o)), for outputs strictly in (0, 1)."""
    o, t = as_tensor(outputs), as_tensor(targets)
    per_unit = ops.add(ops.mul(t, ops.log(o)), ops.mul(ops.sub(1.0, t), ops.log(ops.sub(1.0, o))))
    return ops.neg(ops.mean(per_unit))


def softmax_ce(logits: Operand, targets: Operand) -> Tensor:
    """-sum over classes of t log softmax(z), from the logits z (stable); dL/dz = p - t."""
    return ops.neg(ops.sum_(ops.mul(targets, ops.log_softmax(logits))))


LOSSES: dict[str, Callable[[Operand, Operand], Tensor]] = {
    "half_sse": half_sse,
    "sse": sse,
    "mse": mse,
    "bce": bce,
    "softmax_ce": softmax_ce,
}
"""Every loss by the name NetworkSpec files use."""
