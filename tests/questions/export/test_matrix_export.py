"""Matrix questions in every export, each read back: Moodle Cloze blanks, GIFT cells, Anki,
CSV and the PDF exam's grid of blanks."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from pdf_text import page_texts, squeezed
from test_anki import read_notes

from app.ui.pdf_export import write_exam
from questions.export.anki import write_apkg
from questions.export.csv_export import csv_text
from questions.export.gift import gift
from questions.export.moodle_xml import moodle_xml
from questions.matrix import format_matrix, parse_matrix
from questions.model import Kind, Question
from questions.numbers import tolerance
from questions.packs import Pack, expand, read_pack

PACK = r"""
[pack]
id = "grads"
title = "Gradients as matrices"
author = "Tester"
version = "1"

[[question]]
id = "dw"
type = "matrix"
topic = "batches"
prompt = "What is $\\frac{\\partial L}{\\partial W}$ {1:SHORTANSWER:=x}?"
value = [[0.125, -0.5, 1.25], [2.0, 0.0, -0.0375]]
solution = ["dL/dW = X^T dL/dY"]

[[question.mistake]]
mistake = "transposed"
value = [[0.125, 2.0], [-0.5, 0.0], [1.25, -0.0375]]

[[question]]
id = "batch"
type = "family"
family = "batch-matrix-gradient"
level = 2
"""

CLOZE = re.compile(r"\{1:NUMERICAL:=([^:}]+):([^}]+)\}")


@pytest.fixture(scope="module")
def pack() -> Pack:
    return read_pack(PACK, "grads.toml")


@pytest.fixture(scope="module")
def questions(pack: Pack) -> list[Question]:
    found = expand(pack, 1)
    assert [q.kind for q in found] == [Kind.MATRIX, Kind.MATRIX]
    return found


def test_moodle_writes_a_cloze_question_with_one_numerical_blank_per_cell(pack, questions):
    root = ET.fromstring(moodle_xml(pack.title, questions).encode())
    cloze = [q for q in root.findall("question") if q.get("type") == "cloze"]
    assert len(cloze) == 2
    for element, question in zip(cloze, questions, strict=True):
        text = element.findtext("questiontext/text") or ""
        blanks = [(float(v), float(tol)) for v, tol in CLOZE.findall(text)]
        cells = [v for row in question.matrix.rows for v in row]
        assert [v for v, _ in blanks] == pytest.approx(cells, rel=1e-11)
        bands = [tolerance(v, question.matrix.sigfigs) for v in cells]
        assert [t for _, t in blanks] == pytest.approx(bands, rel=1e-11)
        assert text.count("<tr>") == question.matrix.shape[0]
        assert "Give the" in text and element.find("answer") is None
    first = cloze[0].findtext("questiontext/text") or ""
    assert "{1:SHORTANSWER" not in first  # a pack's braces cannot make a blank
    assert "matrix transposed" in (cloze[0].findtext("generalfeedback/text") or "")


def test_gift_writes_each_cell_as_a_numerical_question(pack, questions):
    text = gift(pack.title, questions)
    answers = re.findall(r"\{#\n\t=([^:]+):([^#]+)#Right\.", text)
    cells = [v for q in questions for row in q.matrix.rows for v in row]
    assert [float(v) for v, _ in answers] == pytest.approx(cells, rel=1e-11)
    assert "// [id:pack:grads/dw@1/blank-r2c3]\n::Dw · blank r2c3::" in text
    assert "Row 2, column 3 of the 2 × 3 matrix" in text


def test_anki_writes_the_matrix_out_on_the_back(pack, questions, tmp_path):
    path = tmp_path / "grads.apkg"
    assert write_apkg(pack.id, pack.title, questions, path) == 2
    notes, _, _ = read_notes(path, tmp_path)
    by_key = {fields[0]: fields for fields in notes}
    for q in questions:
        _, front, back = by_key[str(q.key)]
        assert "every cell to 3 significant figures" in front
        shown = format_matrix(q.matrix.rows, q.matrix.sigfigs).replace("[", "&#91;")
        assert shown in back and "Matrices that come from a mistake" in back


def test_csv_writes_the_matrix_out_and_each_mistake_matrix(questions):
    rows = list(csv.DictReader(io.StringIO(csv_text(questions))))
    assert [r["type"] for r in rows] == ["matrix", "matrix"]
    for row, q in zip(rows, questions, strict=True):
        read = parse_matrix(row["answer"])
        assert [v for r in read for v in r] == pytest.approx([v for r in q.matrix.rows for v in r])
        assert row["sigfigs"] == "3"
        assert '"mistake": "transposed"' in row["mistakes"]


def test_the_pdf_exam_has_a_grid_of_blanks_and_the_key_the_matrix(pack, questions, tmp_path):
    written = write_exam(pack.title, [questions], tmp_path / "exam.pdf")
    exam = squeezed("".join(page_texts(written.exam.read_bytes())))
    assert "Givethe2×3matrix,everycellto3significantfigures." in exam
    assert "0.125" not in exam
    key = squeezed("".join(page_texts(written.key.read_bytes())))
    assert "Answer:[[0.125,-0.500,1.25],[2.00,0,-0.0375]]" in key
    assert "matrixtransposed" in key
