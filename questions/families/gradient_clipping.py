"""Clipping by global norm: every gradient is scaled by c/‖g‖ when the norm of all of them
together exceeds c. The question asks for one clipped component. Level 1 has one tensor,
level 2 a layer's two (weights and bias), level 3 three tensors; each tensor's sum of squares
is a step of its own before the global norm. Mistakes: the tensor's own norm, each component
clipped to ±c by itself, no clipping at all."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops
from questions.families.base import Family, Params, Row, Solved
from questions.formatting import given, signed
from questions.model import FamilyKey, Question, Step

TENSORS = {  # level: each parameter's name and number of gradient components
    1: (("w", 3),),
    2: (("W", 4), ("b", 2)),
    3: (("W", 4), ("b", 2), ("v", 3)),
}


class GradientClipping(Family, id="gradient-clipping", topic="regularization", stage=2):
    """Clipping by global norm

    g ← g · c/‖g‖ when the norm over all parameters exceeds c.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        drawn: dict[str, float | np.ndarray] = {}
        for name, size in TENSORS[level]:
            drawn[name] = rng.choice([-1, 1], size) * rng.integers(1, 31, size) / 10
        everything = np.concatenate([np.asarray(drawn[n]) for n, _ in TENSORS[level]])
        drawn["c"] = float(
            max(0.5, np.floor(np.linalg.norm(everything) * rng.uniform(0.3, 0.8) * 2) / 2)
        )
        drawn["tensor"] = float(rng.integers(len(TENSORS[level])))
        drawn["part"] = float(rng.random())
        return drawn

    hints = (
        "The norm is taken over every gradient together, as one long vector.",
        "Clipping scales the whole vector; it never clips a component by itself.",
    )

    def solve(self, params: Params, level: int) -> Solved:
        names = [name for name, _ in TENSORS[level]]
        c = params["c"]
        squares = [ops.sum_(ops.mul(params[n], params[n]), axis=-1) for n in names]
        total = squares[0]
        for square in squares[1:]:
            total = ops.add(total, square)
        norm = ops.sqrt(total)
        factor = ops.minimum(1.0, ops.div(c, norm)).value
        tensor = params["tensor"].astype(int)
        sizes = np.array([size for _, size in TENSORS[level]])
        component = np.minimum((params["part"] * sizes[tensor]).astype(int), sizes[tensor] - 1)
        asked = np.array([params[names[t]][v, component[v]] for v, t in enumerate(tensor)])
        own = np.array([np.linalg.norm(params[names[t]][v]) for v, t in enumerate(tensor)])
        every = np.concatenate([params[n] for n in names], axis=1)
        oracle = asked * np.minimum(1.0, c / np.sqrt((every**2).sum(axis=1)))
        return Solved(
            answer=asked * factor,
            check=oracle,
            mistakes={
                "clip-per-tensor": np.where(  # one tensor's norm is the global norm
                    len(names) > 1, asked * np.minimum(1.0, c / own), np.nan
                ),
                "clip-per-component": np.clip(asked, -c, c),
                "clip-none": asked,
            },
            extra={"norm": norm.value, "component": component.astype(float), "asked": asked},
        )

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        """The global norm must exceed the threshold, or nothing is clipped."""
        return super().acceptable(params, solved, level) & (solved.extra["norm"] > params["c"])

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        names = [name for name, _ in TENSORS[key.level]]
        listed = "; ".join(
            f"$\\partial E / \\partial {n}$ = [{', '.join(given(v) for v in params[n])}]"
            for n in names
        )
        name, component = names[int(params["tensor"])], int(row.extra["component"])
        c, norm, asked = float(params["c"]), float(row.extra["norm"]), float(row.extra["asked"])
        which = (
            f"A model's parameters are {', '.join('$' + n + '$' for n in names)}, and "
            f"backpropagation gives {listed} (each flattened). The gradients are clipped"
            if len(names) > 1
            else f"A model has one parameter tensor $w$, and backpropagation gives {listed} "
            "(flattened). The gradient is clipped"
        )
        prompt = (
            f"{which} by the global norm with threshold $c = {c:g}$. What is component "
            f"{component + 1} of the clipped $\\partial E / \\partial {name}$?"
        )
        squares = [float(np.sum(np.asarray(params[n]) ** 2)) for n in names]
        steps = (
            *(
                Step(
                    f"The sum of squares of ∂E/∂{n}",
                    r"$\sum_i g_i^2$ over its components",
                    " + ".join(f"{signed(float(v))}^2" for v in params[n]),
                    f"{round(square, 4):g}",
                    id=f"squares:{n}",
                )
                for n, square in zip(names, squares, strict=True)
            ),
            Step(
                "The global norm over every parameter's gradient",
                r"$\|g\| = \sqrt{\sum_i g_i^2}$",
                "√(" + " + ".join(f"{round(square, 4):g}" for square in squares) + ")",
                f"{norm:.4g}",
                id="norm",
            ),
            Step(
                "The clipping factor",
                r"$\min(1, c / \|g\|)$",
                f"{c:g} / {norm:.4g}",
                f"{c / norm:.4g}",
                id="factor",
            ),
            Step(
                "The clipped component keeps its direction",
                r"$g_i \cdot c / \|g\|$",
                f"{given(asked)} × {c / norm:.4g}",
                f"{row.answer:.4g}",
                id="clip",
            ),
        )
        return self.numeric_question(key, row, prompt, self.hints, steps)


FAMILIES = (GradientClipping(),)
