"""Convolution and pooling over each variant's NCHW images, each one op with its own backward.

Layouts and semantics are PyTorch's: x is (N, C, H, W) per variant, a filter bank w is
(F, C, kh, kw) and the layer computes cross-correlation (no kernel flip); out has
H_out = (H + 2 * padding - kh) // stride + 1. A pooling window's maximum takes the whole
gradient; where a window holds its maximum twice, the first in row-major order takes it, as
PyTorch's max_pool2d does. Overlapping windows accumulate.
"""

from __future__ import annotations

import numpy as np

from engine.broadcast import ShapeError, shape_text
from engine.reduce import sum_over
from engine.tensor import Operand, Tensor, as_tensor

Pair = int | tuple[int, int]


def _pair(value: Pair, what: str) -> tuple[int, int]:
    pair = (value, value) if isinstance(value, int | np.integer) else tuple(value)
    if len(pair) != 2 or any(int(v) != v for v in pair):
        raise ValueError(f"{what} must be a whole number or two of them, not {value!r}")
    return int(pair[0]), int(pair[1])


def _images(x: Tensor, what: str) -> None:
    if len(x.shape) != 4:
        raise ShapeError(f"{what}: input {shape_text(x.shape)} is not (N, C, H, W)")


def _out_size(size: int, kernel: int, stride: int, what: str) -> int:
    if stride < 1:
        raise ValueError(f"{what}: stride must be at least 1, not {stride}")
    if size < kernel:
        raise ShapeError(f"{what}: a window of {kernel} does not fit in {size} (after padding)")
    return (size - kernel) // stride + 1


def _offsets(kh: int, kw: int, sh: int, sw: int, ho: int, wo: int) -> list[tuple[int, int, tuple]]:
    """For each kernel offset (i, j): the strided slice of the image it reads per output."""
    return [
        (i, j, (..., slice(i, i + sh * (ho - 1) + 1, sh), slice(j, j + sw * (wo - 1) + 1, sw)))
        for i in range(kh)
        for j in range(kw)
    ]


def conv2d(
    x: Operand, w: Operand, b: Operand | None = None, stride: Pair = 1, padding: Pair = 0
) -> Tensor:
    """2-d cross-correlation of (N, C, H, W) images with (F, C, kh, kw) filters plus bias (F,)."""
    x, w = as_tensor(x), as_tensor(w)
    _images(x, "conv2d")
    if len(w.shape) != 4 or w.shape[1] != x.shape[1]:
        raise ShapeError(
            f"conv2d: filters {shape_text(w.shape)} do not fit input {shape_text(x.shape)} "
            "(filters are (F, C, kh, kw) with C the input's channels)"
        )
    f, c, kh, kw = w.shape
    bias = None if b is None else as_tensor(b)
    if bias is not None and bias.shape != (f,):
        raise ShapeError(f"conv2d: bias {shape_text(bias.shape)} is not ({f},), one per filter")
    (sh, sw), (ph, pw) = _pair(stride, "stride"), _pair(padding, "padding")
    xv = x.value
    if ph or pw:
        xv = np.pad(xv, ((0, 0), (0, 0), (0, 0), (ph, ph), (pw, pw)))
    hp, wp = xv.shape[-2:]
    ho, wo = _out_size(hp, kh, sh, "conv2d"), _out_size(wp, kw, sw, "conv2d")
    n = x.shape[0]
    offsets = _offsets(kh, kw, sh, sw, ho, wo)
    # im2col per image: a row per (c, i, j), a column per output place, and a row of ones
    # that the bias multiplies; then one matmul per image (the bias's gradient falls out too).
    size, extra = c * kh * kw, int(bias is not None)
    places = np.empty((xv.shape[0], n, size + extra, ho, wo))
    spread = places[:, :, :size].reshape(xv.shape[0], n, c, kh, kw, ho, wo)
    for i, j, window in offsets:
        spread[:, :, :, i, j] = xv[window]
    if bias is not None:
        places[:, :, size] = 1.0
    cols = places.reshape(xv.shape[0], n, size + extra, ho * wo)
    wm = w.value.reshape(w.value.shape[0], 1, f, size)
    if bias is None:
        wb = wm
    else:
        variants = max(w.variants, bias.variants)
        wb = np.empty((variants, 1, f, size + 1))
        wb[..., :size] = wm
        wb[:, 0, :, size] = bias.value
    out = np.matmul(wb, cols).reshape(-1, n, f, ho, wo)  # (V, N, F, ho, wo)

    def backward(g: np.ndarray) -> tuple[np.ndarray | None, ...]:
        gm = g.reshape(g.shape[0], n, f, ho * wo)
        grad_wb = sum_over(np.matmul(gm, cols.swapaxes(-1, -2)), (1,))  # (V, F, size + extra)
        grad_cols = np.matmul(wm.swapaxes(-1, -2), gm).reshape(-1, n, c, kh, kw, ho, wo)
        grad_x = np.zeros((grad_cols.shape[0], n, c, hp, wp))
        for i, j, window in offsets:
            grad_x[window] += grad_cols[:, :, :, i, j]
        grad_x = grad_x[..., ph : hp - ph, pw : wp - pw]
        grad_w = grad_wb[..., :size].reshape(-1, f, c, kh, kw)
        return (grad_x, grad_w) if bias is None else (grad_x, grad_w, grad_wb[..., size])

    parents = (x, w) if bias is None else (x, w, bias)
    return Tensor(out, parents, "conv2d", backward)


