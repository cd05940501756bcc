"""Family: the derivative of a composite of two or three functions of x, typed as a formula."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from questions.families.formula_kit import Case, FormulaFamily
from questions.model import FormulaVariable, Step

X = (FormulaVariable("x", -2.0, 2.0),)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _x(x: np.ndarray, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    return {"x": x}


SQUARE_OF_LINE = Case(
    prompt=r"Type the derivative of $f(x) = (@a x + @b)^2$ in terms of x.",
    function=lambda x, a, b: (a * x + b) ** 2,
    reference="2 * @a * (@a * x + @b)",
    math=r"$f'(x) = 2 \cdot @a\,(@a x + @b)$",
    variables=X,
    given=_x,
    mistakes=(
        ("inner-derivative-left-out", "2 * (@a * x + @b)"),
        ("factor-two", "@a * (@a * x + @b)"),
    ),
    steps=(
        Step("Outer derivative", r"$2u$ at $u = @a x + @b$", "", ""),
        Step("Inner derivative", r"$u' = @a$", "", ""),
    ),
    hint="Let u = @a x + @b; then f = u² and f' = 2u · u'.",
)
SIGMOID_OF_LINE = Case(
    prompt=r"Type the derivative of $f(x) = \sigma(@a x - @b)$ in terms of x.",
    function=lambda x, a, b: _sigmoid(a * x - b),
    reference="@a * sigmoid(@a * x - @b) * (1 - sigmoid(@a * x - @b))",
    math=r"$f'(x) = @a\,\sigma(u)(1 - \sigma(u))$ with $u = @a x - @b$",
    variables=X,
    given=_x,
    mistakes=(
        ("inner-derivative-left-out", "sigmoid(@a * x - @b) * (1 - sigmoid(@a * x - @b))"),
        ("function-not-derivative", "@a * sigmoid(@a * x - @b)"),
    ),
    steps=(
        Step("Outer derivative", r"$\frac{d}{du}\sigma(u) = \sigma(u)(1 - \sigma(u))$", "", ""),
        Step("Inner derivative", r"$u' = @a$", "", ""),
    ),
    hint=r"Let $u = @a x - @b$: $f'(x) = \sigma(u)(1 - \sigma(u))\,u'$.",
)
SQUARED_SOFTPLUS = Case(
    prompt=r"Type the derivative of $f(x) = \left(\log(1 + e^{@a x})\right)^2$ in terms of x.",
    function=lambda x, a, b: np.logaddexp(0.0, a * x) ** 2,
    reference="2 * log(1 + exp(@a * x)) * sigmoid(@a * x) * @a",
    math=r"$f'(x) = 2\,\log(1 + e^{@a x})\,\sigma(@a x) \cdot @a$",
    variables=X,
    given=_x,
    mistakes=(
        ("inner-derivative-left-out", "2 * log(1 + exp(@a * x)) * sigmoid(@a * x)"),
        ("factor-two", "log(1 + exp(@a * x)) * sigmoid(@a * x) * @a"),
        ("function-not-derivative", "2 * log(1 + exp(@a * x)) * @a"),
    ),
    steps=(
        Step("Outer: the square", r"$2v$ with $v = \log(1 + e^{u})$", "", ""),
        Step("Middle: softplus", r"$v' = \sigma(u)$", "", ""),
        Step("Inner: the line", r"$u = @a x$, $u' = @a$", "", ""),
    ),
    hint="Three functions: a square of a softplus of @a x. Multiply the three derivatives.",
)
TANH_OF_QUADRATIC = Case(
    prompt=r"Type the derivative of $f(x) = \tanh(@a x^2 - @b)$ in terms of x.",
    function=lambda x, a, b: np.tanh(a * x**2 - b),
    reference="2 * @a * x * (1 - tanh(@a * x^2 - @b)^2)",
    math=r"$f'(x) = 2 \cdot @a\,x\,(1 - \tanh^2(@a x^2 - @b))$",
    variables=(FormulaVariable("x", -1.2, 1.2),),  # tanh not yet saturated
    given=_x,
    x_range=(-1.2, 1.2),
    mistakes=(
        ("inner-derivative-left-out", "1 - tanh(@a * x^2 - @b)^2"),
        ("other-activation-rule", "2 * @a * x * tanh(@a * x^2 - @b) * (1 - tanh(@a * x^2 - @b))"),
    ),
    steps=(
        Step("Outer derivative", r"$\frac{d}{du}\tanh(u) = 1 - \tanh^2(u)$", "", ""),
        Step("Inner derivative", r"$u = @a x^2 - @b$, $u' = 2 \cdot @a\,x$", "", ""),
    ),
    hint=r"Let $u = @a x^2 - @b$: $f'(x) = (1 - \tanh^2(u))\,u'$.",
)


class ChainRuleFormula(FormulaFamily, id="chain-rule-formula", topic="chain-rule", stage=4):
    """Chain rule as a formula

    Type the derivative of a composite function of x.
    """

    coefficients: ClassVar[dict[int, tuple[int, int]]] = {1: (3, 5), 2: (2, 4), 3: (3, 4)}
    CASES: ClassVar[dict[int, tuple[Case, ...]]] = {
        1: (SQUARE_OF_LINE,),
        2: (SIGMOID_OF_LINE, TANH_OF_QUADRATIC),
        3: (SQUARED_SOFTPLUS,),
    }


FAMILIES = (ChainRuleFormula(),)
