"""A study session: due reviews first (most overdue first), then new skills at a set pace.

New skills come in teaching order (see content.py). The pace is a number of new skills per
calendar day, counted from the day each skill was introduced, whatever the mode. The session
ends when nothing is due and the day's new skills are used up; a skill answered wrong comes
back once its short relearning step has passed, if the session is still going.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fsrs import Rating

from app.services.answering import AnswerOutcome, rerate, submit_answer
from app.services.content import Skill
from app.services.context import Context
from app.services.scheduling import Memory, MemoryFormatError
from app.store.records import StudySession as SessionRecord
from questions.model import Question


class SessionError(RuntimeError):
    """A call that does not fit the session's state; the message says what to do instead."""


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


class StudySession:
    """One sitting of spaced review; `next()` then `submit()`, until `next()` gives None."""

    def __init__(self, ctx: Context, profile_id: int, new_per_day: int) -> None:
        self.ctx = ctx
        self.profile_id = profile_id
        self.new_per_day = new_per_day
        self.record: SessionRecord = ctx.repo.start_session(
            profile_id, "study", {"new_per_day": new_per_day}, started_at=ctx.utc_now()
        )
        self._introduced = introduced_on_day(ctx, profile_id)
        known = ctx.repo.known_skills(profile_id)
        self._unseen: list[Skill] = [s for s in ctx.content.skills() if s.id not in known]
        self._skipped: set[str] = set()
        self._current: Question | None = None
        self._last: AnswerOutcome | None = None
        self._done = self._correct = 0

    @property
    def current(self) -> Question | None:
        """The question waiting for an answer, if any."""
        return self._current

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

    def submit(self, response: object, hints_used: int = 0, seconds: float = 0.0) -> AnswerOutcome:
        """Grade the current question and reschedule its skill; unreadable answers store nothing."""
        question = self._current
        if question is None:
            raise SessionError("there is no question to answer: call next() first")
        outcome = submit_answer(
            self.ctx, self.profile_id, question, response, mode="study",
            session_id=self.record.id, hints_used=hints_used, seconds=seconds,
        )  # fmt: skip
        if outcome.recorded:
            self._done += 1
            self._correct += outcome.verdict.correct
            skill = question.key.skill
            if self._unseen and self._unseen[0].id == skill:
                self._unseen.pop(0)
                self._introduced += 1
            self._current = None
            self._last = outcome
        return self._with_progress(outcome)

    def override(self, rating: Rating | int | str) -> AnswerOutcome:
        """Replace the rating of the last answer; its skill is rescheduled from before it."""
        self._last = rerate(self.ctx, self.profile_id, self._last, rating)
        return self._with_progress(self._last)

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

    def finish(self) -> SessionRecord:
        """Close the session with its share of right answers (None if nothing was answered)."""
        score = self._correct / self._done if self._done else None
        self.record = self.ctx.repo.finish_session(self.record.id, score, self.ctx.utc_now())
        return self.record
