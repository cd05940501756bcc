"""The report after an exam: score overall and per topic, every question with its review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from questions.grading import Verdict, grade
from questions.model import TOPICS, Kind, Question, Step


@dataclass(frozen=True)
class ExamItem:
    """One exam question as reviewed afterwards: the response given, its verdict, the solution."""

    index: int
    question: Question
    response: str | None  # None: left blank
    verdict: Verdict
    flagged: bool

    @property
    def answered(self) -> bool:
        """True if the learner gave an answer."""
        return self.response is not None

    @property
    def solution(self) -> tuple[Step, ...]:
        """The worked solution to show next to the verdict."""
        return self.question.solution


@dataclass(frozen=True)
class TopicScore:
    """How one topic went: questions, right answers, and the mean score (0..1)."""

    topic: str
    questions: int
    correct: int
    score: float


@dataclass(frozen=True)
class ExamReport:
    """Score overall (mean of question scores, blanks count 0) and per topic, and every item."""

    score: float
    correct: int
    total: int
    topics: tuple[TopicScore, ...]
    items: tuple[ExamItem, ...]
    submitted_at: datetime
    timed_out: bool
    recorded: int  # attempts stored


def right_response(question: Question) -> object:
    """A response that is right, used to state the expected answer of a blank question."""
    if question.kind is Kind.NUMERIC and question.answer is not None:
        return question.answer.value
    if question.kind is Kind.SINGLE:
        return question.correct_indices[0]
    if question.kind is Kind.MULTIPLE:
        return list(question.correct_indices)
    if question.kind is Kind.MATRIX and question.matrix is not None:
        return [list(row) for row in question.matrix.rows]
    if question.kind is Kind.FORMULA and question.formula is not None:
        return question.formula.expression
    return [repr(step.value) for step in question.guided]


def blank_verdict(question: Question) -> Verdict:
    """The verdict of a question left blank: wrong, with the right answer as `expected` (a
    report shows it beside the message, so the message does not repeat it)."""
    expected = grade(question, right_response(question)).expected
    return Verdict(False, 0.0, "Not answered.", expected)


def make_report(
    items: Sequence[tuple[Question, str | None, Verdict | None]],
    flagged: Sequence[bool],
    submitted_at: datetime,
    timed_out: bool,
    recorded: int,
) -> ExamReport:
    """Score (question, response text, verdict) triples; a None verdict means left blank."""
    reviewed = tuple(
        ExamItem(i, q, response, verdict or blank_verdict(q), flag)
        for i, ((q, response, verdict), flag) in enumerate(zip(items, flagged, strict=True))
    )
    topics = []
    for topic in TOPICS:
        mine = [item for item in reviewed if item.question.topic == topic]
        if mine:
            topics.append(
                TopicScore(
                    topic,
                    len(mine),
                    sum(item.verdict.correct for item in mine),
                    sum(item.verdict.score for item in mine) / len(mine),
                )
            )
    total = len(reviewed)
    return ExamReport(
        score=sum(item.verdict.score for item in reviewed) / total if total else 0.0,
        correct=sum(item.verdict.correct for item in reviewed),
        total=total,
        topics=tuple(topics),
        items=reviewed,
        submitted_at=submitted_at,
        timed_out=timed_out,
        recorded=recorded,
    )
