"""Primitive ops: each is its forward rule and its local gradient, side by side.

Every op works on values with a leading variant axis and broadcasts over it. Axis
arguments count the axes of one variant (axis 0 is the first axis after the variant axis).
Anything not here is composed from these (see losses.py), so only primitives carry gradients.
"""

from __future__ import annotations

import math

import numpy as np

from engine.tensor import Tensor, as_tensor

Operand = Tensor | float | np.ndarray


def _node(value: np.ndarray, parents: tuple[Tensor, ...], op: str, rule) -> Tensor:
    return Tensor(value, parents, op, rule)


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
    return _node(av + bv, (a, b), "+", lambda g: (g, g))


def sub(a: Operand, b: Operand) -> Tensor:
    """a - b."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    return _node(av - bv, (a, b), "-", lambda g: (g, -g))


def mul(a: Operand, b: Operand) -> Tensor:
    """a * b; each input's gradient is the upstream gradient times the other input."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    return _node(av * bv, (a, b), "*", lambda g: (g * bv, g * av))


def div(a: Operand, b: Operand) -> Tensor:
    """a / b."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    out = av / bv
    return _node(out, (a, b), "/", lambda g: (g / bv, -g * out / bv))


def neg(a: Operand) -> Tensor:
    """-a."""
    a = as_tensor(a)
    return _node(-a.value, (a,), "neg", lambda g: (-g,))


def power(a: Operand, exponent: float) -> Tensor:
    """a ** exponent for a constant exponent (a ** 0 is the constant 1, with gradient 0)."""
    a = as_tensor(a)
    av = a.value
    if exponent == 0:
        return _node(np.ones_like(av), (a,), "**0", lambda g: (np.zeros_like(g),))
    return _node(
        av**exponent, (a,), f"**{exponent:g}", lambda g: (g * exponent * av ** (exponent - 1),)
    )


def exp(a: Operand) -> Tensor:
    """e ** a."""
    a = as_tensor(a)
    out = np.exp(a.value)
    return _node(out, (a,), "exp", lambda g: (g * out,))


def log(a: Operand) -> Tensor:
    """Natural logarithm."""
    a = as_tensor(a)
    av = a.value
    return _node(np.log(av), (a,), "log", lambda g: (g / av,))


def sqrt(a: Operand) -> Tensor:
    """Square root."""
    a = as_tensor(a)
    out = np.sqrt(a.value)
    return _node(out, (a,), "sqrt", lambda g: (g / (2.0 * out),))


def absolute(a: Operand) -> Tensor:
    """|a|; the gradient at 0 is taken as 0."""
    a = as_tensor(a)
    av = a.value
    return _node(np.abs(av), (a,), "abs", lambda g: (g * np.sign(av),))


def maximum(a: Operand, b: Operand) -> Tensor:
    """max(a, b): the gradient goes to the larger input; on a tie each gets half."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    share_a = (av > bv) + 0.5 * (av == bv)
    return _node(np.maximum(av, bv), (a, b), "max", lambda g: (g * share_a, g * (1.0 - share_a)))


def minimum(a: Operand, b: Operand) -> Tensor:
    """min(a, b): the gradient goes to the smaller input; on a tie each gets half."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = _aligned(a, b)
    share_a = (av < bv) + 0.5 * (av == bv)
    return _node(np.minimum(av, bv), (a, b), "min", lambda g: (g * share_a, g * (1.0 - share_a)))


def sigmoid(a: Operand) -> Tensor:
    """1 / (1 + e^-a); its derivative is out * (1 - out)."""
    a = as_tensor(a)
    av = a.value
    # e^-a is clipped below overflow; the result is exact to rounding for every finite a.
    out = 1.0 / (1.0 + np.exp(np.minimum(-av, 708.0)))

    def rule(g: np.ndarray) -> tuple[np.ndarray]:
        # 1 - out computed as sigmoid(-a): no cancellation when the unit saturates.
        return (g * out / (1.0 + np.exp(np.minimum(av, 708.0))),)

    return _node(out, (a,), "sigmoid", rule)


def tanh(a: Operand) -> Tensor:
    """Hyperbolic tangent; its derivative is 1 - out^2 = 1 / cosh(a)^2."""
    a = as_tensor(a)
    av = a.value
    out = np.tanh(av)
    # 1 / cosh^2 keeps its precision where 1 - out^2 cancels (|a| large); cosh is clipped
    # below overflow, where the derivative has long since underflowed to 0 anyway.
    return _node(out, (a,), "tanh", lambda g: (g / np.cosh(np.minimum(np.abs(av), 354.0)) ** 2,))


def relu(a: Operand) -> Tensor:
    """max(0, a); relu'(0) is taken as 0."""
    a = as_tensor(a)
    av = a.value
    return _node(np.maximum(av, 0.0), (a,), "relu", lambda g: (g * (av > 0),))


def leaky_relu(a: Operand, slope: float = 0.01) -> Tensor:
    """a for a > 0, slope * a otherwise (the derivative at 0 is taken as `slope`)."""
    a = as_tensor(a)
    av = a.value
    factor = np.where(av > 0, 1.0, slope)
    return _node(av * factor, (a,), "leaky_relu", lambda g: (g * factor,))


def identity(a: Operand) -> Tensor:
    """a itself, as a node of its own (a linear unit's output)."""
    a = as_tensor(a)
    return _node(a.value, (a,), "identity", lambda g: (g,))


_MANY_VARIANTS = 64
"""From this many variants on, einsum beats numpy's reductions, which crawl over short axes."""


