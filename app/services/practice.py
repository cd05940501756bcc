"""A practice quiz: chosen topics, a number of questions and a difficulty, feedback after each.

Practice answers are reviews too: each one is stored as an attempt (mode "practice") and
reschedules its skill exactly as in a study session, since a right answer is evidence of
memory whatever the page it was given on. A skill met first in practice counts toward the
day's new skills.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, replace

from app.services.answering import AnswerOutcome
from app.services.content import check_topics, pick_skills
from app.services.context import Context
from app.services.session import AnsweringSession
from questions.model import Question


@dataclass(frozen=True)
class QuizProgress:
    """Questions answered, right, and in the quiz."""

    done: int
    correct: int
    total: int

    @property
    def remaining(self) -> int:
        """Questions still to answer."""
        return self.total - self.done


class PracticeQuiz(AnsweringSession):
    """`next()` then `submit()` for each of `count` questions; feedback comes with each outcome."""

    mode = "practice"

    def __init__(
        self,
        ctx: Context,
        profile_id: int,
        topics: Iterable[str],
        count: int,
        level: int,
        rng: random.Random | None = None,
    ) -> None:
        self.topics = check_topics(topics)
        self.level = level
        self._plan = pick_skills(ctx.content, self.topics, count, level, rng)
        self._position = 0  # questions of the plan answered; extra variants come on top
        super().__init__(
            ctx, profile_id, {"topics": list(self.topics), "count": count, "level": level}
        )

    def next(self) -> Question | None:
        """The question to answer now (a fresh variant for a family), or None when done."""
        if self._current is None and self._position < len(self._plan):
            self._current = self._present(self.ctx.content.question(self._plan[self._position]))
        if self._current is None:
            self.finish()
        return self._current

    def _answered(self, question: Question, correct: bool, extra: bool) -> None:
        self._position += not extra

    def _with_progress(self, outcome: AnswerOutcome) -> AnswerOutcome:
        return replace(outcome, done=self._done, remaining=len(self._plan) - self._position)

    @property
    def progress(self) -> QuizProgress:
        """Questions answered (extra variants included), right, and in the quiz."""
        return QuizProgress(
            self._done, self._correct, len(self._plan) + self._done - self._position
        )
