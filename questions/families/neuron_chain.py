"""Levels 2 and 3 of the single-neuron family: the neuron feeds a second unit.

Level 2 is a path: a neuron h1 with two inputs feeds a unit o1 of the same activation, and
d out_o1 / d w_i (or d x_i) takes both slopes and the weight between them. Level 3 is several
paths: one input feeds two neurons h1 and h2, both feed o1, and d out_o1 / d x adds the two
paths. Solved in one engine pass over every variant (activations masked per variant), checked
by central differences on plain numpy; neuron_chain_text writes it from the values it was
solved with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from engine import Tensor, ops, variable
from engine.activations import ACTIVATIONS as TABLE
from engine.gradcheck import central_difference
from questions.families.base import Params, Solved

ACTIVATIONS = ("sigmoid", "tanh", "relu")
CANCEL = 0.3
"""Level 3's two paths must not cancel below this share of the larger, so the sum reproduces."""


@dataclass(frozen=True)
class Chain:
    """A variant's units and question: the activation, d out_o1 / d which w or x, how many
    hidden neurons (1: a path, 2: two paths from one input)."""

    activation: str
    target: str  # "w" (a weight into h1) or "x" (an input)
    which: int  # the weight's or input's index
    hidden: int


def each(act: np.ndarray, values: Mapping[str, np.ndarray]) -> np.ndarray:
    """values[name] for each variant's activation name."""
    shape = np.broadcast_shapes(*(np.shape(v) for v in values.values()))
    picks = [np.broadcast_to(v, shape) for v in values.values()]
    where = [np.reshape(act == name, (-1,) + (1,) * (len(shape) - 1)) for name in values]
    return np.select([np.broadcast_to(w, shape) for w in where], picks)


def activate(act: np.ndarray, net: Tensor) -> Tensor:
    """Apply each variant's activation in one batched pass (its descriptor's op, masked)."""
    column = (slice(None),) + (None,) * (net.value.ndim - 1)
    masked = [ops.mul((act == n)[column] * 1.0, TABLE[n].op(net)) for n in ACTIVATIONS]
    return ops.add(ops.add(masked[0], masked[1]), masked[2])


LOW = np.array([-2.0, -2.0, -1.0, -1.0, -1.0, -1.0, -0.5, -0.5, -1.5, -1.5])
SPAN = np.array([4.0, 4.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0, 3.0, 3.0])
SCALE = np.array([10.0, 10.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0])
"""x (2, in tenths), w (2 x 2), b (2) and v (2, in hundredths) drawn as one row of uniforms:
low + span * u is what rng.uniform(low, low + span) computes, and rint(y * scale) / scale is
np.round, so the values are those of one uniform draw per quantity."""
SHAPE = {2: (1, 2), 3: (2, 1)}
"""(hidden units, inputs) at each level."""
MASK = {
    level: np.concatenate(
        [
            np.arange(2) < inputs,
            ((np.arange(2)[:, None] < hidden) & (np.arange(2)[None, :] < inputs)).ravel(),
            np.arange(2) < hidden,
            np.arange(2) < hidden,
        ]
    )
    for level, (hidden, inputs) in SHAPE.items()
}
"""Which drawn values a level uses; the others are zero and left out of the text."""


@cache
def _chain(activation: str, target: str, which: int, hidden: int) -> Chain:
    """A Chain, made once for each of its few values."""
    return Chain(activation, target, which, hidden)


def draw(rng: np.random.Generator, level: int) -> dict[str, object]:
    """Level 2: two inputs into h1, h1 into o1; level 3: one input into h1 and h2, both into o1.
    Unused inputs and units have zero weights and are left out of the text."""
    hidden, inputs = SHAPE[level]
    u = rng.random(11)
    drawn = np.rint((LOW + SPAN * u[:10]) * SCALE) / SCALE * MASK[level]
    c = round(-0.5 + float(u[10]), 2)
    act = ACTIVATIONS[int(rng.integers(0, 3))]
    target = "x" if level == 3 or rng.random() < 0.5 else "w"
    which = int(rng.integers(0, inputs))
    return {
        "x": drawn[:2],
        "w": drawn[2:6].reshape(2, 2),
        "b": drawn[6:8],
        "v": drawn[8:],
        "c": c,
        "asked": _chain(act, target, which, hidden),
    }


def _forward(act: np.ndarray, x: np.ndarray, w: np.ndarray, b: np.ndarray, p: Params) -> np.ndarray:
    """out_o1 of every variant in plain numpy: the oracle's function."""
    net_h = np.einsum("nji,ni->nj", w, x) + b
    out_h = each(act, {n: TABLE[n].function(net_h) for n in ACTIVATIONS})
    net_o = (p["v"] * out_h).sum(axis=1) + p["c"]
    return each(act, {n: TABLE[n].function(net_o) for n in ACTIVATIONS})


