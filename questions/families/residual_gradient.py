"""The gradient through residual blocks h_b = h_(b−1) + f_b(h_(b−1)), each branch a sum of
tanh units a·tanh(w h): the skip path adds 1 to the branch's slope, ∂h_b/∂h_(b−1) =
1 + f_b′. Level 1 is one block of one unit, level 2 one block whose branch is a layer of two
units (their slopes add), level 3 two blocks in sequence (every combination of skip and branch
paths, a product of the blocks' slopes). Mistakes: the skip path dropped, the skip path alone,
tanh's slope left out, and at level 2 one branch unit only."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import Tensor, ops, variable
from questions.families.base import Family, Params, Row, Solved, signed_tenths
from questions.families.figures import sum_term
from questions.families.tensor_kit import STEP, factor
from questions.formatting import given
from questions.model import FamilyKey, Question, Step

BLOCKS = {1: (1,), 2: (2,), 3: (1, 1)}  # level: the tanh units of each block's branch
NAN = float("nan")


def _units(level: int) -> list[tuple[int, int]]:
    """Every (block, unit) of a level's network."""
    return [(b, j) for b, units in enumerate(BLOCKS[level]) for j in range(units)]


def _forward(x: np.ndarray, params: Params, level: int) -> list[np.ndarray]:
    """Each block's input and the final output in plain numpy (the oracle's forward)."""
    values = [x]
    for b, units in enumerate(BLOCKS[level]):
        h = values[-1]
        values.append(
            h + sum(params[f"a{b}{j}"] * np.tanh(params[f"w{b}{j}"] * h) for j in range(units))
        )
    return values


