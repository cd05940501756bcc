"""What the formula families share: a case per question, checked against central differences.

A `Case` is one formula question: the function to differentiate (plain numpy, for the
oracle), the reference derivative as a template in the script language with `@a`, `@b`
for the drawn coefficients, the names the learner may use with their ranges, and mistake
templates. `FormulaFamily.solve` evaluates every variant's reference with the engine in one
batch per case (the coefficients as inputs) and checks it against central differences of
the function at POINTS points; a mistake that agrees with the reference there is a bug.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from engine.expr import parse_formula
from questions.families.base import Family, GenerationError, Params, Row, Solved
from questions.formula import POINTS, agree
from questions.model import (
    FamilyKey,
    FormulaAnswer,
    FormulaVariable,
    Kind,
    MistakeFormula,
    Question,
    Step,
)

STEP = 1e-5
"""Central-difference step, relative to max(1, |x|)."""


@dataclass(frozen=True)
class Case:
    """One formula question; its texts use @a and @b for the drawn coefficients."""

    prompt: str
    function: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]  # f(x, a, b)
    reference: str
    math: str
    variables: tuple[FormulaVariable, ...]
    given: Callable[[np.ndarray, np.ndarray, np.ndarray], dict[str, np.ndarray]]
    mistakes: tuple[tuple[str, str], ...]  # (mistake id, template)
    steps: tuple[Step, ...]
    hint: str
    x_range: tuple[float, float] = (-2.0, 2.0)

    def fill(self, template: str, a: float, b: float) -> str:
        """A template with the coefficients written in as numbers (what the learner sees)."""
        return template.replace("@a", f"{a:g}").replace("@b", f"{b:g}")


def by_name(template: str) -> str:
    """A template with the coefficients as names, for one batched evaluation."""
    return template.replace("@a", "a").replace("@b", "b")


class FormulaFamily(Family):
    """A family whose questions ask for a formula; subclasses give CASES per level."""

    default_kind = Kind.FORMULA
    CASES: ClassVar[Mapping[int, tuple[Case, ...]]]
    coefficients: ClassVar[Mapping[int, tuple[int, int]]] = {}  # level -> (low, high) of a, b

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        low, high = self.coefficients.get(level, (1, 1))
        return {
            "case": float(rng.integers(len(self.CASES[level]))),
            "a": float(rng.integers(low, high + 1)),
            "b": float(rng.integers(low, high + 1)),
        }

    def solve(self, params: Params, level: int) -> Solved:
        n = len(params["case"])
        answer, check = np.full(n, np.nan), np.full(n, np.nan)
        for index, case in enumerate(self.CASES[level]):
            rows = np.flatnonzero(params["case"] == index)
            if rows.size == 0:
                continue
            a = np.repeat(params["a"][rows], POINTS)
            b = np.repeat(params["b"][rows], POINTS)
            x = np.tile(np.linspace(*case.x_range, POINTS), rows.size)
            values = _evaluate(by_name(case.reference), case.given(x, a, b), a, b)
            oracle = _central_difference(case.function, x, a, b)
            for row, got, want in zip(
                rows, values.reshape(-1, POINTS), oracle.reshape(-1, POINTS), strict=True
            ):
                if not agree(got, want):
                    raise GenerationError(
                        f"{self.info.id} level {level}: the reference for case {index} "
                        f"disagrees with central differences ({got} vs {want})"
                    )
                answer[row], check[row] = got[0], want[0]
            for mistake, template in case.mistakes:
                wrong = _evaluate(by_name(template), case.given(x, a, b), a, b)
                same = [
                    agree(w, got)
                    for w, got in zip(
                        wrong.reshape(-1, POINTS), values.reshape(-1, POINTS), strict=True
                    )
                ]
                if any(same):
                    raise GenerationError(
                        f"{self.info.id} level {level}: mistake {mistake} of case {index} "
                        "gives the right formula"
                    )
        return Solved(answer, check)

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        return np.isfinite(solved.answer)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        case = self.CASES[key.level][int(params["case"])]
        a, b = float(params["a"]), float(params["b"])
        return Question(
            key=key,
            topic=self.info.topic,
            kind=Kind.FORMULA,
            title=self.info.title,
            prompt=case.fill(case.prompt, a, b),
            formula=FormulaAnswer(
                case.fill(case.reference, a, b), case.variables, case.fill(case.math, a, b)
            ),
            formula_mistakes=tuple(
                MistakeFormula(mistake, case.fill(template, a, b))
                for mistake, template in case.mistakes
            ),
            hints=(case.fill(case.hint, a, b),),
            solution=tuple(
                Step(
                    case.fill(s.title, a, b),
                    case.fill(s.formula, a, b),
                    case.fill(s.substituted, a, b),
                    case.fill(s.result, a, b),
                )
                for s in case.steps
            ),
        )


def _evaluate(
    expression: str, given: Mapping[str, np.ndarray], a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """The expression at every point (one batch): the engine, as grading evaluates it."""
    program = parse_formula(expression)
    values = {"a": a, "b": b, **given}
    out = program.evaluate({name: values[name] for name in program.inputs}).output.value
    return np.asarray(out, dtype=np.float64)


def _central_difference(
    function: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    x: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
) -> np.ndarray:
    """d f / d x by central differences: the oracle, independent of the engine."""
    h = STEP * np.maximum(1.0, np.abs(x))
    return (function(x + h, a, b) - function(x - h, a, b)) / (2 * h)
