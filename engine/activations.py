"""Every activation a network may use, described once: its op, its slope and its words.

A network layer names its activation; the spec parser, engine.nn, the families, the pack
questions and the worked-solution renderers all read this table, so adding an activation
(softplus, GELU ...) is one row in `_CODE` and in each column group of `_TEXT` here, plus its op
in engine/ops_elementwise.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine import ops
from engine.tensor import Operand, Tensor, as_tensor
from engine.text_table import read_table

LEAKY_SLOPE = 0.01
"""The leaky ReLU's slope for net <= 0."""


@dataclass(frozen=True)
class Activation:
    """One activation: the engine's op, a plain-numpy twin for oracles, and its text.

    `slope_math` and `slope_numbers` are templates with the fields {out} and {net}: the
    slope as mathtext (inside $...$) and with the numbers put in. `slope_numbers` is None
    for a piecewise slope, which a worked step shows by the sign of net instead.
    """

    name: str
    op: Callable[[Operand], Tensor]
    function: Callable[[np.ndarray], np.ndarray]  # out from net, plain numpy
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]  # d out / d net from (net, out)
    words: str  # "leaky ReLU (slope 0.01 for net ≤ 0)": as a prompt names the units
    symbol: str  # "σ": as a worked step writes out = σ(net)
    math: str  # r"\sigma": the same as mathtext
    rule: str  # "out (1 - out)": the slope in plain words, as the CLI prints it
    slope_math: str
    slope_numbers: str | None

    @property
    def kink(self) -> bool:
        """Whether the slope jumps at net = 0 (it is piecewise): keep a drawn net away from it."""
        return self.slope_numbers is None


def _sigmoid(net: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-net))


def _leaky(a: Operand) -> Tensor:
    return ops.leaky_relu(a, LEAKY_SLOPE)


_NumpyOut = Callable[[np.ndarray], np.ndarray]
_NumpySlope = Callable[[np.ndarray, np.ndarray], np.ndarray]
_CODE: dict[str, tuple[Callable[[Operand], Tensor], _NumpyOut, _NumpySlope]] = {
    # name: (engine op, out from net, d out / d net from (net, out)); the last two plain numpy
    "sigmoid": (ops.sigmoid, _sigmoid, lambda net, out: out * (1.0 - out)),
    "tanh": (ops.tanh, np.tanh, lambda net, out: 1.0 - out * out),
    "relu": (ops.relu, lambda net: np.maximum(net, 0.0), lambda net, out: (net > 0) * 1.0),
    "leaky_relu": (
        _leaky,
        lambda net: np.where(net > 0, net, LEAKY_SLOPE * net),
        lambda net, out: np.where(net > 0, 1.0, LEAKY_SLOPE),
    ),
    "identity": (ops.identity, lambda net: net, lambda net, out: np.ones_like(net)),
    "softplus": (ops.softplus, lambda net: np.logaddexp(0.0, net), lambda net, out: _sigmoid(net)),
}

_TEXT = read_table(
    r"""
name       | as a prompt names the units            | symbol   | as mathtext
sigmoid    | sigmoid                                | σ        | \sigma
tanh       | tanh                                   | tanh     | \tanh
relu       | ReLU                                   | relu     | \mathrm{relu}
leaky_relu | leaky ReLU (slope {slope} for net ≤ 0) | leaky    | \mathrm{leaky}
identity   | linear                                 |          | \mathrm{identity}
softplus   | softplus                               | softplus | \mathrm{softplus}
""",
    r"""
name       | slope in words            | slope as mathtext                | numbers (- piecewise)
sigmoid    | out (1 - out)             | {out}(1 - {out})                 | {out} × (1 - {out})
tanh       | 1 - out^2                 | 1 - {out}^2                      | 1 - {out}^2
relu       | 1 if net > 0 else 0       | 1$ if ${net} > 0$, else $0       | -
leaky_relu | 1 if net > 0 else {slope} | 1$ if ${net} > 0$, else ${slope} | -
identity   | 1                         | 1                                | 1
softplus   | sigmoid(net)              | \sigma({net})                    | σ({net})
""",
    slope=LEAKY_SLOPE,
)


def _activation(name: str) -> Activation:
    op, function, derivative = _CODE[name]
    words, symbol, math, rule, slope_math, numbers = _TEXT[name]
    slope_numbers = None if numbers == "-" else numbers
    return Activation(
        name, op, function, derivative, words, symbol, math, rule, slope_math, slope_numbers
    )


ACTIVATIONS: dict[str, Activation] = {name: _activation(name) for name in _CODE}
"""Every activation by the name NetworkSpec files use."""


def per_variant(a: Operand, names: Sequence[str]) -> Tensor:
    """Each variant's own activation of a (names[n] for variant n), as one node: every
    activation present runs its op on all of a, and each variant keeps its own op's value
    and backward rule, so its numbers are those its op alone gives, to the last bit."""
    a = as_tensor(a)
    column = np.array(names)
    parts = [(ACTIVATIONS[name].op(a), column == name) for name in sorted(set(names))]
    if len(parts) == 1:
        return parts[0][0]

    def pick(values: Sequence[np.ndarray]) -> np.ndarray:
        out = np.empty_like(values[0])
        for value, (_, rows) in zip(values, parts, strict=True):
            out[rows] = value[rows]
        return out

    def rule(g: np.ndarray) -> tuple[np.ndarray]:
        return (pick([_passed_back(part, g) for part, _ in parts]),)

    return Tensor(pick([part.value for part, _ in parts]), (a,), "per-variant", rule)


def _passed_back(node: Tensor, g: np.ndarray) -> np.ndarray:
    """What an activation's node passes back to its one parent from the gradient g."""
    if node.backward_rule is None:
        raise ValueError(f"{node!r} has no backward rule")
    (contribution,) = node.backward_rule(g)
    if contribution is None:
        raise ValueError(f"{node!r} passes no gradient back")
    return contribution
