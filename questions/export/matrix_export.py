"""Matrix questions in every export, one function per format (the formats call these).

- Moodle XML: a Cloze (multianswer) question, the prompt followed by a table with one
  NUMERICAL blank per cell, `{1:NUMERICAL:=v:tol}`, each with its cell's sig-fig band.
- GIFT has no form with several blanks: its nearest form is one numerical question per cell
  ("row 1, column 2 of the 2 × 3 matrix"), named KEY/blank-r1c2.
- Anki and CSV write the matrix out, `[[a, b], [c, d]]`; CSV's mistakes column holds each
  mistake's whole matrix.
- The PDF exam draws a grid of blanks the answer's shape (`blank_grid_html`).
"""

from __future__ import annotations

import dataclasses
import html
import json
import xml.etree.ElementTree as ET

from questions.export.common import BLANK_TAG, mathjax
from questions.matrix import format_matrix, shape_text
from questions.mistakes import MISTAKES
from questions.model import Kind, MatrixAnswer, NumericAnswer, Question
from questions.numbers import tolerance


def _answer(q: Question) -> MatrixAnswer:
    if q.matrix is None:
        raise ValueError(f"{q.key} is not a matrix question")
    return q.matrix


def exact(values: tuple[tuple[float, ...], ...]) -> str:
    """A matrix to full precision (12 figures, no float noise), as CSV's answer column."""
    return "[" + ", ".join("[" + ", ".join(f"{v:.12g}" for v in row) + "]" for row in values) + "]"


def matrix_answer_text(q: Question) -> str:
    """The right matrix to the figures asked, as an instructor reads it."""
    answer = _answer(q)
    return format_matrix(answer.rows, answer.sigfigs)


def how_to_answer(q: Question) -> str:
    """'Give the 2 × 3 matrix, every cell to 3 significant figures.'"""
    answer = _answer(q)
    return (
        f"Give the {shape_text(answer.shape)} matrix, every cell to {answer.sigfigs} "
        "significant figures."
    )


def mistake_lines(q: Question) -> list[str]:
    """'[[…]]: matrix transposed' for each whole-matrix mistake, as keys and cards list them."""
    answer = _answer(q)
    return [
        f"{format_matrix(m.rows, answer.sigfigs)}: {MISTAKES[m.mistake].name}"
        for m in q.matrix_mistakes
        if m.mistake in MISTAKES
    ]


# -- Moodle XML ------------------------------------------------------------------------------


def cloze_blank(value: float, answer: MatrixAnswer) -> str:
    """One cell's NUMERICAL blank with its sig-fig band as the tolerance."""
    band = tolerance(value, answer.sigfigs, answer.zero_band)
    return f"{{1:NUMERICAL:={value:.12g}:{band:.12g}}}"


def cloze_text(q: Question, prompt_html: str) -> str:
    """The Cloze question text: the prompt (its braces as entities, so no text of a pack can
    make a blank), what to give, and a table with a blank in every cell."""
    answer = _answer(q)
    safe = prompt_html.replace("{", "&#123;").replace("}", "&#125;")
    rows = "".join(
        "<tr>" + "".join(f"<td>{cloze_blank(v, answer)}</td>" for v in row) + "</tr>"
        for row in answer.rows
    )
    return f"<p>{safe}</p><p>{html.escape(how_to_answer(q))}</p><table>{rows}</table>"


def moodle_cloze(element: ET.Element, q: Question) -> None:
    """Turn a question element into a Cloze one: its type, the text with the blanks, and the
    matrices that come from a mistake added to the general feedback (Moodle grades the blanks
    one by one, so it cannot name a mistake of the whole matrix itself)."""
    element.set("type", "cloze")
    text = element.find("questiontext/text")
    feedback = element.find("generalfeedback/text")
    assert text is not None and feedback is not None
    text.text = cloze_text(q, mathjax(q.prompt))
    lines = "".join(f"<li>{mathjax(line)}</li>" for line in mistake_lines(q))
    if lines:
        feedback.text = (
            feedback.text or ""
        ) + f"<p>Matrices that come from a mistake:</p><ul>{lines}</ul>"


# -- GIFT ------------------------------------------------------------------------------------


def cell_questions(q: Question) -> list[Question]:
    """A matrix question as one numeric question per cell (GIFT's nearest form)."""
    answer = _answer(q)
    rows, columns = answer.shape
    return [
        dataclasses.replace(
            q,
            kind=Kind.NUMERIC,
            prompt=f"{q.prompt}\n\nRow {r + 1}, column {c + 1} of the "
            f"{shape_text((rows, columns))} matrix:",
            answer=NumericAnswer(value, answer.sigfigs, answer.zero_band),
            matrix=None,
            matrix_mistakes=(),
            tags=(*q.tags, f"{BLANK_TAG}r{r + 1}c{c + 1}"),  # its name: KEY/blank-r1c2
        )
        for r, row in enumerate(answer.rows)
        for c, value in enumerate(row)
    ]


# -- CSV -------------------------------------------------------------------------------------


def csv_columns(q: Question) -> tuple[str, str, str]:
    """(answer, sigfigs, mistakes) columns: the matrix written out, and each mistake's."""
    answer = _answer(q)
    mistakes = [{"mistake": m.mistake, "value": m.rows} for m in q.matrix_mistakes]
    return exact(answer.rows), str(answer.sigfigs), json.dumps(mistakes) if mistakes else ""


# -- PDF -------------------------------------------------------------------------------------


def blank_grid_html(q: Question) -> str:
    """A table of empty boxes the answer's shape, for a printed exam."""
    rows, columns = _answer(q).shape
    cell = '<td width="90">&nbsp;</td>'
    grid = "".join("<tr>" + cell * columns + "</tr>" for _ in range(rows))
    return (
        f"<p>{html.escape(how_to_answer(q))}</p>"
        f'<table border="1" cellspacing="0" cellpadding="9">{grid}</table>'
    )
