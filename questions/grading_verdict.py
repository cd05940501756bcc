"""The outcome of grading one response: what every grader returns and the pages show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scoring = Literal["all-or-nothing", "partial"]
EXACT_FIGURES = 6  # figures shown for "the exact value": more than any question asks for


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

    @property
    def counts_as_attempt(self) -> bool:
        """False for a format error: a response that could not be read is not an attempt."""
        return self.format_error is None


def unreadable(message: str) -> Verdict:
    """A format-error verdict; it leaves `expected` empty so a typo never reveals the answer."""
    return Verdict(correct=False, score=0.0, message=message, format_error=message)
