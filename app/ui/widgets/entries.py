"""The answer entry for each kind of question, and its response as it stands while typing."""

from __future__ import annotations

from app.ui.widgets.answer_entry import AnswerEntry, ChoiceEntry, NumericEntry
from app.ui.widgets.formula_entry import FormulaEntry
from app.ui.widgets.guided_entry import GuidedEntry
from app.ui.widgets.matrix_entry import MatrixEntry
from app.ui.widgets.question_layout import QuestionLayout
from questions.model import Kind, Question


def make_entry(question: Question, view: QuestionLayout, exam_mode: bool) -> AnswerEntry:
    """The answer entry for a question's kind."""
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        return ChoiceEntry(question)
    if question.kind is Kind.NUMERIC:
        return NumericEntry(question)
    if question.kind is Kind.GUIDED:
        return GuidedEntry(question, view.diagram, feedback=not exam_mode)
    if question.kind is Kind.MATRIX:
        return MatrixEntry(question)
    if question.kind is Kind.FORMULA:
        return FormulaEntry(question)
    raise ValueError(f"no answer entry for questions of kind {question.kind!r}")


def draft_response(entry: AnswerEntry) -> object:
    """The response as it stands: a guided question's typed blanks too, checked or not
    (trailing empty ones left out), so an exam saves everything typed."""
    if isinstance(entry, GuidedEntry):
        texts = [edit.text() for edit in entry.edits]
        while texts and not texts[-1].strip():
            texts.pop()
        return texts
    return entry.response()
