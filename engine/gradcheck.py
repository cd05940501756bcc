"""Central differences in float64: the independent oracle for the engine's gradients."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def central_difference(
    f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, h: float = 1e-6
) -> np.ndarray:
    """d f / d x for every element of x, where f maps x (variants first) to one value per variant.

    Each element is nudged by +-h in all variants at once, so the cost is 2 * x[0].size calls.
    """
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    variants = x.shape[0]
    for position in np.ndindex(x.shape[1:]):
        index = (slice(None), *position)
        saved = x[index].copy()
        x[index] = saved + h
        up = np.asarray(f(x), dtype=np.float64).reshape(variants)
        x[index] = saved - h
        down = np.asarray(f(x), dtype=np.float64).reshape(variants)
        x[index] = saved
        grad[index] = (up - down) / (2.0 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-12) -> float:
    """max |a - b| / max(|a|, |b|, floor): the figure gradient checks report."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return float(np.max(np.abs(a - b) / scale)) if a.size else 0.0
