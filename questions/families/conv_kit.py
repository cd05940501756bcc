"""What the convolution and pooling families share: a layer's geometry and windows, and
for convolution the draws, plain numpy forwards the oracles differentiate, prompt words, and
sums and products written out for worked steps (pooling's own are in pool_kit)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from questions.families.base import Row
from questions.families.tensor_kit import text
from questions.formatting import signed
from questions.matrix import format_matrix

Geometry = tuple[int, int, int, int]  # (input side n, kernel or window side k, stride, padding)
NONZERO = np.r_[np.arange(-20, 0), np.arange(1, 21)] / 10  # the tenths a layer's numbers are


def out_side(geometry: Geometry) -> int:
    """The output's side: ⌊(n + 2p − k)/s⌋ + 1."""
    n, k, stride, padding = geometry
    return (n + 2 * padding - k) // stride + 1


def windows(geometry: Geometry) -> list[tuple[int, int, tuple[slice, slice]]]:
    """Each output cell (a, b) with the slice of the (padded) input its window reads."""
    _, k, stride, _ = geometry
    return [
        (a, b, (slice(a * stride, a * stride + k), slice(b * stride, b * stride + k)))
        for a in range(out_side(geometry))
        for b in range(out_side(geometry))
    ]


def shown(row: Row, name: str = "gradient") -> str:
    """A matrix a solution keeps among its extras, as a worked step shows it (4 figures)."""
    return format_matrix(np.asarray(row.extra[name]), 4)


def cell(i: int, j: int) -> str:
    """A cell of a matrix in words, counted from 1."""
    return f"row {i + 1}, column {j + 1}"


# --- convolution ---------------------------------------------------------------------------


def conv_draw(rng: np.random.Generator, geometry: Geometry) -> dict[str, float | np.ndarray]:
    """A small image, kernel and upstream gradient of nonzero tenths (the cell a question
    asks about is its family's to draw)."""
    n, k, _, _ = geometry
    out = out_side(geometry)
    return {
        name: rng.choice(NONZERO, (side, side)) for name, side in (("x", n), ("w", k), ("g", out))
    }


def padded(x: np.ndarray, geometry: Geometry) -> np.ndarray:
    """Each variant's input with its ring of zeros."""
    p = geometry[3]
    return np.pad(x, ((0, 0), (p, p), (p, p)))


def correlate(x: np.ndarray, w: np.ndarray, geometry: Geometry) -> np.ndarray:
    """The layer's forward per variant, window by window in plain numpy (the oracles')."""
    image = padded(x, geometry)
    out = out_side(geometry)
    y = np.empty((x.shape[0], out, out))
    for a, b, (rs, cs) in windows(geometry):
        y[:, a, b] = (image[:, rs, cs] * w).sum(axis=(1, 2))
    return y


def conv_given(params: Mapping[str, np.ndarray], geometry: Geometry) -> str:
    """The prompt's description of the convolution layer and its numbers."""
    n, k, stride, padding = geometry
    out = out_side(geometry)
    how = (
        f", stride {stride} and padding {padding}"
        if stride > 1 or padding
        else " (stride 1, no padding)"
    )
    return (
        f"A 2-d convolution (cross-correlation, as in deep-learning libraries) with a {k}×{k} "
        f"kernel $W$ = {text(params['w'])}{how} maps the {n}×{n} input $X$ = "
        f"{text(params['x'])} to a {out}×{out} output $Y$, and the upstream gradient is "
        f"$\\partial E / \\partial Y$ = {text(params['g'])}."
    )


def products(pairs: list[tuple[float, float]]) -> str:
    """Products written out, negatives in parentheses: '0.5 × (-1.2) + 0.3 × 0.7'."""
    return " + ".join(f"{signed(a)} × {signed(b)}" for a, b in pairs)


def added(values: list[float]) -> str:
    """A sum written out, negatives in parentheses."""
    return " + ".join(signed(v) for v in values)
