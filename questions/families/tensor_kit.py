"""What the tensor-layer matrix families share: an oracle by central differences of a plain
numpy forward, screening of whole-matrix mistakes, and the matrix question itself."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from questions.families.base import (
    CHECK_RTOL,
    Family,
    GenerationError,
    Params,
    Row,
    Solved,
    tolerance_array,
)
from questions.formatting import given
from questions.matrix import format_matrix
from questions.model import Kind, MatrixAnswer, MatrixMistake, Step

STEP = 1e-6  # central-difference step; every forward here is piecewise linear in its input
MISTAKE = "mistake:"  # prefix of a mistake's matrix among a Solved's extras


def central_gradient(
    forward: Callable[[np.ndarray], np.ndarray], x: np.ndarray, upstream: np.ndarray
) -> np.ndarray:
    """d sum(upstream * forward(x)) / dx per variant, one cell at a time, in plain numpy."""
    flat = x.reshape(x.shape[0], -1)
    grad = np.empty_like(flat)
    for cell in range(flat.shape[1]):
        up, down = flat.copy(), flat.copy()
        up[:, cell] += STEP
        down[:, cell] -= STEP
        high = (upstream * forward(up.reshape(x.shape))).reshape(x.shape[0], -1).sum(axis=1)
        low = (upstream * forward(down.reshape(x.shape))).reshape(x.shape[0], -1).sum(axis=1)
        grad[:, cell] = (high - low) / (2 * STEP)
    return grad.reshape(x.shape)


def factor(value: float, figures: int = 5) -> str:
    """A worked value as a factor of a product: `figures` figures, a negative one in
    parentheses (5 by default, so a product of three shown factors keeps 3 figures)."""
    text = f"{value:.{figures}g}"
    return f"({text})" if value < 0 else text


def rows(matrix: np.ndarray) -> tuple[tuple[float, ...], ...]:
    """A matrix as the question model's rows of floats."""
    return tuple(tuple(float(v) for v in row) for row in np.atleast_2d(matrix))


@functools.lru_cache(maxsize=4096)
def _cell(value: float) -> str:
    """One given number; the drawn grids repeat a few dozen values, so each is formatted once."""
    return given(value)


def text(matrix: np.ndarray) -> str:
    """A given matrix as rows of its numbers, [[a, b], [c, d]]."""
    return "[" + ", ".join("[" + ", ".join(map(_cell, row.tolist())) + "]" for row in matrix) + "]"


def apart(values: np.ndarray, truth: np.ndarray, sigfigs: int) -> np.ndarray:
    """Per variant: some cell lies clearly outside the other's band (both ways)."""
    gap = np.abs(values - truth)
    far = (gap >= 2 * tolerance_array(truth, sigfigs)) & (
        gap >= 2 * tolerance_array(values, sigfigs)
    )
    return far.reshape(far.shape[0], -1).any(axis=1)


class MatrixFamily(Family):
    """A family whose answer is a whole gradient matrix, with whole-matrix mistakes."""

    def solved(
        self,
        gradient: np.ndarray,
        oracle: np.ndarray,
        mistakes: Mapping[str, np.ndarray],
        extra: Mapping[str, np.ndarray] | None = None,
    ) -> Solved:
        """The engine's gradient checked cell by cell against the oracle, with its mistakes."""
        scale = np.maximum(np.abs(oracle).reshape(len(oracle), -1).max(axis=1), 1e-8)
        gap = np.abs(gradient - oracle).reshape(len(oracle), -1).max(axis=1)
        if np.any(gap > CHECK_RTOL * scale + 1e-9):
            raise GenerationError(
                f"{self.info.id}: the engine's gradient disagrees with the oracle"
            )
        biggest = np.abs(gradient).reshape(len(gradient), -1).max(axis=1)
        everything = {"gradient": gradient, **(extra or {})}
        everything.update({MISTAKE + name: value for name, value in mistakes.items()})
        return Solved(answer=biggest, check=biggest.copy(), extra=everything)

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        """A readable matrix, and every mistake told apart from the answer and each other (by
        its shape, or by a cell); a mistake that is NaN in a variant does not apply to it."""
        gradient = solved.extra["gradient"]
        ok = (solved.answer > 0.01) & (solved.answer < 100)
        matrices = [v for k, v in solved.extra.items() if k.startswith(MISTAKE)]
        for n, values in enumerate(matrices):
            for other in [gradient, *matrices[n + 1 :]]:
                if values.shape == other.shape:
                    absent = np.isnan(values) | np.isnan(other)
                    ok &= absent.reshape(len(ok), -1).all(axis=1) | apart(
                        values, other, self.sigfigs
                    )
        return ok

    @staticmethod
    def matrix_step(title: str, formula: str, note: str, matrix: object, id: str) -> Step:
        """A worked step whose result is a matrix (the last one's, the verified gradient)."""
        return Step(title, formula, note, format_matrix(np.asarray(matrix), 4), id=id)

    def answer_fields(self, row: Row, solution: tuple[Step, ...]) -> tuple[Kind, dict[str, Any]]:
        """The verified matrix and each named mistake's matrix."""
        mistakes = tuple(
            MatrixMistake(name.removeprefix(MISTAKE), rows(np.asarray(value)))
            for name, value in row.extra.items()
            if name.startswith(MISTAKE) and not np.isnan(value).all()
        )
        matrix = MatrixAnswer(rows(np.asarray(row.extra["gradient"])), self.sigfigs)
        return Kind.MATRIX, {"matrix": matrix, "matrix_mistakes": mistakes}

    matrix_question = Family.numeric_question  # the same question, its answer the matrix


