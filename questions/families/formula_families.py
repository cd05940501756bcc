"""The formula families: one TOML file each in `formulas/`, its questions' answers formulas.

A file's [family] table declares the family (id, title, description, topic, stage, and
`coefficients`: per level, the [low, high] integers `@a` and `@b` are drawn from). Each
[[case]] is one question at its `level`, in the app's formula language with `@a`, `@b` for
the drawn coefficients: `function` (the function of x that is differentiated), `reference`
(its derivative, in the names of `variables`, each with the range its check points come
from), `given` (each name's value as an expression of x; a name not given is x itself),
`math`, `hint`, `steps` ([title, formula] or [title, formula, substituted, result]) and
`mistake.<id>` formulas; `x_range` is where the check points lie ([-2, 2] unless said).

`solve` evaluates every variant's reference with the engine, one batch per case with the
coefficients as inputs, and checks it against central differences of the function at
POINTS points; a mistake formula that agrees with the reference there is a bug. A new
formula family is one more file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

import numpy as np

from engine.expr import Program, parse_formula
from questions.families.base import Family, FamilyInfo, GenerationError, Params, Row, Solved
from questions.formula import POINTS, agree_each
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
FAMILY_KEYS = ("id", "title", "description", "topic", "stage", "coefficients")
CASE_KEYS = (
    *("level", "prompt", "function", "given", "x_range", "reference", "math"),
    *("variables", "hint", "mistake", "steps"),
)


@dataclass(frozen=True)
class Case:
    """One formula question; its texts use @a and @b for the drawn coefficients."""

    prompt: str
    function: str  # the function of x that is differentiated
    reference: str  # its derivative in the variables' names: the answer
    math: str
    variables: tuple[FormulaVariable, ...]
    mistakes: tuple[tuple[str, str], ...]  # (mistake id, template)
    steps: tuple[Step, ...]
    hint: str
    given: Mapping[str, str] = field(default_factory=dict)  # a name's value as a formula of x
    x_range: tuple[float, float] = (-2.0, 2.0)

    def value_of(self, name: str, x: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """What a name is at the points x: its `given` expression, or x itself."""
        return _evaluate(self.given[name], x, a, b) if name in self.given else x

    def solution(self, a: float, b: float) -> tuple[Step, ...]:
        """The worked steps with the coefficients written in."""
        return tuple(
            Step(*(self.fill(part, a, b) for part in (s.title, s.formula, s.substituted, s.result)))
            for s in self.steps
        )

    def fill(self, template: str, a: float, b: float) -> str:
        """A template with the coefficients written in as numbers (what the learner sees)."""
        return template.replace("@a", f"{a:g}").replace("@b", f"{b:g}")


def by_name(template: str) -> str:
    """A template with the coefficients as names, for one batched evaluation."""
    return template.replace("@a", "a").replace("@b", "b")


class FormulaFamily(Family):
    """A family whose questions ask for a formula, read from its file in `formulas/`."""

    def __init__(self, source: str, text: str) -> None:
        try:
            data = tomllib.loads(text)
            self.info, self.coefficients = _family(data["family"])
            self.cases = _cases(data.get("case", []))
        except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"formula family {source}: {error}") from None

    def draw(self, rng: np.random.Generator, level: int) -> dict[str, float | np.ndarray]:
        low, high = self.coefficients.get(level, (1, 1))
        return {
            "case": float(rng.integers(len(self.cases[level]))),
            "a": float(rng.integers(low, high + 1)),
            "b": float(rng.integers(low, high + 1)),
        }

    def solve(self, params: Params, level: int) -> Solved:
        n = len(params["case"])
        answer, check = np.full(n, np.nan), np.full(n, np.nan)
        for index, case in enumerate(self.cases[level]):
            rows = np.flatnonzero(params["case"] == index)
            if rows.size == 0:
                continue
            a = np.repeat(params["a"][rows], POINTS)
            b = np.repeat(params["b"][rows], POINTS)
            x = np.tile(np.linspace(*case.x_range, POINTS), rows.size)
            given = {v.name: case.value_of(v.name, x, a, b) for v in case.variables}
            values = _evaluate(case.reference, x, a, b, given).reshape(-1, POINTS)
            oracle = _central_difference(case.function, x, a, b).reshape(-1, POINTS)
            wrong = np.flatnonzero(~agree_each(values, oracle, axis=1))
            if wrong.size:
                got, want = values[wrong[0]], oracle[wrong[0]]
                raise GenerationError(
                    f"{self.info.id} level {level}: the reference for case {index} "
                    f"disagrees with central differences ({got} vs {want})"
                )
            answer[rows], check[rows] = values[:, 0], oracle[:, 0]
            for mistake, template in case.mistakes:
                other = _evaluate(template, x, a, b, given).reshape(-1, POINTS)
                if agree_each(other, values, axis=1).any():
                    raise GenerationError(
                        f"{self.info.id} level {level}: mistake {mistake} of case {index} "
                        "gives the right formula"
                    )
        return Solved(answer, check)

    def acceptable(self, params: Params, solved: Solved, level: int) -> np.ndarray:
        return np.isfinite(solved.answer)

    def build(self, key: FamilyKey, params: Mapping[str, np.ndarray], row: Row) -> Question:
        case = self.cases[key.level][int(params["case"])]
        a, b = float(params["a"]), float(params["b"])
        return self.make_question(
            key,
            Kind.FORMULA,
            case.fill(case.prompt, a, b),
            formula=FormulaAnswer(
                case.fill(case.reference, a, b), case.variables, case.fill(case.math, a, b)
            ),
            formula_mistakes=tuple(
                MistakeFormula(mistake, case.fill(template, a, b))
                for mistake, template in case.mistakes
            ),
            hints=(case.fill(case.hint, a, b),),
            solution=case.solution(a, b),
        )


def _family(table: dict[str, Any]) -> tuple[FamilyInfo, dict[int, tuple[int, int]]]:
    """The [family] table: what the catalogue shows, and the coefficients' ranges."""
    _known(table, FAMILY_KEYS, "[family]")
    info = FamilyInfo(
        table["id"],
        table["title"],
        table["topic"],
        Kind.FORMULA,
        table["description"],
        stage=table.get("stage", 1),
    )
    ranges = table.get("coefficients", {})
    return info, {int(level): (low, high) for level, (low, high) in ranges.items()}


