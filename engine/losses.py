"""Losses, each named for exactly what it computes, composed from primitive ops.

`outputs` and `targets` hold one example per variant: shape (N, units). Each loss returns
one value per variant, shape (N,). `LOSS_KINDS` describes each loss once (its numpy twin for
oracles and its text), and everything that names a loss reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

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


@dataclass(frozen=True)
class Loss:
    """One loss: the engine's function, a plain-numpy twin for oracles, and its text.

    The gradient templates take {o} (the output), {t} (the target), {p} (softmax_ce's
    probability) and {n} (K, the number of outputs).
    """

    name: str
    function: Callable[[Operand, Operand], Tensor]
    reference: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (N, K) outputs, targets -> (N,)
    math: str  # the loss as mathtext: "$E = ...$"
    gradient_math: str  # dE/d out_k as mathtext, without the $
    gradient_words: str  # the same in plain words, as the CLI prints it
    gradient_numbers: str  # the same with the numbers put in, as a worked step shows it
    mean_over_outputs: bool  # divides by K, so the prompt states K


def _bce(o: np.ndarray, t: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return -(t * np.log(o) + (1 - t) * np.log(1 - o)).mean(axis=1)


def _softmax_ce(z: np.ndarray, t: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=1, keepdims=True)
    return -(t * (shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True)))).sum(axis=1)


LOSS_KINDS: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            name="half_sse",
            function=half_sse,
            reference=lambda o, t: 0.5 * ((t - o) ** 2).sum(axis=1),
            math=r"$E = \sum_k \frac{1}{2}(t_k - out_k)^2$",
            gradient_math="{o} - {t}",
            gradient_words="{o} - {t}",
            gradient_numbers="{o} - {t}",
            mean_over_outputs=False,
        ),
        Loss(
            name="sse",
            function=sse,
            reference=lambda o, t: ((t - o) ** 2).sum(axis=1),
            math=r"$E = \sum_k (t_k - out_k)^2$",
            gradient_math="2({o} - {t})",
            gradient_words="2 ({o} - {t})",
            gradient_numbers="2 × ({o} - {t})",
            mean_over_outputs=False,
        ),
        Loss(
            name="mse",
            function=mse,
            reference=lambda o, t: ((t - o) ** 2).mean(axis=1),
            math=r"$E = \frac{1}{K}\sum_k (t_k - out_k)^2$",
            gradient_math=r"\frac{{2}}{{K}}({o} - {t})",
            gradient_words="2 ({o} - {t}) / {n}",
            gradient_numbers="2/{n} × ({o} - {t})",
            mean_over_outputs=True,
        ),
        Loss(
            name="bce",
            function=bce,
            reference=_bce,
            math=r"$E = -\frac{1}{K}\sum_k [t_k \ln out_k + (1 - t_k)\ln(1 - out_k)]$",
            gradient_math=r"\frac{{{o} - {t}}}{{K\, {o}(1 - {o})}}",
            gradient_words="({o} - {t}) / ({o} (1 - {o})) / {n}",
            gradient_numbers="({o} - {t}) / ({n} × {o} × (1 - {o}))",
            mean_over_outputs=True,
        ),
        Loss(
            name="softmax_ce",
            function=softmax_ce,
            reference=_softmax_ce,
            math=r"$E = -\sum_k t_k \ln p_k$ with $p = \mathrm{softmax}(out)$",
            gradient_math="{p} - {t}",
            gradient_words="{p} - {t}",
            gradient_numbers="{p} - {t}",
            mean_over_outputs=False,
        ),
    )
}
"""Every loss by the name NetworkSpec files use."""

LOSSES: dict[str, Callable[[Operand, Operand], Tensor]] = {
    name: loss.function for name, loss in LOSS_KINDS.items()
}
"""Every loss function by its name."""
