"""Database failures in plain words: a full disk, a read-only file, a server gone away.

SQLAlchemy's own messages carry the SQL, its parameters and a link to its documentation;
none of that helps a learner, so the store raises its own errors with a sentence instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError

from app.store.errors import DatabaseReadOnly, DatabaseWriteFailed, StoreError

_SQLITE_REASONS = {
    "SQLITE_READONLY": "the file is read-only",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_CANTOPEN": "the file or its folder cannot be opened",
    "SQLITE_IOERR": "the disk reported an input/output error",
    "SQLITE_BUSY": "another program kept the database locked for too long",
    "SQLITE_LOCKED": "another program kept the database locked for too long",
    "SQLITE_CORRUPT": "the file is damaged",
    "SQLITE_NOTADB": "the file is not a database",
    "SQLITE_PERM": "permission denied",
}
_PG_READ_ONLY = "25006"  # read_only_sql_transaction
_PG_DISK_FULL = "53100"


def first_line(text: str) -> str:
    """The first non-empty line of a message, whitespace collapsed, ending in a full stop."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    line = lines[0] if lines else "no reason given"
    return line if line[-1] in ".?!" else f"{line}."


def reason(error: DBAPIError) -> str:
    """Why a database call failed, in plain words without SQL."""
    orig = error.orig
    name = str(getattr(orig, "sqlite_errorname", "") or "")
    for prefix, words in _SQLITE_REASONS.items():
        if name.startswith(prefix):
            return f"{words}."
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate == _PG_READ_ONLY:
        return "the database server allows only reading."
    if sqlstate == _PG_DISK_FULL:
        return "the database server's disk is full."
    return first_line(str(orig) if orig is not None else type(error).__name__)


def is_read_only(error: DBAPIError) -> bool:
    """True if the failure means the database cannot be written at all."""
    name = str(getattr(error.orig, "sqlite_errorname", "") or "")
    return name.startswith("SQLITE_READONLY") or (
        getattr(error.orig, "sqlstate", None) == _PG_READ_ONLY
    )


def work_failure(where: str, error: DBAPIError) -> StoreError:
    """The store error for a read or write of `where` that failed midway."""
    if is_read_only(error):
        return DatabaseReadOnly(
            f"{where} cannot be written: {reason(error)} Nothing of this change was saved. "
            "Make the file writable, or choose another progress file in Settings."
        )
    return DatabaseWriteFailed(
        f"working with {where} failed: {reason(error)} Nothing of this change was saved. "
        "Fix that and try again; answers given before are kept."
    )


@contextmanager
def translated(where: str) -> Iterator[None]:
    """Turn a failed database call into a store error that says what happened, in words.

    IntegrityError passes through: the repository turns it into a message of its own.
    """
    try:
        yield
    except IntegrityError:
        raise
    except DBAPIError as e:
        raise work_failure(where, e) from e
