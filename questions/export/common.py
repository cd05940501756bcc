"""What every export shares: pack text made safe for HTML, math for MathJax, solutions, names.

Pack text is data: it is HTML-escaped before it goes into any export, and inline math
written $...$ becomes MathJax's \\( ... \\), which Moodle and Anki both typeset. A guided
question (one blank per node) becomes one numeric question per blank, since no export
format has a guided type.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable, Sequence

from questions.matrix import format_matrix
from questions.mistakes import MISTAKES
from questions.model import Kind, NumericAnswer, Question
from questions.numbers import format_number, tolerance

_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold (a pack may escape them in)."""
    return _NOT_XML.sub("", text)


def mathjax(text: str) -> str:
    """Plain text with $...$ math as HTML: escaped, math as \\( ... \\), lines as <br>."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # one kind of line break, as XML has
    parts = []
    last = 0
    for match in _MATH.finditer(text):
        parts.append(_plain_html(text[last : match.start()]))
        parts.append(r"\(" + html.escape(match[1], quote=False) + r"\)")
        last = match.end()
    parts.append(_plain_html(text[last:]))
    return xml_safe("".join(parts))


def _plain_html(text: str) -> str:
    return html.escape(text.replace(r"\$", "$"), quote=False).replace("\n", "<br>")


def plain(text: str) -> str:
    """Text with $...$ math markers dropped, for exports that show plain text (CSV, GIFT names)."""
    return _MATH.sub(lambda m: m[1], text).replace(r"\$", "$")


BLANK_TAG = "blank:"  # flatten tags each blank of a guided question with its number


def name(question: Question) -> str:
    """A question's name in an export: its key, which regenerates it, and for one blank of a
    guided question the blank's number, so every exported question has a name of its own."""
    blank = next((t[len(BLANK_TAG) :] for t in question.tags if t.startswith(BLANK_TAG)), "")
    return xml_safe(f"{question.key}/blank-{blank}" if blank else str(question.key))


def solution_lines(question: Question) -> list[str]:
    """The worked solution, one line per step: title, formula, numbers and result."""
    lines = []
    for step in question.solution:
        line = step.title
        if step.formula:
            line += f": {step.formula}"
        if step.substituted:
            line += f"; {step.substituted}"
        if step.result:
            line += f" = {step.result}"
        lines.append(line)
    return lines


def solution_html(question: Question) -> str:
    """The worked solution as an HTML ordered list (empty when the question has none)."""
    items = "".join(f"<li>{mathjax(line)}</li>" for line in solution_lines(question))
    return f"<ol>{items}</ol>" if items else ""


def answer_text(question: Question) -> str:
    """The right answer as shown to an instructor: the value to its figures, or the choices."""
    if question.answer is not None and question.kind is Kind.NUMERIC:
        return format_number(question.answer.value, question.answer.sigfigs)
    if question.matrix is not None and question.kind is Kind.MATRIX:
        return format_matrix(question.matrix.rows, question.matrix.sigfigs)
    return " | ".join(c.text for c in question.choices if c.correct)


def band(answer: NumericAnswer) -> float:
    """The absolute tolerance Moodle and GIFT get: the sig-fig band of the grading rule."""
    return tolerance(answer.value, answer.sigfigs, answer.zero_band)


def mistake_feedback(mistake_id: str | None) -> str:
    """'Mistake: <name>. <explanation>' for a mistake model's id ("" for none)."""
    if mistake_id is None or mistake_id not in MISTAKES:
        return ""
    m = MISTAKES[mistake_id]
    return f"Mistake: {m.name}. {m.explanation}"


def number(value: float) -> str:
    """A value in an answer field: enough digits to be exact to the grading band, no noise."""
    return f"{value:.12g}"


def flatten(questions: Iterable[Question]) -> list[Question]:
    """Guided questions split into one numeric question per blank; others unchanged."""
    out: list[Question] = []
    for q in questions:
        if q.kind is not Kind.GUIDED:
            out.append(q)
            continue
        total = len(q.guided)
        for n, step in enumerate(q.guided, 1):
            out.append(
                dataclasses.replace(
                    q,
                    kind=Kind.NUMERIC,
                    prompt=f"{q.prompt}\n\nBlank {n} of {total}: {step.prompt} ({step.node})",
                    answer=NumericAnswer(step.value, step.sigfigs),
                    mistakes=(),
                    guided=(),
                    tags=(*q.tags, f"{BLANK_TAG}{n}"),
                )
            )
    return out


def grade_fractions(correct: Sequence[bool]) -> list[float]:
    """Percent per choice for a multiple-answer question: right ones share 100, wrong ones
    share -100 (so ticking everything scores 0); values are from Moodle's grade list."""
    right = sum(correct)
    wrong = len(correct) - right
    return [
        round(100.0 / right, 5) if ok else (round(-100.0 / wrong, 5) if wrong else 0.0)
        for ok in correct
    ]
