"""Grade a matrix response: each cell by the significant-figure rule, the whole by diagnosis.

A response of the wrong shape is a format error naming both shapes (and asking whether the
matrix was transposed when it has the transpose's shape): the learner can fix it before it
counts. A response of the right shape is right when every cell is; otherwise the verdict
lists the wrong cells, and the whole response is compared with each mistake's matrix.
"""

from __future__ import annotations

from collections.abc import Sequence

from questions.diagnosis import where_it_enters
from questions.grading_verdict import (
    EXACT_FIGURES,
    Scoring,
    Verdict,
    answer_of,
    first_match,
)
from questions.matrix import (
    Matrix,
    cell_name,
    format_matrix,
    parse_matrix,
    shape_of,
    shape_text,
)
from questions.mistakes import MISTAKES
from questions.model import MatrixAnswer, MatrixMistake, Question
from questions.numbers import FormatError, within_sigfigs

MAX_LISTED_CELLS = 6  # wrong cells named in the message; the rest are counted


def wrong_cells(response: Matrix, answer: MatrixAnswer) -> tuple[tuple[int, int], ...]:
    """(row, column) of every cell outside its sig-fig band; shapes must already agree."""
    return tuple(
        (r, c)
        for r, (got_row, true_row) in enumerate(zip(response, answer.rows, strict=True))
        for c, (got, truth) in enumerate(zip(got_row, true_row, strict=True))
        if not within_sigfigs(got, truth, answer.sigfigs, answer.zero_band)
    )


def matches(response: Matrix, rows: Matrix, sigfigs: int, zero_band: float = 1e-3) -> bool:
    """True iff the two matrices have one shape and every cell agrees to `sigfigs` figures."""
    if shape_of(response) != shape_of(rows):
        return False
    return all(
        within_sigfigs(got, truth, sigfigs, zero_band)
        for got_row, true_row in zip(response, rows, strict=True)
        for got, truth in zip(got_row, true_row, strict=True)
    )


def diagnose_matrix(
    response: Matrix, mistakes: Sequence[MatrixMistake], sigfigs: int, zero_band: float = 1e-3
) -> str | None:
    """Id of the first mistake whose whole matrix the response matches, else None."""
    return first_match(mistakes, lambda m: matches(response, m.rows, sigfigs, zero_band))


def shape_problem(question: Question, response: Matrix) -> str | None:
    """The format-level message for a response of the wrong shape, or None if it fits."""
    answer = question.matrix
    assert answer is not None
    got, want = shape_of(response), answer.shape
    if got == want:
        return None
    message = f"Your matrix is {shape_text(got)}, but the answer is {shape_text(want)}."
    if got == want[::-1]:
        message += " Did you transpose it?"
    found = diagnose_matrix(response, question.matrix_mistakes, answer.sigfigs, answer.zero_band)
    known = MISTAKES.get(found) if found else None
    if known is not None:
        message += f" {known.explanation}"
    return message + f" Give {_rows(want[0])} of {_numbers(want[1])}."


def grade_matrix(
    question: Question, response: object, *, scoring: Scoring = "all-or-nothing"
) -> Verdict:
    """Right iff every cell is; "partial" scoring gives the share of right cells."""
    answer = answer_of(question, question.matrix, "matrix answer")
    try:
        cells = parse_matrix(response)
    except FormatError as error:
        return Verdict.unreadable(str(error))
    problem = shape_problem(question, cells)
    if problem:
        return Verdict.unreadable(problem)
    exact = format_matrix(answer.rows, max(EXACT_FIGURES, answer.sigfigs + 2), trim=True)
    wrong = wrong_cells(cells, answer)
    if not wrong:
        return Verdict(True, 1.0, "Every cell is within the tolerance of its exact value.", exact)
    total = answer.shape[0] * answer.shape[1]
    score = (total - len(wrong)) / total if scoring == "partial" else 0.0
    found = diagnose_matrix(cells, question.matrix_mistakes, answer.sigfigs, answer.zero_band)
    known = MISTAKES.get(found) if found else None
    if known is not None:
        where = where_it_enters(question, known.id) or f"It goes wrong at this step: {known.step}."
        message = f"{known.explanation} {where}"
    else:
        message = _which(wrong, total)
    return Verdict(False, score, message, exact, mistake=found, wrong_cells=wrong)


def _which(wrong: Sequence[tuple[int, int]], total: int) -> str:
    """'2 of 6 cells are not right: row 1, column 2; row 2, column 1.'"""
    named = "; ".join(cell_name(r, c) for r, c in wrong[:MAX_LISTED_CELLS])
    more = len(wrong) - MAX_LISTED_CELLS
    tail = f" and {more} more" if more > 0 else ""
    verb = "is" if len(wrong) == 1 else "are"
    return f"{len(wrong)} of {total} cells {verb} not right: {named}{tail}."


def _rows(n: int) -> str:
    return "1 row" if n == 1 else f"{n} rows"


def _numbers(n: int) -> str:
    return "1 number" if n == 1 else f"{n} numbers"
