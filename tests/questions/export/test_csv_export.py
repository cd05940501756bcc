"""CSV read back with the csv module: one row per variant, answers and mistakes intact."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from questions.export.common import flatten
from questions.export.csv_export import COLUMNS, csv_text, inert
from questions.model import Kind
from questions.packs import expand


def test_one_row_per_question_with_its_answer(questions) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text(questions))))
    flat = flatten(questions)
    assert len(rows) == len(flat)
    assert tuple(rows[0]) == COLUMNS
    for q, row in zip(flat, rows, strict=True):
        assert row["key"] == str(q.key) and row["type"] == q.kind.value
        assert row["prompt"] == q.prompt
        if q.kind is Kind.NUMERIC:
            assert float(row["answer"]) == pytest.approx(q.answer.value, rel=1e-11)
            assert int(row["sigfigs"]) == q.answer.sigfigs
            mistakes = json.loads(row["mistakes"] or "[]")
            assert [m["mistake"] for m in mistakes] == [m.mistake for m in q.mistakes]
        else:
            choices = json.loads(row["choices"])
            assert [c["correct"] for c in choices] == [c.correct for c in q.choices]
        assert row["solution"].count("\n") == max(len(q.solution) - 1, 0)


def test_text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(hostile) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text(expand(hostile, 1)))))
    (row,) = rows
    assert row["answer"] == "Yes: {=~#}"  # plain text is left alone
    choices = json.loads(row["choices"])
    assert choices[2]["text"] == "=SUM(A1) ]]> [sound:x.mp3]"  # inside JSON: not a formula
    assert inert("=SUM(A1)") == "'=SUM(A1)" and inert("-1 + 2") == "'-1 + 2"
    assert inert("@cmd") == "'@cmd" and inert("x = 1") == "x = 1"


def test_a_choice_answer_starting_like_a_formula_gets_an_apostrophe(hostile) -> None:
    (question,) = expand(hostile, 1)
    flipped = dataclasses.replace(
        question,
        prompt="+1 is the prompt",
        choices=tuple(
            dataclasses.replace(c, correct=c.text.startswith("=")) for c in question.choices
        ),
    )
    (row,) = csv.DictReader(io.StringIO(csv_text([flipped])))
    assert row["prompt"] == "'+1 is the prompt"
    assert row["answer"] == "'=SUM(A1) ]]> [sound:x.mp3]"


def test_a_negative_right_answer_of_a_choice_question_stays_a_number(hostile) -> None:
    (question,) = expand(hostile, 1)
    numbers = dataclasses.replace(
        question,
        choices=(
            dataclasses.replace(question.choices[0], text="-0.00497", correct=True),
            dataclasses.replace(question.choices[1], text="+1.5e-3", correct=False),
            dataclasses.replace(question.choices[2], text="-1+2", correct=False),
        ),
    )
    (row,) = csv.DictReader(io.StringIO(csv_text([numbers])))
    assert row["answer"] == "-0.00497"  # was "'-0.00497", text in every spreadsheet
    assert [inert(t) for t in ("-0.00497", "+1.5e-3", "-.5", "-3.", "1e5")] == [
        "-0.00497",
        "+1.5e-3",
        "-.5",
        "-3.",
        "1e5",
    ]
    assert [inert(t) for t in ("-1+2", "-inf", "-1_000", "- 1", "-0x1F", "-1e5+cmd|")] == [
        "'-1+2",
        "'-inf",
        "'-1_000",
        "'- 1",
        "'-0x1F",
        "'-1e5+cmd|",
    ]