def _unless_same(values: np.ndarray, answer: np.ndarray) -> np.ndarray:
    """A mistake's values, NaN where the slip changes nothing (it cannot be told apart)."""
    with np.errstate(invalid="ignore"):
        same = np.abs(values - answer) <= 1e-12 + 1e-9 * np.abs(answer)
    return np.where(same, np.nan, values)


def solve(params: Params) -> Solved:
    """Every variant in one engine pass; the asked gradient checked by central differences."""
    asked: list[Chain] = params["asked"].tolist()
    act = np.array([a.activation for a in asked])
    on_w = np.array([a.target == "w" for a in asked])
    which = np.array([a.which for a in asked])
    two = np.array([a.hidden == 2 for a in asked])
    x, w = variable(params["x"]), variable(params["w"])
    net_h = ops.add(ops.matvec(w, x), params["b"])
    out_h = activate(act, net_h)
    net_o = ops.add(ops.sum_(ops.mul(out_h, params["v"])), params["c"])
    out_o = activate(act, net_o)
    out_o.backward()
    rows = np.arange(len(act))
    answer = np.where(on_w, w.gradient[rows, 0, which], x.gradient[rows, which])

    def asked_out(value: np.ndarray) -> np.ndarray:
        """out_o1 with the asked weight or input set to value, per variant (plain numpy)."""
        x1, w1 = params["x"].copy(), params["w"].copy()
        w1[rows[on_w], 0, which[on_w]] = value[on_w]
        x1[rows[~on_w], which[~on_w]] = value[~on_w]
        return _forward(act, x1, w1, params["b"], params)

    start = np.where(on_w, params["w"][rows, 0, which], params["x"][rows, which])
    check = central_difference(asked_out, start)
    nh, oh, no, oo = net_h.value, out_h.value, net_o.value, out_o.value
    slope_h = each(act, {n: TABLE[n].derivative(nh, oh) for n in ACTIVATIONS})
    slope_o = each(act, {n: TABLE[n].derivative(no, oo) for n in ACTIVATIONS})
    at_net_h = each(act, {n: TABLE[n].derivative(nh, nh) for n in ACTIVATIONS})
    at_net_o = each(act, {n: TABLE[n].derivative(no, no) for n in ACTIVATIONS})
    # d net_hj / d the asked leaf: x_i into h1 for a weight, w_ji for an input
    through = np.where(on_w[:, None], 0.0, params["w"][rows, :, which])
    through[:, 0] = np.where(on_w, params["x"][rows, which], through[:, 0])
    other = np.where(on_w & ~two, params["x"][rows, 1 - which], np.nan)
    v = params["v"]
    paths = v * slope_h * through  # each hidden unit's path, before o1's slope
    mistakes = {
        "no-activation-derivative": paths.sum(axis=1),
        "no-hidden-activation-derivative": slope_o * (v * through).sum(axis=1),
        "derivative-at-net": at_net_o * (v * at_net_h * through).sum(axis=1),
        "no-fanout-sum": np.where(two, slope_o * paths[:, 0], np.nan),
        "wrong-input": slope_o * v[:, 0] * slope_h[:, 0] * other,
        "forward-not-gradient": oo,
    }
    mistakes = {name: _unless_same(values, answer) for name, values in mistakes.items()}
    extra = {
        "net_h": nh,
        "out_h": oh,
        "net_o": no,
        "out_o": oo,
        "slope_h": slope_h,
        "slope_o": slope_o,
        "paths": paths,
    }
    return Solved(answer=answer, check=check, mistakes=mistakes, extra=extra)


def acceptable(params: Params, solved: Solved) -> np.ndarray:
    """No unit saturated or at a kink, readable magnitudes, no two paths cancelling."""
    hidden = np.array([a.hidden for a in params["asked"].tolist()])
    real = np.arange(2)[None, :] < hidden[:, None]
    inputs = np.arange(2)[None, :] < np.where(hidden == 1, 2, 1)[:, None]
    given_ok = np.all(~inputs | (params["x"] != 0), axis=1)  # no input or weight shown as 0
    given_ok &= np.all(~(real[:, :, None] & inputs[:, None, :]) | (params["w"] != 0), axis=(1, 2))
    nets = np.abs(solved.extra["net_h"])
    units_ok = np.all(~real | ((nets > 0.05) & (nets < 2.5)), axis=1)
    net_o, paths = np.abs(solved.extra["net_o"]), np.abs(solved.extra["paths"])
    kept = np.abs(solved.extra["paths"].sum(axis=1))
    return (
        units_ok
        & given_ok
        & (net_o > 0.05)
        & (net_o < 2.5)
        & (np.abs(solved.answer) > 0.01)
        & ((hidden == 1) | (kept > CANCEL * paths.max(axis=1)))
    )
