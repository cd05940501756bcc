"""A timed exam: questions built up front, answers kept silent until submitted or out of time.

Answers can be changed, flagged and revisited until the end, and each change is saved to
the database at once (app/store/exam_drafts.py), so the exam survives a quit or a crash and
can be resumed (exam_resume.py); the clock is wall time from the start, so it runs on while
the app is closed. At submit (by the learner, or by the clock: an answer after the time
limit is refused and submits the exam) every answer is graded and stored as an attempt of
mode "exam", the session closed and the draft dropped, all in one transaction, and each
skill is rescheduled as after any review. A question left blank (or whose text cannot be
read as an answer) scores 0 and is not stored as an attempt. The time on a question is the
time it was on screen while the window was active: the page reports it with `show()`.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from app.services.answering import Scheduled, response_text, schedule
from app.services.content import Progress, check_topics, pick_skills
from app.services.context import Context
from app.services.exam_report import ExamReport, make_report
from app.services.exam_slots import ExamSlot, is_blank
from app.store.answer_writes import StateOf
from app.store.exam_drafts import DraftAnswer
from app.store.records import ReviewState
from app.store.records import StudySession as SessionRecord
from questions.grading import grade
from questions.model import TOPICS, Question


class ExamError(RuntimeError):
    """A call that does not fit the exam's state; the message says why."""


class ExamOver(ExamError):
    """The exam was submitted (perhaps by the clock), so it takes no more answers."""


class UnreadableAnswer(ValueError):
    """An answer that could not be read: saved as entered but counted as blank; says why."""


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
        self._authored = tuple(questions)
        self._slots = [ExamSlot.showing(q) for q in questions]
        self.record: SessionRecord | None = None
        self.report: ExamReport | None = None
        self._started: datetime | None = None
        self._on_screen: int | None = None  # the question shown, and since when
        self._shown_at: datetime | None = None

    @property
    def questions(self) -> tuple[Question, ...]:
        """The exam's questions in order, as shown (choices in each slot's own order)."""
        return tuple(slot.question for slot in self._slots)

    def start(self) -> None:
        """Start the clock and open the exam session (a second call does nothing)."""
        if self._started is not None:
            return
        started = self.ctx.utc_now()
        settings = {
            "topics": list(self.topics),
            "count": len(self._slots),
            "time_limit": self.time_limit,
            "level": self.level,
            "questions": [str(q.key) for q in self.questions],
        }
        drafts = [slot.draft(i) for i, slot in enumerate(self._slots)]
        self.record = self.ctx.repo.start_exam(self.profile_id, settings, started, drafts)
        self._started = started

    def resume(self, record: SessionRecord, drafts: list[DraftAnswer]) -> None:
        """Carry on an exam saved earlier: its session, answers, flags, times and choice orders
        (the questions given to the constructor are as authored)."""
        self.record, self._started = record, record.started_at
        pairs = zip(self._authored, drafts, strict=True)
        self._slots = [ExamSlot.from_draft(question, draft) for question, draft in pairs]

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

    def _slot(self, index: int) -> ExamSlot:
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
        """Keep and save an answer (replacing any earlier one) without saying if it is right.

        A blank response clears the answer. One that cannot be read is saved as entered,
        so it is there to fix when the question is revisited, but counts as blank, and
        UnreadableAnswer says why.
        """
        slot = self._slot(index)
        self._check_open()
        grew = self._count_time()
        slot.response, slot.verdict, slot.answered_at = None, None, None
        if not is_blank(response):
            verdict = grade(slot.question, response)
            slot.response = response
            if verdict.counts_as_attempt:
                slot.verdict, slot.answered_at = verdict, self.ctx.utc_now()
        self._save(index)
        if grew not in (None, index):
            self._save(grew)
        if slot.response is not None and slot.verdict is None:
            raise UnreadableAnswer(grade(slot.question, response).message)

    def response(self, index: int) -> object:
        """The answer kept for a question (as entered), or None."""
        return self._slot(index).response

    def seconds(self, index: int) -> float:
        """How long the question has been on screen so far."""
        self._count_time()
        return self._slot(index).seconds

    def show(self, index: int | None) -> None:
        """The question now on screen with the window active (None: none is); its time counts."""
        if index is not None:
            self._slot(index)
        if self._started is None or self.report is not None or index == self._on_screen:
            return
        grew = self._count_time()
        if grew is not None:
            self._save(grew)
        self._on_screen, self._shown_at = index, self.ctx.utc_now()

    def _count_time(self) -> int | None:
        """Add the time since the last count to the question on screen; its index if it grew."""
        index, since = self._on_screen, self._shown_at
        if index is None or since is None or self.deadline is None:
            return None
        now = min(self.ctx.utc_now(), self.deadline)
        self._shown_at = now
        if now <= since:
            return None
        self._slots[index].seconds += (now - since).total_seconds()
        return index

    def _save(self, index: int) -> None:
        if self.record is not None and self.report is None:
            self.ctx.repo.save_exam_answer(self.record.id, self._slots[index].draft(index))

    def flag(self, index: int) -> None:
        """Mark a question to come back to (saved at once)."""
        self._slot(index).flagged = True
        self._save(index)

    def unflag(self, index: int) -> None:
        """Remove the mark (saved at once)."""
        self._slot(index).flagged = False
        self._save(index)

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
        self._count_time()
        now = self.ctx.utc_now()
        deadline = self.deadline
        assert deadline is not None
        timed_out = now >= deadline
        items = [
            (slot.question, response_text(slot.response) if slot.verdict else None, slot.verdict)
            for slot in self._slots
        ]
        report = make_report(
            items, [s.flagged for s in self._slots], min(now, deadline), timed_out, 0
        )
        recorded, self.record = self.ctx.repo.finish_exam(
            self.record.id,
            self._schedule,
            report.score,
            min(now, deadline),
        )
        self._on_screen = None
        self.report = replace(report, recorded=recorded)
        return self.report

    def _schedule(self, read: StateOf) -> list[Scheduled]:
        """Each answer's attempt and review state, skills reviewed in the order answered,
        from the states `read` gives inside the store's write transaction."""
        answered = sorted(
            (s for s in self._slots if s.verdict is not None and s.answered_at is not None),
            key=lambda s: s.answered_at,  # type: ignore[arg-type, return-value]
        )
        states: dict[str, ReviewState | None] = {}
        out: list[Scheduled] = []
        for slot in answered:
            skill = slot.question.key.skill
            if skill not in states:
                states[skill] = read(skill)
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
                uuid=slot.attempt_uuid,
                order=slot.order,
            )
            states[skill] = done.state
            out.append(done)
        return out
