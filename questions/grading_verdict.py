"""The outcome of grading one response: what every grader returns and the pages show."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

if TYPE_CHECKING:
    from questions.model import Question

Scoring = Literal["all-or-nothing", "partial"]
EXACT_FIGURES = 6  # figures shown for "the exact value": more than any question asks for


class Modelled(Protocol):
    """A mistake model's outcome as a question holds it: a number, a matrix, a formula."""

    @property
    def mistake(self) -> str: ...


M = TypeVar("M", bound=Modelled)
A = TypeVar("A")


@dataclass(frozen=True)
class Verdict:
    """The outcome of grading one response, with what to tell the learner."""

    correct: bool
    score: float  # 0..1
    message: str  # plain words for the learner
    expected: str = ""  # the exact value or right choices as text; empty on a format error
    format_error: str | None = None  # set when the response could not be read
    mistake: str | None = None  # id of the diagnosed mistake model
    wrong_cells: tuple[tuple[int, int], ...] = ()  # matrix: (row, column) of each wrong cell

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must lie in [0, 1], not {self.score}")

    @classmethod
    def unreadable(cls, message: str) -> Verdict:
        """A format-error verdict; it leaves `expected` empty so a typo never reveals the
        answer."""
        return cls(correct=False, score=0.0, message=message, format_error=message)

    @property
    def counts_as_attempt(self) -> bool:
        """False for a format error: a response that could not be read is not an attempt."""
        return self.format_error is None


def first_match(mistakes: Iterable[M], matches: Callable[[M], bool]) -> str | None:
    """Id of the first mistake the response matches, else None (earlier ones win a tie)."""
    return next((candidate.mistake for candidate in mistakes if matches(candidate)), None)


def answer_of(question: Question, answer: A | None, what: str) -> A:
    """The question's answer of its kind; a question without one is a bug in what made it."""
    if answer is None:
        raise ValueError(f"{question.kind} question {question.key} has no {what}")
    return answer
