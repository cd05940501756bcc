"""The gradient through residual blocks y = x + a·tanh(w x): the skip path adds 1 to the
branch's slope, ∂y/∂x = 1 + a·w·(1 − tanh²(w x)); level 3 stacks two blocks. Mistakes: the
skip path dropped, the skip path alone, tanh's slope left out."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from questions.families.base import Family, Params, Row, Solved
from questions.families.figures import sum_term
from questions.families.tensor_kit import STEP
from questions.formatting import given
from questions.model import FamilyKey, Question, Step

BLOCKS = {1: 1, 2: 1, 3: 2}


def _forward(x: np.ndarray, params: Params, blocks: int) -> list[np.ndarray]:
    """Each block's input and the final output in plain numpy (the oracle's forward)."""
    values = [x]
    for b in range(blocks):
        values.append(values[-1] + params[f"a{b}"] * np.tanh(params[f"w{b}"] * values[-1]))
    return values


def _factor(value: float) -> str:
    """A given number as a factor of a product: a negative one in parentheses."""
    return f"({given(value)})" if value < 0 else given(value)


class ResidualGradient(Family, id="residual-gradient", topic="attention", stage=4):
    """The gradient through a residual connection

    y = x + f(x) passes back g·(1 + f′(x)): the skip path is a highway.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float]:
        def signed(low: int, high: int) -> float:
            return float(rng.choice([-1, 1]) * rng.integers(low, high) / 10)

        drawn = {"x": signed(1, 21), "g": signed(3, 21)}
        for b in range(BLOCKS[level]):
            drawn[f"a{b}"] = 1.0 if level == 1 else signed(3, 21)
            drawn[f"w{b}"] = signed(3, 16)
        return drawn

    def solve(self, params: Params, level: int) -> Solved:
        blocks, g = BLOCKS[level], params["g"]
        x = variable(params["x"])
        y = x
        for b in range(blocks):
            branch = ops.mul(params[f"a{b}"], ops.tanh(ops.mul(params[f"w{b}"], y)))
            y = ops.add(y, branch)
        ops.mul(g, y).backward()
        high = _forward(params["x"] + STEP, params, blocks)[-1]
        low = _forward(params["x"] - STEP, params, blocks)[-1]
        inputs = _forward(params["x"], params, blocks)[:-1]
        slopes = [
            params[f"a{b}"] * params[f"w{b}"] * (1 - np.tanh(params[f"w{b}"] * v) ** 2)
            for b, v in enumerate(inputs)
        ]
        flat = [params[f"a{b}"] * params[f"w{b}"] for b in range(blocks)]
        return Solved(
            answer=x.gradient,
            check=g * (high - low) / (2 * STEP),
            mistakes={
                "residual-no-skip": g * np.prod(slopes, axis=0),
                "residual-skip-only": g,
                "no-activation-derivative": g * np.prod([1 + f for f in flat], axis=0),
            },
            extra={"slopes": np.stack(slopes, axis=1), "inputs": np.stack(inputs, axis=1)},
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        blocks = BLOCKS[key.level]
        slopes = [float(v) for v in row.extra["slopes"]]
        # a slope near −1 nearly cancels the skip's 1: enough figures to keep 1 + slope's
        shown = [sum_term(v, 1 + v).strip("()") for v in slopes]
        parts = [
            f"$h_{{{b + 1}}} = h_{{{b}}} {'-' if params[f'a{b}'] < 0 else '+'} "
            f"{given(abs(float(params[f'a{b}'])))}"
            f"\\tanh({given(float(params[f'w{b}']))}\\, h_{{{b}}})$"
            for b in range(blocks)
        ]
        prompt = (
            f"A network has {'a residual block' if blocks == 1 else 'two residual blocks'}, "
            f"{' then '.join(parts)}, with input $h_0 = x = {given(float(params['x']))}$. "
            f"The upstream gradient is $\\partial E / \\partial h_{blocks} = "
            f"{given(float(params['g']))}$. What is $\\partial E / \\partial x$?"
        )
        steps = (
            Step(
                "Each block's branch slope",
                r"$f'(h) = a\, w\, (1 - \tanh^2(w h))$",
                "",
                ", ".join(shown),
                id="slope",
            ),
            Step(
                "Each block passes back 1 (the skip) plus its branch slope",
                r"$\partial E / \partial x = g \prod_b (1 + f_b'(h_{b-1}))$",
                " × ".join(
                    f"(1 {'−' if v < 0 else '+'} {text.lstrip('-')})"
                    for v, text in zip(slopes, shown, strict=True)
                )
                + f" × {_factor(float(params['g']))}",
                f"{row.answer:.4g}",
                id="chain",
            ),
        )
        hints = (
            "A block adds its branch f(h) to its input h: two paths back, the identity and "
            "the branch.",
            "Add the slopes of the two paths, then multiply blocks in sequence.",
        )
        return self.numeric_question(key, row, prompt, hints, steps, tags=("activation:tanh",))


FAMILIES = (ResidualGradient(),)
