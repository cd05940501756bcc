"""No test-wise shortcuts: the right choice cannot be picked by its length or its wording.

A student who always picks the longest choice, or the only one that gives a reason, must do
no better than a little above chance. Measured over the authored bank and over 200 seeds of
every family at every level in its choice form (numeric families as single choice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from questions.bank import load_bank
from questions.choices import as_single_choice
from questions.model import Kind, Question
from questions.registry import families, family

LONGEST_LIMIT = 0.30
"""At most this share of single-answer questions may have the right choice strictly longest
(or strictly shortest: a bank rewritten against one cue must not hand out the opposite one)."""
CUE_LIMIT = 0.10
"""At most this share may have the right choice as the only one with a comma or a reason."""

JUSTIFICATION = re.compile(
    r"\b(because|since|which|so that|therefore|thus|due to|in order to|as a result|"
    r"that is why|this is why|uses|using)\b",
    re.IGNORECASE,
)
SEEDS = range(200)


def shown_length(text: str) -> int:
    """Length as a reader sees it: math delimiters and TeX command names count as nothing."""
    return len(re.sub(r"\\[A-Za-z]+|[$\\{}]", "", text))


def right_index(question: Question) -> int:
    (index,) = (i for i, choice in enumerate(question.choices) if choice.correct)
    return index


def right_is_longest(question: Question) -> bool:
    lengths = [shown_length(choice.text) for choice in question.choices]
    right = lengths[right_index(question)]
    return all(right > other for i, other in enumerate(lengths) if i != right_index(question))


def words(text: str) -> str:
    """The words of a choice without its $…$ math (a vector's commas are not a cue)."""
    return re.sub(r"\$[^$]*\$", " ", text)


def right_is_shortest(question: Question) -> bool:
    lengths = [shown_length(choice.text) for choice in question.choices]
    right = lengths[right_index(question)]
    return all(right < other for i, other in enumerate(lengths) if i != right_index(question))


def right_alone_has(question: Question, cue: re.Pattern[str]) -> bool:
    marked = [bool(cue.search(words(choice.text))) for choice in question.choices]
    return marked[right_index(question)] and sum(marked) == 1


COMMA = re.compile(",")


def shares(questions: Iterable[Question]) -> dict[str, float]:
    """The shares of single-answer questions that each cue gives away."""
    single = [q for q in questions if q.kind is Kind.SINGLE and len(q.choices) > 1]
    assert single, "no single-answer questions to measure"
    n = len(single)
    return {
        "questions": n,
        "longest": sum(map(right_is_longest, single)) / n,
        "shortest": sum(map(right_is_shortest, single)) / n,
        "comma": sum(right_alone_has(q, COMMA) for q in single) / n,
        "justification": sum(right_alone_has(q, JUSTIFICATION) for q in single) / n,
    }


def bank_questions() -> list[Question]:
    bank = load_bank()
    return list(bank.questions)


def family_choice_forms(family_id: str) -> list[Question]:
    fam = family(family_id)
    out: list[Question] = []
    for level in (1, 2, 3):
        for question in fam.generate(level, list(SEEDS)):
            if question.kind is Kind.NUMERIC and question.answer is not None:
                out.append(as_single_choice(question))
            elif question.kind is Kind.SINGLE:
                out.append(question)
    return out


def check(figures: dict[str, float], where: str) -> None:
    assert figures["longest"] <= LONGEST_LIMIT, f"{where}: right choice longest in {figures}"
    assert figures["shortest"] <= LONGEST_LIMIT, f"{where}: right choice shortest in {figures}"
    assert figures["comma"] <= CUE_LIMIT, f"{where}: right choice alone has a comma: {figures}"
    assert figures["justification"] <= CUE_LIMIT, (
        f"{where}: right choice alone gives a reason: {figures}"
    )


def test_the_bank_gives_nothing_away_by_length_or_wording() -> None:
    check(shares(bank_questions()), "bank")


@pytest.mark.parametrize(
    "family_id",
    [info.id for info in families() if info.kind in (Kind.NUMERIC, Kind.SINGLE)],
)
def test_every_choice_form_family_gives_nothing_away(family_id: str) -> None:
    questions = family_choice_forms(family_id)
    if not any(q.kind is Kind.SINGLE for q in questions):
        pytest.fail(f"{family_id} has no choice form to measure")
    check(shares(questions), family_id)


def test_the_measure_catches_a_giveaway() -> None:
    """A bank where the right choice is always the longest, reasoned one fails every cue."""
    question = bank_questions()[0]
    import dataclasses

    rigged = dataclasses.replace(
        question,
        choices=tuple(
            dataclasses.replace(c, text=c.text + ", because this is the long right one")
            if c.correct
            else c
            for c in question.choices
        ),
    )
    figures = shares([rigged])
    assert figures == {
        "questions": 1,
        "longest": 1.0,
        "shortest": 0.0,
        "comma": 1.0,
        "justification": 1.0,
    }


if __name__ == "__main__":  # the figures, for the record
    print("bank", shares(bank_questions()))
    for info in families():
        if info.kind in (Kind.NUMERIC, Kind.SINGLE):
            print(info.id, shares(family_choice_forms(info.id)))