def _cases(tables: list[dict[str, Any]]) -> dict[int, tuple[Case, ...]]:
    """Each level's cases, in file order."""
    found: dict[int, list[Case]] = {}
    for n, table in enumerate(tables, 1):
        _known(table, CASE_KEYS, f"case {n}")
        low, high = table.get("x_range", (-2.0, 2.0))
        case = Case(
            prompt=table["prompt"],
            function=table["function"],
            reference=table["reference"],
            math=table["math"],
            variables=tuple(
                FormulaVariable(name, *span) for name, span in table["variables"].items()
            ),
            mistakes=tuple(table.get("mistake", {}).items()),
            steps=tuple(Step(*[*parts, "", ""][:4]) for parts in table["steps"]),
            hint=table["hint"],
            given=table.get("given", {}),
            x_range=(float(low), float(high)),
        )
        found.setdefault(table["level"], []).append(case)
    return {level: tuple(cases) for level, cases in found.items()}


def _known(table: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise ValueError(f"{where}: unknown key {unknown[0]!r} (keys: {', '.join(keys)})")


def _evaluate(
    template: str,
    x: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    given: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """A template at every point (one batch): the engine, as grading evaluates it."""
    program = _program(template)
    values = {"x": x, "a": a, "b": b, **(given or {})}
    out = program.evaluate({name: values[name] for name in program.inputs}).output.value
    return np.broadcast_to(np.asarray(out, dtype=np.float64), x.shape)


@cache
def _program(template: str) -> Program:
    """A template parsed once (programs are immutable): solving a case parses none again."""
    return parse_formula(by_name(template))


def _central_difference(function: str, x: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """d f / d x by central differences: the oracle, which no formula's derivative enters
    (f at x + h and x - h in one batch)."""
    h = STEP * np.maximum(1.0, np.abs(x))
    both = _evaluate(function, np.concatenate([x + h, x - h]), np.tile(a, 2), np.tile(b, 2))
    up, down = np.split(both, 2)
    return (up - down) / (2 * h)


FAMILIES = tuple(
    FormulaFamily(path.name, path.read_text(encoding="utf-8"))
    for path in sorted(files("questions.families").joinpath("formulas").iterdir(), key=str)
    if path.name.endswith(".toml")
)
