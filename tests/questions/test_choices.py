"""Numeric questions turned into single-choice ones, with mistakes as explained distractors."""

from __future__ import annotations

import numpy as np
import pytest

from questions import registry
from questions.bank import load_bank
from questions.choices import (
    as_single_choice,
    present,
    presented_order,
    shown,
    to_authored,
    to_shown,
)
from questions.grading import grade
from questions.mistakes import MISTAKES
from questions.model import (
    FamilyKey,
    Kind,
    MistakeValue,
    NumericAnswer,
    Question,
    Step,
)
from questions.numbers import format_number, within_sigfigs


def _numeric(seed: int = 0, mistakes: dict[str, float] | None = None) -> Question:
    """A hand-made numeric question: answer 0.0822 with three mistakes."""
    values = mistakes or {"error-sign": -0.0822, "factor-two": 0.1644, "forward-not-gradient": 0.6}
    return Question(
        key=FamilyKey("hand-made", 1, seed),
        topic="losses",
        kind=Kind.NUMERIC,
        prompt="What is $\\partial L / \\partial w$?",
        answer=NumericAnswer(0.0822, 3),
        mistakes=tuple(MistakeValue(k, v) for k, v in values.items()),
        solution=(Step("Gradient of $w$", "$\\delta x$", "0.137 × 0.6", "0.0822"),),
    )


def test_the_right_value_and_each_mistake_become_explained_choices() -> None:
    question = as_single_choice(_numeric())
    assert question.kind is Kind.SINGLE
    assert question.answer == NumericAnswer(0.0822, 3)  # kept for reference
    by_text = {c.text: c for c in question.choices}
    assert set(by_text) == {"0.0822", "-0.0822", "0.164", "0.600"}
    assert by_text["0.0822"].correct and by_text["0.0822"].mistake is None
    assert by_text["0.0822"].explanation == "Gradient of w = 0.137 × 0.6 = 0.0822."  # no TeX
    assert by_text["0.164"].mistake == "factor-two"
    assert by_text["0.164"].explanation == MISTAKES["factor-two"].explanation
    assert question.prompt == _numeric().prompt


def test_a_wrong_pick_names_the_mistake_and_the_right_pick_grades_correct() -> None:
    question = as_single_choice(_numeric())
    (right,) = question.correct_indices
    assert grade(question, right).correct
    wrong = next(i for i, c in enumerate(question.choices) if c.mistake == "error-sign")
    verdict = grade(question, wrong)
    assert not verdict.correct and verdict.mistake == "error-sign"


def test_values_inside_another_choices_band_or_shown_alike_are_left_out() -> None:
    question = as_single_choice(
        _numeric(
            mistakes={
                "error-sign": 0.08221,  # inside the answer's band
                "factor-two": 0.1644,
                "no-learning-rate": 0.16445,  # inside factor-two's band
                "wrong-input": float("nan"),
                "update-sign": 0.3,
            }
        )
    )
    assert {c.mistake for c in question.choices} == {None, "factor-two", "update-sign"}


def test_the_number_of_choices_is_capped_and_checked() -> None:
    assert len(as_single_choice(_numeric(), choices=2).choices) == 2
    assert len(as_single_choice(_numeric(), choices=10).choices) == 4
    with pytest.raises(ValueError, match="at least 2 choices"):
        as_single_choice(_numeric(), choices=1)
    already = as_single_choice(_numeric())
    with pytest.raises(ValueError, match="only a numeric question"):
        as_single_choice(already)


def test_the_order_follows_the_key_without_global_random_state() -> None:
    state = np.random.get_state()[1].copy()
    first = as_single_choice(_numeric(seed=5))
    assert as_single_choice(_numeric(seed=5)).choices == first.choices
    assert np.array_equal(np.random.get_state()[1], state)
    positions = {as_single_choice(_numeric(seed=s)).correct_indices[0] for s in range(40)}
    assert positions == {0, 1, 2, 3}


NUMERIC = [
    (info.id, level)
    for info in registry.families()
    if info.kind is Kind.NUMERIC
    for level in info.levels
]


@pytest.mark.parametrize(("family_id", "level"), NUMERIC, ids=[f"{f}-L{lv}" for f, lv in NUMERIC])
def test_every_numeric_family_converts_to_one_right_choice(family_id: str, level: int) -> None:
    with_distractors = 0
    for numeric in registry.family(family_id).generate(level, range(200)):
        question = as_single_choice(numeric)
        texts = [c.text for c in question.choices]
        assert len(set(texts)) == len(texts)
        assert len(question.correct_indices) == 1
        (right,) = question.correct_indices
        assert texts[right] == format_number(numeric.answer.value, numeric.answer.sigfigs)
        assert grade(question, right).correct
        known = {m.mistake: m.value for m in numeric.mistakes}
        for choice in question.choices:
            assert choice.explanation and "\n" not in choice.explanation
            if choice.correct:
                continue
            value = known[choice.mistake]
            assert choice.text == format_number(value, numeric.answer.sigfigs)
            assert not within_sigfigs(value, numeric.answer.value, numeric.answer.sigfigs)
        with_distractors += len(question.choices) > 1
    assert with_distractors >= 100  # most variants offer real alternatives


def _bank_choice_question() -> Question:
    """A bank question with four or more choices."""
    return next(q for q in load_bank().questions if len(q.choices) >= 4)


def test_a_presentation_order_is_fixed_by_key_and_salt_and_varies_between_salts() -> None:
    question = _bank_choice_question()
    order = presented_order(question, "attempt-1")
    assert sorted(order) == list(range(len(question.choices)))
    assert presented_order(question, "attempt-1") == order  # the review draws it again
    orders = {presented_order(question, f"student-{n}") for n in range(200)}
    assert len(orders) > 10  # a student cannot rely on where the right choice sits
    firsts = [presented_order(question, f"student-{n}")[0] for n in range(400)]
    assert all(firsts.count(i) > 40 for i in range(len(question.choices)))
    assert presented_order(_numeric(), "attempt-1") == ()  # no choices, nothing to order


def test_a_response_on_the_shown_question_grades_as_its_authored_indices() -> None:
    question = _bank_choice_question()
    presented, order = shown(question, "attempt-7")
    assert [c.text for c in presented.choices] == [question.choices[i].text for i in order]
    for position in range(len(order)):
        authored = to_authored(order, position)
        assert to_shown(order, authored) == position
        assert grade(presented, position) == grade(question, authored)
    picks = list(presented.correct_indices)
    assert sorted(to_authored(order, picks)) == list(question.correct_indices)  # type: ignore[arg-type]
    assert to_authored(order, "0.5") == "0.5" and to_authored((), 2) == 2  # text passes


def test_an_order_that_is_not_a_permutation_is_refused() -> None:
    question = _bank_choice_question()
    with pytest.raises(ValueError, match="is not an order of its"):
        present(question, (0, 0, 1, 2))
