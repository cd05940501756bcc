"""One SGD step with L2 weight decay: w ← w − η(∂E/∂w + λw). Level 1 gives the data gradient
(one weight's update: the penalty, the step); level 2 derives it from a squared error
½(wx − t)² (the path through the unit: its error, then the gradient); level 3 from a
mini-batch of two examples, each path worked out and their mean taken (a step of its own).
Mistakes: η left off the decay, 2λw, the decay's sign flipped, and (level 3) the batch's sum
for its mean."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from engine import ops, variable
from questions.families.base import Family, Params, Row, Solved, signed_tenths
from questions.families.figures import product_factor
from questions.formatting import given
from questions.model import FamilyKey, Question, Step


def exact(value: float) -> str:
    """A number made of tenths' products, all its figures (at most 4 decimals), negatives in
    parentheses: what later steps add, shown in full so their sums reproduce."""
    text = f"{round(value, 4):g}"
    return f"({text})" if text.startswith("-") else text


class WeightDecayUpdate(Family, id="weight-decay-update", topic="regularization"):
    """A gradient step with weight decay

    w ← w − η(∂E/∂w + λw): L2 decay as a term of the gradient.
    """

    hints = (
        "The penalty's gradient is λw; add it to the data gradient.",
        "Then step against the total gradient, scaled by η.",
    )

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float]:
        return {
            "w": signed_tenths(rng, 5, 31),
            "g": signed_tenths(rng, 1, 21),
            "x1": signed_tenths(rng, 5, 21),
            "t1": float(np.round(rng.uniform(-2, 2), 1)),
            "x2": signed_tenths(rng, 5, 21),
            "t2": float(np.round(rng.uniform(-2, 2), 1)),
            "rate": float(rng.choice([0.1, 0.2, 0.5])),
            "decay": float(rng.choice([0.05, 0.1, 0.2, 0.5])),
        }

    def solve(self, params: Params, level: int) -> Solved:
        w0, rate, decay = params["w"], params["rate"], params["decay"]
        weight = variable(w0)
        examples = {1: 0, 2: 1, 3: 2}[level]  # level 1: the data loss is linear, slope given
        if examples == 0:
            data = ops.mul(params["g"], weight)
            slope = total = params["g"]
        else:
            halves, slopes = [], []
            for n in range(1, examples + 1):
                x, t = params[f"x{n}"], params[f"t{n}"]
                error = ops.sub(ops.mul(weight, x), t)
                halves.append(ops.mul(0.5, ops.mul(error, error)))
                slopes.append((w0 * x - t) * x)
            data = halves[0] if examples == 1 else ops.mean(ops.stack(halves), axis=0)
            total = sum(slopes[1:], slopes[0])
            slope = total / examples
        penalty = ops.mul(0.5 * decay, ops.mul(weight, weight))
        ops.add(data, penalty).backward()
        base = w0 - rate * slope
        nan = np.full_like(w0, np.nan)
        return Solved(
            answer=w0 - rate * weight.gradient,
            check=w0 * (1 - rate * decay) - rate * slope,
            mistakes={
                "decay-no-rate": base - decay * w0,
                "decay-two-lambda": base - 2 * rate * decay * w0,
                "decay-sign": base + rate * decay * w0,
                "sum-not-mean": w0 - rate * (total + decay * w0) if examples == 2 else nan,
            },
            extra={"slope": slope},
        )

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        w, rate, decay = float(params["w"]), float(params["rate"]), float(params["decay"])
        slope = float(row.extra["slope"])
        examples = key.level - 1
        pairs = [(float(params[f"x{n}"]), float(params[f"t{n}"])) for n in (1, 2)][:examples]
        steps = []
        for n, (x, t) in enumerate(pairs, start=1):
            tag = f":{n}" if examples > 1 else ""
            of = f" of example {n}" if examples > 1 else ""
            error = w * x - t
            steps += [
                Step(
                    f"The error{of}",
                    r"$w x - t$",
                    f"{given(w)} × {exact(x)} − {exact(t)}",
                    exact(error).strip("()"),
                    id=f"forward{tag}",
                ),
                Step(
                    f"The data gradient{of}",
                    r"$\partial E / \partial w = (w x - t)\, x$",
                    f"{exact(error)} × {exact(x)}",
                    exact(error * x).strip("()"),
                    id=f"grad{tag}",
                ),
            ]
        if examples == 0:
            data = f"the data loss has gradient $\\partial E / \\partial w = {given(slope)}$"
        elif examples == 1:
            x1, t1 = (given(v) for v in pairs[0])
            data = f"the data loss is $E = \\frac{{1}}{{2}}(w x - t)^2$ with $x = {x1}$, $t = {t1}$"
        else:
            (x1, t1), (x2, t2) = ((given(x), given(t)) for x, t in pairs)
            data = (
                "the data loss is the mean over a mini-batch of two examples, "
                "$E = \\frac{1}{2} \\sum_n \\frac{1}{2}(w x_n - t_n)^2$, with "
                f"$x_1 = {x1}$, $t_1 = {t1}$ and $x_2 = {x2}$, $t_2 = {t2}$"
            )
            grads = [(w * x - t) * x for x, t in pairs]
            steps.append(
                Step(
                    "The batch's gradient is the mean of the two",
                    r"$\partial E / \partial w = \frac{1}{2}\sum_n (w x_n - t_n)\, x_n$",
                    f"({exact(grads[0])} + {exact(grads[1])}) / 2",
                    exact(slope).strip("()"),
                    id="batch",
                )
            )
        prompt = (
            f"A weight $w = {given(w)}$ is trained with L2 weight decay: the objective is "
            f"$E + \\frac{{\\lambda}}{{2}} w^2$ with $\\lambda = {decay:g}$, and {data}. "
            f"After one SGD step with learning rate $\\eta = {rate:g}$, what is the new $w$?"
        )
        total = slope + decay * w
        # enough figures that w − η × total reproduces the new weight when they nearly cancel
        factor = product_factor(total, rate, float(row.answer))
        steps += [
            Step(
                "The penalty adds λw to the data gradient",
                r"$\partial E / \partial w + \lambda w$",
                f"{exact(slope)} + {decay:g} × {exact(w)}",
                factor.strip("()"),
                id="penalty",
            ),
            Step(
                "The regularised step",
                r"$w \leftarrow w - \eta (\partial E / \partial w + \lambda w)$",
                f"{given(w)} − {rate:g} × {factor}",
                f"{row.answer:.4g}",
                id="update",
            ),
        ]
        return self.numeric_question(key, row, prompt, self.hints, tuple(steps))


FAMILIES = (WeightDecayUpdate(),)
