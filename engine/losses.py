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
from engine.text_table import read_table


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


_Reference = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _bce(o: np.ndarray, t: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return -(t * np.log(o) + (1 - t) * np.log(1 - o)).mean(axis=1)


def _softmax_ce(z: np.ndarray, t: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=1, keepdims=True)
    return -(t * (shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True)))).sum(axis=1)


_CODE: dict[str, tuple[Callable[[Operand, Operand], Tensor], _Reference]] = {
    # name: (the engine's function, its plain-numpy twin)
    "half_sse": (half_sse, lambda o, t: 0.5 * ((t - o) ** 2).sum(axis=1)),
    "sse": (sse, lambda o, t: ((t - o) ** 2).sum(axis=1)),
    "mse": (mse, lambda o, t: ((t - o) ** 2).mean(axis=1)),
    "bce": (bce, _bce),
    "softmax_ce": (softmax_ce, _softmax_ce),
}

_TEXT = read_table(
    r"""
name       | the loss as mathtext                                                | mean over K
half_sse   | $E = \sum_k \frac{1}{2}(t_k - out_k)^2$                             | no
sse        | $E = \sum_k (t_k - out_k)^2$                                        | no
mse        | $E = \frac{1}{K}\sum_k (t_k - out_k)^2$                             | yes
bce        | $E = -\frac{1}{K}\sum_k [t_k \ln out_k + (1 - t_k)\ln(1 - out_k)]$ | yes
softmax_ce | $E = -\sum_k t_k \ln p_k$ with $p = \mathrm{softmax}(out)$          | no
""",
    r"""
name       | dE/d out_k as mathtext                 | in words
half_sse   | {o} - {t}                              | {o} - {t}
sse        | 2({o} - {t})                           | 2 ({o} - {t})
mse        | \frac{{2}}{{K}}({o} - {t})             | 2 ({o} - {t}) / {n}
bce        | \frac{{{o} - {t}}}{{K\, {o}(1 - {o})}} | ({o} - {t}) / ({o} (1 - {o})) / {n}
softmax_ce | {p} - {t}                              | {p} - {t}
""",
    r"""
name       | dE/d out_k with numbers
half_sse   | {o} - {t}
sse        | 2 × ({o} - {t})
mse        | 2/{n} × ({o} - {t})
bce        | ({o} - {t}) / ({n} × {o} × (1 - {o}))
softmax_ce | {p} - {t}
""",
)


def _loss(name: str) -> Loss:
    function, reference = _CODE[name]
    math, mean, gradient_math, gradient_words, gradient_numbers = _TEXT[name]
    return Loss(
        name,
        function,
        reference,
        math,
        gradient_math,
        gradient_words,
        gradient_numbers,
        mean == "yes",
    )


LOSS_KINDS: dict[str, Loss] = {name: _loss(name) for name in _CODE}
"""Every loss by the name NetworkSpec files use."""

LOSSES: dict[str, Callable[[Operand, Operand], Tensor]] = {
    name: loss.function for name, loss in LOSS_KINDS.items()
}
"""Every loss function by its name."""
