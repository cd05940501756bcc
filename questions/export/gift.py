"""GIFT: the same questions as the Moodle XML export, in Moodle's plain-text quiz format.

Numeric questions are `{#` blocks with the right value and its sig-fig tolerance first,
then each mistake model's value as a 0% answer whose feedback names the mistake; choice
questions use `=` / `~` (and `~%50%` weights for multiple answers) with each choice's
explanation as `#` feedback; the worked solution is the `####` general feedback. GIFT has
no question with several blanks, so a matrix question becomes one numerical question per
cell. Texts are HTML (the `[html]` marker), escaped as HTML first and then for GIFT: a
backslash before each of ~ = # { } : and before a backslash.

Moodle's parser (question/format/gift/format.php) also reads two things at the start of a
choice or a feedback, after trimming spaces, that no backslash escapes: `%50%` as the
choice's weight and `[markdown]`, `[html]`, `[plain]` or `[moodle]` as its format. So a
field starting with `%` or `[` gets that character as an HTML entity, which shows the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from questions.export.common import (
    band,
    flatten,
    grade_fractions,
    mathjax,
    mistake_feedback,
    name,
    number,
    solution_html,
)
from questions.export.matrix_export import cell_questions
from questions.export.moodle_xml import category_path
from questions.model import Kind, NumericAnswer, Question

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"} | {"\n": " ", "\r": " "})
_TRIMMED = " \t\n\r\0\x0b"  # what PHP's trim() removes before Moodle looks at a field
_LEADING = {"%": "&#37;", "[": "&#91;"}


def escape(text: str) -> str:
    """Text safe inside GIFT: special characters backslashed, no line breaks."""
    return text.translate(_SPECIAL)


def field(html_text: str) -> str:
    """An HTML choice or feedback safe inside GIFT: escaped, and not read as a weight or a
    format switch (a leading `%` or `[` written as an entity)."""
    body = html_text.lstrip(_TRIMMED)
    if body[:1] in _LEADING:
        html_text = html_text[: len(html_text) - len(body)] + _LEADING[body[0]] + body[1:]
    return escape(html_text)


def gift(title: str, questions: Sequence[Question]) -> str:
    """The whole GIFT file: a category line for the pack, then one block per question."""
    blocks = [f"$CATEGORY: {category_path(title)}"]
    for q in flatten(questions):  # a matrix: one numerical question per cell, its nearest form
        blocks.extend(_question(c) for c in (cell_questions(q) if q.kind is Kind.MATRIX else [q]))
    return "\n\n".join(blocks) + "\n"


def _question(q: Question) -> str:
    head = f"::{escape(name(q))}::[html]{escape(mathjax(q.prompt))}"
    if q.kind is Kind.NUMERIC and q.answer is not None:
        lines = [f"{head} {{#", f"\t={number(q.answer.value)}:{number(band(q.answer))}#Right."]
        for m in q.mistakes:
            tol = band(NumericAnswer(m.value, q.answer.sigfigs, q.answer.zero_band))
            feedback = field(mathjax(mistake_feedback(m.mistake)))
            lines.append(f"\t=%0%{number(m.value)}:{number(tol)}#{feedback}")
    else:
        lines = [f"{head} {{"]
        correct = [c.correct for c in q.choices]
        multiple = q.kind is Kind.MULTIPLE
        fractions = grade_fractions(correct) if multiple else [0.0] * len(correct)
        for choice, ok, fraction in zip(q.choices, correct, fractions, strict=True):
            mark = f"~%{fraction:g}%" if multiple else ("=" if ok else "~")
            feedback = field(mathjax(mistake_feedback(choice.mistake) or choice.explanation))
            lines.append(f"\t{mark}{field(mathjax(choice.text))}#{feedback}")
    solution = solution_html(q)
    if solution:
        lines.append(f"\t####{escape(solution)}")
    lines.append("}")
    return f"// {name(q)}\n" + "\n".join(lines)
