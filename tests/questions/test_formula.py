"""Formula answers: typed expressions read safely, compared by value, mistakes named."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.mathtext import MathTextParser

from questions.formula import (
    POINTS,
    agree,
    as_numeric,
    check_points,
    diagnose_formula,
    read_formula,
    to_mathtext,
    values_at,
)
from questions.grading import grade
from questions.model import (
    AuthoredKey,
    FormulaAnswer,
    FormulaVariable,
    Kind,
    MistakeFormula,
    Question,
)

SIGMOID_SLOPE = FormulaAnswer("s * (1 - s)", (FormulaVariable("s", 0.05, 0.95),), r"$s(1 - s)$")
MISTAKES = (
    MistakeFormula("other-activation-rule", "1 - s^2"),
    MistakeFormula("slope-sign", "s * (1 + s)"),
)
QUESTION = Question(
    key=AuthoredKey("demo", "sigmoid-slope", "1"),
    topic="activations",
    kind=Kind.FORMULA,
    prompt=r"With $s = \sigma(x)$, type $\sigma'(x)$ in terms of s.",
    formula=SIGMOID_SLOPE,
    formula_mistakes=MISTAKES,
)


@pytest.mark.parametrize("typed", ["s*(1-s)", "s - s^2", "-s**2 + s", "s·(1 − s)", "s*1*(1-s)"])
def test_any_form_of_the_right_formula_is_right(typed: str) -> None:
    verdict = grade(QUESTION, typed)
    assert verdict.correct and verdict.score == 1.0


def test_a_known_mistake_is_named_and_explained() -> None:
    verdict = grade(QUESTION, "1 - s*s")
    assert not verdict.correct and verdict.mistake == "other-activation-rule"
    assert "tanh's is 1 - t^2" in verdict.message and verdict.counts_as_attempt


def test_an_unknown_wrong_formula_is_wrong_without_a_diagnosis() -> None:
    verdict = grade(QUESTION, "s / 2")
    assert not verdict.correct and verdict.mistake is None
    assert "differs" in verdict.message


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("x * (1 - x)", "'x' is not a name this formula may use: write it with s"),
        ("e^s", "For e to a power, write exp(...)"),
        ("s * (1 - s", "unclosed '('"),
        ("", "empty formula"),
        ("__import__('os')", "cannot be read"),
        ("s(1 - s)", "unknown function 's'"),
    ],
)
def test_a_formula_that_cannot_be_taken_is_a_format_error_not_an_attempt(
    typed: str, says: str
) -> None:
    verdict = grade(QUESTION, typed)
    assert verdict.format_error is not None and says in verdict.format_error
    assert not verdict.counts_as_attempt and verdict.expected == ""


def test_the_check_points_depend_on_the_question_alone() -> None:
    first = check_points(SIGMOID_SLOPE, "key-1")
    assert np.array_equal(first["s"], check_points(SIGMOID_SLOPE, "key-1")["s"])
    assert not np.array_equal(first["s"], check_points(SIGMOID_SLOPE, "key-2")["s"])
    assert len(first["s"]) == POINTS and np.all((first["s"] > 0.05) & (first["s"] < 0.95))


def test_values_that_are_undefined_never_agree() -> None:
    points = {"s": np.array([0.0, 0.5])}
    undefined = values_at(read_formula("log(s)", ["s"]), points)
    assert np.isnan(undefined[0]) and not agree(undefined, undefined)


def test_a_constant_formula_has_a_value_at_every_point() -> None:
    points = check_points(SIGMOID_SLOPE, "k")
    assert np.array_equal(values_at(read_formula("0.25", ["s"]), points), np.full(POINTS, 0.25))


def test_diagnosis_takes_the_first_mistake_that_agrees() -> None:
    points = check_points(SIGMOID_SLOPE, "k")
    typed = values_at(read_formula("s + s^2", ["s"]), points)
    assert diagnose_formula(typed, MISTAKES, SIGMOID_SLOPE, points) == "slope-sign"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("s*(1-s)", r"s \cdot \left(1 - s\right)"),
        (
            "exp(x)/(1+exp(x))^2",
            r"\frac{\exp\left(x\right)}{\left(1 + \exp\left(x\right)\right)^{2}}",
        ),
        ("-x^2 + sqrt(abs(x))", r"-x^{2} + \sqrt{|x|}"),
        ("a - (b - c)", r"a - \left(b - c\right)"),
    ],
)
def test_a_typed_formula_previews_as_typeset_math(typed: str, shown: str) -> None:
    program = read_formula(typed, ["s", "x", "a", "b", "c"])
    assert to_mathtext(program) == shown
    MathTextParser("path").parse(f"${shown}$")  # raises if the preview could not be drawn


def test_a_formula_question_becomes_numeric_at_a_drawn_point_for_other_formats() -> None:
    numeric = as_numeric(QUESTION)
    assert numeric.kind is Kind.NUMERIC and numeric.formula is None
    at = numeric.prompt.rsplit("at s = ", 1)[1].rstrip(".")
    s = float(at)
    assert numeric.answer is not None and numeric.answer.value == pytest.approx(s * (1 - s))
    assert {m.mistake for m in numeric.mistakes} == {"other-activation-rule", "slope-sign"}
    assert grade(numeric, repr(1 - s * s)).mistake == "other-activation-rule"
    assert numeric.solution[-1].title == f"The formula at s = {at}"
