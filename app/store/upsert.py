"""Idempotent writes: ON CONFLICT where the backend has it, select-then-write elsewhere.

The statements are built once per backend and run on the session's connection with plain
parameters, which keeps recording an answer well under a millisecond of Python work. On
PostgreSQL an answer and its review state go in one statement: one round trip to the server
instead of two, which counts on a class server shared by many learners.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
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


@cache
def _answer_insert_pg(attempt_columns: tuple[str, ...], state_columns: tuple[str, ...]) -> Any:
    """One PostgreSQL statement: the attempt unless stored already, then, only if it was new,
    its review state; the result is how many attempts were new (0 or 1)."""
    attempt = (
        postgresql.insert(ATTEMPTS)
        .values({c: bindparam(f"a_{c}", type_=ATTEMPTS.c[c].type) for c in attempt_columns})
        .on_conflict_do_nothing(index_elements=["uuid"])
        .returning(ATTEMPTS.c.id)
        .cte("new_attempt")
    )
    values = [bindparam(f"s_{c}", type_=REVIEW_STATES.c[c].type) for c in state_columns]
    state = postgresql.insert(REVIEW_STATES).from_select(
        state_columns, select(*values).select_from(attempt)
    )
    changes = {name: state.excluded[name] for name in _REVIEW_COLUMNS}
    upsert = state.on_conflict_do_update(index_elements=["profile_id", "skill"], set_=changes)
    return select(func.count()).select_from(attempt).add_cte(upsert.cte("new_state"))


def insert_answer(conn: Connection, attempt: dict[str, Any], state: dict[str, Any] | None) -> bool:
    """Insert an attempt unless its uuid is stored already, and then its review state; True if
    the attempt was new (a stored one is skipped with its state, so a retry is safe)."""
    if state is None or conn.dialect.name != "postgresql":
        new = _insert_attempt(conn, attempt)
        if new and state is not None:
            _put_review_state(conn, state)
        return new
    statement = _answer_insert_pg(tuple(attempt), tuple(state))
    params = {f"a_{k}": v for k, v in attempt.items()} | {f"s_{k}": v for k, v in state.items()}
    return bool(conn.execute(statement, params).scalar())


def _insert_attempt(conn: Connection, values: dict[str, Any]) -> bool:
    """Insert an attempt unless its uuid is already stored; True if it was new."""
    if conn.dialect.name in _DIALECT_INSERT:
        return conn.execute(_attempt_insert(conn.dialect.name), values).first() is not None
    if conn.scalar(select(ATTEMPTS.c.id).where(ATTEMPTS.c.uuid == values["uuid"])):
        return False
    conn.execute(insert(ATTEMPTS), values)
    return True


def put_review_state(session: Session, values: dict[str, Any]) -> None:
    """Insert or replace the review state of (profile, skill)."""
    _put_review_state(session.connection(), values)


def _put_review_state(conn: Connection, values: dict[str, Any]) -> None:
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
