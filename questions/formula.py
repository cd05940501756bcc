"""Answers that are formulas: a typed expression, graded by evaluating it at drawn points.

The learner types an expression in the script language's syntax (`s * (1 - s)`,
`exp(x) / (1 + exp(x))^2`); `engine.expr.parse_formula` tokenizes and parses it, and nothing
is ever given to Python's eval. It is right when it agrees with the reference at POINTS
points drawn from each variable's stated range, within RTOL; the points come from a
generator seeded by the question's key, so grading is the same on every machine. A name
that is not allowed is a format error listing the allowed names. A wrong formula that agrees
with a mistake's formula at the same points is diagnosed as that mistake.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

import numpy as np

from engine.expr import Binary, Call, Expr, ExprError, Name, Negate, Number, Program
from engine.expr import parse_formula as parse_expression
from questions.model import (
    FormulaAnswer,
    Kind,
    MistakeFormula,
    MistakeValue,
    NumericAnswer,
    Question,
    Step,
)
from questions.numbers import distinct_beyond_tolerance, format_number

POINTS = 8
"""Points a response is compared with the reference at."""
RTOL = 1e-6
"""Relative tolerance at each point."""
ATOL = 1e-12
"""Absolute floor, for references that are zero at a point."""

_TYPED = str.maketrans({"\u2212": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*"})


class FormulaError(ValueError):
    """A response that is not a formula this question can take; the message says why."""


def read_formula(text: str, names: Sequence[str]) -> Program:
    """Parse a typed formula that may use only `names`; FormulaError says what is wrong."""
    try:
        program = parse_expression(text.translate(_TYPED).strip())
    except ExprError as error:
        raise FormulaError(f"That formula cannot be read: {error}.") from error
    allowed = ", ".join(names)
    for name in program.inputs:
        if name not in names:
            hint = " For e to a power, write exp(...)." if name == "e" else ""
            raise FormulaError(
                f"'{name}' is not a name this formula may use: write it with {allowed} and "
                f"the functions exp, log, sqrt, abs, sigmoid, tanh, relu, max, min.{hint}"
            )
    return program


def check_points(answer: FormulaAnswer, seed_text: str) -> dict[str, np.ndarray]:
    """POINTS values of every variable, drawn from its range by a generator seeded by text."""
    rng = np.random.default_rng(zlib.crc32(f"formula:{seed_text}".encode()))
    return {v.name: rng.uniform(v.low, v.high, POINTS) for v in answer.variables}


def values_at(program: Program, points: Mapping[str, np.ndarray]) -> np.ndarray:
    """The formula's value at each point (NaN where it is undefined there)."""
    size = len(next(iter(points.values())))
    given = {name: points[name] for name in program.inputs}
    if not given:  # a constant: still one value per point
        return np.full(size, _constant(program))
    with np.errstate(all="ignore"):
        try:
            out = np.asarray(program.evaluate(given).output.value, dtype=np.float64)
        except (ExprError, ValueError, FloatingPointError):
            return np.full(size, np.nan)
    return np.where(np.isfinite(out), out, np.nan)


def _constant(program: Program) -> float:
    """A formula without names, evaluated once."""
    with np.errstate(all="ignore"):
        try:
            return float(program.evaluate({}).output.value[0])
        except (ExprError, ValueError, FloatingPointError):
            return float("nan")


def agree(a: np.ndarray, b: np.ndarray) -> bool:
    """True iff both are finite everywhere and equal within RTOL (ATOL near zero)."""
    return bool(np.all(agree_each(a, b)))


def agree_each(a: np.ndarray, b: np.ndarray, axis: int | None = None) -> np.ndarray:
    """`agree` along `axis` (of the last axis: each row at once; of every value: None)."""
    ok = np.isfinite(a) & np.isfinite(b)
    close = np.abs(a - b) <= RTOL * np.maximum(np.abs(a), np.abs(b)) + ATOL
    return (ok & close) if axis is None else np.all(ok & close, axis=axis)


