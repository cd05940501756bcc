"""What the network families share: draw a network and the asked unit, one engine pass, screen.

A subclass says what is asked (`ask`), how to read the answer, the oracle's check and the
mistakes off the batch (`answer`), and how to word it (`build`); drawing, the batched engine
pass and the conditioning screen are here.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping

import numpy as np

from questions.families.base import Family, Params, Solved
from questions.families.mlp_common import Pass, conditioned, draw_network, run_network
from questions.families.mlp_steps import PASS_FIELDS

RATES: tuple[float, ...] = (0.1, 0.2, 0.5, 1.0)

Answer = tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]
"""(the answer from the engine, the same from the oracle, each mistake's value)."""


class NetworkFamily(Family):
    """A question about one quantity of a small MLP, for N variants at once."""

    outputs: tuple[int, ...] = (1, 2)  # output-layer sizes this family may draw
    smallest: float = 1e-3  # smallest |answer| worth asking (readable, not an accidental 0)
    largest: float = 50.0

    @abstractmethod
    def ask(self, u: np.ndarray, level: int, n: Mapping) -> dict[str, float]:
        """What this variant asks about, as floats (layer, unit j, input i, form ...), chosen
        by the four uniforms in u."""

    @abstractmethod
    def answer(self, params: Params, run: Pass, level: int) -> Answer:
        """(answer from the engine, the same from the oracle, each mistake's value)."""

    def more(self, params: Params, run: Pass) -> dict[str, np.ndarray]:
        """Anything else build() needs, one array per name (variant axis first)."""
        return {}

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        network = draw_network(rng, level, self.outputs)
        u = rng.random(5)
        network["lr"] = RATES[int(u[4] * len(RATES))]
        return {**network, **self.ask(u[:4], level, network)}

    def solve(self, params: Params, level: int) -> Solved:
        run = run_network(params)
        answer, check, mistakes = self.answer(params, run, level)
        extra = {name: getattr(run, name) for name in PASS_FIELDS}
        extra["conditioned"] = conditioned(params, run).astype(float)
        extra.update(self.more(params, run))
        return Solved(answer=answer, check=check, mistakes=mistakes, extra=extra)

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        magnitude = np.abs(solved.answer)
        return (
            (solved.extra["conditioned"] > 0)
            & (magnitude >= self.smallest)
            & (magnitude <= self.largest)
        )


def index(u: float, size: float) -> float:
    """A uniform number in [0, 1) as an index below size (stored as a float)."""
    return float(int(u * int(size)))


def asked_ints(params: Params, *keys: str) -> tuple[np.ndarray, ...]:
    """The asked indices (stored as floats in params) as int arrays."""
    return tuple(params[k].astype(int) for k in keys)
