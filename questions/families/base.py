"""What every question family shares: reproducible draws, one batched solve, verification.

A family draws each variant's numbers from its own generator, seeded by (family, level,
seed), so a key regenerates the identical question whatever batch it was made in. All
variants of a call are then solved in one batched engine pass, checked against an
independent oracle (central differences or a closed form), and screened: a variant whose
answer band holds a mistake's value, or that is badly conditioned, is drawn again from the
same generator, which keeps the result deterministic.
"""

from __future__ import annotations

import gc
import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import is_dataclass
from typing import Any, TypeVar

import numpy as np

from questions.diagnosis import entry_steps
from questions.diagram import Diagram
from questions.families.bands import distinct_mistakes, tolerance_array
from questions.families.info import LEVELS, FamilyInfo
from questions.model import FamilyKey, Kind, NumericAnswer, Question, Step
from questions.solved import Params, Row, Solved

__all__ = [
    "LEVELS",
    "Family",
    "FamilyInfo",
    "GenerationError",
    "Params",
    "Row",
    "Solved",
    "record",
]

T = TypeVar("T")
MAX_REDRAWS = 50
SPECULATE = 2  # candidates drawn and solved at once for a variant that must be drawn again,
# doubling after the second round: the variants still rejected then are few, and each pass
# costs more than a variant in it
CHECK_RTOL = 1e-6  # engine answer against the oracle (central differences in float64)


class GenerationError(RuntimeError):
    """A family could not produce a verified variant: a bug in the family, never bad luck."""


@contextmanager
def _collection_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for one batch: a batch makes tens of thousands of
    small objects (steps, strings, tuples) that reference counting frees, and the collector's
    passes over them cost about a tenth of the time; its state is restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def rng_for(family: str, level: int, seed: int) -> np.random.Generator:
    """The one generator a question's numbers come from: no global random state."""
    entropy = [zlib.crc32(family.encode()), level, seed]
    if 0 <= level < 2**32 and 0 <= seed < 2**32:
        # The same entropy words numpy makes of the list (one 32-bit word each), given as
        # the array it would build, which skips a slow conversion: the same generator.
        return np.random.default_rng(np.array(entropy, dtype=np.uint32))
    return np.random.default_rng(entropy)


def signed_tenths(rng: np.random.Generator, low: int, high: int) -> float:
    """A drawn given of one decimal: a random sign times `low`..`high - 1` tenths."""
    return float(rng.choice([-1, 1]) * rng.integers(low, high) / 10)


def record(params: Mapping[str, object], name: str, kind: type[T]) -> T:
    """One variant's typed record (a frozen dataclass its family drew), checked."""
    value = params[name]
    if not isinstance(value, kind):
        raise TypeError(f"{name!r} is not a {kind.__name__}")
    return value


def stack(draws: Sequence[Mapping[str, object]]) -> Params:
    """Per-variant draws -> one array per parameter with the variant axis first: numbers as
    float64, anything else (a name, a network, an ask) as an object array."""
    return {name: _column([d[name] for d in draws]) for name in draws[0]}


def _column(values: list[object]) -> np.ndarray:
    if not (isinstance(values[0], str) or is_dataclass(values[0])):
        return np.array(values, dtype=np.float64)
    column = np.empty(len(values), dtype=object)
    for n, value in enumerate(values):
        column[n] = value
    return column


