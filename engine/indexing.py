"""Indexing each variant's value: x[i], x[i, j], slices, x[idx] (gathering) and x[range(n), y].

The key is applied to every variant's value as numpy would apply it to that value alone.
An integer array in the key picks elements (embedding lookup, one entry per row); an
integer Tensor in it (variant axis first) may pick differently in every variant. The
gradient flows back to the picked places and accumulates where an index repeats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import EllipsisType
from typing import Any

import numpy as np

from engine.broadcast import ShapeError, shape_text
from engine.reduce import Rule


class BadIndex(IndexError, ValueError):
    """An index that does not fit the value, said in a sentence (a ValueError like the rest)."""


@dataclass(frozen=True)
class PerVariant:
    """Integer indices with a leading variant axis (a Tensor used as an index)."""

    array: np.ndarray


Entry = int | slice | EllipsisType | range | Sequence[int] | np.ndarray | PerVariant
Key = Entry | tuple[Entry, ...]


def _integers(entry: object, where: str) -> np.ndarray:
    """An index array as integers, or a clear refusal (floats with fractions, booleans)."""
    array = np.asarray(entry.array if isinstance(entry, PerVariant) else entry)
    if array.dtype.kind in "iu":
        return array.astype(np.intp, copy=False)
    if array.dtype.kind == "f" and np.all(array == np.round(array)):
        return array.astype(np.intp)
    kind = "true/false values" if array.dtype.kind == "b" else f"{array.dtype} values"
    raise BadIndex(f"{where}: an index must be whole numbers, not {kind}")


def _expand(parts: tuple[Any, ...], axes: int) -> list[Any]:
    """The key with `...` written out as slices, checked against the number of axes."""
    dots = [i for i, p in enumerate(parts) if p is Ellipsis]
    if len(dots) > 1:
        raise BadIndex("an index can have only one '...'")
    for part in parts:
        if isinstance(part, float | str | bool | np.bool_) or part is None:
            raise BadIndex(
                f"{part!r} is not an index: use whole numbers, slices, ranges or integer arrays"
            )
    used = len(parts) - len(dots)
    if used > axes:
        raise BadIndex(f"{used} indices for a value with {axes} axes")
    if dots:
        i = dots[0]
        return [*parts[:i], *(slice(None),) * (axes - used), *parts[i + 1 :]]
    return list(parts)


def _check_bounds(array: np.ndarray, length: int, axis: int) -> None:
    if array.size and (array.max() >= length or array.min() < -length):
        bad = array.max() if array.max() >= length else array.min()
        raise BadIndex(f"index {bad} is out of range for axis {axis} of length {length}")


def index_rule(value: np.ndarray, key: object) -> Rule:
    """value[key] applied to every variant, and the rule that routes the gradient back."""
    parts = _expand(key if isinstance(key, tuple) else (key,), value.ndim - 1)
    if not any(_is_array(p) for p in parts):
        full: tuple[Any, ...] = (slice(None), *parts)
        for axis, part in enumerate(parts):
            if isinstance(part, int | np.integer):
                _check_bounds(np.asarray(part), value.shape[axis + 1], axis)

        def basic(g: np.ndarray) -> tuple[np.ndarray]:
            grad = np.zeros(value.shape)
            grad[full] = g
            return (grad,)

        return value[full], basic
    return _gather(value, parts)


def _is_array(part: object) -> bool:
    return isinstance(part, PerVariant | range | list | np.ndarray)


def _gather(value: np.ndarray, parts: list[Any]) -> Rule:
    """Advanced indexing per variant: a variant index joins the key's own integer arrays."""
    variants = value.shape[0]
    converted: list[Any] = []
    shapes: list[tuple[int, ...]] = []
    advanced: list[int] = []
    for axis, part in enumerate(parts):
        if isinstance(part, slice):
            converted.append(part)
            continue
        advanced.append(axis)
        array = _integers(part, f"index on axis {axis}")
        own = array.shape[1:] if isinstance(part, PerVariant) else array.shape
        _check_bounds(array, value.shape[axis + 1], axis)
        if isinstance(part, PerVariant):
            count = array.shape[0]
            if count not in (1, variants) and variants != 1:
                raise ShapeError(f"index: {count} variants of indices cannot meet {variants}")
            variants = max(variants, count)
        else:
            array = array[None]
        converted.append(array)
        shapes.append(own)
    try:
        picked = np.broadcast_shapes(*shapes)
    except ValueError:
        listed = " and ".join(shape_text(s) for s in shapes)
        raise ShapeError(f"index: index shapes {listed} do not broadcast") from None
    depth = len(picked)
    for i, part in enumerate(converted):
        if isinstance(part, np.ndarray):
            own = part.shape[1:]
            converted[i] = part.reshape((part.shape[0], *(1,) * (depth - len(own)), *own))
    rows = np.arange(value.shape[0]).reshape((value.shape[0], *(1,) * depth))
    full: tuple[Any, ...] = (rows, *converted)
    out = value[full]
    before = advanced[0]
    # numpy puts the picked axes where the integer arrays stood only when they are adjacent;
    # the variant index in front makes them non-adjacent, so move them back there.
    moved = advanced == list(range(before, before + len(advanced))) and before > 0
    source = list(range(1, 1 + depth))
    target = list(range(1 + before, 1 + before + depth))
    if moved:
        out = np.moveaxis(out, source, target)

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        if moved:
            g = np.moveaxis(g, target, source)
        grad = np.zeros(value.shape)
        np.add.at(grad, full, g)
        return (grad,)

    return out, backward