POOLS = {1: (4, 2, 2), 2: (6, 3, 3), 3: (5, 3, 2)}  # level: (image size, window, stride)


def pool_draw(rng: np.random.Generator, level: int) -> dict[str, np.ndarray]:
    """A square image of distinct tenths (no ties in a window) and a nonzero upstream."""
    size, window, stride = POOLS[level]
    out = (size - window) // stride + 1
    image = rng.choice(np.arange(-40, 41), size * size, replace=False) / 10
    upstream = rng.choice(np.r_[np.arange(-20, 0), np.arange(1, 21)], out * out) / 10
    return {"x": image.reshape(size, size), "g": upstream.reshape(out, out)}


def windows(level: int) -> list[tuple[int, int, tuple[slice, slice]]]:
    """Each output cell (a, b) with the slice of the image its window reads."""
    size, window, stride = POOLS[level]
    out = (size - window) // stride + 1
    return [
        (a, b, (slice(a * stride, a * stride + window), slice(b * stride, b * stride + window)))
        for a in range(out)
        for b in range(out)
    ]


def pool_forward(x: np.ndarray, level: int, how: str) -> np.ndarray:
    """Each window's max or mean per variant, in plain numpy (the oracle's forward)."""
    cells = windows(level)
    out = round(len(cells) ** 0.5)
    y = np.empty((x.shape[0], out, out))
    for a, b, (rs, cs) in cells:
        part = x[:, rs, cs].reshape(x.shape[0], -1)
        y[:, a, b] = part.max(axis=1) if how == "max" else part.mean(axis=1)
    return y


def route(x: np.ndarray, g: np.ndarray, level: int, how: str) -> np.ndarray:
    """Each window's upstream sent back its way: to the max, the min, every cell, or an even
    share (the answers and the mistakes of both pooling families)."""
    grad = np.zeros_like(x)
    for a, b, (rs, cs) in windows(level):
        part = x[:, rs, cs]
        flat = part.reshape(x.shape[0], -1)
        share = g[:, a, b][:, None, None]
        if how in ("max", "min"):
            pick = flat.argmax(axis=1) if how == "max" else flat.argmin(axis=1)
            hit = (np.arange(flat.shape[1]) == pick[:, None]).reshape(part.shape)
            grad[:, rs, cs] += share * hit
        else:
            grad[:, rs, cs] += (
                share
                * np.ones_like(part)
                * {"all": 1.0, "mean": 1.0 / part[0].size, "side": 1.0 / part.shape[-1]}[how]
            )
    return grad


def pool_given(params: Mapping[str, np.ndarray], level: int, what: str) -> str:
    """The prompt's description of the pooling layer, its input and upstream gradient."""
    size, window, stride = POOLS[level]
    out = params["g"].shape[0]
    overlap = " (the windows overlap)" if stride < window else ""
    return (
        f"A {what} layer with a {window}×{window} window and stride {stride}{overlap} maps the "
        f"{size}×{size} input $X$ = {text(params['x'])} to a {out}×{out} output $Y$. "
        f"The upstream gradient is $\\partial E / \\partial Y$ = {text(params['g'])}. "
        f"What is $\\partial E / \\partial X$? Give the {size}×{size} matrix."
    )


CONVS = {1: (4, 2, 1, 0), 2: (5, 3, 1, 0), 3: (5, 3, 2, 1)}  # level: (n, k, stride, padding)


def conv_draw(rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
    """A small image, kernel and nonzero upstream gradient (output 3×3 at every level)."""
    n, k, stride, padding = CONVS[level]
    out = (n + 2 * padding - k) // stride + 1
    nonzero = np.r_[np.arange(-20, 0), np.arange(1, 21)] / 10
    return {
        "x": rng.choice(nonzero, (n, n)),
        "w": rng.choice(nonzero, (k, k)),
        "g": rng.choice(nonzero, (out, out)),
        "i": float(rng.integers(k)),
        "j": float(rng.integers(k)),
    }


def correlate(x: np.ndarray, w: np.ndarray, level: int) -> np.ndarray:
    """The layer's forward per variant, window by window in plain numpy (the oracle's)."""
    n, k, stride, padding = CONVS[level]
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    out = (n + 2 * padding - k) // stride + 1
    y = np.empty((x.shape[0], out, out))
    for a in range(out):
        for b in range(out):
            window = padded[:, a * stride : a * stride + k, b * stride : b * stride + k]
            y[:, a, b] = (window * w).sum(axis=(1, 2))
    return y


def conv_given(params: Mapping[str, np.ndarray], level: int) -> str:
    """The prompt's description of the convolution layer and its numbers."""
    n, k, stride, padding = CONVS[level]
    out = params["g"].shape[0]
    extra = f", stride {stride} and padding {padding}" if level == 3 else " (stride 1, no padding)"
    return (
        f"A 2-d convolution (cross-correlation, as in deep-learning libraries) with a {k}×{k} "
        f"kernel $W$ = {text(params['w'])}{extra} maps the {n}×{n} input $X$ = "
        f"{text(params['x'])} to a {out}×{out} output $Y$, and the upstream gradient is "
        f"$\\partial E / \\partial Y$ = {text(params['g'])}."
    )