class Family(ABC):
    """A question family: subclasses draw, solve (batched) and write questions."""

    info: FamilyInfo
    default_kind: Kind = Kind.NUMERIC  # what a subclass's questions ask for unless it says
    sigfigs: int = 3
    hints: tuple[str, ...] = ()  # hints every question shares, where none depends on its numbers

    def __init_subclass__(
        cls,
        *,
        id: str | None = None,
        topic: str = "",
        kind: Kind | None = None,
        stage: int = 1,
        levels: tuple[int, ...] = LEVELS,
        **rest: Any,
    ) -> None:
        """Declare a family in its class line, `class X(Family, id=..., topic=...)`: its
        docstring is its catalogue entry (the title, a blank line, the description); kind is
        the base's `default_kind`, stage 1 and levels 1-3 unless said. A class that sets
        `info` itself is left as it is."""
        super().__init_subclass__(**rest)
        if id is None:
            return
        title, _, description = (cls.__doc__ or "").strip().partition("\n\n")
        if not (title and description):
            raise TypeError(f"family {id!r}: its docstring is its title, a blank line and more")
        cls.info = FamilyInfo(
            id, title, topic, kind or cls.default_kind, " ".join(description.split()), levels, stage
        )

    @abstractmethod
    def draw(self, rng: np.random.Generator, level: int) -> Mapping[str, object]:
        """One variant's given numbers (every value the same shape across variants), names
        and typed records (an activation's name, a kernel Network, an Ask)."""

    @abstractmethod
    def solve(self, params: Params, level: int) -> Solved:
        """Solve every variant in one batched engine pass, with an independent check."""

    @abstractmethod
    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        """Write one variant's question: prompt, answer or choices, hints, solution, diagram."""

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        """Well-conditioned variants: readable magnitudes, no accidental zeros (overridable)."""
        magnitude = np.abs(solved.answer)
        return (magnitude > 1e-3) & (magnitude < 1e3)

    def generate(self, level: int, seeds: Sequence[int]) -> list[Question]:
        """One verified question per seed, all solved in one batched pass."""
        with _collection_paused():
            return self._generate(level, seeds)

    def _generate(self, level: int, seeds: Sequence[int]) -> list[Question]:
        if level not in self.info.levels:
            raise ValueError(
                f"{self.info.id}: no level {level} (levels are {list(self.info.levels)})"
            )
        if not seeds:
            return []
        rngs = [rng_for(self.info.id, level, seed) for seed in seeds]
        params = stack([self.draw(rng, level) for rng in rngs])
        solved = self.solve(params, level)
        redraws = 0
        while (bad := np.flatnonzero(~self._screen(params, solved, level))).size:
            if redraws == MAX_REDRAWS:
                raise GenerationError(
                    f"{self.info.id} level {level}: seeds {[seeds[i] for i in bad[:5]]} gave "
                    f"no acceptable variant in {MAX_REDRAWS} draws"
                )
            # Draw the next few candidates of each rejected variant at once, in order, and
            # keep the first acceptable one: what drawing them one by one would keep.
            tries = min(max(SPECULATE, redraws), MAX_REDRAWS - redraws)
            redraws += tries
            candidates = stack([self.draw(rngs[i], level) for i in bad for _ in range(tries)])
            fresh = self.solve(candidates, level)
            ok = self._screen(candidates, fresh, level).reshape(len(bad), tries)
            chosen = np.arange(len(bad)) * tries + np.where(
                ok.any(axis=1), ok.argmax(axis=1), tries - 1
            )
            for name, values in candidates.items():
                params[name][bad] = values[chosen]
            self._merge(solved, fresh, bad, chosen)
        self._verify(solved, level)
        return [
            self.build(
                FamilyKey(self.info.id, level, int(seed)),
                {name: values[i] for name, values in params.items()},
                row,
            )
            for i, (seed, row) in enumerate(zip(seeds, solved.rows(), strict=True))
        ]

    def numeric_question(
        self,
        key: FamilyKey,
        row: Row,
        prompt: str,
        hints: tuple[str, ...],
        solution: tuple[Step, ...],
        diagram: Diagram | None = None,
        tags: tuple[str, ...] = (),
    ) -> Question:
        """The usual question: the verified answer and every applicable mistake, each with the
        step it enters at (`answer_fields`); `tags` name its loss and activation ("loss:mse",
        "activation:tanh") so feedback speaks of them."""
        kind, answer = self.answer_fields(row, solution)
        return self.make_question(
            key,
            kind,
            prompt,
            hints=hints,
            solution=solution,
            diagram=diagram,
            tags=tags,
            **answer,
        )

    def answer_fields(self, row: Row, solution: tuple[Step, ...]) -> tuple[Kind, dict[str, Any]]:
        """A question's kind and answer fields from its verified row: a numeric answer and its
        distinct mistakes, located in the solution (a matrix family gives whole matrices)."""
        return Kind.NUMERIC, {
            "answer": NumericAnswer(row.answer, self.sigfigs),
            "mistakes": distinct_mistakes(row.mistakes, self.sigfigs, entry_steps(solution)),
        }

    def make_question(self, key: FamilyKey, kind: Kind, prompt: str, **rest: Any) -> Question:
        """A question of this family: its key, topic and title, and what `rest` gives."""
        return Question(
            key=key, topic=self.info.topic, kind=kind, title=self.info.title, prompt=prompt, **rest
        )

    def question(self, level: int, seed: int) -> Question:
        """The question with key (family, level, seed)."""
        return self.generate(level, [seed])[0]

    def _screen(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        """Keep a variant iff finite, acceptable, and no mistake's value is accepted; a numeric
        one also needs a mistake that applies, so it has a distractor and a diagnosis."""
        ok = np.isfinite(solved.answer) & self.acceptable(params, solved, level)
        if self.info.kind is Kind.NUMERIC and solved.mistakes:
            ok &= ~np.all(np.isnan(np.stack(list(solved.mistakes.values()))), axis=0)
        if self.info.kind in (Kind.NUMERIC, Kind.SINGLE):
            band = tolerance_array(solved.answer, self.sigfigs)
            for values in solved.mistakes.values():
                gap = np.abs(values - solved.answer)
                apart = (gap >= 2 * band) & (gap >= 2 * tolerance_array(values, self.sigfigs))
                ok &= np.isnan(values) | (np.isfinite(values) & apart)
        return ok

    @staticmethod
    def _merge(solved: Solved, fresh: Solved, rows: np.ndarray, chosen: np.ndarray) -> None:
        """Put the chosen variants of fresh in place of `rows` of solved."""
        solved.answer[rows] = fresh.answer[chosen]
        solved.check[rows] = fresh.check[chosen]
        for name, values in fresh.mistakes.items():
            solved.mistakes[name][rows] = values[chosen]
        for name, values in fresh.extra.items():
            solved.extra[name][rows] = values[chosen]

    def _verify(self, solved: Solved, level: int) -> None:
        """Every answer must agree with the oracle; a disagreement is a bug, never shown."""
        diff = np.abs(solved.answer - solved.check)
        scale = np.maximum(np.abs(solved.check), 1e-8)
        if np.any(diff > CHECK_RTOL * scale + 1e-10):
            worst = int(np.argmax(diff / scale))
            raise GenerationError(
                f"{self.info.id} level {level}: answer {float(solved.answer[worst]):.12g} "
                f"disagrees with the independent check {float(solved.check[worst]):.12g}"
            )
