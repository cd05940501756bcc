"""The softmax Jacobian ∂p/∂z = diag(p) − p pᵀ as a whole matrix (levels 1, 2), and the
gradient it carries back, ∂E/∂z = p ⊙ (g − p·g) (level 3). Mistakes: the elementwise slope
p(1 − p) alone, the off-diagonal sign flipped, diag(p) alone."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from questions.families.base import Params, Row, Solved
from questions.families.tensor_kit import STEP, MatrixFamily, central_gradient, text
from questions.formatting import given
from questions.matrix import format_matrix
from questions.model import FamilyKey, Kind, Question, Step

SIZES = {1: 3, 2: 4, 3: 4}


def numpy_softmax(z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis in plain numpy: the oracle's forward."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _mistaken(p: np.ndarray) -> dict[str, np.ndarray]:
    """Each mistake's Jacobian per variant."""
    diagonal = np.einsum("vi,ij->vij", p, np.eye(p.shape[1]))
    outer = np.einsum("vi,vj->vij", p, p)
    return {
        "softmax-elementwise": diagonal * (1 - p)[:, None, :],
        "softmax-offdiag-sign": diagonal + outer - 2 * diagonal * p[:, None, :],
        "softmax-diag-p": diagonal,
    }


class SoftmaxJacobian(MatrixFamily, id="softmax-jacobian", topic="attention", kind=Kind.MATRIX):
    """The softmax Jacobian

    ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ), and the gradient p ⊙ (g − p·g) it passes back.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, np.ndarray]:
        n = SIZES[level]
        upstream = rng.choice(np.r_[np.arange(-20, 0), np.arange(1, 21)], n) / 10
        return {"z": np.round(rng.uniform(-1.5, 1.5, n), 1), "g": upstream}

    def solve(self, params: Params, level: int) -> Solved:
        z, g = params["z"], params["g"]
        count, n = z.shape
        p = numpy_softmax(z)
        if level == 3:
            logits = variable(z)
            ops.sum_(ops.mul(g, ops.softmax(logits))).backward()
            oracle = central_gradient(numpy_softmax, z, g)
            mistakes = {k: np.einsum("vij,vj->vi", m, g)[:, None] for k, m in _mistaken(p).items()}
            return self.solved(logits.gradient[:, None], oracle[:, None], mistakes, {"p": p})
        jacobian = np.empty((count, n, n))
        oracle = np.empty((count, n, n))
        for i in range(n):  # row i: the gradient of p_i, one backward pass for all variants
            logits = variable(z)
            pick = np.broadcast_to(np.eye(n)[i], (count, n))
            ops.sum_(ops.mul(pick, ops.softmax(logits))).backward()
            jacobian[:, i] = logits.gradient
            nudge = np.broadcast_to(np.eye(n)[i], (count, n)) * STEP
            oracle[:, :, i] = (numpy_softmax(z + nudge) - numpy_softmax(z - nudge)) / (2 * STEP)
        return self.solved(jacobian, oracle, _mistaken(p), {"p": p})

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        """Also no cell so small that its figures are rounding."""
        cells = np.abs(solved.extra["gradient"]).reshape(len(solved.answer), -1)
        return super().acceptable(params, solved, level) & (cells.min(axis=1) > 1e-3)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        z, n = params["z"], len(params["z"])
        p = np.asarray(row.extra["p"])
        logits = "[" + ", ".join(given(v) for v in z) + "]"
        steps = [
            Step(
                "The softmax's outputs",
                r"$p_i = e^{z_i} / \sum_k e^{z_k}$",
                "",
                text(p[None]),
                id="softmax",
            ),
            Step(
                "Each output depends on every logit",
                r"$\partial p_i / \partial z_j = p_i (\delta_{ij} - p_j)$",
                "the diagonal is p_i(1 − p_i), an off-diagonal cell −p_i p_j",
                id="jacobian",
            ),
        ]
        if key.level == 3:
            asked = (
                f"The upstream gradient is $\\partial E / \\partial p$ = "
                f"[{', '.join(given(v) for v in params['g'])}]. What is "
                f"$\\partial E / \\partial z$? Give it as a 1×{n} row."
            )
            steps.append(
                Step(
                    "The Jacobian carries the upstream gradient back",
                    r"$\partial E / \partial z_j = p_j (g_j - \sum_i p_i g_i)$",
                    f"p·g = {float(p @ params['g']):.4g}",
                    format_matrix(np.asarray(row.extra["gradient"]), 4),
                    id="upstream",
                )
            )
        else:
            asked = (
                f"What is its Jacobian $\\partial p / \\partial z$? Give the {n}×{n} matrix "
                "(row i is output i, column j is logit j)."
            )
            steps[-1] = Step(
                steps[-1].title,
                steps[-1].formula,
                steps[-1].substituted,
                format_matrix(np.asarray(row.extra["gradient"]), 4),
                steps[-1].id,
            )
        prompt = f"A softmax maps the logits $z$ = {logits} to probabilities $p$. {asked}"
        hints = (
            "Raising one logit raises its own probability and lowers all the others.",
            "The diagonal looks like a sigmoid's slope, p(1 − p); the off-diagonal cells are "
            "not zero.",
        )
        return self.matrix_question(key, row, prompt, hints, tuple(steps))


FAMILIES = (SoftmaxJacobian(),)
