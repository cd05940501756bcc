"""What a study session and a practice quiz share: one question at a time, shown with its
choices in an order of its own, answered, counted, re-rated, and the session closed."""

from __future__ import annotations

from dataclasses import dataclass

from fsrs import Rating

from app.services.answering import AnswerOutcome, SessionError, rerate, submit_answer
from app.services.context import Context
from app.store.records import StudySession as SessionRecord
from app.store.records import new_uuid
from questions.choices import Order, shown
from questions.model import Question


@dataclass
class Shown:
    """A question as a session showed it: the uuid its attempt gets and its choice order."""

    question: Question
    uuid: str | None
    order: Order


class AnsweringSession:
    """What a study session and a practice quiz share: one question at a time, answered,
    counted, re-rated if the learner disagrees, and the session closed with its score."""

    mode = "study"

    def __init__(self, ctx: Context, profile_id: int, settings: dict[str, object]) -> None:
        self.ctx, self.profile_id = ctx, profile_id
        self.record: SessionRecord = ctx.repo.start_session(
            profile_id, self.mode, settings, started_at=ctx.utc_now()
        )
        self._current: Question | None = None  # as shown: choices in the order of _shown
        self._shown: list[Shown] = []  # the current question and any variant, as shown
        self._last: AnswerOutcome | None = None
        self._done = self._correct = 0

    def _present(self, question: Question) -> Question:
        """The question as this presentation shows it: choices in an order drawn from the
        uuid its attempt will get, so a review and History show the same order."""
        uuid = new_uuid()
        presented, order = shown(question, uuid)
        self._shown = [Shown(presented, uuid, order)]
        return presented

    def variant(self, question: Question) -> Question:
        """A fresh variant of the question's skill, shown in an order of its own, to answer
        with submit_extra (an authored question comes back in a new order)."""
        skill = self.ctx.content.skill(question.key.skill)
        base = self.ctx.content.question(skill) if skill is not None else question
        current = self._shown[:1]
        extra = self._present(base)
        self._shown = current + self._shown
        return extra

    @property
    def current(self) -> Question | None:
        """The question waiting for an answer, if any."""
        return self._current

    def submit(self, response: object, hints_used: int = 0, seconds: float = 0.0) -> AnswerOutcome:
        """Grade the current question, store it and reschedule its skill (unless unreadable)."""
        question = self._current
        if question is None:
            raise SessionError("there is no question to answer: call next() first")
        return self._submit(question, response, hints_used, seconds, extra=False)

    def submit_extra(
        self, question: Question, response: object, hints_used: int = 0, seconds: float = 0.0
    ) -> AnswerOutcome:
        """Answer an extra question (another variant of the last one) within the session: it
        is stored, rescheduled and counted in the tally exactly like a question of the plan."""
        return self._submit(question, response, hints_used, seconds, extra=True)

    def _submit(
        self, question: Question, response: object, hints_used: int, seconds: float, extra: bool
    ) -> AnswerOutcome:
        seen = next((s for s in self._shown if s.question is question), None)
        uuid, order = (seen.uuid, seen.order) if seen else (None, ())
        outcome = submit_answer(
            self.ctx,
            self.profile_id,
            question,
            response,
            mode=self.mode,
            session_id=self.record.id,
            hints_used=hints_used,
            seconds=seconds,
            uuid=uuid,
            order=order,
        )
        if outcome.recorded:
            if seen is not None:
                seen.uuid = None  # an attempt's uuid is used once; a resubmit gets a fresh one
            self._done += 1
            self._correct += outcome.verdict.correct
            if not extra:
                self._current = None
            self._last = outcome
            self._answered(question, outcome.verdict.correct, extra)
        return self._with_progress(outcome)

    def _answered(self, question: Question, correct: bool, extra: bool) -> None:
        """Called after an answer to `question` was stored; a session may note what changed."""

    def override(self, rating: Rating | int | str) -> AnswerOutcome:
        """Replace the rating of the last answer; its skill is rescheduled from before it."""
        self._last = rerate(self.ctx, self.profile_id, self._last, rating)
        return self._with_progress(self._last)

    def _with_progress(self, outcome: AnswerOutcome) -> AnswerOutcome:
        """The outcome with the session's counts filled in."""
        raise NotImplementedError

    def finish(self) -> SessionRecord:
        """Close the session with its share of right answers (None if nothing was answered)."""
        score = self._correct / self._done if self._done else None
        self.record = self.ctx.repo.finish_session(self.record.id, score, self.ctx.utc_now())
        return self.record
