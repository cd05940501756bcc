"""Grading single- and multiple-choice questions: scores, feedback, unreadable selections."""

import dataclasses

import pytest

from questions.grading import (
    grade,
)
from questions.model import (
    Choice,
    FamilyKey,
    Kind,
    Question,
)

KEY = FamilyKey("output-delta", 1, 7)


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
