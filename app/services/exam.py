"""A timed exam: questions built up front, answers kept silent until submitted or out of time.

Answers can be changed, flagged and revisited until the end. At submit (by the learner, or
by the clock: an answer after the time limit is refused and submits the exam) every answer
is graded and stored as an attempt of mode "exam", all in one transaction, and each skill is
rescheduled as after any review. A question left blank scores 0 and is not stored as an
attempt, since there is no response to learn from. The time on a question is the time since
the previous answer was given (or since the start), added up if it is answered again.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.services.answering import Scheduled, response_text, schedule
from app.services.content import Progress, check_topics, pick_skills
from app.services.context import Context
from app.services.exam_report import ExamReport, make_report
from app.store.records import ReviewState
from app.store.records import StudySession as SessionRecord
from questions.grading import Verdict, grade
from questions.model import TOPICS, Question


class ExamError(RuntimeError):
    """A call that does not fit the exam's state; the message says why."""


class ExamOver(ExamError):
    """The exam was submitted (perhaps by the clock), so it takes no more answers."""


class UnreadableAnswer(ValueError):
    """An answer that could not be read; it was not kept, and the message says why."""


@dataclass
class _Slot:
    question: Question
    response: object = None
    verdict: Verdict | None = None
    seconds: float = 0.0
    answered_at: datetime | None = None
    flagged: bool = False


def build_exam(
    ctx: Context,
    profile_id: int,
    topics: Iterable[str],
    count: int,
    time_limit: float,
    level: int | None = None,
    progress: Progress | None = None,
    rng: random.Random | None = None,
) -> Exam:
    """Pick and build every question now (safe off the GUI thread); the clock starts at start()."""
    if not isinstance(time_limit, int | float) or not 0 < time_limit < float("inf"):
        raise ValueError(f"the time limit is a number of seconds > 0, not {time_limit!r}")
    chosen = check_topics(topics)
    skills = pick_skills(ctx.content, chosen, count, level, rng)
    skills.sort(key=lambda s: TOPICS.index(s.topic))
    questions = ctx.content.questions(skills, progress)
    return Exam(ctx, profile_id, questions, float(time_limit), chosen, level)


class Exam:
    """start(), answer/flag any question in any order, then submit() for the ExamReport."""

    def __init__(
        self,
        ctx: Context,
        profile_id: int,
        questions: list[Question],
        time_limit: float,
        topics: tuple[str, ...],
        level: int | None,
    ) -> None:
        self.ctx, self.profile_id = ctx, profile_id
        self.time_limit, self.topics, self.level = time_limit, topics, level
        self._slots = [_Slot(q) for q in questions]
        self.record: SessionRecord | None = None
        self.report: ExamReport | None = None
        self._started: datetime | None = None
        self._last_action: datetime | None = None

    @property
    def questions(self) -> tuple[Question, ...]:
        """The exam's questions in order."""
        return tuple(slot.question for slot in self._slots)

    def start(self) -> None:
        """Start the clock and open the exam session (a second call does nothing)."""
        if self._started is not None:
            return
        self._started = self._last_action = self.ctx.utc_now()
        settings = {
            "topics": list(self.topics),
            "count": len(self._slots),
            "time_limit": self.time_limit,
            "level": self.level,
            "questions": [str(q.key) for q in self.questions],
        }
        self.record = self.ctx.repo.start_session(
            self.profile_id, "exam", settings, started_at=self._started
        )

    @property
    def deadline(self) -> datetime | None:
        """When time runs out (None before start)."""
        if self._started is None:
            return None
        return self._started + timedelta(seconds=self.time_limit)

    def time_left(self) -> float:
        """Seconds left (the whole limit before start, 0 once out of time or submitted)."""
        if self.report is not None:
            return 0.0
        deadline = self.deadline
        if deadline is None:
            return self.time_limit
        return max((deadline - self.ctx.utc_now()).total_seconds(), 0.0)

    @property
    def expired(self) -> bool:
        """True once the time limit has passed."""
        return self._started is not None and self.time_left() <= 0

    def _slot(self, index: int) -> _Slot:
        if not isinstance(index, int) or not 0 <= index < len(self._slots):
            raise IndexError(f"no question {index!r}: questions are 0 to {len(self._slots) - 1}")
        return self._slots[index]

    def _check_open(self) -> None:
        if self._started is None:
            raise ExamError("the exam has not started: call start() first")
        if self.report is None and self.expired:
            self.submit()
            raise ExamOver(
                "time is up: the exam was submitted automatically and this answer was not accepted"
            )
        if self.report is not None:
            raise ExamOver("the exam was submitted; it takes no more answers")

    def answer(self, index: int, response: object) -> None:
        """Keep an answer (replacing any earlier one) without saying whether it is right."""
        slot = self._slot(index)
        self._check_open()
        verdict = grade(slot.question, response)
        if not verdict.counts_as_attempt:
            raise UnreadableAnswer(verdict.message)
        now = self.ctx.utc_now()
        assert self._last_action is not None
        slot.seconds += (now - self._last_action).total_seconds()
        slot.response, slot.verdict, slot.answered_at = response, verdict, now
        self._last_action = now

    def response(self, index: int) -> object:
        """The answer kept for a question, or None."""
        return self._slot(index).response

    def flag(self, index: int) -> None:
        """Mark a question to come back to."""
        self._slot(index).flagged = True

    def unflag(self, index: int) -> None:
        """Remove the mark."""
        self._slot(index).flagged = False

    @property
    def flagged(self) -> tuple[int, ...]:
        """Indices of flagged questions."""
        return tuple(i for i, slot in enumerate(self._slots) if slot.flagged)

    @property
    def answered(self) -> tuple[int, ...]:
        """Indices of questions with an answer kept."""
        return tuple(i for i, slot in enumerate(self._slots) if slot.verdict is not None)

    def submit(self) -> ExamReport:
        """Grade and store every answer in one transaction; the report (again if already done)."""
        if self.report is not None:
            return self.report
        if self._started is None or self.record is None:
            raise ExamError("the exam has not started: call start() first")
        now = self.ctx.utc_now()
        deadline = self.deadline
        assert deadline is not None
        timed_out = now >= deadline
        scheduled = self._schedule()
        recorded = self.ctx.repo.record_attempts([(s.attempt, s.state) for s in scheduled])
        items = [
            (slot.question, response_text(slot.response) if slot.verdict else None, slot.verdict)
            for slot in self._slots
        ]
        self.report = make_report(
            items, [s.flagged for s in self._slots], min(now, deadline), timed_out, recorded
        )
        self.record = self.ctx.repo.finish_session(
            self.record.id, self.report.score, min(now, deadline)
        )
        return self.report

    def _schedule(self) -> list[Scheduled]:
        """Each answer's attempt and review state, skills reviewed in the order answered."""
        answered = sorted(
            (s for s in self._slots if s.verdict is not None and s.answered_at is not None),
            key=lambda s: s.answered_at,  # type: ignore[arg-type, return-value]
        )
        states: dict[str, ReviewState | None] = {}
        out: list[Scheduled] = []
        for slot in answered:
            skill = slot.question.key.skill
            if skill not in states:
                states[skill] = self.ctx.repo.get_review_state(self.profile_id, skill)
            assert slot.verdict is not None and slot.answered_at is not None
            done = schedule(
                self.ctx,
                self.profile_id,
                slot.question,
                slot.verdict,
                slot.response,
                mode="exam",
                session_id=self.record.id if self.record else None,
                hints_used=0,
                seconds=slot.seconds,
                at=slot.answered_at,
                previous=states[skill],
            )
            states[skill] = done.state
            out.append(done)
        return out
