"""GIFT: the same questions as the Moodle XML export, in Moodle's plain-text quiz format.

Numeric questions are `{#` blocks with the right value and its sig-fig tolerance first,
then each mistake model's value as a 0% answer whose feedback names the mistake; choice
questions use `=` / `~` (and `~%50%` weights for multiple answers) with each choice's
explanation as `#` feedback; the worked solution is the `####` general feedback. GIFT has
no question with several blanks, so a matrix question becomes one numerical question per
cell. Texts are HTML (the `[html]` marker), escaped as HTML first and then for GIFT: a
backslash before each of ~ = # { } : and before a backslash.

Each pack question's variants follow a `$CATEGORY:` line of their own (as in Moodle XML),
named "Mazur w5 · variant 3"; the key that regenerates a question is its Moodle ID number,
written `// [id:…]` in the comment lines just before it, where Moodle's reader
(extract_idnumber_and_tags_from_comment) takes it. GIFT has no hints and no
all-or-nothing scoring: `gift_notes` names what an export leaves out.

Moodle's parser (question/format/gift/format.php) also reads two things at the start of a
choice or a feedback, after trimming spaces, that no backslash escapes: `%50%` as the
choice's weight and `[markdown]`, `[html]`, `[plain]` or `[moodle]` as its format. So a
field starting with `%` or `[` gets that character as an HTML entity, which shows the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from questions.export.common import (
    band,
    figures_sentence,
    flatten,
    formula_notes,
    grade_fractions,
    hint_notes,
    mathjax,
    mistake_feedback,
    name,
    number,
    numeric_forms,
    scoring_notes,
    slots,
    solution_html,
)
from questions.export.matrix_export import cell_questions
from questions.export.moodle_xml import IDNUMBER_MAX, category_path
from questions.model import Kind, NumericAnswer, Question

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"} | {"\n": " ", "\r": " "})
_TRIMMED = " \t\n\r\0\x0b"  # what PHP's trim() removes before Moodle looks at a field
_LEADING = {"%": "&#37;", "[": "&#91;"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
    """The whole GIFT file: for each pack question a category line, then its variants (a
    matrix as one numerical question per cell, its nearest form)."""
    carried = [
        c
        for q in numeric_forms(questions)
        for c in (cell_questions(q) if q.kind is Kind.MATRIX else [q])
    ]
    blocks = []
    for slot in slots(carried):
        where = (slot.title,) if slot.title else ()
        blocks.append(f"$CATEGORY: {category_path(title, *where)}")
        blocks.extend(_question(q, label) for label, q in slot.variants)
    return "\n\n".join(blocks) + "\n"


def gift_notes(questions: Sequence[Question]) -> tuple[str, ...]:
    """What a GIFT file of these questions cannot hold, for the export summary."""
    flat = flatten(questions)
    notes = (*hint_notes(flat, "GIFT"), *scoring_notes(flat, "GIFT"))
    return (*notes, *formula_notes(flat, "GIFT"))


def id_comment(question: Question) -> str:
    """`// [id:KEY]`: the ID number Moodle reads from a question's comment lines (a ']'
    escaped as '\\]', no control characters), or "" when it is over Moodle's 100."""
    key = name(question)
    if len(key) > IDNUMBER_MAX:
        return ""
    return "// [id:" + _CONTROL.sub("", key).replace("]", "\\]") + "]\n"


def _question(q: Question, label: str) -> str:
    prompt = mathjax(q.prompt)
    if q.kind is Kind.NUMERIC and q.answer is not None:
        prompt += f"<p>{figures_sentence(q.answer)}</p>"
    head = f"::{escape(label)}::[html]{escape(prompt)}"
    if q.kind is Kind.NUMERIC and q.answer is not None:
        lines = [f"{head} {{#", f"\t={number(q.answer.value)}:{number(band(q.answer))}#Right."]
        for m in q.mistakes:
            tol = band(NumericAnswer(m.value, q.answer.sigfigs, q.answer.zero_band))
            feedback = field(mathjax(mistake_feedback(m.mistake)))
            lines.append(f"\t=%0%{number(m.value)}:{number(tol)}#{feedback}")
    else:
        lines = [f"{head} {{"]
        multiple = q.kind is Kind.MULTIPLE
        for choice, fraction in zip(q.choices, grade_fractions(q), strict=True):
            ok = choice.correct
            mark = f"~%{fraction:g}%" if multiple else ("=" if ok else "~")
            feedback = field(mathjax(mistake_feedback(choice.mistake) or choice.explanation))
            lines.append(f"\t{mark}{field(mathjax(choice.text))}#{feedback}")
    solution = solution_html(q)
    if solution:
        lines.append(f"\t####{escape(solution)}")
    lines.append("}")
    return f"// {_CONTROL.sub('', label)}\n{id_comment(q)}" + "\n".join(lines)
