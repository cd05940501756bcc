"""Moodle XML: numerical questions with their tolerance and mistakes, multichoice with feedback,
Cloze questions for matrices (one NUMERICAL blank per cell: questions/export/matrix_export.py).

Every question goes into one category named after the pack (`$course$/Pack title`). A
numeric question's right answer carries the sig-fig band as its absolute tolerance, and
each mistake model's value follows as a 0% answer with its own band, whose feedback names
the mistake, so Moodle tells a learner which mistake their number came from. Choice
questions carry each choice's explanation as its feedback; multiple-answer ones share
100% among the right choices and -100% among the wrong ones. All pack text is HTML-escaped
(then XML-escaped by the writer): nothing a pack holds can inject markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
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
    xml_safe,
)
from questions.export.matrix_export import moodle_cloze
from questions.model import Kind, NumericAnswer, Question

PENALTY = "0.3333333"
IDNUMBER_MAX = 100  # Moodle's question_bank_entries.idnumber column; longer ones are left out


def category_path(title: str) -> str:
    """`$course$/Title`, with a '/' inside the title doubled as Moodle reads it."""
    return "$course$/" + " ".join(xml_safe(title).split()).replace("/", "//")


def moodle_xml(title: str, questions: Sequence[Question]) -> str:
    """The whole quiz file: a category for the pack, then every question."""
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", type="category")
    _text(ET.SubElement(category, "category"), category_path(title))
    for question in flatten(questions):
        quiz.append(_question(question))
    ET.indent(quiz, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode")


def _text(parent: ET.Element, value: str) -> ET.Element:
    ET.SubElement(parent, "text").text = value
    return parent


def _html(parent: ET.Element, tag: str, value: str) -> None:
    _text(ET.SubElement(parent, tag, format="html"), value)


def _question(q: Question) -> ET.Element:
    numeric = q.kind is Kind.NUMERIC and q.answer is not None
    element = ET.Element("question", type="numerical" if numeric else "multichoice")
    _text(ET.SubElement(element, "name"), name(q))
    _html(element, "questiontext", mathjax(q.prompt))
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
    correct = [c.correct for c in q.choices]
    fractions = [100.0 if ok else 0.0 for ok in correct] if single else grade_fractions(correct)
    for choice, fraction in zip(q.choices, fractions, strict=True):
        feedback = mathjax(mistake_feedback(choice.mistake) or choice.explanation)
        _answer(element, fraction, mathjax(choice.text), feedback, "html")
