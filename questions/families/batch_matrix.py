"""dE/dW of an affine layer over a mini-batch, answered as the whole matrix.

Y = X W + b over B examples (the rows of X), L the mean (or, at level 3 if stated, the sum)
of ½‖y_k − t_k‖². The engine solves every variant in one batched pass; a plain-numpy oracle
re-derives dL/dW by central differences, cell by cell. Mistakes are whole matrices: the
transpose, the other batch convention, one example's gradient, the flipped sign.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
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
from questions.matrix import format_matrix, shape_text
from questions.model import FamilyKey, Kind, MatrixAnswer, MatrixMistake, Question, Step

SIZES = {1: (2, 2, 2), 2: (3, 3, 2), 3: (4, 3, 3)}  # level: (batch B, inputs n, outputs m)
STEP = 1e-6  # central-difference step of the oracle; the loss is quadratic in W
SUM, MEAN = 0.0, 1.0


def _loss_numpy(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, t: np.ndarray, scale: np.ndarray
) -> np.ndarray:
    """The batch loss per variant in plain numpy: the oracle's function."""
    error = np.einsum("vbi,vij->vbj", x, w) + b[:, None, :] - t
    return scale * 0.5 * (error**2).sum(axis=(1, 2))


def _oracle(params: Params) -> np.ndarray:
    """dL/dW by central differences, one cell at a time, independent of the engine."""
    x, w, b, t = params["x"], params["w"], params["b"], params["t"]
    scale = _scale(params)
    grad = np.empty_like(w)
    for i in range(w.shape[1]):
        for j in range(w.shape[2]):
            up, down = w.copy(), w.copy()
            up[:, i, j] += STEP
            down[:, i, j] -= STEP
            grad[:, i, j] = (
                _loss_numpy(x, up, b, t, scale) - _loss_numpy(x, down, b, t, scale)
            ) / (2 * STEP)
    return grad


def _scale(params: Params) -> np.ndarray:
    """1/B for a mean over the batch, 1 for a sum."""
    return np.where(params["mean"] == MEAN, 1.0 / params["x"].shape[1], 1.0)


def mistake_matrices(
    params: Mapping[str, np.ndarray], solved_extra: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Each mistake's whole matrix per variant, with the variant axis first."""
    gradient, first = solved_extra["gradient"], solved_extra["first"]
    count = params["x"].shape[-2]
    mean = np.asarray(params["mean"]) == MEAN
    other = np.where(mean[..., None, None], gradient * count, gradient / count)
    return {
        "transposed": np.swapaxes(gradient, -1, -2),
        # the other convention; named for one variant's build (a screening batch may mix both)
        "sum-not-mean" if bool(np.all(mean)) else "mean-not-sum": other,
        "single-example": first,
        "error-sign": -gradient,
    }


def _rows(matrix: np.ndarray) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(float(v) for v in row) for row in matrix)


def _text(matrix: np.ndarray) -> str:
    """A given matrix as rows of its numbers, [[a, b], [c, d]]."""
    return "[" + ", ".join("[" + ", ".join(given(v) for v in row) + "]" for row in matrix) + "]"


