"""Two writes the repository has no method for yet, each one transaction like its own.

An override re-schedules a skill without a new attempt, and an exam records all its answers
at once. Both reuse the store's own idempotent statements; when Repository gains
`put_review_state` and `record_attempts`, these become one-line calls to them.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.store import convert
from app.store.errors import InvalidRecord
from app.store.records import Attempt, ReviewState
from app.store.repository import Repository
from app.store.upsert import insert_attempt, put_review_state


def save_review_state(repo: Repository, state: ReviewState) -> None:
    """Insert or replace one skill's review state."""
    values = convert.review_state_values(state)
    with repo.db.begin() as s:
        put_review_state(s, values)


def record_attempts(repo: Repository, answers: Sequence[tuple[Attempt, ReviewState | None]]) -> int:
    """Store several answers and their review states in one transaction; return how many new."""
    for attempt, state in answers:
        if state is not None and state.profile_id != attempt.profile_id:
            raise InvalidRecord("a review state and its attempt belong to different profiles")
    rows = [
        (
            convert.attempt_values(attempt),
            None if state is None else convert.review_state_values(state),
        )
        for attempt, state in answers
    ]
    new = 0
    with repo.db.begin() as s:
        for attempt_values, state_values in rows:
            if insert_attempt(s, attempt_values):
                new += 1
                if state_values is not None:
                    put_review_state(s, state_values)
    return new
