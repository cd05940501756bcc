"""A learner's history: past sessions, the answers given in each, and any answer reviewed again.

An answer is reviewed with the question it was given for, rebuilt from its stored key: a
generated question from its family, level and seed (the same question exactly), an authored
one from the bank or the imported pack that holds it now. A question that cannot be rebuilt
(its pack was never imported here, or its family is not in this version) says so. A choice
question is shown in the order the learner saw, drawn again from the attempt's uuid (see
questions.choices); the stored response holds authored indices.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from app.services.context import Context
from app.services.exam_report import blank_verdict
from app.store.learners import session_summaries
from app.store.records import Attempt
from questions import registry
from questions.choices import shown, to_shown
from questions.grading import Verdict, grade
from questions.model import AuthoredKey, Kind, Question, parse_key

MODE_NAMES = {"study": "Study", "practice": "Practice", "exam": "Exam"}


@dataclass(frozen=True)
class SessionLine:
    """One past session as the history lists it; times are in the learner's time zone."""

    id: int
    mode: str
    started_at: datetime
    finished: bool
    questions: int  # an exam's questions, blanks included; otherwise the answers given
    answers: int
    correct: int
    score: float  # 0..1: the session's own score, or the share right if it never finished

    @property
    def mode_name(self) -> str:
        """ "Study", "Practice" or "Exam"."""
        return MODE_NAMES.get(self.mode, self.mode.capitalize())


@dataclass(frozen=True)
class AttemptReview:
    """An answer reviewed again: the question rebuilt (None if it cannot be), the response as
    the grader reads it, the verdict now, and a sentence when something differs or is missing."""

    attempt: Attempt
    question: Question | None
    response: object
    verdict: Verdict | None  # None only when the question cannot be shown
    note: str = ""

    @property
    def shown(self) -> bool:
        """True if the question could be rebuilt and shown."""
        return self.question is not None


def sessions(ctx: Context, profile_id: int, limit: int = 200) -> list[SessionLine]:
    """The learner's sessions that ended or stored an answer, newest first."""
    zone = ctx.clock().tzinfo
    lines = []
    for summary in session_summaries(ctx.repo, profile_id, limit):
        record = summary.session
        planned = record.settings.get("count") if record.mode == "exam" else None
        questions = planned if isinstance(planned, int) and planned > 0 else summary.answers
        share = summary.correct / summary.answers if summary.answers else 0.0
        lines.append(
            SessionLine(
                id=record.id,
                mode=record.mode,
                started_at=record.started_at.astimezone(zone),
                finished=record.ended_at is not None,
                questions=questions,
                answers=summary.answers,
                correct=summary.correct,
                score=share if record.score is None else record.score,
            )
        )
    return lines


def attempts(ctx: Context, profile_id: int, session_id: int) -> list[Attempt]:
    """The answers given in one of the learner's sessions, in the order given."""
    if ctx.repo.get_session(session_id).profile_id != profile_id:
        raise ValueError(f"session {session_id} belongs to another learner")
    return ctx.repo.attempts_for_session(session_id)


def rebuild(ctx: Context, question_key: str) -> tuple[Question | None, str]:
    """The question a stored key names, and a sentence if it differs or cannot be rebuilt."""
    try:
        key = parse_key(question_key)
    except ValueError:
        return None, f"This answer names a question this version cannot rebuild ({question_key})."
    if not isinstance(key, AuthoredKey):
        try:
            return registry.regenerate(key), ""
        except (KeyError, ValueError):
            return None, (
                f"The question family {key.family!r} at level {key.level} is not in this "
                "version of Backprop Quiz, so this question cannot be shown."
            )
    skill = ctx.content.skill(key.skill)
    if skill is None or skill.is_family:
        where = "the bank" if key.pack == "bank" else f"pack {key.pack!r}"
        return None, (
            f"Question {key.question!r} of {where} is not in the study pool here, so it cannot "
            "be shown. Import the pack again to review it."
        )
    question = ctx.content.question(skill)
    now = question.key
    if isinstance(now, AuthoredKey) and now.version != key.version:
        return question, (
            f"Shown as in version {now.version} of {key.pack}; it was answered in version "
            f"{key.version}, so the question may have changed since."
        )
    return question, ""


def read_response(question: Question, text: str) -> object:
    """A stored response as the grader takes it (see answering.response_text); None if it
    cannot be read back for this question."""
    if question.kind is Kind.NUMERIC:
        return text
    if question.kind is Kind.SINGLE:
        return int(text) if text.strip().isdigit() else None
    try:
        value = json.loads(text)
    except ValueError:
        return text if question.kind is Kind.MATRIX else None  # a matrix pasted as text
    return value if isinstance(value, list) else None


def review(ctx: Context, attempt: Attempt) -> AttemptReview:
    """An answer with its question rebuilt, in the order it was shown, and graded again, for
    review with its solution."""
    authored, note = rebuild(ctx, attempt.question_key)
    if authored is None:
        return AttemptReview(attempt, None, None, None, note)
    question, order = shown(authored, attempt.uuid)
    stored = read_response(question, attempt.response)
    response = None if stored is None else to_shown(order, stored)
    verdict = None if response is None else grade(question, response)
    if verdict is None or verdict.format_error:
        unread = (
            f"The answer given ({attempt.response[:60]}) cannot be read back for this question."
        )
        verdict = replace(blank_verdict(question), message=unread)
        return AttemptReview(attempt, question, None, verdict, " ".join((note, unread)).strip())
    return AttemptReview(attempt, question, response, verdict, note)
