"""Family: an activation's derivative typed as a formula, in terms of its output or its input."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from questions.families.formula_kit import Case, FormulaFamily
from questions.model import FormulaVariable, Step

GELU_C, GELU_K = 0.7978845608, 0.044715  # sqrt(2/pi), and the cubic's coefficient
S = (FormulaVariable("s", 0.05, 0.95),)
T = (FormulaVariable("t", -0.95, 0.95),)
X = (FormulaVariable("x", -3.0, 3.0),)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(GELU_C * (x + GELU_K * x**3)))


def _no_coefficients(function):  # type: ignore[no-untyped-def]
    return lambda x, a, b: function(x)


SIGMOID_OF_S = Case(
    prompt=r"With $f = \sigma$ and $s = \sigma(x)$, type the slope $f'(x)$ in terms of s.",
    function=_no_coefficients(_sigmoid),
    reference="s * (1 - s)",
    math=r"$f'(x) = s\,(1 - s)$",
    variables=S,
    given=lambda x, a, b: {"s": _sigmoid(x)},
    mistakes=(("other-activation-rule", "1 - s^2"), ("slope-sign", "s * (1 + s)")),
    steps=(Step("Slope of the sigmoid", r"$f' = \sigma\,(1 - \sigma)$", "", "s (1 - s)"),),
    hint=r"Differentiate $1/(1 + e^{-x})$ and write $e^{-x}$ in terms of s.",
)
TANH_OF_T = Case(
    prompt=r"With $f = \tanh$ and $t = \tanh(x)$, type the slope $f'(x)$ in terms of t.",
    function=_no_coefficients(np.tanh),
    reference="1 - t^2",
    math=r"$f'(x) = 1 - t^2$",
    variables=T,
    given=lambda x, a, b: {"t": np.tanh(x)},
    mistakes=(("other-activation-rule", "t * (1 - t)"), ("slope-sign", "1 + t^2")),
    steps=(Step("Slope of tanh", r"$f' = 1 - \tanh^2$", "", "1 - t^2"),),
    hint=r"$\tanh(x) = \sinh(x)/\cosh(x)$; use $\cosh^2 - \sinh^2 = 1$.",
)
SOFTPLUS_OF_X = Case(
    prompt=r"Type the derivative of $\mathrm{softplus}(x) = \log(1 + e^x)$ in terms of x.",
    function=_no_coefficients(lambda x: np.logaddexp(0.0, x)),
    reference="sigmoid(x)",
    math=r"$\mathrm{softplus}'(x) = \sigma(x) = 1/(1 + e^{-x})$",
    variables=X,
    given=lambda x, a, b: {"x": x},
    mistakes=(
        ("function-not-derivative", "log(1 + exp(x))"),
        ("inner-derivative-left-out", "1 / (1 + exp(x))"),
    ),
    steps=(Step("Chain rule through the log", r"$\frac{e^x}{1 + e^x} = \sigma(x)$", "", ""),),
    hint=r"$\frac{d}{dx}\log u = u'/u$ with $u = 1 + e^x$.",
)
SIGMOID_OF_X = Case(
    prompt=r"With $f = \sigma$, type the slope $f'(x)$ in terms of x.",
    function=_no_coefficients(_sigmoid),
    reference="sigmoid(x) * (1 - sigmoid(x))",
    math=r"$f'(x) = \sigma(x)\,(1 - \sigma(x))$",
    variables=X,
    given=lambda x, a, b: {"x": x},
    mistakes=(
        ("other-activation-rule", "1 - sigmoid(x)^2"),
        ("slope-sign", "sigmoid(x) * (1 + sigmoid(x))"),
    ),
    steps=(Step("Slope of the sigmoid", r"$f' = \sigma\,(1 - \sigma)$", "", ""),),
    hint="Write the answer with sigmoid(x), as the sigmoid of the input.",
)
SILU_OF_X = Case(
    prompt=r"Type the derivative of $\mathrm{SiLU}(x) = x\,\sigma(x)$ in terms of x.",
    function=_no_coefficients(lambda x: x * _sigmoid(x)),
    reference="sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))",
    math=r"$\sigma(x) + x\,\sigma(x)\,(1 - \sigma(x))$",
    variables=X,
    given=lambda x, a, b: {"x": x},
    mistakes=(
        ("product-rule-term", "x * sigmoid(x) * (1 - sigmoid(x))"),
        ("function-not-derivative", "x * sigmoid(x)"),
    ),
    steps=(Step("Product rule", r"$(x\sigma)' = \sigma + x\,\sigma(1 - \sigma)$", "", ""),),
    hint="It is a product of x and the sigmoid: use the product rule.",
)
GELU_OF_X_AND_T = Case(
    prompt=(
        r"GELU's tanh form is $g(x) = \frac{1}{2}x\,(1 + t)$ with $t = \tanh(u)$ and "
        rf"$u = c\,(x + k x^3)$, where $c = {GELU_C}$ and $k = {GELU_K}$. Type $g'(x)$ "
        "in terms of x and t (write c and k as numbers)."
    ),
    function=_no_coefficients(_gelu),
    reference=f"0.5 * (1 + t) + 0.5 * x * (1 - t^2) * {GELU_C} * (1 + 3 * {GELU_K} * x^2)",
    math=r"$\frac{1}{2}(1 + t) + \frac{1}{2}x\,(1 - t^2)\,c\,(1 + 3 k x^2)$",
    variables=(FormulaVariable("x", -3.0, 3.0), FormulaVariable("t", -0.95, 0.95)),
    given=lambda x, a, b: {"x": x, "t": np.tanh(GELU_C * (x + GELU_K * x**3))},
    mistakes=(
        ("product-rule-term", "0.5 * (1 + t)"),
        ("inner-derivative-left-out", "0.5 * (1 + t) + 0.5 * x * (1 - t^2)"),
    ),
    steps=(
        Step("Product rule", r"$g' = \frac{1}{2}(1 + t) + \frac{1}{2}x\,t'$", "", ""),
        Step("Chain rule for t", r"$t' = (1 - t^2)\,c\,(1 + 3 k x^2)$", "", ""),
    ),
    hint="Use the product rule, then the chain rule through tanh and u.",
)


class ActivationDerivativeFormula(
    FormulaFamily, id="activation-derivative-formula", topic="activations", stage=3
):
    """Activation derivative as a formula

    Type an activation's derivative in terms of its output or its input.
    """

    CASES: ClassVar[dict[int, tuple[Case, ...]]] = {
        1: (SIGMOID_OF_S, TANH_OF_T),
        2: (SIGMOID_OF_X, SOFTPLUS_OF_X),
        3: (SILU_OF_X, GELU_OF_X_AND_T),
    }


FAMILIES = (ActivationDerivativeFormula(),)
