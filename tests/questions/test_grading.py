"""Grading each kind of question, with hand-built questions as a family would make them."""

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
    grade_step,
    within_sigfigs,
)
from questions.mistakes import MISTAKES
from questions.model import (
    Choice,
    FamilyKey,
    GuidedStep,
    Kind,
    MistakeValue,
    NumericAnswer,
    Question,
    Step,
)

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


def _choices(*right: bool) -> tuple[Choice, ...]:
    return tuple(
        Choice(f"option {i}", ok, explanation=f"why {i}", mistake=None if ok else f"m{i}")
        for i, ok in enumerate(right)
    )


PURPOSE = Question(
    key=KEY,
    topic="purpose",
    kind=Kind.SINGLE,
    prompt="What does backpropagation compute?",
    choices=(
        Choice(
            "The weight update", False, "The optimizer makes the update.", "forward-not-gradient"
        ),
        Choice("The gradient of the loss for every parameter", True, "Yes: by the chain rule."),
        Choice("The loss", False, "The forward pass computes the loss."),
    ),
)


def test_single_right_choice() -> None:
    verdict = grade(PURPOSE, 1)
    assert verdict.correct and verdict.score == 1.0
    assert verdict.message == "Yes: by the chain rule."
    assert verdict.expected == "The gradient of the loss for every parameter"


def test_single_wrong_choice_explains_and_names_its_mistake() -> None:
    verdict = grade(PURPOSE, "0")
    assert not verdict.correct and verdict.counts_as_attempt
    assert verdict.message == "The optimizer makes the update."
    assert verdict.mistake == "forward-not-gradient"


def test_single_wrong_choice_without_explanation_states_the_answer() -> None:
    bare = dataclasses.replace(PURPOSE, choices=(Choice("a", False), Choice("b", True)))
    assert grade(bare, 0).message == "Not this one: the answer is “b”."


@pytest.mark.parametrize("response", [3, -1, "7", "", " ", "b", None, "1.0"])
def test_single_unreadable_choice_is_a_format_error(response: object) -> None:
    verdict = grade(PURPOSE, response)
    assert verdict.format_error and not verdict.counts_as_attempt


CHAIN = Question(
    key=KEY,
    topic="chain-rule",
    kind=Kind.MULTIPLE,
    prompt="Which are true?",
    choices=_choices(True, True, False, True, False),
)


@pytest.mark.parametrize(
    ("picks", "all_or_nothing", "partial"),
    [
        ({0, 1, 3}, 1.0, 1.0),
        ({0, 1}, 0.0, 2 / 3),
        ({0, 1, 2}, 0.0, 1 / 3),
        ({0, 2}, 0.0, 0.0),
        ({2, 4}, 0.0, 0.0),
        ({0, 1, 2, 3, 4}, 0.0, 1 / 3),
        ({3}, 0.0, 1 / 3),
    ],
)
def test_multiple_scores(picks: set[int], all_or_nothing: float, partial: float) -> None:
    strict = grade(CHAIN, picks)
    lenient = grade(CHAIN, picks, scoring="partial")
    assert strict.score == all_or_nothing
    assert lenient.score == pytest.approx(partial)
    assert strict.correct is lenient.correct is (picks == {0, 1, 3})


def test_multiple_feedback_explains_wrong_picks_and_missed_choices() -> None:
    verdict = grade(CHAIN, ["0", 2])
    assert verdict.message.splitlines() == [  # one line per choice got wrong, naming it
        "You picked 1 of the 3 right choices and 1 wrong one:",
        "• Not right: “option 2”. why 2",
        "• Also right: “option 1”. why 1",
        "• Also right: “option 3”. why 3",
    ]
    assert verdict.mistake == "m2"
    assert verdict.expected == "option 0; option 1; option 3"


def test_multiple_repeated_picks_count_once() -> None:
    assert grade(CHAIN, [0, 0, 1, 3]).correct


@pytest.mark.parametrize("picks", [[], [0, 5], ["x"], [None]])
def test_multiple_unreadable_selection_is_a_format_error(picks: list[object]) -> None:
    assert not grade(CHAIN, picks).counts_as_attempt


def test_multiple_rejects_an_unknown_scoring_rule_and_a_bare_string() -> None:
    with pytest.raises(ValueError, match="scoring"):
        grade(CHAIN, [0], scoring="generous")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        grade(CHAIN, "013")


STEPS = (
    GuidedStep("f", "df/df", 1.0),
    GuidedStep("q", "df/dq", -4.0),
    GuidedStep("z", "df/dz", 3.0),
    GuidedStep("x", "df/dx", -4.0),
)
GRAPH = Question(
    key=KEY, topic="chain-rule", kind=Kind.GUIDED, prompt="f = (x + y) z", guided=STEPS
)


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
