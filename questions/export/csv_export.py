"""CSV: one row per question variant, for spreadsheets and other tools.

Columns: key, type, prompt, answer (the value to full precision, the right choices, or a
matrix written out as [[a, b], [c, d]]),
sigfigs, choices and mistakes (JSON lists, so commas and quotes in them survive), and the
worked solution, one step per line. Texts are written as the pack has them ($...$ math
kept); the csv module quotes every field that needs it. A text cell that a spreadsheet would
take for a formula (starting with = + - @, a tab or a carriage return) gets a leading
apostrophe, so opening the file never runs anything a pack holds; a cell that is just a number
(-0.00497, +1e-3) stays a number.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

from questions.export.common import flatten, name, number, solution_lines
from questions.export.matrix_export import csv_columns
from questions.model import Kind, Question

COLUMNS = ("key", "type", "prompt", "answer", "sigfigs", "choices", "mistakes", "solution")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
"""A plain decimal number, which every spreadsheet reads as a number and none runs."""


def inert(text: str) -> str:
    """Text a spreadsheet shows as text: an apostrophe before a formula's first character;
    a number is left a number."""
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(questions: Sequence[Question]) -> str:
    """The CSV file's text: a header row, then one row per question."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for q in flatten(questions):
        writer.writerow(row(q))
    return buffer.getvalue()


def row(q: Question) -> list[str]:
    """One question as the CSV's columns."""
    if q.answer is not None and not q.choices:
        answer, sigfigs = number(q.answer.value), str(q.answer.sigfigs)
    else:
        answer, sigfigs = inert(" | ".join(c.text for c in q.choices if c.correct)), ""
    choices = [
        {"text": c.text, "correct": c.correct, "mistake": c.mistake, "explanation": c.explanation}
        for c in q.choices
    ]
    mistakes = [{"mistake": m.mistake, "value": m.value} for m in q.mistakes]
    mistakes_text = json.dumps(mistakes, ensure_ascii=False) if mistakes else ""
    if q.kind is Kind.MATRIX:  # the matrix written out, and each mistake's whole matrix
        answer, sigfigs, mistakes_text = csv_columns(q)
    return [
        name(q),
        q.kind.value,
        inert(q.prompt),
        answer,
        sigfigs,
        json.dumps(choices, ensure_ascii=False) if choices else "",
        mistakes_text,
        inert("\n".join(solution_lines(q))),
    ]
