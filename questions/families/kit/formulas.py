"""Mathtext formulas of the network families' worked steps: one per unit and shape.

A formula names units and weights but holds no numbers, so each is written once per
(shape, unit, activation, loss) and shared by every variant that needs it.
"""

from __future__ import annotations

from functools import cache

from engine.activations import ACTIVATIONS
from engine.losses import LOSS_KINDS
from engine.nn import unit_names

names_of = cache(unit_names)  # Mazur's names (i1, h1, o1, w1 ...) depend on the sizes alone


@cache
def m(name: str) -> str:
    """A unit or weight name as mathtext inside $...$: h1 -> h_{1}, b_h1 -> b_{h1}."""
    if name.startswith("b_"):
        return f"b_{{{name[2:]}}}"
    return f"{name[0]}_{{{name[1:]}}}"


@cache
def net_formulas(sizes: tuple[int, ...], layer: int, j: int, act: str) -> tuple[str, str]:
    """(net formula, net-and-out formula) of unit j: the same for every variant of a shape
    (its layer sizes, inputs first: a key cheaper to look up than the names)."""
    names = names_of(sizes)
    name, below = names.units[layer + 1][j], names.units[layer]
    terms = " + ".join(
        f"{m(weight)} \\cdot {f'out_{{{below[k]}}}' if layer else m(below[k])}"
        for k, weight in enumerate(names.weights[layer][j])
    )
    formula = f"$net_{{{name}}} = {terms} + {m(names.biases[layer][j])}$"
    return formula, formula[:-1] + f", out_{{{name}}} = {ACTIVATIONS[act].math}(net_{{{name}}})$"


@cache
def slope_formula(name: str, act: str) -> str:
    """f'(net) of a unit as mathtext: the same for every variant."""
    rule = ACTIVATIONS[act].slope_math.format(out=f"out_{{{name}}}", net=f"net_{{{name}}}")
    return f"$f'(net_{{{name}}}) = {rule}$"


@cache
def loss_formula(name: str, loss: str) -> str:
    """dE/d out at an output unit as mathtext, for the loss: the same for every variant."""
    formula = LOSS_KINDS[loss].gradient_math.format(
        o=f"out_{{{name}}}", t=f"t_{{{name}}}", p=f"p_{{{name}}}"
    )
    return rf"$\partial E / \partial out_{{{name}}} = {formula}$"


@cache
def delta_formula(name: str) -> str:
    """delta = dE/d out times f'(net), as mathtext."""
    return rf"$\delta_{{{name}}} = \partial E / \partial out_{{{name}}} \cdot f'(net_{{{name}}})$"


@cache
def fanout_formula(sizes: tuple[int, ...], j: int) -> str:
    """dE/d out of hidden unit j: the sum over the output units it feeds, as mathtext."""
    names, outputs = names_of(sizes), sizes[2]
    name = names.units[1][j]
    terms = " + ".join(
        rf"\delta_{{{names.units[2][k]}}} {m(names.weights[1][k][j])}" for k in range(outputs)
    )
    return rf"$\partial E / \partial out_{{{name}}} = {terms}$"
