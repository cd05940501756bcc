"""CSV: one row per question variant, for spreadsheets and other tools.

Columns: key, name ("Mazur w5 · variant 2"), type, prompt, answer (a numeric answer rounded
to the figures asked, the right choices, or a matrix written out as [[a, b], [c, d]]),
tolerance (the absolute band a response may be off by), sigfigs, scoring (of a
multiple-choice question), choices, mistakes and hints (one per line, as words: "✓ text:
why"), and the worked solution, one step per line. Texts are written as the pack has them
($...$ math kept); the csv module quotes every field that needs it, and the file starts with
a UTF-8 byte-order mark so spreadsheet programs read σ and ∂ as such. A text cell that a
spreadsheet would take for a formula (starting with = + - @, a tab or a carriage return)
gets a leading apostrophe, so opening the file never runs anything a pack holds; a cell that
is just a number (-0.00497, +1e-3) stays a number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from questions.export.common import band, name, number, slots, solution_lines
from questions.export.matrix_export import csv_columns
from questions.mistakes import MISTAKES
from questions.model import Kind, Question
from questions.numbers import format_number

COLUMNS = (
    "key",
    "name",
    "type",
    "prompt",
    "answer",
    "tolerance",
    "sigfigs",
    "scoring",
    "choices",
    "mistakes",
    "hints",
    "solution",
)
BOM = "\ufeff"
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
    """The CSV file's text: a header row, then one row per question (no byte-order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for slot in slots(questions):
        for label, q in slot.variants:
            writer.writerow(row(q, label))
    return buffer.getvalue()


def csv_file(_title: str, questions: Sequence[Question]) -> str:
    """The CSV file as written: its text after a UTF-8 byte-order mark."""
    return BOM + csv_text(questions)


def row(q: Question, label: str = "") -> list[str]:
    """One question as the CSV's columns."""
    answer = tolerance = sigfigs = ""
    if q.answer is not None and not q.choices:
        answer = format_number(q.answer.value, q.answer.sigfigs)
        tolerance, sigfigs = number(band(q.answer)), str(q.answer.sigfigs)
    elif q.formula is not None:
        answer = q.formula.expression  # in the app's formula syntax: "s * (1 - s)"
    else:
        answer = " | ".join(c.text for c in q.choices if c.correct)
    choices = [
        f"{'✓' if c.correct else '✗'} {c.text}" + (f": {c.explanation}" if c.explanation else "")
        for c in q.choices
    ]
    figures = q.answer.sigfigs if q.answer is not None else 3
    mistakes = [f"{format_number(m.value, figures)}: {_mistake(m.mistake)}" for m in q.mistakes]
    mistakes_text = "\n".join(mistakes)
    if q.kind is Kind.MATRIX:  # the matrix written out, and each mistake's whole matrix
        answer, sigfigs, mistakes_text = csv_columns(q)
    return [
        name(q),
        label or name(q),
        q.kind.value,
        inert(q.prompt),
        inert(answer),
        tolerance,
        sigfigs,
        q.scoring if q.kind is Kind.MULTIPLE else "",
        inert("\n".join(choices)),
        inert(mistakes_text),
        inert("\n".join(q.hints)),
        inert("\n".join(solution_lines(q))),
    ]


def _mistake(mistake_id: str) -> str:
    """A mistake model's name in words (its id when it has none)."""
    known = MISTAKES.get(mistake_id)
    return known.name if known is not None else mistake_id
