"""Search: bank questions, families, study cards and examples found by words in their text."""

from __future__ import annotations

import pytest

from app.services.search import CARD, EXAMPLE, FAMILY, QUESTION, Example, build_index, words
from questions.bank import load_bank


@pytest.fixture(scope="module")
def index():
    return build_index([Example("net", "Network: Mazur's example", "inputs = [0.05, 0.10]")])


def test_words_read_tex_commands_by_name() -> None:
    assert words(r"The slope $\sigma'(z)$ of a ReLU") == [
        "the",
        "slope",
        "sigma",
        "z",
        "of",
        "a",
        "relu",
    ]


def test_a_bank_question_is_found_by_words_of_its_prompt(index) -> None:
    question = load_bank().questions[0]
    query = " ".join(words(question.prompt)[:6])
    hits = index.search(query)
    assert any(h.kind == QUESTION and h.ref == question.key.skill for h in hits)


def test_every_kind_is_found(index) -> None:
    assert index.search("momentum adam")[0].kind == CARD  # a title hit comes first
    assert any(h.kind == FAMILY for h in index.search("dead relu"))
    assert [h.ref for h in index.search("mazur")] == ["net"]
    assert index.search("mazur")[0].kind == EXAMPLE


def test_words_match_by_their_start_and_all_must_match(index) -> None:
    assert index.search("sigm deriv")
    assert index.search("sigmoid xyzzy") == []
    assert index.search("   ") == []


def test_a_hit_opens_as_a_question(index) -> None:
    family = next(h for h in index.search("dead relu") if h.kind == FAMILY)
    assert index.question(family, seed=3).key.family == family.ref
    bank = next(h for h in index.search("backpropagation produce") if h.kind == QUESTION)
    assert index.question(bank).key.skill == bank.ref
    card = next(h for h in index.search("momentum") if h.kind == CARD)
    with pytest.raises(ValueError, match="Study card is not a question"):
        index.question(card)
