"""A study session: due reviews first (most overdue first), then new skills at a set pace.

New skills come in teaching order (see content.py). The pace is a number of new skills per
calendar day, counted from the day each skill was introduced, whatever the mode. A skill
answered wrong comes back in the same session, as Anki's learning steps do: once its short
relearning step has passed or after RELEARN_AFTER other answers, whichever is sooner, and at
the end before the session closes, until it is answered right. The session ends when nothing
is due, the day's new skills are used up and every skill answered wrong was answered right.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from app.services.answering import AnswerOutcome
from app.services.content import Skill
from app.services.context import Context
from app.services.scheduling import Memory, memories
from app.services.session import AnsweringSession
from questions.model import Question

RELEARN_AFTER = 3
"""A skill answered wrong comes back after this many other answers (sooner once it is due)."""


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
    read = memories(ctx.repo.review_states_by_topic(profile_id))
    return count_introduced((memory for _state, memory in read), ctx)


def count_introduced(read: Iterable[Memory], ctx: Context) -> int:
    """How many of these memories were introduced today (the learner's local day)."""
    offset, today = ctx.utc_offset(), ctx.today()
    return sum((memory.introduced + offset).date() == today for memory in read)


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
        self._relearn: dict[str, int] = {}  # skill answered wrong -> answers done when it returns

    def _new_left(self) -> int:
        return min(max(self.new_per_day - self._introduced, 0), len(self._unseen))

    def _next_due(self) -> Skill | None:
        """The most overdue skill that can still be asked (skills no longer offered are skipped)."""
        now = self.ctx.utc_now()
        while True:
            left_out = self._skipped | self._relearn.keys()
            states = self.ctx.repo.due_reviews(self.profile_id, now, len(left_out) + 1)
            state = next((s for s in states if s.skill not in left_out), None)
            if state is None:
                return None
            skill = self.ctx.content.skill(state.skill)
            if skill is not None:
                return skill
            self._skipped.add(state.skill)

    def _due_again(self) -> set[str]:
        """The skills answered wrong whose relearning step has passed."""
        now = self.ctx.utc_now()
        states = (self.ctx.repo.get_review_state(self.profile_id, s) for s in self._relearn)
        return {s.skill for s in states if s is not None and s.due <= now}

    def _next_relearn(self, waited: bool) -> Skill | None:
        """A skill answered wrong that may come back now (any, once `waited` is False)."""
        due = self._due_again() if self._relearn else set()
        for skill_id, ready_at in sorted(self._relearn.items(), key=lambda item: item[1]):
            skill = self.ctx.content.skill(skill_id)
            if skill is None:  # no longer offered
                del self._relearn[skill_id]
                return self._next_relearn(waited)
            if not waited or self._done >= ready_at or skill_id in due:
                return skill
        return None

    def next(self) -> Question | None:
        """The question to answer now: the current one, a skill answered wrong whose wait is
        over, a due review, a new skill, then any skill still answered wrong, or None."""
        if self._current is not None:
            return self._current
        skill = self._next_relearn(waited=True) or self._next_due()
        if skill is None and self._new_left() > 0:
            known = self.ctx.repo.known_skills(self.profile_id)
            self._unseen = [s for s in self._unseen if s.id not in known]
            skill = self._unseen[0] if self._unseen else None
        if skill is None:
            skill = self._next_relearn(waited=False)
        if skill is None:
            self.finish()
            return None
        self._current = self._present(self.ctx.content.question(skill))
        return self._current

    def _answered(self, question: Question, correct: bool, extra: bool) -> None:
        """A new skill answered for the first time counts toward today's pace; a skill
        answered wrong comes back in this session, one answered right is done for now."""
        skill = question.key.skill
        if self._unseen and self._unseen[0].id == skill:
            self._unseen.pop(0)
            self._introduced += 1
        if correct:
            self._relearn.pop(skill, None)
        else:
            self._relearn[skill] = self._done + RELEARN_AFTER

    def _with_progress(self, outcome: AnswerOutcome) -> AnswerOutcome:
        progress = self.progress
        return replace(
            outcome, due_now=progress.due_now, done=progress.done, remaining=progress.remaining
        )

    @property
    def progress(self) -> StudyProgress:
        """Answers so far, and reviews due now (skills answered wrong included, due or not)
        plus new skills left today."""
        counted = self.ctx.due_now(self.profile_id) - len(self._skipped)
        due = max(counted - len(self._due_again()), 0) + len(self._relearn)
        return StudyProgress(self._done, self._correct, due, self._new_left())