class ResidualGradient(Family, id="residual-gradient", topic="attention", stage=4):
    """The gradient through a residual connection

    y = x + f(x) passes back g·(1 + f′(x)): the skip path is a highway.
    """

    hints = (
        "A block adds its branch f(h) to its input h: two paths back, the identity and the branch.",
        "Add the slopes of the two paths, then multiply blocks in sequence.",
    )

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float]:
        drawn = {"x": signed_tenths(rng, 1, 21), "g": signed_tenths(rng, 3, 21)}
        for b, j in _units(level):
            drawn[f"a{b}{j}"] = signed_tenths(rng, 3, 21)
            drawn[f"w{b}{j}"] = signed_tenths(rng, 3, 16)
        return drawn

    def solve(self, params: Params, level: int) -> Solved:
        g = params["g"]
        x = variable(params["x"])
        y: Tensor = x
        for b, units in enumerate(BLOCKS[level]):
            parts = [
                ops.mul(params[f"a{b}{j}"], ops.tanh(ops.mul(params[f"w{b}{j}"], y)))
                for j in range(units)
            ]
            y = ops.add(y, parts[0] if units == 1 else ops.add(*parts))
        ops.mul(g, y).backward()
        high = _forward(params["x"] + STEP, params, level)[-1]
        low = _forward(params["x"] - STEP, params, level)[-1]
        inputs = _forward(params["x"], params, level)[:-1]
        slopes = {  # each unit's slope a·w·(1 − tanh²(w h)) at its block's input
            (b, j): params[f"a{b}{j}"]
            * params[f"w{b}{j}"]
            * (1 - np.tanh(params[f"w{b}{j}"] * inputs[b]) ** 2)
            for b, j in _units(level)
        }
        blocks = range(len(BLOCKS[level]))
        zero = np.zeros_like(g)
        branch = [sum((v for (b, _), v in slopes.items() if b == k), zero) for k in blocks]
        flat = [
            sum((params[f"a{b}{j}"] * params[f"w{b}{j}"] for b, j in slopes if b == k), zero)
            for k in blocks
        ]
        return Solved(
            answer=x.gradient,
            check=g * (high - low) / (2 * STEP),
            mistakes={
                "residual-no-skip": g * np.prod(branch, axis=0),
                "residual-skip-only": g,
                "no-activation-derivative": g * np.prod([1 + f for f in flat], axis=0),
                "no-fanout-sum": g * (1 + slopes[0, 0]) if level == 2 else np.full_like(g, NAN),
            },
            extra={
                "slopes": np.stack(list(slopes.values()), axis=1),
                "inputs": np.stack(inputs, axis=1),
            },
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        level, units = key.level, _units(key.level)
        blocks = len(BLOCKS[level])
        slopes = dict(zip(units, map(float, row.extra["slopes"]), strict=True))
        inputs = [float(v) for v in row.extra["inputs"]]
        a = {u: float(params[f"a{u[0]}{u[1]}"]) for u in units}
        w = {u: float(params[f"w{u[0]}{u[1]}"]) for u in units}
        parts = []
        for b, count in enumerate(BLOCKS[level]):
            terms = "".join(
                f" {'-' if a[b, j] < 0 else '+'} {given(abs(a[b, j]))}"
                f"\\tanh({given(w[b, j])}\\, h_{{{b}}})"
                for j in range(count)
            )
            parts.append(f"$h_{{{b + 1}}} = h_{{{b}}}{terms}$")
        shape = {
            1: "a residual block whose branch is one tanh unit",
            2: "a residual block whose branch is a layer of two tanh units",
            3: "two residual blocks in sequence",
        }[level]
        prompt = (
            f"A network has {shape}, {' then '.join(parts)}, with input "
            f"$h_0 = x = {given(float(params['x']))}$. The upstream gradient is "
            f"$\\partial E / \\partial h_{blocks} = {given(float(params['g']))}$. "
            "What is $\\partial E / \\partial x$?"
        )
        steps: list[Step] = []
        for b, j in units:
            if b and j == 0:
                steps.append(self._forward_step(b, a[b - 1, 0], w[b - 1, 0], inputs[b - 1]))
            whose = {1: "the branch", 2: f"branch unit {j + 1}", 3: f"block {b + 1}'s branch"}
            steps.append(
                Step(
                    f"The slope of {whose[level]}",
                    r"$a\, w\, (1 - \tanh^2(w h))$",
                    f"{factor(a[b, j], 4)} × {factor(w[b, j], 4)} × "
                    f"(1 − tanh({factor(w[b, j], 4)} × {factor(inputs[b])})^2)",
                    f"{slopes[b, j]:.5g}",
                    id=f"slope:{b + 1}{j + 1}",
                )
            )
        branch = [sum(v for (b, _), v in slopes.items() if b == k) for k in range(blocks)]
        if level == 2:
            steps.append(
                Step(
                    "The branch's slope adds its units' slopes",
                    r"$f'(h) = \sum_j a_j w_j (1 - \tanh^2(w_j h))$",
                    " + ".join(sum_term(slopes[0, j], branch[0], 5) for j in range(2)),
                    f"{branch[0]:.5g}",
                    id="fanout",
                )
            )
        steps.append(
            Step(
                "Each block passes back 1 (the skip) plus its branch slope",
                r"$\partial E / \partial x = g \prod_b (1 + f_b'(h_{b-1}))$",
                " × ".join(f"(1 + {sum_term(v, 1 + v, 5)})" for v in branch)
                + f" × {factor(float(params['g']), 4)}",
                f"{row.answer:.4g}",
                id="chain",
            )
        )
        return self.numeric_question(
            key, row, prompt, self.hints, tuple(steps), tags=("activation:tanh",)
        )

    @staticmethod
    def _forward_step(b: int, a: float, w: float, h: float) -> Step:
        """Block b's input, the output of the block before it."""
        return Step(
            f"Block {b + 1}'s input, the output of block {b}",
            r"$h_b = h_{b-1} + a \tanh(w h_{b-1})$",
            f"{factor(h)} + {factor(a, 4)} × tanh({factor(w, 4)} × {factor(h)})",
            f"{h + a * np.tanh(w * h):.5g}",
            id=f"forward:{b + 1}",
        )


FAMILIES = (ResidualGradient(),)
