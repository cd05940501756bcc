"""Matrix questions in a pack: read, validated cell by cell at FILE:LINE:COL, expanded."""

from __future__ import annotations

import pytest

from questions.grading import grade
from questions.model import AuthoredKey, Kind
from questions.packs import PackError, read_pack
from questions.packs.expand import authored_question
from questions.packs.matrix_item import MatrixItem

HEAD = """\
[pack]
id = "grads"
title = "Gradients as matrices"
author = "Tester"
version = "1"
"""

MATRIX = (
    HEAD
    + """
[[question]]
id = "dw"
type = "matrix"
topic = "batches"
prompt = "What is $\\\\partial L / \\\\partial W$?"
value = [[0.125, -0.5, 1.25], [2.0, 0.0, -0.0375]]
sigfigs = 3
solution = ["dL/dW = X^T dL/dY"]

[[question.mistake]]
mistake = "transposed"
value = [[0.125, 2.0], [-0.5, 0.0], [1.25, -0.0375]]

[[question.mistake]]
mistake = "error-sign"
value = [[-0.125, 0.5, -1.25], [-2.0, 0.0, 0.0375]]
"""
)


def test_a_matrix_question_reads_and_grades_with_its_mistakes() -> None:
    pack = read_pack(MATRIX, "grads.toml")
    (item,) = pack.items
    assert isinstance(item, MatrixItem)
    assert item.value == ((0.125, -0.5, 1.25), (2.0, 0.0, -0.0375)) and item.topic == "batches"
    question = authored_question(pack, item)
    assert question.kind is Kind.MATRIX and question.key == AuthoredKey("grads", "dw", "1")
    assert question.matrix is not None and question.matrix.shape == (2, 3)
    assert grade(question, "0.125 -0.5 1.25\n2 0 -0.0375").correct
    assert grade(question, "[[-0.125, 0.5, -1.25], [-2, 0, 0.0375]]").mistake == "error-sign"
    shape = grade(question, "[[0.125, 2], [-0.5, 0], [1.25, -0.0375]]")
    assert "Did you transpose it?" in (shape.format_error or "")


@pytest.mark.parametrize(
    ("value", "where", "said"),
    [
        ("[[1.0, 2.0], [3.0]]", "12:22", "row 2 has 1 numbers but row 1 has 2"),
        ('[[1.0, "x"], [3.0, 4.0]]', "12:16", 'row 1, column 2 must be a finite number, got "x"'),
        ("[1.0, 2.0]", "12:9", "'value' must be a list of rows such as [[1.0, 2.0], [3.0, 4.0]]"),
        ("[[]]", "12:9", "a matrix has 1 to 12 rows of 1 to 12 numbers"),
    ],
)
def test_a_bad_value_is_reported_at_its_cell(value: str, where: str, said: str) -> None:
    text = MATRIX.replace("value = [[0.125, -0.5, 1.25], [2.0, 0.0, -0.0375]]", f"value = {value}")
    with pytest.raises(PackError) as raised:
        read_pack(text, "grads.toml")
    assert f"grads.toml:{where}: {said}" in str(raised.value)


def test_a_mistake_the_grader_would_accept_is_a_problem_at_its_value() -> None:
    text = MATRIX.replace(
        "value = [[-0.125, 0.5, -1.25], [-2.0, 0.0, 0.0375]]",
        "value = [[0.1251, -0.5, 1.25], [2.0, 0.0, -0.0375]]",
    )
    with pytest.raises(PackError) as raised:
        read_pack(text, "grads.toml")
    assert "grads.toml:22:9: the matrix of mistake 'error-sign' would be accepted" in str(
        raised.value
    )


def test_an_unknown_key_in_a_matrix_question_is_named() -> None:
    text = MATRIX.replace("sigfigs = 3", "sigfigs = 3\nshape = [2, 3]")
    with pytest.raises(PackError) as raised:
        read_pack(text, "grads.toml")
    assert "unknown key 'shape' in question 'dw'" in str(raised.value)
