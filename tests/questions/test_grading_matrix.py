"""Grading matrix questions: every cell by significant figures, the whole by diagnosis."""

from questions.grading import grade
from questions.matrix import transpose
from questions.mistakes import MISTAKES
from questions.model import FamilyKey, Kind, MatrixAnswer, MatrixMistake, Question

GRADIENT = ((0.125, -0.5, 1.25), (2.0, 0.0, -0.0375))  # dL/dW, 2 x 3
HALVED = tuple(tuple(v / 2 for v in row) for row in GRADIENT)
POOLED = ((0.0, 0.0), (0.0, 0.7))  # the max-pool window's gradient at its arg-max

DW = Question(
    key=FamilyKey("batch-matrix-gradient", 2, 1),
    topic="batches",
    kind=Kind.MATRIX,
    prompt="What is $\\partial L / \\partial W$?",
    matrix=MatrixAnswer(GRADIENT),
    matrix_mistakes=(
        MatrixMistake("transposed", transpose(GRADIENT)),
        MatrixMistake("sum-not-mean", tuple(tuple(2 * v for v in row) for row in GRADIENT)),
        MatrixMistake("error-sign", tuple(tuple(-v for v in row) for row in GRADIENT)),
    ),
)

POOL = Question(
    key=FamilyKey("pooling", 1, 1),
    topic="batches",
    kind=Kind.MATRIX,
    prompt="What is the gradient at the pool's input?",
    matrix=MatrixAnswer(POOLED),
    matrix_mistakes=(MatrixMistake("pool-to-every-position", ((0.7, 0.7), (0.7, 0.7))),),
)


def test_every_cell_within_its_figures_is_right() -> None:
    verdict = grade(DW, "[[0.125, -0.5, 1.25], [2, 0.0004, -0.0375]]")
    assert verdict.correct and verdict.score == 1.0
    assert verdict.expected.startswith("[[0.125")


def test_grid_cells_grade_like_pasted_text() -> None:
    assert grade(DW, [["0.1251", "-.5", "1.25"], ["2.00", "0", "-3.75e-2"]]).correct


def test_wrong_cells_are_listed_and_scored_in_partial_mode() -> None:
    verdict = grade(DW, "[[0.125, -0.5, 1.3], [2, 0, -0.0375]]")
    assert not verdict.correct
    assert verdict.wrong_cells == ((0, 2),)
    assert "1 of 6 cells is not right: row 1, column 3" in verdict.message
    partial = grade(DW, "[[0.125, -0.5, 1.3], [2, 0, -0.0375]]", scoring="partial")
    assert partial.score == 5 / 6


def test_a_transposed_response_is_a_format_error_naming_both_shapes() -> None:
    verdict = grade(DW, "[[0.125, 2], [-0.5, 0], [1.25, -0.0375]]")
    assert not verdict.counts_as_attempt and verdict.expected == ""
    assert "Your matrix is 3 × 2, but the answer is 2 × 3. Did you transpose it?" in (
        verdict.format_error or ""
    )
    assert MISTAKES["transposed"].explanation in verdict.message


def test_another_wrong_shape_names_both_shapes_without_asking_about_a_transpose() -> None:
    verdict = grade(DW, "[[1, 2], [3, 4]]")
    assert verdict.format_error == (
        "Your matrix is 2 × 2, but the answer is 2 × 3. Give 2 rows of 3 numbers."
    )


def test_a_square_transpose_is_diagnosed_from_its_values() -> None:
    square = ((0.5, -1.0), (2.0, 0.25))
    question = Question(
        key=FamilyKey("batch-matrix-gradient", 1, 1),
        topic="batches",
        kind=Kind.MATRIX,
        prompt="dL/dW?",
        matrix=MatrixAnswer(square),
        matrix_mistakes=(MatrixMistake("transposed", transpose(square)),),
    )
    verdict = grade(question, "0.5 2\n-1 0.25")
    assert verdict.counts_as_attempt and verdict.mistake == "transposed"
    assert verdict.wrong_cells == ((0, 1), (1, 0))
    assert "It goes wrong at this step: arranging the gradient" in verdict.message


def test_whole_matrix_mistakes_are_named() -> None:
    assert grade(DW, "[[0.25, -1, 2.5], [4, 0, -0.075]]").mistake == "sum-not-mean"
    assert grade(DW, "[[-0.125, 0.5, -1.25], [-2, 0, 0.0375]]").mistake == "error-sign"
    assert grade(POOL, "[[0.7, 0.7], [0.7, 0.7]]").mistake == "pool-to-every-position"


def test_a_partly_matching_response_is_not_diagnosed() -> None:
    verdict = grade(DW, "[[-0.125, 0.5, -1.25], [-2, 0, 1]]")
    assert verdict.mistake is None and len(verdict.wrong_cells) == 6 - 1


def test_unreadable_cells_are_format_errors_naming_the_cell() -> None:
    verdict = grade(DW, [["1", "2", "3"], ["4", "five", "6"]])
    assert verdict.format_error is not None
    assert verdict.format_error.startswith("Row 2, column 2:")
