"""Elementwise primitive ops: each output element depends only on the inputs at its place.

Each op is its forward rule and its local gradient side by side; the arithmetic ones are
Tensor's operators, defined in the class. Values carry a leading variant axis, and binary ops
broadcast by the one rule of engine/broadcast.py.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.broadcast import broadcast_pair
from engine.tensor import Operand, Tensor, as_tensor


def add(a: Operand, b: Operand) -> Tensor:
    """a + b (Tensor.__add__); the gradient passes to both unchanged."""
    return as_tensor(a) + b


def sub(a: Operand, b: Operand) -> Tensor:
    """a - b (Tensor.__sub__)."""
    return as_tensor(a) - b


def mul(a: Operand, b: Operand) -> Tensor:
    """a * b (Tensor.__mul__); each input's gradient is the upstream times the other input."""
    return as_tensor(a) * b


def div(a: Operand, b: Operand) -> Tensor:
    """a / b (Tensor.__truediv__)."""
    return as_tensor(a) / b


def neg(a: Operand) -> Tensor:
    """-a (Tensor.__neg__)."""
    return -as_tensor(a)


def power(a: Operand, exponent: float) -> Tensor:
    """a ** exponent for a constant exponent (Tensor.__pow__; a ** 0 has gradient 0)."""
    return as_tensor(a) ** exponent


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
    av, bv = broadcast_pair(a.value, b.value, "max")
    share_a = (av > bv) + 0.5 * (av == bv)
    return Tensor(np.maximum(av, bv), (a, b), "max", lambda g: (g * share_a, g * (1.0 - share_a)))


def minimum(a: Operand, b: Operand) -> Tensor:
    """min(a, b): the gradient goes to the smaller input; on a tie each gets half."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = broadcast_pair(a.value, b.value, "min")
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

    def rule(g: np.ndarray) -> tuple[np.ndarray]:
        # 1 / cosh^2 = 4e / (1 + e)^2 with e = exp(-2|a|) keeps its precision where
        # 1 - out^2 cancels (|a| large), never overflows, and costs one exp (cosh costs two).
        e = np.abs(av)
        e *= -2.0
        np.exp(e, out=e)
        square = e + 1.0
        square *= square
        e *= 4.0
        e /= square
        e *= g
        return (e,)

    return Tensor(out, (a,), "tanh", rule)


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


def softplus(a: Operand) -> Tensor:
    """log(1 + e^a), computed without overflow; its derivative is sigmoid(a)."""
    a = as_tensor(a)
    av = a.value
    slope = 1.0 / (1.0 + np.exp(np.minimum(-av, 708.0)))
    return Tensor(np.logaddexp(0.0, av), (a,), "softplus", lambda g: (g * slope,))


def identity(a: Operand) -> Tensor:
    """a itself, as a node of its own (a linear unit's output)."""
    a = as_tensor(a)
    return Tensor(a.value, (a,), "identity", lambda g: (g,))


ELEMENTWISE: dict[str, Callable[[Operand], Tensor]] = {
    "exp": exp,
    "log": log,
    "sqrt": sqrt,
    "abs": absolute,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "leaky_relu": leaky_relu,
    "softplus": softplus,
}
"""The one-argument elementwise ops by the name both script languages call them."""
