"""Exams left unfinished by a quit, a crash or SIGKILL: found, rebuilt, resumed or submitted.

An exam's questions are rebuilt from their saved keys (a family question from its seed, the
same on any run; an authored one from the content on offer), its answers, flags and times
from the saved draft. The clock is wall time from the start, so an exam whose time ran out
while the app was closed is over: resuming it submits it with what was saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.services.context import Context
from app.services.exam import Exam, ExamError
from app.store.records import StudySession as SessionRecord
from questions import registry
from questions.model import FamilyKey, Question, parse_key


@dataclass(frozen=True)
class UnfinishedExam:
    """An exam started and never submitted: its session and what was saved of it."""

    record: SessionRecord
    total: int
    answered: int
    flagged: int
    deadline: datetime
    problem: str = ""
    """Why it cannot be resumed or submitted (a question no longer on offer); "" if it can."""

    def time_left(self, now: datetime) -> float:
        """Seconds left at `now` (0 once the time ran out)."""
        return max((self.deadline - now).total_seconds(), 0.0)


def _time_limit(record: SessionRecord) -> float:
    limit = record.settings.get("time_limit")
    if not isinstance(limit, int | float) or isinstance(limit, bool) or not 0 < limit < 1e7:
        raise ExamError(f"exam {record.id} has no valid time limit saved ({limit!r})")
    return float(limit)


def unfinished_exam(ctx: Context, profile_id: int) -> UnfinishedExam | None:
    """The learner's oldest exam that was started and never submitted, or None."""
    for record in ctx.repo.unfinished_exams(profile_id):
        drafts = ctx.repo.exam_draft(record.id)
        try:
            limit = _time_limit(record)
        except ExamError:
            continue
        return UnfinishedExam(
            record,
            total=len(drafts),
            answered=sum(d.answered_at is not None for d in drafts),
            flagged=sum(d.flagged for d in drafts),
            deadline=record.started_at + timedelta(seconds=limit),
            problem=_problem(ctx, [draft.question_key for draft in drafts]),
        )
    return None


def _problem(ctx: Context, keys: list[str]) -> str:
    """The first reason one of these questions cannot be rebuilt, or ""."""
    for key in keys:
        try:
            rebuild_question(ctx, key)
        except ExamError as error:
            return str(error)
    return ""


def discard_exam(ctx: Context, session_id: int) -> None:
    """Give up an unfinished exam: closed unscored, nothing recorded, its draft dropped."""
    ctx.repo.discard_exam(session_id, ctx.utc_now())


def rebuild_question(ctx: Context, key_text: str) -> Question:
    """The question a saved key names; ExamError if it is no longer on offer."""
    try:
        key = parse_key(key_text)
        if isinstance(key, FamilyKey):
            return registry.regenerate(key)
    except (KeyError, ValueError) as error:
        raise ExamError(f"the exam's question {key_text} cannot be rebuilt: {error}") from error
    skill = ctx.content.skill(key.skill)
    if skill is None:
        raise ExamError(
            f"the exam's question {key_text} is no longer on offer (was its pack removed?)"
        )
    return ctx.content.question(skill)


def resume_exam(ctx: Context, session_id: int) -> Exam:
    """The unfinished exam of this session, with every saved answer, flag and time.

    Its clock has run on since the start; if it has run out, the caller submits it.
    """
    record = ctx.repo.get_session(session_id)
    drafts = ctx.repo.exam_draft(session_id)
    if record.mode != "exam" or record.ended_at is not None or not drafts:
        raise ExamError(f"session {session_id} is not an unfinished exam")
    questions = [rebuild_question(ctx, draft.question_key) for draft in drafts]
    topics = record.settings.get("topics")
    level = record.settings.get("level")
    exam = Exam(
        ctx,
        record.profile_id,
        questions,
        _time_limit(record),
        tuple(topics) if isinstance(topics, list) else (),
        level if isinstance(level, int) else None,
    )
    exam.resume(record, drafts)
    return exam
