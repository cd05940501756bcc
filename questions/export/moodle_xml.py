"""Moodle XML: numerical questions with their tolerance and mistakes, multichoice with feedback,
Cloze questions for matrices (one NUMERICAL blank per cell: questions/export/matrix_export.py).

Each pack question's variants go into a category of their own,
`$course$/<pack title>/<question title>`, named "Mazur w5 · variant 3", so a quiz can draw
one random variant per slot. A numeric question's prompt says the figures asked; its right
answer carries the sig-fig band as its absolute tolerance, and each mistake model's value
follows as a 0% answer with its own band, whose feedback names the mistake. Choice
questions carry each choice's explanation as its feedback; a multiple-answer one's
percentages score a selection as the app does (common.grade_fractions). All pack text is
HTML-escaped (then XML-escaped by the writer): nothing a pack holds can inject markup.
Category names are written so that Moodle's cleaning (PARAM_TEXT: strip_tags) keeps them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from questions.export.common import (
    band,
    figures_sentence,
    grade_fractions,
    mathjax,
    mistake_feedback,
    name,
    number,
    numeric_forms,
    slots,
    solution_html,
    xml_safe,
)
from questions.export.matrix_export import moodle_cloze
from questions.model import Kind, NumericAnswer, Question

PENALTY = "0.3333333"
IDNUMBER_MAX = 100  # Moodle's question_bank_entries.idnumber column; longer ones are left out


MAX_CATEGORY = 255  # question_categories.name
_ANGLES = str.maketrans({"<": "‹", ">": "›"})
_AMPERSAND = re.compile(r"\s*&\s*")


def category_name(text: str) -> str:
    """One level of a category path as Moodle keeps it: one line, `<` and `>` as ‹ ›
    (strip_tags would drop a `<…>` span), `&` spaced ("R & D": never read as an entity),
    a '/' doubled (Moodle's escape for it in a path), at most 255 characters."""
    name = " ".join(xml_safe(text).translate(_ANGLES).split())
    name = _AMPERSAND.sub(" & ", name).strip()[:MAX_CATEGORY]
    return name.replace("/", "//")


def category_path(title: str, *below: str) -> str:
    """`$course$/Pack title[/Question title]`, each level cleaned by category_name."""
    return "/".join(["$course$", *(category_name(t) for t in (title, *below))])


def moodle_xml(title: str, questions: Sequence[Question]) -> str:
    """The whole quiz file: for each pack question a category, then its variants."""
    quiz = ET.Element("quiz")
    for slot in slots(numeric_forms(questions)):
        category = ET.SubElement(quiz, "question", type="category")
        where = (slot.title,) if slot.title else ()
        _text(ET.SubElement(category, "category"), category_path(title, *where))
        for label, question in slot.variants:
            quiz.append(_question(question, label))
    ET.indent(quiz, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode")


def _text(parent: ET.Element, value: str) -> ET.Element:
    ET.SubElement(parent, "text").text = value
    return parent


def _html(parent: ET.Element, tag: str, value: str) -> None:
    _text(ET.SubElement(parent, tag, format="html"), value)


def _question(q: Question, label: str) -> ET.Element:
    numeric = q.kind is Kind.NUMERIC and q.answer is not None
    element = ET.Element("question", type="numerical" if numeric else "multichoice")
    _text(ET.SubElement(element, "name"), label)
    prompt = mathjax(q.prompt)
    if numeric and q.answer is not None:
        prompt += f"<p>{figures_sentence(q.answer)}</p>"
    _html(element, "questiontext", prompt)
    _html(element, "generalfeedback", solution_html(q))
    ET.SubElement(element, "defaultgrade").text = "1.0000000"
    ET.SubElement(element, "penalty").text = PENALTY
    ET.SubElement(element, "hidden").text = "0"
    if len(name(q)) <= IDNUMBER_MAX:
        ET.SubElement(element, "idnumber").text = name(q)
    if q.kind is Kind.MATRIX:
        moodle_cloze(element, q)
    elif numeric:
        _numerical(element, q)
    else:
        _multichoice(element, q)
    for hint in q.hints:
        _html(element, "hint", mathjax(hint))
    return element


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str, fmt: str) -> ET.Element:
    answer = ET.SubElement(parent, "answer", fraction=f"{fraction:g}", format=fmt)
    _text(answer, text)
    _html(answer, "feedback", feedback)
    return answer


def _numerical(element: ET.Element, q: Question) -> None:
    assert q.answer is not None
    right = _answer(element, 100, number(q.answer.value), "Right.", "moodle_auto_format")
    ET.SubElement(right, "tolerance").text = number(band(q.answer))
    for m in q.mistakes:
        wrong = NumericAnswer(m.value, q.answer.sigfigs, q.answer.zero_band)
        feedback = mathjax(mistake_feedback(m.mistake))
        answer = _answer(element, 0, number(m.value), feedback, "moodle_auto_format")
        ET.SubElement(answer, "tolerance").text = number(band(wrong))
    ET.SubElement(element, "unitgradingtype").text = "0"
    ET.SubElement(element, "unitpenalty").text = "0.1000000"
    ET.SubElement(element, "showunits").text = "3"
    ET.SubElement(element, "unitsleft").text = "0"


def _multichoice(element: ET.Element, q: Question) -> None:
    single = q.kind is not Kind.MULTIPLE
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "true"
    ET.SubElement(element, "answernumbering").text = "abc"
    ET.SubElement(element, "showstandardinstruction").text = "1"
    _html(element, "correctfeedback", "Your answer is correct.")
    _html(element, "partiallycorrectfeedback", "Your answer is partially correct.")
    _html(element, "incorrectfeedback", "Your answer is incorrect.")
    for choice, fraction in zip(q.choices, grade_fractions(q), strict=True):
        feedback = mathjax(mistake_feedback(choice.mistake) or choice.explanation)
        _answer(element, fraction, mathjax(choice.text), feedback, "html")
