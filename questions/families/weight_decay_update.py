"""One SGD step with L2 weight decay: w ← w − η(∂E/∂w + λw). The data gradient is given
(level 1) or comes from a squared error ½(wx − t)² (levels 2, 3); level 3 asks for the change.
Mistakes: η left off the decay, 2λw, the decay's sign flipped."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from questions.families.base import Family, Params, Row, Solved
from questions.families.figures import product_factor
from questions.formatting import given
from questions.model import FamilyKey, Question, Step


class WeightDecayUpdate(Family, id="weight-decay-update", topic="regularization"):
    """A gradient step with weight decay

    w ← w − η(∂E/∂w + λw): L2 decay as a term of the gradient.
    """

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float]:
        return {
            "w": float(rng.choice([-1, 1]) * rng.integers(5, 31) / 10),
            "g": float(rng.choice([-1, 1]) * rng.integers(1, 21) / 10),
            "x": float(rng.choice([-1, 1]) * rng.integers(5, 21) / 10),
            "t": float(np.round(rng.uniform(-2, 2), 1)),
            "rate": float(rng.choice([0.1, 0.2, 0.5])),
            "decay": float(rng.choice([0.05, 0.1, 0.2, 0.5])),
        }

    def solve(self, params: Params, level: int) -> Solved:
        w0, x, t, rate, decay = (params[k] for k in ("w", "x", "t", "rate", "decay"))
        weight = variable(w0)
        if level == 1:  # the data loss is linear in w with the given slope
            data = ops.mul(params["g"], weight)
            slope = params["g"]
        else:
            error = ops.sub(ops.mul(weight, x), t)
            data = ops.mul(0.5, ops.mul(error, error))
            slope = (w0 * x - t) * x
        penalty = ops.mul(0.5 * decay, ops.mul(weight, weight))
        ops.add(data, penalty).backward()
        start = w0 if level < 3 else 0.0
        new = w0 - rate * weight.gradient - (w0 - start)
        closed = w0 * (1 - rate * decay) - rate * slope - (w0 - start)
        base = w0 - rate * slope - (w0 - start)
        return Solved(
            answer=new,
            check=closed,
            mistakes={
                "decay-no-rate": base - decay * w0,
                "decay-two-lambda": base - 2 * rate * decay * w0,
                "decay-sign": base + rate * decay * w0,
            },
            extra={"slope": slope},
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        w, rate, decay = float(params["w"]), float(params["rate"]), float(params["decay"])
        slope = float(row.extra["slope"])
        if key.level == 1:
            data = f"the data loss has gradient $\\partial E / \\partial w = {given(slope)}$"
        else:
            x, t = given(float(params["x"])), given(float(params["t"]))
            data = f"the data loss is $E = \\frac{{1}}{{2}}(w x - t)^2$ with $x = {x}$, $t = {t}$"
        asked = "the change $\\Delta w$ (new minus old)" if key.level == 3 else "the new $w$"
        prompt = (
            f"A weight $w = {given(w)}$ is trained with L2 weight decay: the objective is "
            f"$E + \\frac{{\\lambda}}{{2}} w^2$ with $\\lambda = {decay:g}$, and {data}. "
            f"After one SGD step with learning rate $\\eta = {rate:g}$, what is {asked}?"
        )
        total = slope + decay * w
        # enough figures that w − η × total reproduces the new weight when they nearly cancel
        factor = product_factor(total, rate, float(row.answer))
        shown = factor.strip("()")
        steps = (
            Step("The data gradient", r"$\partial E / \partial w$", "", f"{slope:.4g}", id="grad"),
            Step(
                "The penalty adds λw to it",
                r"$\partial E / \partial w + \lambda w$",
                f"{slope:.4g} + {decay:g} × {given(w)}",
                shown,
                id="penalty",
            ),
            Step(
                "The regularised step",
                r"$\Delta w = -\eta (\partial E / \partial w + \lambda w)$"
                if key.level == 3
                else r"$w \leftarrow w - \eta (\partial E / \partial w + \lambda w)$",
                f"−{rate:g} × {factor}" if key.level == 3 else f"{given(w)} − {rate:g} × {factor}",
                f"{row.answer:.4g}",
                id="update",
            ),
        )
        hints = (
            "The penalty's gradient is λw; add it to the data gradient.",
            "Then step against the total gradient, scaled by η.",
        )
        return self.numeric_question(key, row, prompt, hints, steps)


FAMILIES = (WeightDecayUpdate(),)
