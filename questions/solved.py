"""A batch of solved variants and its rows: what a family's (or the network kernel's) batched
solve returns, with the variant axis first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Solved:
    """A batch of solved variants: arrays with the variant axis first.

    `answer` is what the learner must give; `check` the same quantity from an independent
    oracle; `mistakes` each mistake model's value (NaN where it does not apply to a
    variant); `extra` anything the family needs to write the question text and solution.
    For non-numeric families `answer` may be a dummy and `check` equal to it, and the
    family screens with `acceptable`.
    """

    answer: np.ndarray
    check: np.ndarray
    mistakes: dict[str, np.ndarray] = field(default_factory=dict)
    extra: dict[str, np.ndarray] = field(default_factory=dict)

    def row(self, i: int) -> Row:
        """One variant's numbers as plain floats and arrays."""
        return self.rows([i])[0]

    def rows(self, indices: Sequence[int] | None = None) -> list[Row]:
        """Those variants' rows (all by default), converting each array to floats once."""
        picked = np.arange(len(self.answer)) if indices is None else np.asarray(indices)
        mistakes = {name: values[picked].tolist() for name, values in self.mistakes.items()}
        return [
            Row(
                answer=answer,
                # v == v is False only for NaN: the mistake does not apply to this variant
                mistakes={k: v[n] for k, v in mistakes.items() if v[n] == v[n]},
                extra={k: v[i] for k, v in self.extra.items()},
            )
            for n, (i, answer) in enumerate(
                zip(picked.tolist(), self.answer[picked].tolist(), strict=True)
            )
        ]


@dataclass(frozen=True)
class Row:
    """One variant of a Solved batch."""

    answer: float
    mistakes: dict[str, float]
    extra: Mapping[str, np.ndarray]


Params = dict[str, np.ndarray]
