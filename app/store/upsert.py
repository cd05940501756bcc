"""Idempotent writes: ON CONFLICT where the backend has it, select-then-write elsewhere.

The statements are built once per backend and run on the session's connection with plain
parameters, which keeps recording an answer well under a millisecond of Python work.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.store.models import AttemptRow, ReviewStateRow

ATTEMPTS: Table = AttemptRow.__table__  # type: ignore[assignment]
REVIEW_STATES: Table = ReviewStateRow.__table__  # type: ignore[assignment]
_REVIEW_COLUMNS = ("topic", "card_json", "due", "reps", "lapses", "last_review")
_DIALECT_INSERT: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


@cache
def _attempt_insert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (uuid) DO NOTHING RETURNING id, for this backend."""
    stmt = _DIALECT_INSERT[dialect](ATTEMPTS).on_conflict_do_nothing(index_elements=["uuid"])
    return stmt.returning(ATTEMPTS.c.id)


@cache
def _review_upsert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (profile_id, skill) DO UPDATE, for this backend."""
    stmt = _DIALECT_INSERT[dialect](REVIEW_STATES)
    changes = {name: stmt.excluded[name] for name in _REVIEW_COLUMNS}
    return stmt.on_conflict_do_update(index_elements=["profile_id", "skill"], set_=changes)


def insert_attempt(session: Session, values: dict[str, Any]) -> bool:
    """Insert an attempt unless its uuid is already stored; True if it was new."""
    conn = session.connection()
    if conn.dialect.name in _DIALECT_INSERT:
        return conn.execute(_attempt_insert(conn.dialect.name), values).first() is not None
    if conn.scalar(select(ATTEMPTS.c.id).where(ATTEMPTS.c.uuid == values["uuid"])):
        return False
    conn.execute(insert(ATTEMPTS), values)
    return True


def put_review_state(session: Session, values: dict[str, Any]) -> None:
    """Insert or replace the review state of (profile, skill)."""
    conn = session.connection()
    if conn.dialect.name in _DIALECT_INSERT:
        conn.execute(_review_upsert(conn.dialect.name), values)
        return
    key = (REVIEW_STATES.c.profile_id == values["profile_id"]) & (
        REVIEW_STATES.c.skill == values["skill"]
    )
    if conn.scalar(select(REVIEW_STATES.c.id).where(key)) is None:
        conn.execute(insert(REVIEW_STATES), values)
    else:
        conn.execute(update(REVIEW_STATES).where(key), {k: values[k] for k in _REVIEW_COLUMNS})
