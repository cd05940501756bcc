"""A study session: due reviews first (most overdue first), then new skills at a set pace.

New skills come in teaching order (see content.py). The pace is a number of new skills per
calendar day, counted from the day each skill was introduced, whatever the mode. The session
ends when nothing is due and the day's new skills are used up; a skill answered wrong comes
back once its short relearning step has passed, if the session is still going.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.services.answering import AnsweringSession, AnswerOutcome
from app.services.content import Skill
from app.services.context import Context
from app.services.scheduling import Memory, MemoryFormatError
from questions.model import Question


@dataclass(frozen=True)
class StudyProgress:
    """Answers recorded in the session and what is left of it."""

    done: int
    correct: int
    due_now: int
    new_left: int

    @property
    def remaining(self) -> int:
        """Questions left: reviews due now plus new skills still allowed today."""
        return self.due_now + self.new_left


def introduced_on_day(ctx: Context, profile_id: int) -> int:
    """How many skills the learner met for the first time today (their local day)."""
    offset, today = ctx.utc_offset(), ctx.today()
    count = 0
    for state in ctx.repo.review_states_by_topic(profile_id):
        try:
            introduced = Memory.from_json(state.card_json).introduced
        except MemoryFormatError:
            continue
        count += (introduced + offset).date() == today
    return count


class StudySession(AnsweringSession):
    """One sitting of spaced review; `next()` then `submit()`, until `next()` gives None."""

    mode = "study"

    def __init__(self, ctx: Context, profile_id: int, new_per_day: int) -> None:
        self.new_per_day = new_per_day
        super().__init__(ctx, profile_id, {"new_per_day": new_per_day})
        self._introduced = introduced_on_day(ctx, profile_id)
        known = ctx.repo.known_skills(profile_id)
        self._unseen: list[Skill] = [s for s in ctx.content.skills() if s.id not in known]
        self._skipped: set[str] = set()

    def _new_left(self) -> int:
        return min(max(self.new_per_day - self._introduced, 0), len(self._unseen))

    def _next_due(self) -> Skill | None:
        """The most overdue skill that can still be asked (skills no longer offered are skipped)."""
        now = self.ctx.utc_now()
        while True:
            states = self.ctx.repo.due_reviews(self.profile_id, now, len(self._skipped) + 1)
            state = next((s for s in states if s.skill not in self._skipped), None)
            if state is None:
                return None
            skill = self.ctx.content.skill(state.skill)
            if skill is not None:
                return skill
            self._skipped.add(state.skill)

    def next(self) -> Question | None:
        """The question to answer now: the current one, a due review, a new skill, or None."""
        if self._current is not None:
            return self._current
        skill = self._next_due()
        if skill is None and self._new_left() > 0:
            known = self.ctx.repo.known_skills(self.profile_id)
            self._unseen = [s for s in self._unseen if s.id not in known]
            skill = self._unseen[0] if self._unseen else None
        if skill is None:
            self.finish()
            return None
        self._current = self.ctx.content.question(skill)
        return self._current

    def _answered(self, question: Question) -> None:
        """A new skill answered for the first time counts toward today's pace."""
        if self._unseen and self._unseen[0].id == question.key.skill:
            self._unseen.pop(0)
            self._introduced += 1

    def _with_progress(self, outcome: AnswerOutcome) -> AnswerOutcome:
        progress = self.progress
        return replace(
            outcome, due_now=progress.due_now, done=progress.done, remaining=progress.remaining
        )

    @property
    def progress(self) -> StudyProgress:
        """Answers so far, and reviews due now plus new skills left today."""
        due = max(self.ctx.due_now(self.profile_id) - len(self._skipped), 0)
        return StudyProgress(self._done, self._correct, due, self._new_left())
