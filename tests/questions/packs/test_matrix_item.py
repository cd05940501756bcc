"""Matrix questions in a pack: read, validated cell by cell at FILE:LINE:COL, expanded."""

from __future__ import annotations

import numpy as np
import pytest

from questions.grading import grade
from questions.matrix import format_matrix
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


ASKED = (
    HEAD
    + """
[[question]]
id = "dw"
type = "matrix"
topic = "batches"
prompt = "The loss is the mean of (XW)^2. What is dL/dW?"
ask = "W"

[question.script]
text = "loss = ((X @ W) ** 2).mean()"
inputs = { X = [[1.0, 2.0], [0.5, -1.0]], W = [[0.3, -0.2], [0.1, 0.4]] }
"""
)


def test_an_asked_matrix_is_the_gradient_the_engine_computes_from_the_script() -> None:
    pack = read_pack(ASKED, "grads.toml")
    (item,) = pack.items
    x = np.array([[1.0, 2.0], [0.5, -1.0]])
    w = np.array([[0.3, -0.2], [0.1, 0.4]])
    expected = x.T @ (2 * (x @ w)) / 4  # d mean((XW)^2) / dW, by hand
    assert np.allclose(item.value, expected, rtol=1e-12)
    question = authored_question(pack, item)
    assert {m.mistake for m in question.matrix_mistakes} == {"error-sign", "transposed"}
    assert grade(question, format_matrix(expected.T.tolist(), 6)).mistake == "transposed"
    assert grade(question, format_matrix(expected.tolist(), 6)).correct


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            'ask = "W"',
            'ask = "V"',
            "grads.toml:12:7: the script has no node 'V'; its nodes are X, W, loss",
        ),
        ("** 2).mean()", "** 2)", "grads.toml:15:8: the script: line 1, column 1: the last"),
        (
            "X = [[1.0, 2.0], [0.5, -1.0]]",
            "X = [[1.0, 2.0], [0.5]]",
            "input 'X': rows of different",
        ),
        ('ask = "W"', 'ask = "W"\nvalue = [[1.0]]', "give either 'value' or 'ask'"),
    ],
)
def test_a_bad_asked_matrix_is_reported_where_it_is(old: str, new: str, said: str) -> None:
    with pytest.raises(PackError) as raised:
        read_pack(ASKED.replace(old, new), "grads.toml")
    assert said in str(raised.value)
