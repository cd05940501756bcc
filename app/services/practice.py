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

from fsrs import Rating

from app.services.answering import AnswerOutcome, rerate, submit_answer
from app.services.content import check_topics, pick_skills
from app.services.context import Context
from app.services.study import SessionError
from app.store.records import StudySession as SessionRecord
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


class PracticeQuiz:
    """`next()` then `submit()` for each of `count` questions; feedback comes with each outcome."""

    def __init__(
        self,
        ctx: Context,
        profile_id: int,
        topics: Iterable[str],
        count: int,
        level: int,
        rng: random.Random | None = None,
    ) -> None:
        self.ctx, self.profile_id = ctx, profile_id
        self.topics = check_topics(topics)
        self.level = level
        self._plan = pick_skills(ctx.content, self.topics, count, level, rng)
        settings = {"topics": list(self.topics), "count": count, "level": level}
        self.record: SessionRecord = ctx.repo.start_session(
            profile_id, "practice", settings, started_at=ctx.utc_now()
        )
        self._current: Question | None = None
        self._last: AnswerOutcome | None = None
        self._done = self._correct = 0

    def next(self) -> Question | None:
        """The question to answer now (a fresh variant for a family), or None when done."""
        if self._current is None and self._done < len(self._plan):
            self._current = self.ctx.content.question(self._plan[self._done])
        if self._current is None:
            self.finish()
        return self._current

    def submit(self, response: object, hints_used: int = 0, seconds: float = 0.0) -> AnswerOutcome:
        """Grade the current question, store it and reschedule its skill (unless unreadable)."""
        if self._current is None:
            raise SessionError("there is no question to answer: call next() first")
        outcome = submit_answer(
            self.ctx, self.profile_id, self._current, response, mode="practice",
            session_id=self.record.id, hints_used=hints_used, seconds=seconds,
        )  # fmt: skip
        if outcome.recorded:
            self._done += 1
            self._correct += outcome.verdict.correct
            self._current = None
            self._last = outcome
        return self._with_progress(outcome)

    def override(self, rating: Rating | int | str) -> AnswerOutcome:
        """Replace the rating of the last answer; its skill is rescheduled from before it."""
        self._last = rerate(self.ctx, self.profile_id, self._last, rating)
        return self._with_progress(self._last)

    def _with_progress(self, outcome: AnswerOutcome) -> AnswerOutcome:
        return replace(outcome, done=self._done, remaining=len(self._plan) - self._done)

    @property
    def progress(self) -> QuizProgress:
        """Questions answered, right, and in the quiz."""
        return QuizProgress(self._done, self._correct, len(self._plan))

    def finish(self) -> SessionRecord:
        """Close the quiz with its share of right answers (None if nothing was answered)."""
        score = self._correct / self._done if self._done else None
        self.record = self.ctx.repo.finish_session(self.record.id, score, self.ctx.utc_now())
        return self.record
