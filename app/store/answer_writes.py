"""Writing answers and review states: each call one transaction, serialised per learner."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.store import convert
from app.store.database import Database
from app.store.errors import InvalidRecord, ProfileNotFound
from app.store.models import ProfileRow, ReviewStateRow
from app.store.records import Attempt, ReviewState
from app.store.upsert import insert_answer, put_review_state


def missing_profile(profile_id: int) -> ProfileNotFound:
    """The error for a learner id that names no one."""
    return ProfileNotFound(f"no profile with id {profile_id}; list_profiles() shows them")


def _answer_values(
    attempt: Attempt, state: ReviewState | None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Column values of an answer and its review state, checked before anything is written."""
    if state is not None and state.profile_id != attempt.profile_id:
        raise InvalidRecord(
            f"attempt {attempt.uuid}: its review state and the attempt belong to different "
            f"profiles ({state.profile_id} and {attempt.profile_id})"
        )
    values = convert.attempt_values(attempt)
    return values, None if state is None else convert.review_state_values(state)


class ScheduledAnswer(Protocol):
    """An answer ready to store: the attempt and the review state it leads to."""

    @property
    def attempt(self) -> Attempt: ...

    @property
    def state(self) -> ReviewState: ...


A = TypeVar("A", bound=ScheduledAnswer)
StateOf = Callable[[str], ReviewState | None]
"""Reads a skill's review state inside the transaction that will write its successor."""


def lock_learner(s: Session, profile_id: int) -> StateOf:
    """Lock the learner's row until the transaction ends; return a reader of their states.

    On SQLite the write transaction (BEGIN IMMEDIATE) already serialises writers; on
    PostgreSQL the row lock does, so a review state read here is still the newest at the
    write. FOR NO KEY UPDATE leaves other inserts that refer to the learner free to run.
    The lock and the first read cannot be one statement: a statement that waited for the
    lock would still read the review state as it was before the other writer committed.
    """
    lock = select(ProfileRow.id).where(ProfileRow.id == profile_id).with_for_update(key_share=True)
    if s.scalar(lock) is None:
        raise missing_profile(profile_id)

    def state_of(skill: str) -> ReviewState | None:
        query = select(ReviewStateRow).where(
            ReviewStateRow.profile_id == profile_id, ReviewStateRow.skill == skill
        )
        row = s.scalar(query)
        return None if row is None else convert.review_state(row)

    return state_of


def _store(s: Session, rows: Sequence[tuple[dict[str, Any], dict[str, Any] | None]]) -> int:
    """Insert answers not stored yet, each with its review state; how many were new."""
    conn = s.connection()
    return sum(insert_answer(conn, attempt, state) for attempt, state in rows)


def _ids(values: Sequence[int | None]) -> str:
    """Distinct ids for a message, in order of first appearance."""
    return ", ".join(str(v) for v in dict.fromkeys(v for v in values if v is not None))


class AnswerWrites:
    """The repository's methods that store answers and (re)schedule skills."""

    db: Database

    def record_attempt(self, attempt: Attempt, review_state: ReviewState | None = None) -> bool:
        """Store an answer and the skill's new review state together; False if already stored.

        Recording the same attempt (same uuid) again changes nothing, so a retry is safe.
        """
        return self.record_attempts([(attempt, review_state)]) == 1

    def record_attempts(self, answers: Sequence[tuple[Attempt, ReviewState | None]]) -> int:
        """Store answers, each with its skill's new review state, all in one transaction.

        Returns how many were new. An answer already stored (same uuid) is skipped together
        with its review state, so retrying a whole batch, or part of one, is safe.
        """
        rows = [_answer_values(attempt, state) for attempt, state in answers]
        with self._storing(lambda: [a for a, _ in answers]):
            if len(rows) == 1 and self.db.dialect == "postgresql":  # one statement: no BEGIN
                with self.db.autocommit() as conn:
                    return int(insert_answer(conn, *rows[0]))
            with self.db.begin() as s:
                return _store(s, rows)

    def record_scheduled(
        self, profile_id: int, schedule: Callable[[StateOf], Sequence[A]]
    ) -> tuple[list[A], int]:
        """Schedule answers from the review states as they are now, and store them, at once.

        `schedule` reads the states it builds on through the reader it is given; reading and
        writing happen in one transaction that serialises with every other writer of this
        learner, so two processes answering as one learner lose no review. Returns the
        answers and how many were new (one already stored, same uuid, is skipped).
        """
        done: list[A] = []
        with self._storing(lambda: [a.attempt for a in done]), self.db.begin() as s:
            done += schedule(lock_learner(s, profile_id))
            new = _store(s, [_answer_values(a.attempt, a.state) for a in done])
        return done, new

    @contextmanager
    def _storing(self, answers: Callable[[], Sequence[Attempt]]) -> Iterator[None]:
        """Name the learner or session that does not exist when storing answers fails."""
        try:
            yield
        except IntegrityError as e:
            attempts = answers()
            profiles = _ids([a.profile_id for a in attempts])
            sessions = _ids([a.session_id for a in attempts]) or "none"
            raise InvalidRecord(
                f"nothing was stored: an attempt names a profile ({profiles}) or session "
                f"({sessions}) that does not exist"
            ) from e

    def change_review_state(
        self, profile_id: int, skill: str, change: Callable[[ReviewState | None], ReviewState]
    ) -> ReviewState:
        """Replace a skill's review state by `change(current)`, serialised like an answer."""
        with self.db.begin() as s:
            state = change(lock_learner(s, profile_id)(skill))
            values = convert.review_state_values(state)
            put_review_state(s, values)
        return ReviewState(**values)

    def put_review_state(self, state: ReviewState) -> ReviewState:
        """Insert or replace one skill's review state (a rating override, with no new answer)."""
        values = convert.review_state_values(state)
        try:
            with self.db.begin() as s:
                put_review_state(s, values)
        except IntegrityError as e:
            raise InvalidRecord(f"no profile with id {state.profile_id} to schedule for") from e
        return ReviewState(**values)
