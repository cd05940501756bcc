"""Every activation a network may use, described once: its op, its slope and its words.

A network layer names its activation; the spec parser, engine.nn, the families, the pack
questions and the worked-solution renderers all read this table, so adding an activation
(softplus, GELU ...) is one `Activation` entry here plus its op in engine/ops_elementwise.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine import ops
from engine.tensor import Operand, Tensor

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
    kink: bool = False  # the slope jumps at net = 0: keep a drawn net away from it


def _sigmoid(net: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-net))


def _leaky(a: Operand) -> Tensor:
    return ops.leaky_relu(a, LEAKY_SLOPE)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            name="sigmoid",
            op=ops.sigmoid,
            function=_sigmoid,
            derivative=lambda net, out: out * (1.0 - out),
            words="sigmoid",
            symbol="σ",
            math=r"\sigma",
            rule="out (1 - out)",
            slope_math="{out}(1 - {out})",
            slope_numbers="{out} × (1 - {out})",
        ),
        Activation(
            name="tanh",
            op=ops.tanh,
            function=np.tanh,
            derivative=lambda net, out: 1.0 - out * out,
            words="tanh",
            symbol="tanh",
            math=r"\tanh",
            rule="1 - out^2",
            slope_math="1 - {out}^2",
            slope_numbers="1 - {out}^2",
        ),
        Activation(
            name="relu",
            op=ops.relu,
            function=lambda net: np.maximum(net, 0.0),
            derivative=lambda net, out: (net > 0).astype(np.float64),
            words="ReLU",
            symbol="relu",
            math=r"\mathrm{relu}",
            rule="1 if net > 0 else 0",
            slope_math="1$ if ${net} > 0$, else $0",
            slope_numbers=None,
            kink=True,
        ),
        Activation(
            name="leaky_relu",
            op=_leaky,
            function=lambda net: np.where(net > 0, net, LEAKY_SLOPE * net),
            derivative=lambda net, out: np.where(net > 0, 1.0, LEAKY_SLOPE),
            words=f"leaky ReLU (slope {LEAKY_SLOPE} for net ≤ 0)",
            symbol="leaky",
            math=r"\mathrm{leaky}",
            rule=f"1 if net > 0 else {LEAKY_SLOPE}",
            slope_math=f"1$ if ${{net}} > 0$, else ${LEAKY_SLOPE}",
            slope_numbers=None,
            kink=True,
        ),
        Activation(
            name="identity",
            op=ops.identity,
            function=lambda net: net,
            derivative=lambda net, out: np.ones_like(net),
            words="linear",
            symbol="",
            math=r"\mathrm{identity}",
            rule="1",
            slope_math="1",
            slope_numbers="1",
        ),
        Activation(
            name="softplus",
            op=ops.softplus,
            function=lambda net: np.logaddexp(0.0, net),
            derivative=lambda net, out: _sigmoid(net),
            words="softplus",
            symbol="softplus",
            math=r"\mathrm{softplus}",
            rule="sigmoid(net)",
            slope_math=r"\sigma({net})",
            slope_numbers="σ({net})",
        ),
    )
}
"""Every activation by the name NetworkSpec files use."""
