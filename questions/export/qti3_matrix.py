"""A matrix question as one QTI 3.0 item: a table of float text entries, one per cell.

Each cell has its own response (`R1_2` for row 1, column 2) and is compared by `qti-equal`
within its sig-fig band, as the app grades it: SCORE is 1 when every cell is right (the
app's all-or-nothing rule for a matrix) and 0 otherwise; a whole-matrix mistake (every
cell within the band of the mistake's matrix) shows its modal feedback; one of another
shape (a transposed matrix) cannot be typed into the grid and is left out of the item.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from questions.export.common import mistake_feedback, number, solution_lines
from questions.export.matrix_export import how_to_answer
from questions.export.qti3_item import (
    base_value,
    declare,
    flow,
    item_root,
    modal,
    multiple_of,
    outcomes,
    set_outcome,
    solution_feedback,
    within,
)
from questions.model import MatrixAnswer, NumericAnswer, Question


def cell_id(row: int, column: int) -> str:
    """The response identifier of a cell, counted from 1."""
    return f"R{row + 1}_{column + 1}"


def matrix_item(q: Question, ident: str) -> ET.Element:
    """The question as a `qti-assessment-item` with a grid of text entries."""
    answer = q.matrix
    if answer is None:
        raise ValueError(f"{q.key} is not a matrix question")
    root = item_root(q, ident)
    for r, row in enumerate(answer.rows):
        for c, value in enumerate(row):
            response = declare(root, "qti-response-declaration", cell_id(r, c), "single", "float")
            correct = ET.SubElement(response, "qti-correct-response")
            ET.SubElement(correct, "qti-value").text = number(value)
    outcomes(root)
    body = ET.SubElement(root, "qti-item-body")
    flow(body, "p", q.prompt)
    flow(body, "p", how_to_answer(q))
    grid = ET.SubElement(ET.SubElement(body, "table"), "tbody")
    for r, row in enumerate(answer.rows):
        cells = ET.SubElement(grid, "tr")
        for c in range(len(row)):
            ET.SubElement(
                ET.SubElement(cells, "td"),
                "qti-text-entry-interaction",
                {"response-identifier": cell_id(r, c), "expected-length": "10"},
            )
    processing = ET.SubElement(root, "qti-response-processing")
    condition = ET.SubElement(processing, "qti-response-condition")
    branch = ET.SubElement(condition, "qti-response-if")
    branch.append(_every_cell(answer, answer.rows))
    set_outcome(branch, "SCORE", base_value("float", "1"))
    named = [  # a mistake of another shape (transposed) cannot be typed into this grid
        (n, m)
        for n, m in enumerate(q.matrix_mistakes, 1)
        if mistake_feedback(m.mistake) and _shape(m.rows) == _shape(answer.rows)
    ]
    for n, mistake in named:
        elif_ = ET.SubElement(condition, "qti-response-else-if")
        elif_.append(_every_cell(answer, mistake.rows))
        set_outcome(elif_, "FEEDBACK", multiple_of(base_value("identifier", f"MISTAKE{n}")))
    solution_feedback(processing, q)
    modal(root, "SOLUTION", solution_lines(q))
    for n, mistake in named:
        modal(root, f"MISTAKE{n}", [mistake_feedback(mistake.mistake)])
    return root


def _every_cell(answer: MatrixAnswer, rows: tuple[tuple[float, ...], ...]) -> ET.Element:
    """True when every cell's response is within the band of the matching value of `rows`."""
    every = ET.Element("qti-and")
    band = NumericAnswer(0.0, answer.sigfigs, answer.zero_band)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            every.append(within(base_value("float", number(value)), band, value, cell_id(r, c)))
    return every


def _shape(rows: tuple[tuple[float, ...], ...]) -> tuple[int, int]:
    return len(rows), len(rows[0])
