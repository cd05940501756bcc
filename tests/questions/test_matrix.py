"""Reading a matrix as a learner types or pastes it, and writing one back."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from questions.matrix import format_matrix, parse_matrix, split_text, transpose
from questions.numbers import FormatError


@pytest.mark.parametrize(
    "text",
    [
        "[[1, 2], [3, 4]]",
        "[[1 2] [3 4]]",
        "1 2\n3 4",
        "1, 2\n3, 4",
        "1, 2; 3, 4",
        "  [[1, 2],\n   [3, 4]]  ",
        "[[1/1, 2e0], [3×10^0, 4]]",
    ],
)
def test_pasted_text_reads_as_rows(text: str) -> None:
    assert parse_matrix(text) == ((1.0, 2.0), (3.0, 4.0))


def test_a_vector_is_one_row() -> None:
    assert parse_matrix("[0.5, -1, 2]") == ((0.5, -1.0, 2.0),)
    assert parse_matrix("0.5 -1 2") == ((0.5, -1.0, 2.0),)


def test_grid_cells_read_like_numbers() -> None:
    assert parse_matrix([["0.1", " −.5 "], [2, "8.2e-2"]]) == ((0.1, -0.5), (2.0, 0.082))


@pytest.mark.parametrize(
    ("response", "said"),
    [
        ([["1", "2"], ["3", "abc"]], "Row 2, column 2: Type only the number"),
        ([["1", ""], ["3", "4"]], "Row 1, column 2 is empty"),
        ("1 2\n3", "Row 2 has 1 number but row 1 has 2 numbers"),
        ("[[1, 2], [3, 4", "must end with ']'"),
        ("[[1, 2], 3]", "Row 2 is not a bracketed list"),
        ("", "The matrix is empty"),
        ("1 2 ]", "Brackets must enclose the whole matrix"),
        ("[[1, nan]]", "Row 1, column 2: Not a finite number"),
    ],
)
def test_unreadable_cells_are_named_by_row_and_column(response: object, said: str) -> None:
    with pytest.raises(FormatError, match=re.escape(said)):
        parse_matrix(response)


def test_split_text_keeps_cells_as_typed_for_a_grid() -> None:
    assert split_text("[[1/3, 2], [x, 4]]") == [["1/3", "2"], ["x", "4"]]


def test_transpose_swaps_rows_and_columns() -> None:
    assert transpose(((1.0, 2.0, 3.0), (4.0, 5.0, 6.0))) == ((1.0, 4.0), (2.0, 5.0), (3.0, 6.0))


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(
    st.integers(1, 4).flatmap(
        lambda w: st.lists(st.lists(finite, min_size=w, max_size=w), min_size=1, max_size=4)
    )
)
def test_format_matrix_reads_back_to_its_figures(rows: list[list[float]]) -> None:
    text = format_matrix(rows, 6)
    assert parse_matrix(text) == parse_matrix(format_matrix(parse_matrix(text), 6))
    assert len(parse_matrix(text)) == len(rows)


def test_an_exact_matrix_is_shown_without_trailing_zeros() -> None:
    assert (
        format_matrix([[1.236, -0.015], [2e-7, 0]], 6, trim=True) == "[[1.236, -0.015], [2e-7, 0]]"
    )
    assert format_matrix([[1.236]], 6) == "[[1.23600]]"