def _pool_setup(
    x: Operand, kernel: Pair, stride: Pair | None, what: str
) -> tuple[Tensor, tuple[int, int], list[tuple[int, int, tuple]], bool]:
    """The input, the kernel, its offsets' windows and whether the windows tile the image
    exactly (then each input element is read by exactly one window)."""
    x = as_tensor(x)
    _images(x, what)
    kh, kw = _pair(kernel, "kernel size")
    sh, sw = (kh, kw) if stride is None else _pair(stride, "stride")
    h, w = x.shape[-2:]
    ho, wo = _out_size(h, kh, sh, what), _out_size(w, kw, sw, what)
    tiles = (sh, sw) == (kh, kw) and (ho * kh, wo * kw) == (h, w)
    return x, (kh, kw), _offsets(kh, kw, sh, sw, ho, wo), tiles


def max_pool2d(x: Operand, kernel: Pair, stride: Pair | None = None) -> Tensor:
    """The maximum of each window (stride defaults to the kernel size, as in PyTorch)."""
    x, _, offsets, tiles = _pool_setup(x, kernel, stride, "max_pool2d")
    xv = x.value
    out = xv[offsets[0][2]].copy()
    for _, _, window in offsets[1:]:
        np.maximum(out, xv[window], out=out)

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        grad = np.empty(xv.shape) if tiles else np.zeros(xv.shape)
        taken: np.ndarray | None = None
        for _, _, window in offsets:  # row-major: the first maximum of a window takes it all
            hit = xv[window] == out
            if taken is None:
                taken = hit
            else:
                hit &= ~taken
                taken |= hit
            if tiles:
                np.multiply(g, hit, out=grad[window])
            else:
                grad[window] += g * hit
        return (grad,)

    return Tensor(out, (x,), "max_pool2d", backward)


def avg_pool2d(x: Operand, kernel: Pair, stride: Pair | None = None) -> Tensor:
    """The mean of each window (stride defaults to the kernel size, as in PyTorch)."""
    x, (kh, kw), offsets, tiles = _pool_setup(x, kernel, stride, "avg_pool2d")
    xv = x.value
    total = xv[offsets[0][2]].copy()
    for _, _, window in offsets[1:]:
        total += xv[window]
    count = kh * kw

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        grad = np.empty(xv.shape) if tiles else np.zeros(xv.shape)
        share = g / count
        for _, _, window in offsets:
            if tiles:
                grad[window] = share
            else:
                grad[window] += share
        return (grad,)

    return Tensor(total / count, (x,), "avg_pool2d", backward)