def diagnose_formula(
    response: np.ndarray,
    mistakes: Sequence[MistakeFormula],
    answer: FormulaAnswer,
    points: Mapping[str, np.ndarray],
) -> str | None:
    """Id of the first mistake whose formula agrees with the response's values, else None."""
    for candidate in mistakes:
        program = read_formula(candidate.expression, answer.names)
        if agree(response, values_at(program, points)):
            return candidate.mistake
    return None


def as_numeric(question: Question, sigfigs: int = 3) -> Question:
    """A formula question as a numeric one at a drawn point, for formats without formulas.

    The point is the question's first check point rounded to two decimals; the learner is
    asked for the value of their formula there, and each mistake formula's value there is a
    numeric mistake (dropped if it cannot be told from the answer or an earlier mistake).
    """
    answer = question.formula
    if question.kind is not Kind.FORMULA or answer is None:
        raise ValueError(f"{question.key} is not a formula question")
    drawn = check_points(answer, str(question.key))
    point = {name: np.array([round(float(values[0]), 2)]) for name, values in drawn.items()}
    at = ", ".join(f"{name} = {float(value[0]):g}" for name, value in point.items())
    value = float(values_at(read_formula(answer.expression, answer.names), point)[0])
    taken = [value]
    mistakes = []
    for candidate in question.formula_mistakes:
        program = read_formula(candidate.expression, answer.names)
        wrong = float(values_at(program, point)[0])
        if np.isfinite(wrong) and distinct_beyond_tolerance([*taken, wrong], sigfigs, 1e-3):
            taken.append(wrong)
            mistakes.append(MistakeValue(candidate.mistake, wrong))
    shown = format_number(value, sigfigs)
    return Question(
        key=question.key,
        topic=question.topic,
        kind=Kind.NUMERIC,
        prompt=f"{question.prompt} Give the value of your formula at {at}.",
        title=question.title,
        answer=NumericAnswer(value, sigfigs),
        mistakes=tuple(mistakes),
        hints=question.hints,
        solution=(*question.solution, Step(f"The formula at {at}", answer.math, "", shown)),
        tags=question.tags,
    )


def to_mathtext(program: Program) -> str:
    """The formula typeset as mathtext (for the preview while typing), without the $ signs."""
    (statement,) = program.statements
    return _math(statement.value, 0)


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 4}
_FUNCTIONS = {
    "exp": r"\exp",
    "log": r"\log",
    "tanh": r"\tanh",
    "sigmoid": r"\sigma",
    "relu": r"\mathrm{relu}",
    "max": r"\max",
    "min": r"\min",
    "abs": "",
    "sqrt": "",
}


def _math(node: Expr, outer: int) -> str:
    """mathtext for a node, parenthesised when its operator binds looser than `outer`."""
    if isinstance(node, Number):
        return f"{node.value:g}"
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Negate):
        return _wrap("-" + _math(node.operand, 3), 3, outer)
    if isinstance(node, Call):
        return _call(node)
    assert isinstance(node, Binary)
    op = node.op
    if op == "/":
        return r"\frac{" + _math(node.left, 0) + "}{" + _math(node.right, 0) + "}"
    if op == "**":
        return _math(node.left, 5) + "^{" + _math(node.right, 0) + "}"
    level = _PRECEDENCE[op]
    right_level = level + 1 if op == "-" else level
    joint = r" \cdot " if op == "*" else f" {op} "
    return _wrap(_math(node.left, level) + joint + _math(node.right, right_level), level, outer)


def _call(node: Call) -> str:
    inner = ", ".join(_math(arg, 0) for arg in node.args)
    if node.func == "sqrt":
        return r"\sqrt{" + inner + "}"
    if node.func == "abs":
        return "|" + inner + "|"
    return _FUNCTIONS[node.func] + r"\left(" + inner + r"\right)"


def _wrap(text: str, level: int, outer: int) -> str:
    return r"\left(" + text + r"\right)" if level < outer else text
