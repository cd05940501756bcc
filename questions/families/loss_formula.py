"""Family: a loss's gradient at the output or the pre-activation, typed as a formula."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from questions.families.formula_kit import Case, FormulaFamily
from questions.model import FormulaVariable, Step

TARGET = FormulaVariable("t", 0.0, 1.0)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


HALF_SQUARED = Case(
    prompt=(
        r"The loss is $E = \frac{1}{2}(t - o)^2$ with target t = @a. "
        r"Type $\partial E/\partial o$ in terms of o."
    ),
    function=lambda o, a, b: 0.5 * (a - o) ** 2,
    reference="o - @a",
    math=r"$\partial E/\partial o = o - t = o - @a$",
    variables=(FormulaVariable("o", -2.0, 2.0),),
    given=lambda o, a, b: {"o": o},
    mistakes=(("error-sign", "@a - o"), ("factor-two", "2 * (o - @a)")),
    steps=(Step("Derivative of the loss", r"$\frac{1}{2} \cdot 2\,(t - o) \cdot (-1)$", "", ""),),
    hint="The inner function t - o has derivative -1 with respect to o.",
)
SQUARED = Case(
    prompt=(
        r"The loss is $E = (t - o)^2$ with target t = @a. "
        r"Type $\partial E/\partial o$ in terms of o."
    ),
    function=lambda o, a, b: (a - o) ** 2,
    reference="2 * (o - @a)",
    math=r"$\partial E/\partial o = 2\,(o - t) = 2\,(o - @a)$",
    variables=(FormulaVariable("o", -2.0, 2.0),),
    given=lambda o, a, b: {"o": o},
    mistakes=(("factor-two", "o - @a"), ("error-sign", "2 * (@a - o)")),
    steps=(Step("Derivative of the loss", r"$2\,(t - o) \cdot (-1)$", "", ""),),
    hint="Differentiate the square, then the inside t - o.",
)
BCE_THROUGH_SIGMOID = Case(
    prompt=(
        r"A unit outputs $s = \sigma(z)$ and the loss is binary cross-entropy "
        r"$E = -[t \log s + (1 - t)\log(1 - s)]$. Type $\partial E/\partial z$ in terms of s "
        "and t."
    ),
    function=lambda z, a, b: (
        -(0.75 * np.log(_sigmoid(z)) + 0.25 * np.log(1.0 - _sigmoid(z)))
    ),  # the oracle at t = 0.75; the reference is evaluated there too
    reference="s - t",
    math=r"$\partial E/\partial z = s - t$",
    variables=(FormulaVariable("s", 0.05, 0.95), TARGET),
    given=lambda z, a, b: {"s": _sigmoid(z), "t": np.full_like(z, 0.75)},
    mistakes=(
        ("gradient-at-output", "(s - t) / (s * (1 - s))"),
        ("error-sign", "t - s"),
        ("extra-activation-derivative", "s * (1 - s) * (s - t)"),
    ),
    steps=(
        Step("Gradient at the output", r"$\partial E/\partial s = \frac{s - t}{s(1 - s)}$", "", ""),
        Step("Through the sigmoid", r"$\cdot\, s(1 - s) = s - t$", "", ""),
    ),
    hint=(
        r"First $\partial E/\partial s$, then multiply by the slope $f'(z) = s(1 - s)$ "
        r"of $f = \sigma$."
    ),
)
SOFTMAX_CE = Case(
    prompt=(
        r"Softmax gives probabilities $p_j$ from logits $z_j$, and the loss is "
        r"$E = -\sum_j y_j \log p_j$ with one-hot targets y. Type $\partial E/\partial z_i$ in "
        "terms of p (for $p_i$) and y (for $y_i$)."
    ),
    function=lambda z, a, b: -np.log(np.exp(z) / (np.exp(z) + 2.0)),  # the target's logit
    reference="p - y",
    math=r"$\partial E/\partial z_i = p_i - y_i$",
    variables=(FormulaVariable("p", 0.05, 0.95), FormulaVariable("y", 0.0, 1.0)),
    given=lambda z, a, b: {"p": np.exp(z) / (np.exp(z) + 2.0), "y": np.ones_like(z)},
    mistakes=(
        ("error-sign", "y - p"),
        ("gradient-at-output", "-y / p"),
        ("p-not-p-minus-y", "p"),
    ),
    steps=(
        Step(
            "Through the softmax", r"$\partial p_k/\partial z_i = p_k(\delta_{ik} - p_i)$", "", ""
        ),
        Step(
            "Summed over the outputs",
            r"$\partial E/\partial z_i = -\sum_k y_k(\delta_{ik} - p_i) = p_i - y_i$",
            "",
            "",
        ),
    ),
    hint=r"$\partial p_k/\partial z_i = p_k(\delta_{ik} - p_i)$, and the $y_k$ add up to 1.",
)


class LossGradientFormula(FormulaFamily, id="loss-gradient-formula", topic="losses", stage=3):
    """Loss gradient as a formula

    Type a loss's gradient at the output or at the pre-activation.
    """

    coefficients: ClassVar[dict[int, tuple[int, int]]] = {1: (1, 3)}
    CASES: ClassVar[dict[int, tuple[Case, ...]]] = {
        1: (HALF_SQUARED, SQUARED),
        2: (BCE_THROUGH_SIGMOID,),
        3: (SOFTMAX_CE,),
    }


FAMILIES = (LossGradientFormula(),)
