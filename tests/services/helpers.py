"""Answers for tests: a right one, a wrong one, and one that makes a known mistake."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.services.exam_report import right_response
from questions.grading import grade
from questions.model import Kind, Question

__all__ = ["Clock", "mistaken_response", "right_response", "wrong_response"]


class Clock:
    """A clock the test moves by hand; calling it gives the time now."""

    def __init__(self, start: datetime) -> None:
        self.time = start

    def __call__(self) -> datetime:
        return self.time

    def advance(self, **delta: float) -> datetime:
        """Move time forward, e.g. advance(minutes=2)."""
        self.time += timedelta(**delta)
        return self.time


START = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)
"""A Monday morning tests start from."""


def wrong_response(question: Question) -> object:
    """A readable response that grading marks wrong."""
    if question.kind is Kind.NUMERIC:
        assert question.answer is not None
        candidates: list[object] = [question.answer.value * 3 + 1, -question.answer.value - 7]
    elif question.kind is Kind.SINGLE:
        candidates = [i for i, c in enumerate(question.choices) if not c.correct]
    elif question.kind is Kind.MULTIPLE:
        candidates = [[i] for i, c in enumerate(question.choices) if not c.correct]
        candidates += [list(range(len(question.choices)))]
    elif question.kind is Kind.MATRIX:
        assert question.matrix is not None
        rows, columns = question.matrix.shape
        candidates = [[["12345"] * columns for _ in range(rows)]]
    elif question.kind is Kind.FORMULA:
        assert question.formula is not None
        candidates = [f"12345 + {question.formula.names[0]}"]
    else:
        candidates = [["12345"] * len(question.guided)]
    for response in candidates:
        verdict = grade(question, response)
        if verdict.counts_as_attempt and not verdict.correct:
            return response
    raise AssertionError(f"no wrong response found for {question.key}")


def mistaken_response(question: Question) -> tuple[float, str]:
    """A numeric response that one of the question's mistake models gives, and its id."""
    assert question.mistakes, f"{question.key} has no mistake values"
    first = question.mistakes[0]
    return first.value, first.mistake
