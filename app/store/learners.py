"""Learner housekeeping and session history the Repository does not do itself.

Rename, reset (a learner's answers, schedule and finished sessions removed) and delete, each
one transaction; and every past session with its answers counted in SQL, for a history list.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, case, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.store import convert
from app.store.errors import ProfileExists, ProfileNotFound
from app.store.models import AttemptRow, ProfileRow, ReviewStateRow, SessionRow
from app.store.records import Profile, StudySession
from app.store.repository import Repository


@dataclass(frozen=True)
class Removed:
    """What a reset or a delete removed: answers, scheduled skills and sessions."""

    attempts: int
    review_states: int
    sessions: int


@dataclass(frozen=True)
class SessionSummary:
    """A past session with how many answers it stored and how many were right."""

    session: StudySession
    answers: int
    correct: int


def _row(s: Session, profile_id: int) -> ProfileRow:
    row = s.get(ProfileRow, profile_id)
    if row is None:
        raise ProfileNotFound(f"no profile with id {profile_id}; list_profiles() shows them")
    return row


def rename_profile(repo: Repository, profile_id: int, name: str) -> Profile:
    """Give a learner another name; ProfileExists if another learner has it."""
    name = convert.check_profile_name(name)
    try:
        with repo.db.begin() as s:
            row = _row(s, profile_id)
            row.name = name
            s.flush()
            return convert.profile(row)
    except IntegrityError as e:
        raise ProfileExists(f"a profile named {name!r} exists already; pick another") from e


def _remove_progress(s: Session, profile_id: int, open_sessions_too: bool) -> Removed:
    """Delete a learner's answers and schedule, and their sessions (finished ones only, unless
    `open_sessions_too`: a session under way keeps its record so its next answer can be stored)."""
    attempts = s.execute(delete(AttemptRow).where(AttemptRow.profile_id == profile_id))
    states = s.execute(delete(ReviewStateRow).where(ReviewStateRow.profile_id == profile_id))
    which = delete(SessionRow).where(SessionRow.profile_id == profile_id)
    if not open_sessions_too:
        which = which.where(SessionRow.ended_at.is_not(None))
    sessions = s.execute(which)
    return Removed(attempts.rowcount, states.rowcount, sessions.rowcount)  # type: ignore[attr-defined]


def reset_profile(repo: Repository, profile_id: int) -> Removed:
    """Remove a learner's answers, schedule and finished sessions; the learner stays."""
    with repo.db.begin() as s:
        _row(s, profile_id)
        return _remove_progress(s, profile_id, open_sessions_too=False)


def delete_profile(repo: Repository, profile_id: int) -> Removed:
    """Remove a learner and everything that belongs to them."""
    with repo.db.begin() as s:
        row = _row(s, profile_id)
        removed = _remove_progress(s, profile_id, open_sessions_too=True)
        s.delete(row)
        return removed


def session_summaries(repo: Repository, profile_id: int, limit: int = 200) -> list[SessionSummary]:
    """A learner's sessions that ended or stored an answer, newest first, with their counts."""
    answers = func.count(AttemptRow.id)
    right = func.coalesce(func.sum(case((AttemptRow.correct, 1), else_=0), type_=Integer), 0)
    query = (
        select(SessionRow, answers, right)
        .outerjoin(AttemptRow, AttemptRow.session_id == SessionRow.id)
        .where(SessionRow.profile_id == profile_id)
        .group_by(SessionRow.id)
        .having(or_(SessionRow.ended_at.is_not(None), answers > 0))
        .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
        .limit(limit)
    )
    with repo.db.read() as s:
        return [
            SessionSummary(convert.study_session(row), n, int(ok or 0))
            for row, n, ok in s.execute(query)
        ]
