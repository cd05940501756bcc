"""Grading numeric questions, with hand-built questions as a family would make them.

Choice questions are in test_grading_choices.py, guided ones in test_grading_guided.py."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questions.diagnosis import locate
from questions.grading import (
    Verdict,
    describe_tolerance,
    diagnose,
    grade,
    within_sigfigs,
)
from questions.mistakes import MISTAKES
from questions.model import (
    FamilyKey,
    Kind,
    MistakeValue,
    NumericAnswer,
    Question,
    Step,
)
from tests.questions.test_grading_choices import PURPOSE
from tests.questions.test_grading_guided import GRAPH

KEY = FamilyKey("output-delta", 1, 7)

DELTA = Question(
    key=KEY,
    topic="mlp-backprop",
    kind=Kind.NUMERIC,
    prompt="What is $\\delta_o$ for the output unit?",
    answer=NumericAnswer(0.0822046),
    mistakes=(
        MistakeValue("no-activation-derivative", 0.3512),
        MistakeValue("error-sign", -0.0822046),
        MistakeValue("derivative-at-net", 0.0822046 * 1.9),
    ),
)


def test_numeric_correct_within_three_figures() -> None:
    verdict = grade(DELTA, "0.0822")
    assert verdict.correct and verdict.score == 1.0
    assert verdict.counts_as_attempt
    assert verdict.mistake is None
    assert verdict.expected == "0.0822046"
    assert "0.0822046" not in verdict.message  # the exact value is shown once, as expected


@pytest.mark.parametrize("text", ["8.22e-2", "8.22 × 10^(-2)", "0.08225", " .0822 "])
def test_numeric_correct_in_any_accepted_form(text: str) -> None:
    assert grade(DELTA, text).correct


def test_numeric_wrong_and_diagnosed_names_the_mistake_and_its_step() -> None:
    verdict = grade(DELTA, "0.351")
    assert not verdict.correct and verdict.score == 0.0
    assert verdict.counts_as_attempt
    assert verdict.mistake == "no-activation-derivative"
    known = MISTAKES["no-activation-derivative"]
    assert known.explanation in verdict.message
    assert known.step in verdict.message  # no step ids here: the mistake's own words
    assert "0.0822" not in verdict.message  # the value is `expected`, shown once beside it


def test_a_located_mistake_names_its_step_by_number_and_title() -> None:
    steps = (Step("Slope of o1", result="0.235", id="slope:o1"), Step("Delta at o1", id="delta:o1"))
    question = dataclasses.replace(
        DELTA, solution=steps, mistakes=locate(DELTA.mistakes, steps), tags=("activation:tanh",)
    )
    verdict = grade(question, "0.351")
    assert verdict.message == (
        "You left out the activation's slope: the error is multiplied by f′(net) = 1 − out² on "
        "its way back through the tanh. It goes wrong at step 1, Slope of o1."
    )


def test_numeric_sign_error_is_diagnosed_with_a_unicode_minus() -> None:
    assert grade(DELTA, "\u22120.0822").mistake == "error-sign"


def test_numeric_wrong_without_a_match_says_so_and_leaves_the_value_to_expected() -> None:
    verdict = grade(DELTA, "0.5")
    assert not verdict.correct
    assert verdict.mistake is None
    assert verdict.message == "Not within the tolerance, and no known mistake gives this value."
    assert verdict.expected == "0.0822046"  # shown once, beside the message


def test_numeric_unknown_mistake_id_is_reported_without_crashing() -> None:
    question = dataclasses.replace(DELTA, mistakes=(MistakeValue("not-in-catalogue", 0.5),))
    verdict = grade(question, "0.5")
    assert verdict.mistake == "not-in-catalogue"
    assert verdict.message and verdict.expected == "0.0822046"


@pytest.mark.parametrize("text", ["", "abc", "nan", "1/0", "1e999", "0,0822"])
def test_numeric_format_error_is_not_an_attempt_and_hides_the_answer(text: str) -> None:
    verdict = grade(DELTA, text)
    assert not verdict.correct and verdict.score == 0.0
    assert verdict.format_error
    assert verdict.message == verdict.format_error
    assert not verdict.counts_as_attempt
    assert verdict.expected == ""
    assert "0.0822" not in verdict.message


def test_numeric_accepts_a_number_as_well_as_text() -> None:
    assert grade(DELTA, 0.08221).correct
    assert grade(DELTA, float("nan")).format_error
    with pytest.raises(TypeError):
        grade(DELTA, True)


def test_numeric_zero_answer_uses_its_band() -> None:
    question = dataclasses.replace(DELTA, answer=NumericAnswer(0.0, zero_band=0.01), mistakes=())
    assert grade(question, "0.009").correct
    assert not grade(question, "0.02").correct


def test_diagnose_uses_the_band_of_each_mistake_value() -> None:
    assert diagnose(0.3512, DELTA.mistakes, 3) == "no-activation-derivative"
    assert diagnose(0.3518, DELTA.mistakes, 3) is None  # beyond 0.3512 ± 0.00051
    assert diagnose(0.156, DELTA.mistakes, 3) == "derivative-at-net"
    assert diagnose(0.352, DELTA.mistakes, 2) == "no-activation-derivative"
    assert diagnose(0.0, [MistakeValue("local-only", 0.0)], 3, zero_band=1e-4) == "local-only"
    assert diagnose(0.3512, [], 3) is None


def test_diagnose_names_the_first_matching_mistake() -> None:
    same = [MistakeValue("factor-two", 2.0), MistakeValue("mean-not-sum", 2.0)]
    assert diagnose(2.0, same, 3) == "factor-two"


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        (
            NumericAnswer(0.0822),
            "Give 3 significant figures; answers within ±0.000051 of the exact value count.",
        ),
        (
            NumericAnswer(-822.0, sigfigs=2),
            "Give 2 significant figures; answers within ±5.1 of the exact value count.",
        ),
        (
            NumericAnswer(0.5, sigfigs=1),
            "Give 1 significant figure; answers within ±0.051 of the exact value count.",
        ),
        (NumericAnswer(0.0, zero_band=1e-3), "Answers within ±0.001 of 0 count."),
    ],
)
def test_describe_tolerance(answer: NumericAnswer, text: str) -> None:
    assert describe_tolerance(answer) == text


def test_verdict_score_stays_in_range() -> None:
    with pytest.raises(ValueError, match="score"):
        Verdict(correct=True, score=1.5, message="")


def test_grading_module_re_exports_the_sig_fig_rule() -> None:
    assert within_sigfigs(0.08225, 0.0822)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_graded_or_is_a_format_error_never_an_exception(text: str) -> None:
    for question, response in ((DELTA, text), (PURPOSE, text), (GRAPH, [text])):
        verdict = grade(question, response)
        assert isinstance(verdict, Verdict) and 0.0 <= verdict.score <= 1.0
        if verdict.format_error is not None:
            assert not verdict.correct and not verdict.counts_as_attempt
            assert verdict.message == verdict.format_error  # said plainly, answer not revealed
