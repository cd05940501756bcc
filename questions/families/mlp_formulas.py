"""Mathtext formulas of the network families' worked steps: one per unit and shape.

A formula names units and weights but holds no numbers, so each is written once per
(shape, unit, activation, loss) and shared by every variant that needs it.
"""

from __future__ import annotations

from functools import cache

from engine.nn import UnitNames

MATH = {
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "relu": r"\mathrm{relu}",
    "leaky_relu": r"\mathrm{leaky}",
}
LOSS_MATH = {
    "half_sse": r"$E = \sum_k \frac{1}{2}(t_k - out_k)^2$",
    "mse": r"$E = \frac{1}{K}\sum_k (t_k - out_k)^2$",
    "bce": r"$E = -\frac{1}{K}\sum_k [t_k \ln out_k + (1 - t_k)\ln(1 - out_k)]$",
}


@cache
def m(name: str) -> str:
    """A unit or weight name as mathtext inside $...$: h1 -> h_{1}, b_h1 -> b_{h1}."""
    if name.startswith("b_"):
        return f"b_{{{name[2:]}}}"
    return f"{name[0]}_{{{name[1:]}}}"


@cache
def net_formulas(names: UnitNames, layer: int, j: int, act: str) -> tuple[str, str]:
    """(net formula, net-and-out formula) of unit j: the same for every variant of a shape."""
    name, below = names.units[layer + 1][j], names.units[layer]
    terms = " + ".join(
        f"{m(weight)} \\cdot {f'out_{{{below[k]}}}' if layer else m(below[k])}"
        for k, weight in enumerate(names.weights[layer][j])
    )
    formula = f"$net_{{{name}}} = {terms} + {m(names.biases[layer][j])}$"
    return formula, formula[:-1] + f", out_{{{name}}} = {MATH[act]}(net_{{{name}}})$"


@cache
def slope_formula(name: str, act: str) -> str:
    """f'(net) of a unit as mathtext: the same for every variant."""
    if act == "sigmoid":
        rule = f"out_{{{name}}}(1 - out_{{{name}}})"
    elif act == "tanh":
        rule = f"1 - out_{{{name}}}^2"
    else:
        low = "0" if act == "relu" else "0.01"
        rule = f"1$ if $net_{{{name}}} > 0$, else ${low}"
    return f"$f'(net_{{{name}}}) = {rule}$"


@cache
def loss_formula(name: str, loss: str) -> str:
    """dE/d out at an output unit as mathtext, for the loss: the same for every variant."""
    tk = f"t_{{{name}}}"
    formula = {
        "half_sse": f"out_{{{name}}} - {tk}",
        "mse": rf"\frac{{2}}{{K}}(out_{{{name}}} - {tk})",
        "bce": rf"\frac{{out_{{{name}}} - {tk}}}{{K\, out_{{{name}}}(1 - out_{{{name}}})}}",
    }[loss]
    return rf"$\partial E / \partial out_{{{name}}} = {formula}$"


@cache
def delta_formula(name: str) -> str:
    """delta = dE/d out times f'(net), as mathtext."""
    return rf"$\delta_{{{name}}} = \partial E / \partial out_{{{name}}} \cdot f'(net_{{{name}}})$"


@cache
def fanout_formula(names: UnitNames, j: int, outputs: int) -> str:
    """dE/d out of hidden unit j: the sum over the output units it feeds, as mathtext."""
    name = names.units[1][j]
    terms = " + ".join(
        rf"\delta_{{{names.units[2][k]}}} {m(names.weights[1][k][j])}" for k in range(outputs)
    )
    return rf"$\partial E / \partial out_{{{name}}} = {terms}$"
