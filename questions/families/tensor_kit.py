"""What the tensor-layer matrix families share: an oracle by central differences of a plain
numpy forward, screening of whole-matrix mistakes, and the matrix question itself."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from questions.families.bands import tolerance_array
from questions.families.base import (
    CHECK_RTOL,
    Family,
    GenerationError,
    Params,
    Row,
    Solved,
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
