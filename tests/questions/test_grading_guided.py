"""Grading guided questions: one blank per node, the fraction right, format errors by step."""

import pytest

from questions.grading import (
    grade,
    grade_step,
)
from questions.model import (
    FamilyKey,
    GuidedStep,
    Kind,
    Question,
)

KEY = FamilyKey("output-delta", 1, 7)
STEPS = (
    GuidedStep("f", "df/df", 1.0),
    GuidedStep("q", "df/dq", -4.0),
    GuidedStep("z", "df/dz", 3.0),
    GuidedStep("x", "df/dx", -4.0),
)
GRAPH = Question(
    key=KEY, topic="chain-rule", kind=Kind.GUIDED, prompt="f = (x + y) z", guided=STEPS
)


KEY = FamilyKey("output-delta", 1, 7)


def test_grade_step_checks_one_blank() -> None:
    assert grade_step(STEPS[1], "-4").correct
    assert grade_step(STEPS[1], "\u22124.00").correct
    wrong = grade_step(STEPS[1], "4")
    assert not wrong.correct and wrong.message == "Not quite: q is -4.00."
    assert grade_step(STEPS[1], "minus four").format_error


def test_guided_all_steps_right() -> None:
    verdict = grade(GRAPH, ["1", "-4", "3", "-4.0"])
    assert verdict.correct and verdict.score == 1.0
    assert verdict.expected == "f = 1.00; q = -4.00; z = 3.00; x = -4.00"


def test_guided_scores_the_fraction_of_all_steps_right() -> None:
    verdict = grade(GRAPH, ["1", "4", "3"])
    assert not verdict.correct
    assert verdict.score == 0.5
    assert "2 of 4 steps right." in verdict.message
    assert "q is -4.00" in verdict.message
    assert "1 step still to fill in." in verdict.message


def test_guided_format_error_names_the_step() -> None:
    verdict = grade(GRAPH, ["1", "-4", "three"])
    assert not verdict.counts_as_attempt
    assert verdict.format_error is not None
    assert verdict.format_error.startswith("Step 3 (z): ")


def test_guided_nothing_entered_is_a_format_error() -> None:
    assert grade(GRAPH, []).format_error == "Fill in the first blank (f)."


def test_guided_more_answers_than_steps_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="5 answers for 4 steps"):
        grade(GRAPH, ["1", "-4", "3", "-4", "0"])
