"""Networks with one hidden layer (2-2-1 to 3-3-2) for the network families: drawn, solved.

A level says which architectures, activations and losses it may draw; each variant draws its
own, as a kernel `Network`, and asks through an `Ask`. The kernel solves the variants one
engine pass per shape; a family adds its ask and its words.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike

from questions.families.base import Family, Params, Row, Solved, record
from questions.families.kit.small_text import Mlp, view
from questions.network.ask import Ask
from questions.network.kernel import Network, Shape, solve_each, variant_of
from questions.network.mistakes import NetworkMistake

T = TypeVar("T")

RATES: tuple[float, ...] = (0.1, 0.2, 0.5, 1.0)
LIMITS = {"sigmoid": 3.0, "tanh": 2.0}  # |net| beyond which a smooth unit is saturated
ALL = ("sigmoid", "tanh", "relu", "leaky_relu")


@dataclass(frozen=True)
class LevelSpec:
    """What a level may draw: architectures (inputs, hidden, outputs), activations, losses."""

    sizes: tuple[tuple[int, int, int], ...]
    hidden: tuple[str, ...]
    output: tuple[str, ...]
    losses: tuple[str, ...]


LEVEL_SPECS: dict[int, LevelSpec] = {
    1: LevelSpec(((2, 2, 1), (2, 2, 2)), ("sigmoid",), ("sigmoid",), ("half_sse",)),
    2: LevelSpec(
        ((2, 2, 2), (2, 3, 2)), ("sigmoid", "tanh"), ("sigmoid", "tanh"), ("half_sse", "mse")
    ),
    3: LevelSpec(
        tuple((i, h, o) for i in (2, 3) for h in (2, 3) for o in (1, 2)),
        ALL,
        ALL,
        ("half_sse", "mse", "bce"),
    ),
}


def _pick(u: float, options: Sequence[T]) -> T:
    """The option a uniform number in [0, 1) falls on."""
    return options[int(u * len(options))]


def _signed(u: float, low: float, decimals: int) -> float:
    """A number with |x| in [low, 1] and either sign, from one uniform; never zero."""
    sign = -1.0 if u < 0.5 else 1.0
    return round(sign * (low + (1.0 - low) * ((2.0 * u) % 1.0)), decimals)


def _weights(u: list[float], rows: int, cols: int) -> list[list[float]]:
    """rows x cols two-decimal weights; weight (r, c) reads u[3 r + c] (three per row)."""
    return [[_signed(u[r * 3 + c], 0.05, 2) for c in range(cols)] for r in range(rows)]


def draw_network(rng: np.random.Generator, level: int, outputs: tuple[int, ...]) -> Network:
    """One variant's network from one block of 32 uniforms, worked in plain Python (drawing
    is per variant, so it must be cheap); the learning rate is drawn by the family."""
    shape, numbers = _drawn(rng, level, outputs)
    return Network(shape, numbers, 0.5)


def _drawn(
    rng: np.random.Generator, level: int, outputs: tuple[int, ...]
) -> tuple[Shape, dict[str, ArrayLike]]:
    """draw_network's shape and numbers, before its rate is drawn."""
    spec = LEVEL_SPECS[level]
    u = rng.random(32).tolist()
    n_in, n_hid, n_out = _pick(u[0], _sizes(level, outputs))
    loss = _pick(u[1], spec.losses)
    act_h = _pick(u[2], spec.hidden)
    act_o = "sigmoid" if loss == "bce" else _pick(u[3], spec.output)
    if loss == "bce":
        t = [float(u[27 + k] >= 0.5) for k in range(n_out)]
    else:
        low, high = TARGETS.get(act_o, (0.0, 1.5))
        t = [round(low + high * u[27 + k], 2) for k in range(n_out)]
    numbers: dict[str, ArrayLike] = {  # plain lists: the kernel stacks a block of one shape once
        "x": [_signed(u[24 + k], 0.1, 2 if level == 1 else 1) for k in range(n_in)],
        "t": t,
        "w0": _weights(u[4:13], n_hid, n_in),
        "b0": [round(u[19 + k] - 0.5, 2) + 0.0 for k in range(n_hid)],
        "w1": _weights(u[13:19], n_out, n_hid),
        "b1": [round(u[22 + k] - 0.5, 2) + 0.0 for k in range(n_out)],
    }
    return _shape((n_in, n_hid, n_out), act_h, act_o, loss), numbers


TARGETS = {"sigmoid": (0.01, 0.98), "tanh": (-0.95, 1.9)}
"""(low, span) of the targets an output activation can reach; (0, 1.5) for the others."""


@cache
def _sizes(level: int, outputs: tuple[int, ...]) -> tuple[tuple[int, int, int], ...]:
    """The architectures of a level with one of these output sizes."""
    return tuple(s for s in LEVEL_SPECS[level].sizes if s[2] in outputs)


@cache
def _shape(sizes: tuple[int, int, int], act_h: str, act_o: str, loss: str) -> Shape:
    """One Shape per architecture, activations and loss, shared by the variants drawing it."""
    return Shape(sizes, (act_h, act_o), loss)


def index(u: float, size: int) -> int:
    """A uniform number in [0, 1) as an index below size."""
    return int(u * size)


class SmallNetworkFamily(Family):
    """A question about one quantity of a network with one hidden layer, N variants at once."""

    outputs: tuple[int, ...] = (1, 2)  # output-layer sizes this family may draw
    smallest: float = 1e-3  # smallest |answer| worth asking (readable, not an accidental 0)
    largest: float = 50.0
    mistakes: tuple[NetworkMistake, ...]

    @abstractmethod
    def ask(self, u: np.ndarray, level: int, sizes: tuple[int, ...]) -> Ask:
        """What this variant asks about, chosen by the four uniforms in u."""

    def outputs_at(self, level: int) -> tuple[int, ...]:
        """The output-layer sizes a level may draw (a family may ask for more paths higher up)."""
        return self.outputs

    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        shape, numbers = _drawn(rng, level, self.outputs_at(level))
        u = rng.random(5)
        drawn = Network(shape, numbers, _pick(float(u[4]), RATES))
        return {"network": drawn, "ask": self.ask(u[:4], level, shape.sizes)}

    def solve(self, params: Params, level: int) -> Solved:
        return solve_each(params["network"].tolist(), params["ask"].tolist(), self.mistakes, LIMITS)

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        magnitude = np.abs(solved.answer)
        return (magnitude >= self.smallest) & (magnitude <= self.largest)


def ask_of(params: Mapping[str, np.ndarray]) -> Ask:
    """A variant's ask, as SmallNetworkFamily.draw drew it."""
    return record(params, "ask", Ask)


def network_of(params: Mapping[str, np.ndarray]) -> Network:
    """A variant's network, as SmallNetworkFamily.draw drew it."""
    return record(params, "network", Network)


def view_of(row: Row) -> Mlp:
    """A solved variant's network and engine pass, for its text."""
    variant = variant_of(row)
    return view(variant.run, variant.index)
