"""The backward pass of scaled dot-product attention for one query over 2-3 keys:
p = softmax(K q / √d), o = Σ p_j v_j, E = g·o. Level 1 asks a value's gradient p_j g, level 2
a score's p_j (g·v_j − g·o), level 3 a query component Σ_j ∂E/∂s_j k_j / √d. Mistakes: the
1/√d left out, the value unweighted or weights uniform, the softmax differentiated
elementwise, the scale dropped going back."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from engine.layers_misc import attention
from questions.families.base import Family, Params, Row, Solved
from questions.families.softmax_jacobian import numpy_softmax
from questions.families.tensor_kit import STEP, text
from questions.formatting import given
from questions.model import FamilyKey, Question, Step

KEYS = {1: 2, 2: 3, 3: 3}
DEPTH = 2


def _score_gradient(weights: np.ndarray, dw: np.ndarray, elementwise: bool = False) -> np.ndarray:
    """∂E/∂s from ∂E/∂p through the softmax (or its diagonal alone, a mistake)."""
    if elementwise:
        return weights * (1 - weights) * dw
    return weights * (dw - (weights * dw).sum(axis=-1, keepdims=True))


class AttentionGradient(Family, id="attention-gradient", topic="attention", stage=2):
    """Attention, backward

    Gradients to V, the scores and Q through softmax(QKᵀ/√d)V.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        n = KEYS[level]

        def tenths(*shape: int) -> np.ndarray:
            return rng.choice(np.r_[np.arange(-15, 0), np.arange(1, 16)], shape) / 10

        return {
            "q": tenths(DEPTH),
            "k": tenths(n, DEPTH),
            "v": tenths(n),
            "g": float(tenths(1)[0]),
            "j": float(rng.integers(n if level < 3 else DEPTH)),
        }

    def solve(self, params: Params, level: int) -> Solved:
        q, k, v, g = params["q"], params["k"], params["v"], params["g"]
        variants, j = np.arange(len(q)), params["j"].astype(int)
        scale = 1 / np.sqrt(DEPTH)
        queries, values = variable(q[:, None, :]), variable(v[:, :, None])
        out = attention(queries, k, values)
        ops.sum_(ops.mul(g[:, None, None], out)).backward()
        raw = np.einsum("vnd,vd->vn", k, q)
        weights, unscaled = numpy_softmax(raw * scale), numpy_softmax(raw)
        o = (weights * v).sum(axis=1)
        dw = g[:, None] * v  # ∂E/∂p
        if level == 1:

            def loss(x: np.ndarray) -> np.ndarray:
                return g * (weights * x).sum(axis=1)

            nudge = STEP * (np.arange(v.shape[1]) == j[:, None])
            answer = values.gradient[variants, j, 0]
            check = (loss(v + nudge) - loss(v - nudge)) / (2 * STEP)
            mistakes = {
                "attention-unscaled-scores": unscaled[variants, j] * g,
                "attention-value-unweighted": g,
                "attention-uniform-weights": g / v.shape[1],
            }
        elif level == 2:
            scores = variable(raw * scale)
            mixed = ops.sum_(ops.mul(ops.softmax(scores), v), axis=-1)
            ops.mul(g, mixed).backward()
            nudge = STEP * (np.arange(v.shape[1]) == j[:, None])

            def loss(x: np.ndarray) -> np.ndarray:
                return g * (numpy_softmax(x) * v).sum(axis=1)

            answer = scores.gradient[variants, j]
            check = (loss(raw * scale + nudge) - loss(raw * scale - nudge)) / (2 * STEP)
            mistakes = {
                "softmax-elementwise": _score_gradient(weights, dw, True)[variants, j],
                "attention-unscaled-scores": _score_gradient(unscaled, dw)[variants, j],
                "softmax-diag-p": (weights * dw)[variants, j],
            }
        else:
            nudge = STEP * (np.arange(DEPTH) == j[:, None])

            def loss(x: np.ndarray) -> np.ndarray:
                return g * (numpy_softmax(np.einsum("vnd,vd->vn", k, x) * scale) * v).sum(axis=1)

            ds = _score_gradient(weights, dw)
            answer = queries.gradient[variants, 0, j]
            check = (loss(q + nudge) - loss(q - nudge)) / (2 * STEP)
            mistakes = {
                "attention-no-backward-scale": (ds[:, :, None] * k).sum(axis=1)[variants, j],
                "attention-unscaled-scores": (_score_gradient(unscaled, dw)[:, :, None] * k).sum(
                    axis=1
                )[variants, j],
                "softmax-elementwise": scale
                * (_score_gradient(weights, dw, True)[:, :, None] * k).sum(axis=1)[variants, j],
            }
        return Solved(
            answer=answer,
            check=check,
            mistakes=mistakes,
            extra={"weights": weights, "o": o, "ds": _score_gradient(weights, dw)},
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        q, k, v, g, j = params["q"], params["k"], params["v"], float(params["g"]), int(params["j"])
        weights, ds = np.asarray(row.extra["weights"]), np.asarray(row.extra["ds"])
        asked = {
            1: f"$\\partial E / \\partial v_{{{j + 1}}}$",
            2: f"$\\partial E / \\partial s_{{{j + 1}}}$, the gradient of the scaled score "
            f"$s_{{{j + 1}}} = q \\cdot k_{{{j + 1}}} / \\sqrt{{d}}$",
            3: f"$\\partial E / \\partial q_{{{j + 1}}}$, a component of the query's gradient",
        }[key.level]
        prompt = (
            f"Scaled dot-product attention with one query $q$ = [{', '.join(given(x) for x in q)}] "
            f"(d = {DEPTH}) over keys $K$ = {text(k)} (one per row) and scalar values "
            f"$v$ = [{', '.join(given(x) for x in v)}] computes "
            r"$p = \mathrm{softmax}(K q / \sqrt{d})$ and $o = \sum_j p_j v_j$. "
            f"The loss is $E = {given(g)}\\, o$. What is {asked}?"
        )
        steps = [
            Step(
                "The attention weights",
                r"$p = \mathrm{softmax}(K q / \sqrt{d})$",
                f"√d = {np.sqrt(DEPTH):.4g}",
                ", ".join(f"{a:.4g}" for a in weights),
                id="weights",
            ),
        ]
        if key.level == 1:
            steps.append(
                Step(
                    "A value's gradient is its weight times g",
                    r"$\partial E / \partial v_j = p_j g$",
                    f"{weights[j]:.4g} × {given(g)}",
                    f"{row.answer:.4g}",
                    id="grad:v",
                )
            )
        else:
            steps.append(
                Step(
                    "Through the softmax to the scores",
                    r"$\partial E / \partial s_j = p_j (g v_j - g o)$",
                    f"o = {float(row.extra['o']):.4g}",
                    ", ".join(f"{x:.4g}" for x in ds) if key.level == 3 else f"{row.answer:.4g}",
                    id="scores",
                )
            )
            if key.level == 3:
                steps.append(
                    Step(
                        "Each score is q·k_j/√d, so the query collects the keys",
                        r"$\partial E / \partial q = "
                        r"\sum_j \frac{\partial E}{\partial s_j} k_j / \sqrt{d}$",
                        f"component {j + 1}",
                        f"{row.answer:.4g}",
                        id="grad:q",
                    )
                )
        hints = (
            "Work backwards: o from the weights and values, the weights from the scores, the "
            "scores from q.",
            "The scores are divided by √d before the softmax, and so is their gradient to q.",
        )
        return self.numeric_question(key, row, prompt, hints, tuple(steps))


FAMILIES = (AttentionGradient(),)