class BatchMatrixGradient(
    Family, id="batch-matrix-gradient", topic="batches", kind=Kind.MATRIX, stage=5
):
    """The weight gradient of a batch, as a matrix

    dL/dW = Xᵀ dL/dY of an affine layer over 2-4 examples, every cell.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        count, n, m = SIZES[level]
        return {
            "x": np.round(rng.uniform(-2, 2, (count, n)), 1),
            "w": np.round(rng.uniform(-1, 1, (n, m)), 1),
            "b": np.round(rng.uniform(-0.5, 0.5, m), 1),
            "t": np.round(rng.uniform(-1, 1, (count, m)), 1),
            "mean": MEAN if level < 3 else float(rng.integers(0, 2)),
        }

    def solve(self, params: Params, level: int) -> Solved:
        x, t, scale = params["x"], params["t"], _scale(params)
        w, b = variable(params["w"]), variable(params["b"][:, None, :])
        y = ops.add(ops.matmul(x, w), b)
        error = ops.sub(y, t)
        loss = ops.mul(scale, ops.sum_(ops.mul(0.5, ops.mul(error, error))))
        loss.backward()
        gradient = w.gradient
        oracle = _oracle(params)
        # cells are compared on the matrix's scale: a zero cell's difference is pure rounding
        scale_of = np.maximum(np.abs(oracle).max(axis=(1, 2), keepdims=True), 1e-8)
        if np.any(np.abs(gradient - oracle) > CHECK_RTOL * scale_of):
            raise GenerationError(f"{self.info.id}: the engine's dL/dW disagrees with the oracle")
        e = error.value
        biggest = np.abs(gradient).max(axis=(1, 2))
        return Solved(
            answer=biggest,
            check=np.abs(oracle).max(axis=(1, 2)),
            extra={
                "gradient": gradient,
                "y": y.value,
                "dy": scale[:, None, None] * e,
                "first": np.einsum("vi,vj->vij", x[:, 0], e[:, 0]),
                "smallest": np.abs(gradient).min(axis=(1, 2)),
            },
        )

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        """Readable cells, and every same-shape mistake apart from the answer in some cell."""
        gradient = solved.extra["gradient"]
        ok = (solved.extra["smallest"] > 0.01) & (solved.answer < 50)
        band = tolerance_array(gradient, self.sigfigs)
        matrices = [v for v in mistake_matrices(params, solved.extra).values()]
        for n, values in enumerate(matrices):
            if values.shape == gradient.shape:
                ok &= _apart(values, gradient, band, self.sigfigs)
            for other in matrices[n + 1 :]:
                if other.shape == values.shape:
                    ok &= _apart(values, other, tolerance_array(other, self.sigfigs), self.sigfigs)
        return ok

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        e = row.extra
        x, w, b, t = params["x"], params["w"], params["b"], params["t"]
        count, n, m = x.shape[0], w.shape[0], w.shape[1]
        mean = params["mean"] == MEAN
        gradient = np.asarray(e["gradient"])
        one = {k: np.asarray(v)[None] for k, v in e.items()}
        mistakes = mistake_matrices({"x": x[None], "mean": np.array([params["mean"]])}, one)
        per = r"\frac{1}{2}\sum_j (y_{kj} - t_{kj})^2"
        combine = (
            f"the mean, $E = \\frac{{1}}{{B}}\\sum_k {per}$"
            if mean
            else f"the sum, $E = \\sum_k {per}$"
        )
        prompt = (
            f"An affine layer computes $Y = XW + b$ for a mini-batch of $B = {count}$ examples, "
            f"one per row of $X$: $X$ = {_text(x)}, $W$ = {_text(w)}, "
            f"$b$ = [{', '.join(given(v) for v in b)}]. "
            f"The targets are $T$ = {_text(t)} and the batch loss is {combine}. "
            f"What is $\\partial E / \\partial W$? Give the {shape_text((n, m))} matrix "
            "(a row per input, a column per output)."
        )
        dy = "(Y - T) / B" if mean else "Y - T"
        steps = (
            Step("The layer's outputs", "$Y = XW + b$", "", format_matrix(e["y"], 4)),
            Step(
                "The gradient at the outputs",
                f"$\\partial E / \\partial Y = {dy}$",
                f"one row per example, {'divided by B = ' + str(count) if mean else 'summed'}",
                format_matrix(e["dy"], 4),
            ),
            Step(
                "The weight gradient sums every example's outer product",
                r"$\partial E / \partial W = X^T \, \partial E / \partial Y$",
                f"({shape_text((n, count))}) times ({shape_text((count, m))})",
                format_matrix(gradient, 4),
            ),
        )
        hints = (
            "dE/dW has the shape of W: a row per input, a column per output.",
            "Each example contributes the outer product x_k (y_k - t_k)ᵀ; "
            + ("average them over the batch." if mean else "add them up."),
        )
        return Question(
            key=key,
            topic=self.info.topic,
            kind=Kind.MATRIX,
            title=self.info.title,
            prompt=prompt,
            hints=hints,
            solution=steps,
            matrix=MatrixAnswer(_rows(gradient), self.sigfigs),
            matrix_mistakes=tuple(
                MatrixMistake(name, _rows(values[0])) for name, values in mistakes.items()
            ),
        )


def _apart(values: np.ndarray, truth: np.ndarray, band: np.ndarray, sigfigs: int) -> np.ndarray:
    """Per variant: some cell lies clearly outside the other's band (both ways)."""
    gap = np.abs(values - truth)
    far = (gap >= 2 * band) & (gap >= 2 * tolerance_array(values, sigfigs))
    return far.reshape(far.shape[0], -1).any(axis=1)


FAMILIES = (BatchMatrixGradient(),)
