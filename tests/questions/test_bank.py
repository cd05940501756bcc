"""The authored bank: its content is complete and careful, and broken files are reported clearly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from matplotlib.mathtext import MathTextParser  # the parser alone: no backend, no Qt

from questions.bank import (
    BANK_PACK,
    BANK_VERSION,
    BankError,
    all_texts,
    card_for,
    load_bank,
    questions_for,
    read_bank,
)
from questions.model import TOPICS, AuthoredKey, Kind, parse_key

CATCH_ALL = re.compile(r"\b(all|none|both|neither) of (the above|these)\b", re.I)

# Loose statements that the app must never present as true.
LOOSE = (
    re.compile(
        r"backprop\w*[\s,]+(?:\w+[\s,]+){0,3}?(?:adjust|update|change|modif|set)\w*\s+"
        r"(?:the\s+|its\s+|their\s+|all\s+)?(?:weights|parameters)",
        re.I,
    ),
    re.compile(r"error contribution after a batch", re.I),
    re.compile(r"in a single epoch", re.I),
)


def asserted_texts() -> list[tuple[str, str]]:
    """Everything the bank presents as true: right choices, definitions, facts, model answers."""
    bank = load_bank()
    texts = [(str(q.key), c.text) for q in bank.questions for c in q.choices if c.correct]
    for card in bank.cards:
        texts.append((card.topic, card.definition))
        texts.extend((card.topic, fact) for fact in card.facts)
        texts.extend((card.topic, answer) for _, answer in card.review)
    return texts


# --- the shipped content -------------------------------------------------------------------


def test_bank_loads_once_and_covers_every_topic_in_teaching_order() -> None:
    bank = load_bank()
    assert load_bank() is bank
    assert tuple(c.topic for c in bank.cards) == TOPICS
    seen = list(dict.fromkeys(q.topic for q in bank.questions))
    assert seen == list(TOPICS)


def test_question_ids_are_unique_and_keys_round_trip() -> None:
    questions = load_bank().questions
    ids = [q.key.question for q in questions]
    assert len(ids) == len(set(ids))
    for q in questions:
        assert q.key == AuthoredKey(BANK_PACK, q.key.question, BANK_VERSION)
        assert parse_key(str(q.key)) == q.key


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_has_enough_questions_of_both_kinds(topic: str) -> None:
    questions = questions_for(topic)
    assert len(questions) >= 8
    assert all(q.topic == topic for q in questions)
    assert sum(q.kind is Kind.MULTIPLE for q in questions) >= 2
    assert all(q.kind in (Kind.SINGLE, Kind.MULTIPLE) for q in questions)
    assert all(4 <= len(q.choices) <= 5 for q in questions)
    assert all(len(q.hints) <= 2 for q in questions)


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_has_a_full_study_card(topic: str) -> None:
    card = card_for(topic)
    assert card.topic == topic
    assert card.title and card.definition
    assert len(card.facts) == 5
    assert len(card.review) == 3
    for question, answer in card.review:
        assert question.strip() and answer.strip()


def test_right_answers_are_not_always_in_the_same_place() -> None:
    for topic in TOPICS:
        positions = {q.correct_indices[0] for q in questions_for(topic) if q.kind is Kind.SINGLE}
        assert len(positions) >= 3, f"{topic}: right answers only at positions {positions}"


def test_choices_are_well_formed() -> None:
    for q in load_bank().questions:
        right = q.correct_indices
        if q.kind is Kind.SINGLE:
            assert len(right) == 1, q.key
        else:
            assert len(right) >= 1, q.key
        for choice in q.choices:
            assert choice.explanation.strip(), (q.key, choice.text)
            assert not CATCH_ALL.search(choice.text), (q.key, choice.text)


def test_no_loose_statement_is_presented_as_true() -> None:
    texts = asserted_texts()
    assert len(texts) > 200
    for where, text in texts:
        for pattern in LOOSE:
            assert not pattern.search(text), f"{where}: {text!r}"


def test_the_loose_statement_pattern_catches_what_it_should() -> None:
    assert LOOSE[0].search("Backpropagation adjusts the weights to reduce the error.")
    assert LOOSE[0].search("backprop then updates all weights")
    assert LOOSE[0].search("Backpropagation, in effect, changes the parameters")
    assert not LOOSE[0].search("Backpropagation computes gradients; an optimizer updates weights.")
    assert not LOOSE[0].search("Backpropagation computes gradients and an optimizer updates them")


def test_every_text_renders_with_mathtext() -> None:
    parser = MathTextParser("path")
    texts = list(all_texts(load_bank()))
    assert any("$" in text for _, text in texts)
    for where, text in texts:
        if "$" in text:
            try:
                parser.parse(text)
            except ValueError as exc:
                pytest.fail(f"{where}: mathtext cannot render {text!r}: {exc}")


def test_unknown_topic_lookups_fail_clearly() -> None:
    with pytest.raises(KeyError, match="unknown topic 'backprop'"):
        questions_for("backprop")
    with pytest.raises(KeyError, match="unknown topic"):
        card_for("backprop")


# --- validation of broken files --------------------------------------------------------------

CARD = """
[card]
title = "A title"
definition = "A definition."
facts = ["one", "two", "three", "four", "five"]
review = [
  { question = "q1?", answer = "a1." },
  { question = "q2?", answer = "a2." },
  { question = "q3?", answer = "a3." },
]
"""

QUESTION = """
[[question]]
id = "q-1"
kind = "single"
prompt = "Which one?"
hints = ["Think."]
[[question.choice]]
text = "Right"
correct = true
explanation = "Because it is."
[[question.choice]]
text = "Wrong"
correct = false
explanation = "Because it is not."
"""


def write_bank(directory: Path, files: dict[str, str]) -> Path:
    """Write topic files into a fresh bank directory and return it."""
    directory.mkdir(exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_a_minimal_valid_file_reads_into_the_model(tmp_path: Path) -> None:
    bank = read_bank(write_bank(tmp_path / "bank", {"purpose.toml": CARD + QUESTION}))
    (question,) = bank.questions
    assert question.key == AuthoredKey("bank", "q-1", BANK_VERSION)
    assert question.topic == "purpose"
    assert question.kind is Kind.SINGLE
    assert question.correct_indices == (0,)
    assert question.choices[1].explanation == "Because it is not."
    assert question.hints == ("Think.",)
    assert bank.cards[0].review[2] == ("q3?", "a3.")


BROKEN = [
    pytest.param(
        CARD + QUESTION.replace('prompt = "Which one?"', 'prompt = "Which?"\ndifficulty = 3'),
        "question 'q-1': unknown key(s) 'difficulty'",
        id="unknown-key",
    ),
    pytest.param(
        CARD + QUESTION.replace('prompt = "Which one?"\n', ""),
        "question 'q-1': missing 'prompt'",
        id="missing-field",
    ),
    pytest.param(
        CARD + QUESTION.replace("correct = false", 'correct = "no"'),
        "'correct' must be true or false",
        id="wrong-type",
    ),
    pytest.param(
        CARD + QUESTION.replace("correct = false", "correct = true"),
        "needs exactly one right choice, found 2",
        id="single-two-right",
    ),
    pytest.param(
        CARD
        + QUESTION.replace("correct = true", "correct = false").replace(
            'kind = "single"', 'kind = "multiple"'
        ),
        "multiple-select question needs a right choice",
        id="multiple-none-right",
    ),
    pytest.param(
        CARD + QUESTION.replace('explanation = "Because it is not."\n', ""),
        "choice #2: every choice needs an 'explanation'",
        id="no-explanation",
    ),
    pytest.param(
        CARD + QUESTION.replace('text = "Wrong"', 'text = "All of the above"'),
        "catch-all choices",
        id="all-of-the-above",
    ),
    pytest.param(
        CARD + QUESTION.replace('kind = "single"', 'kind = "numeric"'),
        "kind must be 'single' or 'multiple'",
        id="bad-kind",
    ),
    pytest.param(
        CARD + QUESTION.replace('hints = ["Think."]', 'hints = ["a", "b", "c"]'),
        "at most 2 hints, found 3",
        id="too-many-hints",
    ),
    pytest.param(
        CARD + QUESTION.replace("Which one?", "Is $x^2 positive?"),
        "unbalanced '$'",
        id="unbalanced-math",
    ),
    pytest.param(
        CARD.replace('"four", "five"', '"four"') + QUESTION,
        "needs exactly 5 facts, found 4",
        id="four-facts",
    ),
    pytest.param(
        CARD.replace('  { question = "q3?", answer = "a3." },\n', "") + QUESTION,
        "needs exactly 3 review items, found 2",
        id="two-reviews",
    ),
    pytest.param(QUESTION, "missing [card] table", id="no-card"),
    pytest.param(CARD + QUESTION + "\n[[question]\n", "not valid TOML", id="bad-toml"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_broken_files_are_reported_by_file_and_question(
    tmp_path: Path, text: str, message: str
) -> None:
    directory = write_bank(tmp_path / "bank", {"chain-rule.toml": text})
    with pytest.raises(BankError) as caught:
        read_bank(directory)
    assert str(caught.value).startswith("chain-rule.toml: ")
    assert message in str(caught.value)


def test_a_file_must_be_named_after_a_known_topic(tmp_path: Path) -> None:
    directory = write_bank(tmp_path / "bank", {"backprop-basics.toml": CARD + QUESTION})
    with pytest.raises(BankError, match=r"backprop-basics\.toml: unknown topic 'backprop-basics'"):
        read_bank(directory)


def test_question_ids_must_be_unique_across_files(tmp_path: Path) -> None:
    files = {"batches.toml": CARD + QUESTION, "losses.toml": CARD + QUESTION}
    with pytest.raises(
        BankError, match=r"losses\.toml: question 'q-1': id already used in batches"
    ):
        read_bank(write_bank(tmp_path / "bank", files))


def test_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="no bank files"):
        read_bank(write_bank(tmp_path / "bank", {}))
