"""Exams under way, saved question by question so that a quit, a crash or SIGKILL loses nothing.

An exam opens its session and one draft row per question in one transaction; every change
(an answer, a flag, time on screen) rewrites its question's row; submitting stores the
attempts, closes the session and deletes the draft in one transaction, so an exam is either
still resumable or fully recorded. Each draft row carries the uuid its attempt will get, so
a submit that is retried (after a crash mid-way) stores nothing twice.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, exists, select, update

from app.store import convert
from app.store.answer_writes import StateOf, lock_learner
from app.store.database import Database
from app.store.errors import InvalidRecord, ProfileNotFound, SessionNotFound
from app.store.models import ExamDraftRow, ProfileRow, SessionRow
from app.store.records import Attempt, ReviewState, StudySession
from app.store.timestamps import as_utc
from app.store.upsert import insert_answer


class Scheduled(Protocol):
    """An answer with the review state it leads to (app.services.answering.Scheduled)."""

    @property
    def attempt(self) -> Attempt: ...

    @property
    def state(self) -> ReviewState: ...


@dataclass(frozen=True)
class DraftAnswer:
    """One exam question as saved so far; `response` is the response as JSON, None if blank."""

    position: int
    question_key: str
    attempt_uuid: str
    response: str | None = None
    flagged: bool = False
    seconds: float = 0.0
    answered_at: datetime | None = None


def _values(draft: DraftAnswer) -> dict[str, Any]:
    """Column values of a draft row, checked."""
    if not math.isfinite(draft.seconds) or draft.seconds < 0:
        raise InvalidRecord(f"exam draft seconds must be finite and >= 0, not {draft.seconds!r}")
    values = dict(vars(draft))
    if draft.answered_at is not None:
        values["answered_at"] = as_utc(draft.answered_at)
    return convert.check_lengths(ExamDraftRow.__table__, values, "exam draft")  # type: ignore[arg-type]


def _draft(row: ExamDraftRow) -> DraftAnswer:
    return DraftAnswer(
        row.position,
        row.question_key,
        row.attempt_uuid,
        row.response,
        row.flagged,
        row.seconds,
        row.answered_at,
    )


class ExamDrafts:
    """The repository's methods for exams under way; each is one transaction."""

    db: Database

    def start_exam(
        self,
        profile_id: int,
        settings: dict[str, Any],
        started_at: datetime,
        drafts: Sequence[DraftAnswer],
    ) -> StudySession:
        """Open an exam session and its draft rows together."""
        rows = [_values(d) for d in drafts]
        with self.db.begin() as s:
            if s.get(ProfileRow, profile_id) is None:
                raise ProfileNotFound(f"no profile with id {profile_id}")
            session = SessionRow(
                profile_id=profile_id,
                mode="exam",
                settings=convert.dump_settings(settings),
                started_at=as_utc(started_at),
            )
            s.add(session)
            s.flush()
            s.add_all(ExamDraftRow(session_id=session.id, **values) for values in rows)
            return convert.study_session(session)

    def save_exam_answer(self, session_id: int, draft: DraftAnswer) -> None:
        """Rewrite one question's saved answer, flag and time."""
        values = _values(draft)
        del values["position"], values["question_key"], values["attempt_uuid"]
        with self.db.begin() as s:
            row = (ExamDraftRow.session_id == session_id) & (
                ExamDraftRow.position == draft.position
            )
            done = s.execute(update(ExamDraftRow).where(row).values(**values))
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise SessionNotFound(
                    f"exam session {session_id} has no saved question {draft.position}: it was "
                    "submitted or removed"
                )

    def exam_draft(self, session_id: int) -> list[DraftAnswer]:
        """An exam's saved questions, in exam order."""
        with self.db.read() as s:
            query = (
                select(ExamDraftRow)
                .where(ExamDraftRow.session_id == session_id)
                .order_by(ExamDraftRow.position)
            )
            return [_draft(row) for row in s.scalars(query)]

    def unfinished_exams(self, profile_id: int) -> list[StudySession]:
        """A learner's exams that were started and never submitted, oldest first."""
        with self.db.read() as s:
            has_draft = exists().where(ExamDraftRow.session_id == SessionRow.id)
            query = (
                select(SessionRow)
                .where(
                    SessionRow.profile_id == profile_id,
                    SessionRow.mode == "exam",
                    SessionRow.ended_at.is_(None),
                    has_draft,
                )
                .order_by(SessionRow.started_at, SessionRow.id)
            )
            return [convert.study_session(row) for row in s.scalars(query)]

    def discard_exam(self, session_id: int, ended_at: datetime) -> StudySession:
        """Close an unfinished exam unscored (no attempts, no score) and drop its draft."""
        with self.db.begin() as s:
            session = s.get(SessionRow, session_id)
            if session is None:
                raise SessionNotFound(f"no session with id {session_id}")
            if session.ended_at is None:
                session.ended_at = as_utc(ended_at)
            s.execute(delete(ExamDraftRow).where(ExamDraftRow.session_id == session_id))
            return convert.study_session(session)

    def finish_exam(
        self,
        session_id: int,
        schedule: Callable[[StateOf], Sequence[Scheduled]],
        score: float,
        ended_at: datetime,
    ) -> tuple[int, StudySession]:
        """Schedule and store the answers, close the session and drop its draft, at once.

        `schedule` reads the review states it builds on through the reader it is given, inside
        the transaction that writes their successors, so a learner answering elsewhere at the
        same time loses no review. Returns how many attempts were new and the closed session;
        an attempt already stored (same uuid) is skipped, so submitting again is safe.
        """
        new = 0
        with self.db.begin() as s:
            session = s.get(SessionRow, session_id)
            if session is None:
                raise SessionNotFound(f"no session with id {session_id}")
            answers = schedule(lock_learner(s, session.profile_id))
            conn = s.connection()
            for done in answers:
                attempt = convert.attempt_values(done.attempt)
                new += insert_answer(conn, attempt, convert.review_state_values(done.state))
            if session.ended_at is None:
                session.ended_at, session.score = as_utc(ended_at), score
            s.execute(delete(ExamDraftRow).where(ExamDraftRow.session_id == session_id))
            return new, convert.study_session(session)
