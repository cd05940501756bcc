"""Grade a formula response: evaluated where the reference is, diagnosed the same way.

The points come from `questions.formula.check_points`, seeded by the question's key, so the
same response gets the same verdict on every machine; a response that cannot be read or uses
a name that is not allowed is a format error, not an attempt.
"""

from __future__ import annotations

from questions import formula
from questions.grading_verdict import Verdict, answer_of
from questions.mistakes import MISTAKES
from questions.model import Question


def grade_formula(question: Question, response: object) -> Verdict:
    """Evaluate the typed formula where the reference is evaluated; diagnose a wrong one."""
    answer = answer_of(question, question.formula, "reference formula")
    if not isinstance(response, str):
        raise TypeError(f"a formula response is text, not {type(response).__name__}")
    try:
        program = formula.read_formula(response, answer.names)
    except formula.FormulaError as error:
        return Verdict.unreadable(str(error))
    points = formula.check_points(answer, str(question.key))
    reference = formula.read_formula(answer.expression, answer.names)
    typed = formula.values_at(program, points)
    shown = answer.math or answer.expression
    if formula.agree(typed, formula.values_at(reference, points)):
        return Verdict(True, 1.0, f"Correct: {shown}.", answer.expression)
    found = formula.diagnose_formula(typed, question.formula_mistakes, answer, points)
    known = MISTAKES.get(found) if found else None
    if known is None:
        message = f"Not quite: your formula differs from {shown} at some of the checked points."
        return Verdict(False, 0.0, message, answer.expression, mistake=found)
    message = f"{known.explanation} The formula is {shown}."
    return Verdict(False, 0.0, message, answer.expression, mistake=found)
