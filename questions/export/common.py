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
from collections.abc import Iterable
from dataclasses import dataclass

from questions.formula import as_numeric
from questions.matrix import format_matrix
from questions.mistakes import MISTAKES
from questions.model import Kind, NumericAnswer, Question
from questions.numbers import format_number, tolerance
from questions.packs.expand import ITEM_TAG, VARIANT_TAG

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
    """The right answer as shown to an instructor: the value to its figures, the formula, or
    the choices."""
    if question.answer is not None and question.kind is Kind.NUMERIC:
        return format_number(question.answer.value, question.answer.sigfigs)
    if question.formula is not None:
        return question.formula.math or question.formula.expression
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


def grade_fractions(question: Question) -> list[float]:
    """Percent per choice that gives a selection the score the app's grading gives it.

    Single choice: 100 for the right one. Multiple choice, partial credit (the pack default):
    each right pick +100/R and each wrong pick -100/R for R right choices; Moodle, GIFT and
    Canvas add the picks' percentages and floor the sum at 0, which is exactly
    max(0, (right picks - wrong picks) / R) (questions.grading). All-or-nothing cannot be
    written as percentages per choice; `scoring_notes` names the questions that need it, and
    they are written with partial credit. Values are from Moodle's grade list (R <= 10)."""
    if question.kind is not Kind.MULTIPLE:
        return [100.0 if c.correct else 0.0 for c in question.choices]
    right = sum(c.correct for c in question.choices)
    share = round(100.0 / right, 5)
    return [share if c.correct else -share for c in question.choices]


def scoring_notes(questions: Iterable[Question], fmt: str) -> tuple[str, ...]:
    """What a percentage-per-choice format cannot hold: all-or-nothing multiple choice."""
    strict = {title_of(q) for q in questions if q.kind is Kind.MULTIPLE and q.scoring != "partial"}
    if not strict:
        return ()
    names = ", ".join(sorted(strict))
    return (
        f"{fmt} cannot score all-or-nothing, so these are written with partial credit: {names}",
    )


def hint_notes(questions: Iterable[Question], fmt: str) -> tuple[str, ...]:
    """The hints a format cannot hold, named: "GIFT has no hints: dropped 3 (Mazur w5, …)"."""
    with_hints = [q for q in questions if q.hints]
    if not with_hints:
        return ()
    names = ", ".join(dict.fromkeys(title_of(q) for q in with_hints))
    total = sum(len(q.hints) for q in with_hints)
    return (f"{fmt} cannot hold hints: {total} dropped, from {names}",)


def numeric_forms(questions: Iterable[Question]) -> list[Question]:
    """The questions as a quiz format without formula answers (Moodle XML, GIFT) can carry
    them: a formula question asked as the value of the formula at a drawn point."""
    return [as_numeric(q) if q.kind is Kind.FORMULA else q for q in questions]


def formula_notes(questions: Iterable[Question], fmt: str) -> tuple[str, ...]:
    """The formula questions a format asks as numbers instead, named."""
    asked = [q for q in questions if q.kind is Kind.FORMULA]
    if not asked:
        return ()
    names = ", ".join(dict.fromkeys(title_of(q) for q in asked))
    return (
        f"{fmt} has no formula answers: {len(asked)} asked as the formula's value at a "
        f"drawn point instead, from {names}",
    )


def figures_sentence(answer: NumericAnswer) -> str:
    """What a numeric prompt asks for: 'Give the answer to 3 significant figures.'"""
    figures = "significant figure" if answer.sigfigs == 1 else "significant figures"
    return f"Give the answer to {answer.sigfigs} {figures}."


def item_of(question: Question) -> str:
    """The id of the pack question an exported question comes from ("" when untagged)."""
    return next((t[len(ITEM_TAG) :] for t in question.tags if t.startswith(ITEM_TAG)), "")


def title_of(question: Question) -> str:
    """A readable title for the pack question: its id in words ('mazur-w5' -> 'Mazur w5'),
    or the question's key when it has no pack question."""
    item = item_of(question)
    if not item:
        return name(question)
    words = " ".join(w for w in re.split(r"[-_.]+", item) if w) or item
    return xml_safe(words[:1].upper() + words[1:])[:MAX_TITLE]


MAX_TITLE = 200


@dataclass(frozen=True)
class Slot:
    """One pack question in an export: its title and its variants with readable names."""

    title: str
    variants: tuple[tuple[str, Question], ...]


def slots(questions: Iterable[Question]) -> list[Slot]:
    """The (flattened) questions grouped by pack question, in order, each named
    'Title · variant n' (just 'Title' when there is one, '· blank k' for a guided blank);
    an untagged question is a slot of its own named by its key."""
    groups: dict[str, list[Question]] = {}
    for n, q in enumerate(flatten(questions)):
        groups.setdefault(item_of(q) or f"\0{n}", []).append(q)
    out = []
    for members in groups.values():
        title = title_of(members[0])
        variants = {_tag(q, VARIANT_TAG) for q in members}
        named = []
        for q in members:
            label = title
            if len(variants) > 1:
                label += f" · variant {_tag(q, VARIANT_TAG)}"
            if _tag(q, BLANK_TAG):
                label += f" · blank {_tag(q, BLANK_TAG)}"
            named.append((label if item_of(q) else name(q), q))
        out.append(Slot(title if item_of(members[0]) else "", tuple(named)))
    return out


def _tag(question: Question, prefix: str) -> str:
    return next((t[len(prefix) :] for t in question.tags if t.startswith(prefix)), "")
