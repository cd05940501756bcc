"""What a tensor script computes with: engine Tensors (float, differentiable) and Static values
(integers, booleans and numbers known without any input: indices, axes, sizes, `range(n)`),
and the shape checks whose messages name both shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.syntax_tree import Expr
from engine.tensor import Tensor


class ShapeProblem(ValueError):
    """Shapes that do not fit an op; the evaluator adds the place in the script."""


LARGEST = 10_000_000
"""The most elements any value a script makes may hold."""


def sized(shape: tuple[int, ...], what: str) -> tuple[int, ...]:
    """`shape`, or ShapeProblem when a value of that shape would be too large to make."""
    size = 1
    for n in shape:
        size *= n
    if size > LARGEST:
        raise ShapeProblem(
            f"{what} would make {show(shape)}, {size:,} elements; at most {LARGEST:,} are made"
        )
    return shape


@dataclass(frozen=True)
class Static:
    """A value that is not differentiated: an integer index array, a size, an axis, a bool,
    or a number written in the script. It has no variant axis."""

    value: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        """Its shape."""
        return tuple(self.value.shape)

    @property
    def integer(self) -> bool:
        """True for integers and booleans (which may index or count)."""
        return self.value.dtype.kind in "iub"


Value = Tensor | Static


def shape_of(value: Value) -> tuple[int, ...]:
    """The shape of one variant's value (a Static's own shape)."""
    return value.shape


def show(shape: tuple[int, ...]) -> str:
    """A shape as the messages write it: (2,4), (3,), ()."""
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ",".join(str(n) for n in shape) + ")"


def as_graph(value: Value) -> Tensor:
    """A Tensor for an op: a Static becomes a constant leaf shared by every variant."""
    if isinstance(value, Tensor):
        return value
    return Tensor(np.asarray(value.value, dtype=np.float64)[None])


def broadcast(op: str, a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """The shape numpy's broadcasting gives `a op b`, or ShapeProblem naming both shapes."""
    try:
        return sized(tuple(np.broadcast_shapes(a, b)), f"{show(a)} {op} {show(b)}")
    except ShapeProblem:
        raise
    except ValueError:
        pairs = zip(reversed(a), reversed(b), strict=False)
        bad = next((x, y) for x, y in pairs if x != y and 1 not in (x, y))
        raise ShapeProblem(
            f"{show(a)} {op} {show(b)}: shapes do not broadcast (lined up at the last axis, "
            f"sizes {bad[0]} and {bad[1]} differ and neither is 1)"
        ) from None


def matmul_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of `a @ b` as numpy gives it, or ShapeProblem naming both shapes."""
    if not a or not b:
        raise ShapeProblem(f"{show(a)} @ {show(b)}: @ needs at least one axis on each side")
    inner_a, inner_b = a[-1], b[-2] if len(b) > 1 else b[0]
    if inner_a != inner_b:
        raise ShapeProblem(f"{show(a)} @ {show(b)}: inner sizes {inner_a} and {inner_b} differ")
    lead_a, lead_b = a[:-2], b[:-2]
    try:
        lead = tuple(np.broadcast_shapes(lead_a, lead_b))
    except ValueError:
        raise ShapeProblem(
            f"{show(a)} @ {show(b)}: the batch axes {show(lead_a)} and {show(lead_b)} do not "
            "broadcast"
        ) from None
    rows = (a[-2],) if len(a) > 1 else ()
    cols = (b[-1],) if len(b) > 1 else ()
    return sized((*lead, *rows, *cols), f"{show(a)} @ {show(b)}")


def axis_of(axis: int, shape: tuple[int, ...], what: str) -> int:
    """`axis` as a non-negative axis of `shape`, or ShapeProblem."""
    n = len(shape)
    if not -n <= axis < n:
        raise ShapeProblem(
            f"{what}: axis {axis} is out of range for shape {show(shape)} "
            f"(axes 0 to {n - 1}, or -{n} to -1)"
            if n
            else f"{what}: a scalar has no axis {axis}"
        )
    return axis % n


def reshaped(shape: tuple[int, ...], wanted: tuple[int, ...]) -> tuple[int, ...]:
    """`wanted` with a -1 filled in, or ShapeProblem when the sizes cannot match."""
    size = int(np.prod(shape))
    if wanted.count(-1) > 1 or any(n < -1 for n in wanted):
        raise ShapeProblem(f"reshape to {show(wanted)}: at most one -1, and no other negative")
    known = int(np.prod([n for n in wanted if n != -1]))
    if -1 in wanted:
        if known == 0 or size % known:
            raise ShapeProblem(
                f"{show(shape)} cannot be reshaped to {show(wanted)}: {size} elements do not "
                f"divide into parts of {known}"
            )
        wanted = tuple(size // known if n == -1 else n for n in wanted)
    elif known != size:
        raise ShapeProblem(
            f"{show(shape)} cannot be reshaped to {show(wanted)}: {size} elements, not {known}"
        )
    return wanted


@dataclass(frozen=True)
class Made:
    """One op a script built: its result, its kind, where it is written and what it read."""

    result: Tensor
    kind: str
    node: Expr
    parents: tuple[Value, ...]
    axes: tuple[int, ...] = ()
    exponent: float = 0.0
    """For a power, its constant exponent."""


def static_int(value: Value | None, what: str, default: int | None = None) -> int | None:
    """An integer read from the script (an axis, a size); None when absent and no default."""
    if value is None:
        return default
    if not isinstance(value, Static) or value.value.dtype.kind not in "iu" or value.shape != ():
        raise ShapeProblem(f"{what} must be one integer written in the script, such as 0 or -1")
    return int(value.value)


def static_float(value: Value | None, what: str, default: float) -> float:
    """A number read from the script (eps, p); `default` when absent."""
    if value is None:
        return default
    if not isinstance(value, Static) or value.shape != ():
        raise ShapeProblem(f"{what} must be one number written in the script, such as 1e-5")
    return float(value.value)


def static_power(base: np.ndarray, k: float) -> np.ndarray:
    """A power of numbers written in the script: integers stay integers while they fit."""
    result = np.power(base.astype(np.float64), k)
    if base.dtype.kind in "iu" and k == int(k) and k >= 0 and np.all(np.abs(result) < 2**62):
        return result.astype(np.int64)
    return result


def check_bounds(shape: tuple[int, ...], key: list[Any]) -> None:
    """Every integer index lies inside its axis; ShapeProblem names the axis and its size."""
    indexed = [k for k in key if not isinstance(k, slice)]
    if len(key) > len(shape):
        raise ShapeProblem(
            f"{len(key)} indices for shape {show(shape)}, which has {len(shape)} axes"
        )
    for axis, k in enumerate(key):
        if isinstance(k, slice) or not indexed:
            continue
        array = np.asarray(k)
        size = shape[axis]
        if array.size and (array.max() >= size or array.min() < -size):
            bad = int(array.max() if array.max() >= size else array.min())
            raise ShapeProblem(
                f"index {bad} is out of range for axis {axis} of shape {show(shape)} (size {size})"
            )
