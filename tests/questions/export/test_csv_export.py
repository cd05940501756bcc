"""CSV read back with the csv module: one row per variant, answers and mistakes intact."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io

import pytest

from questions.export.common import band, flatten, name
from questions.export.csv_export import COLUMNS, csv_text, inert
from questions.export.registry import ExportJob, exporter
from questions.model import Kind
from questions.numbers import format_number
from questions.packs import expand


def test_one_row_per_question_with_its_answer_to_the_figures_asked(questions) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text(questions))))
    flat = flatten(questions)
    assert len(rows) == len(flat)
    assert tuple(rows[0]) == COLUMNS
    for q, row in zip(flat, rows, strict=True):
        assert row["key"] == name(q) and row["type"] == q.kind.value
        assert row["prompt"] == q.prompt
        if q.kind is Kind.NUMERIC:
            assert row["answer"] == format_number(q.answer.value, q.answer.sigfigs)
            assert float(row["tolerance"]) == pytest.approx(band(q.answer))
            assert int(row["sigfigs"]) == q.answer.sigfigs
            assert row["mistakes"].count("\n") == max(len(q.mistakes) - 1, 0)
        else:
            marks = [line[0] for line in row["choices"].split("\n")]
            assert marks == ["✓" if c.correct else "✗" for c in q.choices]
        assert row["solution"].count("\n") == max(len(q.solution) - 1, 0)


def test_the_mazur_row_reads_as_words_not_json(questions) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text(questions))))
    mazur = next(r for r in rows if r["name"] == "Mazur w5 · variant 1")
    assert mazur["answer"] == "0.0822" and float(mazur["tolerance"]) == 5.1e-05
    assert "{" not in mazur["mistakes"] and ": " in mazur["mistakes"]
    multiple = next(r for r in rows if r["name"] == "Backward needs")
    assert multiple["scoring"] == "partial"
    assert multiple["choices"].startswith("✓ Each unit's output")


def test_the_file_starts_with_a_byte_order_mark_so_sigma_survives(pack, tmp_path) -> None:
    path = tmp_path / "pack.csv"
    exporter("csv").write(ExportJob(pack, path, 1), lambda *_: None)
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert "σ" in data.decode("utf-8-sig") and "\ufeff" not in data.decode("utf-8-sig")


def test_text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(hostile) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text(expand(hostile, 1)))))
    (row,) = rows
    assert row["answer"] == "Yes: {=~#}"  # plain text is left alone
    assert row["choices"].split("\n")[2].startswith("✗ =SUM(A1) ]]> [sound:x.mp3]")
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
