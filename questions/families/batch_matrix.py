"""dE/dW of an affine layer, answered as the whole matrix, in three levels: one example's
gradient (y = xW + b, the outer product xᵀ(y − t)); a mini-batch of three under the mean loss
(every example's outer product, averaged); and the batch behind a following layer Z = Y V,
whose backward pass ∂E/∂Y = ∂E/∂Z Vᵀ comes first, under a stated mean or sum.

The engine solves every variant in one batched pass; a plain-numpy oracle re-derives dE/dW by
central differences, cell by cell. Mistakes are whole matrices: the transpose, the flipped
sign, and over a batch the other convention or one example's gradient.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import Tensor, ops, variable
from questions.families.base import Params, Row, Solved
from questions.families.tensor_kit import MatrixFamily, central_gradient, text
from questions.formatting import given
from questions.matrix import shape_text
from questions.model import FamilyKey, Kind, Question

SIZES = {1: (1, 2, 2, 0), 2: (3, 3, 2, 0), 3: (3, 3, 2, 2)}
"""level: (batch B, inputs n, outputs m, the following layer's outputs k; 0: no such layer)"""
SUM, MEAN = 0.0, 1.0
NAN = float("nan")


def _loss(params: Params, w: np.ndarray) -> np.ndarray:
    """The batch loss per variant in plain numpy: the oracle's function."""
    x, b, v, t = params["x"], params["b"], params["v"], params["t"]
    out = np.einsum("vbi,vij->vbj", x, w) + b[:, None, :]
    if v.ndim == 3:
        out = np.einsum("vbj,vjk->vbk", out, v)
    return _scale(params) * 0.5 * ((out - t) ** 2).sum(axis=(1, 2))


def _scale(params: Params) -> np.ndarray:
    """1/B for a mean over the batch, 1 for a sum."""
    return np.where(params["mean"] == MEAN, 1.0 / params["x"].shape[1], 1.0)


class BatchMatrixGradient(
    MatrixFamily, id="batch-matrix-gradient", topic="batches", kind=Kind.MATRIX, stage=5
):
    """The weight gradient of a batch, as a matrix

    dL/dW = Xᵀ dL/dY of an affine layer over 2-4 examples, every cell.
    """

    hints = (
        "dE/dW has the shape of W: a row per input, a column per output.",
        "Each example contributes the outer product of its input and its output gradient; "
        "the batch's loss says whether they are averaged or added.",
    )

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        count, n, m, k = SIZES[level]
        return {
            "x": np.round(rng.uniform(-2, 2, (count, n)), 1),
            "w": np.round(rng.uniform(-1, 1, (n, m)), 1),
            "b": np.round(rng.uniform(-0.5, 0.5, m), 1),
            "v": np.round(rng.uniform(-1, 1, (m, k)), 1) if k else np.zeros(1),
            "t": np.round(rng.uniform(-1, 1, (count, k or m)), 1),
            "mean": MEAN if level < 3 else float(rng.integers(0, 2)),
        }

    def solve(self, params: Params, level: int) -> Solved:
        x, v, t, scale = params["x"], params["v"], params["t"], _scale(params)
        w = variable(params["w"])
        y = ops.add(ops.matmul(x, w), params["b"][:, None, :])
        out: Tensor = ops.matmul(y, v) if level == 3 else y
        error = ops.sub(out, t)
        ops.mul(scale, ops.sum_(ops.mul(0.5, ops.mul(error, error)))).backward()
        oracle = central_gradient(lambda ww: _loss(params, ww), params["w"], np.ones(len(x)))
        dout = scale[:, None, None] * error.value
        dy = np.einsum("vbk,vjk->vbj", dout, v) if level == 3 else dout
        gradient = w.gradient
        mistakes = {"transposed": np.swapaxes(gradient, -1, -2), "error-sign": -gradient}
        if level > 1:
            count, mean = x.shape[1], params["mean"] == MEAN
            other = np.where(mean[:, None, None], gradient * count, gradient / count)
            nan = np.full_like(gradient, NAN)
            mistakes["sum-not-mean"] = np.where(mean[:, None, None], other, nan)
            mistakes["mean-not-sum"] = np.where(mean[:, None, None], nan, other)
            one = dy[:, 0] / scale[:, None]  # the first example's own output gradient
            mistakes["single-example"] = np.einsum("vi,vj->vij", x[:, 0], one)
        extra = {"y": y.value, "out": out.value, "error": error.value, "dout": dout, "dy": dy}
        solved = self.solved(gradient, oracle, mistakes, extra)
        solved.extra["smallest"] = np.abs(gradient).min(axis=(1, 2))
        return solved

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        """Every cell readable (none near 0), and each mistake told apart."""
        readable = (solved.extra["smallest"] > 0.01) & (solved.answer < 50)
        return readable & super().acceptable(params, solved, level)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        e, level = row.extra, key.level
        x, w, b, t = params["x"], params["w"], params["b"], params["t"]
        count, n, m, k = SIZES[level]
        mean = params["mean"] == MEAN
        out = "z" if level == 3 else "y"
        per = f"\\frac{{1}}{{2}}\\sum_j ({out}_{{kj}} - t_{{kj}})^2"
        if level == 1:
            given_x = f"one example $x$ = {text(x)}"
            loss = f"$E = \\frac{{1}}{{2}}\\sum_j ({out}_j - t_j)^2$"
        else:
            given_x = f"a mini-batch of $B = {count}$ examples, one per row of $X$ = {text(x)}"
            loss = (
                f"the mean, $E = \\frac{{1}}{{B}}\\sum_k {per}$"
                if mean
                else f"the sum, $E = \\sum_k {per}$"
            )
        xs, ys = ("x", "y") if level == 1 else ("X", "Y")
        layers = f"${ys} = {xs}W + b$"
        if level == 3:
            layers += f", and a second layer computes $Z = Y V$ with $V$ = {text(params['v'])}"
        targets = "The targets are $T$" if count > 1 else "The target is $t$"
        prompt = (
            f"An affine layer computes {layers}, for {given_x}, with $W$ = {text(w)} and "
            f"$b$ = [{', '.join(given(v) for v in b)}]. {targets} = {text(t)} and "
            f"the loss is {loss}. What is $\\partial E / \\partial W$? Give the "
            f"{shape_text((n, m))} matrix (a row per input, a column per output)."
        )
        steps = [self.matrix_step("The layer's outputs", layers, "", e["y"], "forward")]
        if level == 3:
            steps.append(
                self.matrix_step(
                    "The second layer's outputs", "$Z = Y V$", "", e["out"], "forward:z"
                )
            )
        top = "Z" if level == 3 else ys
        steps.append(
            self.matrix_step(
                "The loss gradient at the outputs",
                f"${top} - {'t' if level == 1 else 'T'}$",
                "one row per example" if count > 1 else "",
                e["error"],
                "loss-grad",
            )
        )
        if level > 1:
            divide = f"divided by B = {count}" if mean else "the sum: no division"
            formula = f"$\\partial E / \\partial {top} = ({top} - T) / B$" if mean else ""
            steps.append(
                self.matrix_step(
                    "The batch's loss combines the examples",
                    formula or f"$\\partial E / \\partial {top} = {top} - T$",
                    divide,
                    e["dout"],
                    "batch",
                )
            )
        if level == 3:
            steps.append(
                self.matrix_step(
                    "Back through the second layer",
                    r"$\partial E / \partial Y = \partial E / \partial Z\, V^T$",
                    f"({shape_text((count, k))}) times ({shape_text((k, m))})",
                    e["dy"],
                    "back",
                )
            )
        steps.append(
            self.matrix_step(
                "The weight gradient sums every example's outer product"
                if count > 1
                else "The weight gradient is the outer product",
                f"$\\partial E / \\partial W = {xs}^T \\, \\partial E / \\partial {ys}$",
                f"({shape_text((n, count))}) times ({shape_text((count, m))})",
                e["gradient"],
                "grad",
            )
        )
        return self.matrix_question(key, row, prompt, self.hints, tuple(steps))


FAMILIES = (BatchMatrixGradient(),)
