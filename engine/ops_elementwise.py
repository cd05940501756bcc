"""Elementwise primitive ops: each output element depends only on the inputs at its place.

Each op is its forward rule and its local gradient side by side. Values carry a leading
variant axis; a binary op lines the variant axes of its operands up (see _aligned), so a
per-variant scalar scales each variant's vector and a constant of length 1 serves every variant.
"""

from __future__ import annotations

import numpy as np

from engine.tensor import Operand, Tensor, as_tensor


def _aligned(a: Tensor, b: Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Both values with as many axes: the one with fewer gets trailing axes of length 1.

    So variant axes line up (a per-variant scalar scales each variant's vector), where plain
    numpy broadcasting would line up the last axes instead.
    """
    av, bv = a.value, b.value
    if av.ndim < bv.ndim:
        av = av.reshape(av.shape + (1,) * (bv.ndim - av.ndim))
    elif bv.ndim < av.ndim:
        bv = bv.reshape(bv.shape + (1,) * (av.ndim - bv.ndim))
    return av, bv


def add(a: Operand, b: Operand) -> Tensor:
    """a + b; the gradient passes to both unchanged."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    return Tensor(av + bv, (a, b), "+", lambda g: (g, g))


def sub(a: Operand, b: Operand) -> Tensor:
    """a - b."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    return Tensor(av - bv, (a, b), "-", lambda g: (g, -g))


def mul(a: Operand, b: Operand) -> Tensor:
    """a * b; each input's gradient is the upstream gradient times the other input."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    return Tensor(av * bv, (a, b), "*", lambda g: (g * bv, g * av))


def div(a: Operand, b: Operand) -> Tensor:
    """a / b."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    out = av / bv
    return Tensor(out, (a, b), "/", lambda g: (g / bv, -g * out / bv))


def neg(a: Operand) -> Tensor:
    """-a."""
    a = as_tensor(a)
    return Tensor(-a.value, (a,), "neg", lambda g: (-g,))


def power(a: Operand, exponent: float) -> Tensor:
    """a ** exponent for a constant exponent (a ** 0 is the constant 1, with gradient 0)."""
    a = as_tensor(a)
    av = a.value
    if exponent == 0:
        return Tensor(np.ones_like(av), (a,), "**0", lambda g: (np.zeros_like(g),))
    return Tensor(
        av**exponent, (a,), f"**{exponent:g}", lambda g: (g * exponent * av ** (exponent - 1),)
    )


def exp(a: Operand) -> Tensor:
    """e ** a."""
    a = as_tensor(a)
    out = np.exp(a.value)
    return Tensor(out, (a,), "exp", lambda g: (g * out,))


def log(a: Operand) -> Tensor:
    """Natural logarithm."""
    a = as_tensor(a)
    av = a.value
    return Tensor(np.log(av), (a,), "log", lambda g: (g / av,))


def sqrt(a: Operand) -> Tensor:
    """Square root."""
    a = as_tensor(a)
    out = np.sqrt(a.value)
    return Tensor(out, (a,), "sqrt", lambda g: (g / (2.0 * out),))


def absolute(a: Operand) -> Tensor:
    """|a|; the gradient at 0 is taken as 0."""
    a = as_tensor(a)
    av = a.value
    return Tensor(np.abs(av), (a,), "abs", lambda g: (g * np.sign(av),))


def maximum(a: Operand, b: Operand) -> Tensor:
    """max(a, b): the gradient goes to the larger input; on a tie each gets half."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    share_a = (av > bv) + 0.5 * (av == bv)
    return Tensor(np.maximum(av, bv), (a, b), "max", lambda g: (g * share_a, g * (1.0 - share_a)))


def minimum(a: Operand, b: Operand) -> Tensor:
    """min(a, b): the gradient goes to the smaller input; on a tie each gets half."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    share_a = (av < bv) + 0.5 * (av == bv)
    return Tensor(np.minimum(av, bv), (a, b), "min", lambda g: (g * share_a, g * (1.0 - share_a)))


def sigmoid(a: Operand) -> Tensor:
    """1 / (1 + e^-a); its derivative is out * (1 - out)."""
    a = as_tensor(a)
    av = a.value
    # e^-a is clipped below overflow; the result is exact to rounding for every finite a.
    e = np.exp(np.minimum(-av, 708.0))
    out = 1.0 / (1.0 + e)

    def rule(g: np.ndarray) -> tuple[np.ndarray]:
        # 1 - out = e^-a / (1 + e^-a) = e^-a * out: no cancellation when the unit saturates.
        return (g * out * (e * out),)

    return Tensor(out, (a,), "sigmoid", rule)


def tanh(a: Operand) -> Tensor:
    """Hyperbolic tangent; its derivative is 1 - out^2 = 1 / cosh(a)^2."""
    a = as_tensor(a)
    av = a.value
    out = np.tanh(av)
    # 1 / cosh^2 keeps its precision where 1 - out^2 cancels (|a| large); cosh is clipped
    # below overflow, where the derivative has long since underflowed to 0 anyway.
    return Tensor(out, (a,), "tanh", lambda g: (g / np.cosh(np.minimum(np.abs(av), 354.0)) ** 2,))


def relu(a: Operand) -> Tensor:
    """max(0, a); relu'(0) is taken as 0."""
    a = as_tensor(a)
    av = a.value
    return Tensor(np.maximum(av, 0.0), (a,), "relu", lambda g: (g * (av > 0),))


def leaky_relu(a: Operand, slope: float = 0.01) -> Tensor:
    """a for a > 0, slope * a otherwise (the derivative at 0 is taken as `slope`)."""
    a = as_tensor(a)
    av = a.value
    factor = np.where(av > 0, 1.0, slope)
    return Tensor(av * factor, (a,), "leaky_relu", lambda g: (g * factor,))


def identity(a: Operand) -> Tensor:
    """a itself, as a node of its own (a linear unit's output)."""
    a = as_tensor(a)
    return Tensor(a.value, (a,), "identity", lambda g: (g,))
