"""Idempotent writes: ON CONFLICT where the backend has it, select-then-write elsewhere."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.store.models import AttemptRow, ReviewStateRow

_REVIEW_COLUMNS = ("topic", "card_json", "due", "reps", "lapses", "last_review")


def _dialect_insert(session: Session, table: Any) -> Any:
    """The backend's INSERT with ON CONFLICT support, or None if it has none we use."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        return sqlite.insert(table)
    if name == "postgresql":
        return postgresql.insert(table)
    return None


def insert_attempt(session: Session, values: dict[str, Any]) -> bool:
    """Insert an attempt unless its uuid is already stored; True if it was new."""
    stmt = _dialect_insert(session, AttemptRow)
    if stmt is not None:
        stmt = stmt.values(**values).on_conflict_do_nothing(index_elements=["uuid"])
        return session.execute(stmt.returning(AttemptRow.id)).first() is not None
    if session.scalar(select(AttemptRow.id).where(AttemptRow.uuid == values["uuid"])):
        return False
    session.execute(insert(AttemptRow).values(**values))
    return True


def put_review_state(session: Session, values: dict[str, Any]) -> None:
    """Insert or replace the review state of (profile, skill)."""
    stmt = _dialect_insert(session, ReviewStateRow)
    if stmt is not None:
        stmt = stmt.values(**values)
        changes = {name: stmt.excluded[name] for name in _REVIEW_COLUMNS}
        session.execute(
            stmt.on_conflict_do_update(index_elements=["profile_id", "skill"], set_=changes)
        )
        return
    key = (ReviewStateRow.profile_id == values["profile_id"]) & (
        ReviewStateRow.skill == values["skill"]
    )
    if session.scalar(select(ReviewStateRow.id).where(key)) is None:
        session.execute(insert(ReviewStateRow).values(**values))
    else:
        changes = {name: values[name] for name in _REVIEW_COLUMNS}
        session.execute(update(ReviewStateRow).where(key).values(**changes))
