"""CSV read back with the csv module: one row per variant, answers and mistakes intact."""

from __future__ import annotations

import csv
import io
import json

import pytest

from questions.export.common import flatten
from questions.export.csv_export import COLUMNS, csv_text
from questions.model import Kind


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
