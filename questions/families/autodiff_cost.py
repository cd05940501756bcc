"""The cost of forward and reverse mode. Level 1: how many passes the full Jacobian of
f: ℝⁿ → ℝᵐ takes (n forward, m reverse). Levels 2, 3: the scalar multiplications to form the
Jacobian of a chain of three linear maps from the input side (forward) or the output side
(reverse); level 2's output is a scalar loss. Mistakes: the modes swapped, one product only,
entries counted instead of multiplications, a pass per entry."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from questions.families.base import Family, Params, Row, Solved
from questions.model import FamilyKey, Question, Step

FORWARD, REVERSE = 0.0, 1.0


def _counted(d: list[int], reverse: bool) -> int:
    """Multiplications counted one by one, as the loops of two matrix products make them."""
    first, second = ((3, 2, 1), (3, 1, 0)) if reverse else ((2, 1, 0), (3, 2, 0))
    total = 0
    for p, q, r in (first, second):
        for _ in range(d[p] * d[r]):  # one entry of the product ...
            total += len(range(d[q]))  # ... takes one multiplication per inner index
    return total


class AutodiffCost(Family, id="autodiff-cost", topic="autodiff"):
    """Forward versus reverse mode: the cost

    A pass per input forward, per output in reverse; the order of products.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float]:
        sizes = [int(v) for v in rng.integers(2, 9, 4)]
        if level == 1:
            sizes[0], sizes[3] = int(rng.integers(2, 50)), int(rng.integers(2, 20))
        if level == 2:
            sizes[3] = 1
        drawn = {f"d{i}": float(v) for i, v in enumerate(sizes)}
        drawn["mode"] = float(rng.integers(2))
        return drawn

    def solve(self, params: Params, level: int) -> Solved:
        d = [params[f"d{i}"] for i in range(4)]
        reverse = params["mode"] == REVERSE
        if level == 1:
            answer = np.where(reverse, d[3], d[0])
            return Solved(
                answer=answer,
                check=np.where(reverse, d[3], d[0]).copy(),
                mistakes={
                    "autodiff-modes-swapped": np.where(reverse, d[0], d[3]),
                    "autodiff-per-entry": d[0] * d[3],
                },
            )
        forward_cost = d[2] * d[1] * d[0] + d[3] * d[2] * d[0]
        reverse_cost = d[3] * d[2] * d[1] + d[3] * d[1] * d[0]
        counted = [
            float(_counted([int(p[i]) for i in range(4)], bool(r)))
            for p, r in zip(zip(*d, strict=True), reverse, strict=True)
        ]
        return Solved(
            answer=np.where(reverse, reverse_cost, forward_cost),
            check=np.array(counted),
            mistakes={
                "autodiff-modes-swapped": np.where(reverse, forward_cost, reverse_cost),
                "autodiff-one-product": np.where(reverse, d[3] * d[2] * d[1], d[2] * d[1] * d[0]),
                "autodiff-entries-not-mults": np.where(
                    reverse, d[3] * d[1] + d[3] * d[0], d[2] * d[0] + d[3] * d[0]
                ),
            },
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        d = [int(params[f"d{i}"]) for i in range(4)]
        reverse = float(params["mode"]) == REVERSE
        mode = "reverse" if reverse else "forward"
        steps: tuple[Step, ...]
        if key.level == 1:
            prompt = (
                f"A function $f: \\mathbb{{R}}^{{{d[0]}}} \\to \\mathbb{{R}}^{{{d[3]}}}$ is "
                f"differentiated by automatic differentiation. How many {mode}-mode passes "
                f"does its full {d[3]}×{d[0]} Jacobian take?"
            )
            steps = (
                Step(
                    f"One {mode}-mode pass gives one "
                    + (
                        "row: a vector-Jacobian product"
                        if reverse
                        else "column: a Jacobian-vector product"
                    ),
                    r"$v^T J$" if reverse else r"$J v$",
                    f"one pass per {'output' if reverse else 'input'}",
                    str(int(row.answer)),
                    id="passes",
                ),
            )
        else:
            prompt = (
                f"A function is a chain of three linear maps, $\\mathbb{{R}}^{{{d[0]}}} \\to "
                f"\\mathbb{{R}}^{{{d[1]}}} \\to \\mathbb{{R}}^{{{d[2]}}} \\to "
                f"\\mathbb{{R}}^{{{d[3]}}}$, with Jacobians $J_1$ ({d[1]}×{d[0]}), "
                f"$J_2$ ({d[2]}×{d[1]}) and $J_3$ ({d[3]}×{d[2]}). Its Jacobian "
                f"$J_3 J_2 J_1$ is formed in {mode} mode, "
                + (
                    "from the output side, $(J_3 J_2) J_1$. "
                    if reverse
                    else "from the input side, $J_3 (J_2 J_1)$. "
                )
                + "How many scalar multiplications does it take? (A p×q times q×r product "
                "takes p·q·r.)"
            )
            first, second = (
                ((d[3], d[2], d[1]), (d[3], d[1], d[0]))
                if reverse
                else ((d[2], d[1], d[0]), (d[3], d[2], d[0]))
            )
            steps = (
                Step(
                    "The first product",
                    r"$J_3 J_2$" if reverse else r"$J_2 J_1$",
                    " × ".join(map(str, first)),
                    str(int(np.prod(first))),
                    id="first",
                ),
                Step(
                    "The second product",
                    r"$(J_3 J_2) J_1$" if reverse else r"$J_3 (J_2 J_1)$",
                    " × ".join(map(str, second)) + f", plus the first's {int(np.prod(first))}",
                    str(int(row.answer)),
                    id="second",
                ),
            )
        hints = (
            "Forward mode carries a direction from the input; reverse mode carries a gradient "
            "from the output.",
            "A scalar output makes reverse mode cheap: one pass gives the whole gradient.",
        )
        return self.numeric_question(key, row, prompt, hints, steps)


FAMILIES = (AutodiffCost(),)