def _axes(a: Tensor, axis: int | None) -> tuple[int, ...]:
    """The array axes that `axis` (counted per variant; None for all of them) refers to."""
    n = a.value.ndim - 1
    if axis is None:
        return tuple(range(1, n + 1))
    if not -n <= axis < n:
        noun = "axis" if n == 1 else "axes"
        raise ValueError(f"axis {axis} is out of range: each variant's value has {n} {noun}")
    return (axis % n + 1,)


def _sum_over(value: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """value summed over `axes`, by the fastest route for its number of variants."""
    if value.shape[0] < _MANY_VARIANTS or not axes:
        return value.sum(axis=axes)
    if axes == tuple(range(1, value.ndim)):
        flat = value.reshape(value.shape[0], -1)
        return flat @ np.ones(flat.shape[1])
    dims = range(value.ndim)
    return np.einsum(value, list(dims), [d for d in dims if d not in axes])


def _spread(g: np.ndarray, kept: tuple[int, ...], shape: tuple[int, ...]) -> np.ndarray:
    """g (reduced over some axes, shaped `kept` with those axes as 1) copied back out to `shape`."""
    out = np.empty(shape)
    out[...] = g.reshape(kept)
    return out


def sum_(a: Operand, axis: int | None = None) -> Tensor:
    """Sum over one axis of each variant, or over all of them (axis=None)."""
    a = as_tensor(a)
    axes = _axes(a, axis)
    shape = a.value.shape
    kept = tuple(1 if i in axes else n for i, n in enumerate(shape))
    return _node(_sum_over(a.value, axes), (a,), "sum", lambda g: (_spread(g, kept, shape),))


def mean(a: Operand, axis: int | None = None) -> Tensor:
    """Mean over one axis of each variant, or over all of them (axis=None)."""
    a = as_tensor(a)
    axes = _axes(a, axis)
    shape = a.value.shape
    kept = tuple(1 if i in axes else n for i, n in enumerate(shape))
    count = math.prod(shape[i] for i in axes)
    return _node(
        _sum_over(a.value, axes) / count, (a,), "mean", lambda g: (_spread(g / count, kept, shape),)
    )


def reshape(a: Operand, shape: tuple[int, ...]) -> Tensor:
    """Give each variant's value a new shape."""
    a = as_tensor(a)
    old = a.value.shape
    return _node(a.value.reshape((old[0], *shape)), (a,), "reshape", lambda g: (g.reshape(old),))


def transpose(a: Operand, axes: tuple[int, ...] | None = None) -> Tensor:
    """Permute the axes of each variant's value (reverse them by default)."""
    a = as_tensor(a)
    n = a.value.ndim - 1
    perm = tuple(reversed(range(n))) if axes is None else tuple(axes)
    full = (0, *(p + 1 for p in perm))
    inverse = tuple(np.argsort(full))
    return _node(a.value.transpose(full), (a,), "transpose", lambda g: (g.transpose(inverse),))


def matmul(a: Operand, b: Operand) -> Tensor:
    """Batched matrix product per variant: (N, m, k) @ (N, k, n) -> (N, m, n)."""
    a, b = as_tensor(a), as_tensor(b)
    av, bv = a.value, b.value
    return _node(
        np.einsum("...ij,...jk->...ik", av, bv),
        (a, b),
        "@",
        lambda g: (np.einsum("...ik,...jk->...ij", g, bv), np.einsum("...ij,...ik->...jk", av, g)),
    )


def matvec(w: Operand, x: Operand) -> Tensor:
    """W x per variant: (N, m, k) and (N, k) -> (N, m); dL/dW is the outer product g x^T."""
    w, x = as_tensor(w), as_tensor(x)
    wv, xv = w.value, x.value
    return _node(
        np.einsum("...ij,...j->...i", wv, xv),
        (w, x),
        "Wx",
        lambda g: (np.einsum("...i,...j->...ij", g, xv), np.einsum("...ij,...i->...j", wv, g)),
    )


def softmax(a: Operand) -> Tensor:
    """Softmax over the last axis, computed stably."""
    a = as_tensor(a)
    shifted = a.value - a.value.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    out = e / e.sum(axis=-1, keepdims=True)
    return _node(
        out, (a,), "softmax", lambda g: (out * (g - (g * out).sum(axis=-1, keepdims=True)),)
    )


def log_softmax(a: Operand) -> Tensor:
    """log(softmax(a)) over the last axis, without forming the softmax's logarithm."""
    a = as_tensor(a)
    shifted = a.value - a.value.max(axis=-1, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    probs = np.exp(out)
    return _node(out, (a,), "log_softmax", lambda g: (g - probs * g.sum(axis=-1, keepdims=True),))


def index(a: Operand, key: int | slice | tuple) -> Tensor:
    """Basic indexing into each variant's value (ints and slices)."""
    a = as_tensor(a)
    full = (slice(None), *(key if isinstance(key, tuple) else (key,)))
    shape = a.value.shape

    def rule(g: np.ndarray) -> tuple[np.ndarray]:
        grad = np.zeros(shape)
        grad[full] = g
        return (grad,)

    return _node(a.value[full], (a,), "index", rule)


def _install_operators() -> None:
    """Python operators on Tensor call the ops above."""
    Tensor.__add__ = add
    Tensor.__radd__ = lambda self, other: add(other, self)
    Tensor.__sub__ = sub
    Tensor.__rsub__ = lambda self, other: sub(other, self)
    Tensor.__mul__ = mul
    Tensor.__rmul__ = lambda self, other: mul(other, self)
    Tensor.__truediv__ = div
    Tensor.__rtruediv__ = lambda self, other: div(other, self)
    Tensor.__neg__ = neg
    Tensor.__pow__ = power
    Tensor.__matmul__ = matmul
    Tensor.__getitem__ = index


_install_operators()
