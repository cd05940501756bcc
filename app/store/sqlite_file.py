"""Look at a SQLite file read-only before anything writes to it, and back it up safely."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.store.errors import DatabaseReadOnly, DatabaseUnreadable, MigrationFailed
from app.store.look_ahead import start_look, take_look
from app.store.timestamps import utcnow

SQLITE_HEADER = b"SQLite format 3\x00"
_STAMPS = ("user_version", "application_id")


@dataclass(frozen=True)
class SqliteFileState:
    """What a read-only look at a database file found."""

    path: Path
    tables: frozenset[str]
    revisions: tuple[str, ...]
    other_content: bool = False  # views, triggers, or a user_version or application_id set

    @property
    def is_empty(self) -> bool:
        """True for a missing or zero-length file, or one that holds nothing: a new database."""
        return not self.tables and not self.other_content


def _readonly_uri(path: Path) -> str:
    """A sqlite3 URI that opens the file without the right to write it, or to add files.

    With no write-ahead log beside the file, `immutable=1` stops SQLite creating -wal and
    -shm files next to a file it is only looking at; with one, the log holds committed
    answers and must be read, so the file is opened read-only the ordinary way.
    """
    wal = path.with_name(path.name + "-wal")
    has_log = wal.exists() and wal.stat().st_size > 0
    return f"{path.resolve().as_uri()}?mode=ro" + ("" if has_log else "&immutable=1")


def inspect_sqlite_file(path: Path) -> SqliteFileState:
    """Check the header and page integrity read-only; raise DatabaseUnreadable if it fails."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return SqliteFileState(path, frozenset(), ())
    if not path.is_file():
        raise DatabaseUnreadable(f"{path} is not a file. Point --db at a database file.")
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise DatabaseUnreadable(
            f"cannot read {path}: {e.strerror}. Check the file's permissions."
        ) from e
    if header != SQLITE_HEADER:
        raise DatabaseUnreadable(
            f"{path} is not a SQLite database, so it cannot hold Backprop Quiz progress. "
            "It was left untouched. Point --db (or BACKPROP_QUIZ_DB) at another file, "
            "or move this one away to start afresh."
        )
    try:
        problems, objects, stamps, revisions = take_look(path) or _look(path)
    except sqlite3.DatabaseError as e:
        raise DatabaseUnreadable(_damaged(path, str(e))) from e
    if problems != ["ok"]:
        raise DatabaseUnreadable(_damaged(path, "; ".join(problems)))
    tables = frozenset(name for kind, name in objects if kind == "table")
    other = any(kind != "table" for kind, _ in objects) or any(stamps)
    return SqliteFileState(path, tables, revisions, other)


_Look = tuple[list[str], list[tuple[str, str]], list[object], tuple[str, ...]]


def _look(path: Path) -> _Look:
    """Integrity problems, schema objects, stamps and Alembic revisions, read-only."""
    conn = sqlite3.connect(_readonly_uri(path), uri=True)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
        objects = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
        stamps = [conn.execute(f"PRAGMA {p}").fetchone()[0] for p in _STAMPS]
        revisions: tuple[str, ...] = ()
        if any(kind == "table" and name == "alembic_version" for kind, name in objects):
            revisions = tuple(
                row[0] for row in conn.execute("SELECT version_num FROM alembic_version")
            )
    finally:
        conn.close()
    return problems, objects, stamps, revisions


def look_ahead(path: Path) -> None:
    """Start the read-only look at an existing file on a thread, for the next
    `inspect_sqlite_file` of it to take up (see app.store.look_ahead); only for a SQLite
    file, as anything else is refused before the look."""
    try:
        with path.open("rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return
    except OSError:
        return
    start_look(path, _look)


def check_writable(path: Path) -> None:
    """Refuse a database file, or the folder it is to be made in, that cannot be written.

    SQLite would open such a file read-only without a word, and the first answer would
    fail; with write-ahead logging it also needs to write its log beside the file.
    """
    target = path if path.exists() else path.parent
    while not target.exists() and target != target.parent:
        target = target.parent  # the folders to be made are made in the nearest one there is
    if not os.access(target, os.W_OK):
        what = "the file is" if target == path else f"the folder {target} is"
        kept = " It was left untouched." if path.exists() else ""
        raise DatabaseReadOnly(
            f"{path} cannot be written: {what} read-only.{kept} Backprop Quiz saves every "
            "answer, so it needs a file it may change: make it writable, or choose another "
            "progress file."
        )
    if target == path and not os.access(path.parent, os.W_OK):
        raise DatabaseReadOnly(
            f"{path} cannot be used: its folder {path.parent} is read-only, and SQLite keeps a "
            "journal beside the file. It was left untouched. Make the folder writable, or "
            "choose another progress file."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DatabaseReadOnly(
            f"cannot make the folder {path.parent} for {path.name}: {e.strerror}. Choose "
            "another place for the progress file."
        ) from e


def _damaged(path: Path, detail: str) -> str:
    """The message for a corrupt file: what happened and what to do."""
    lines = [line.strip() for line in detail.splitlines() if line.strip() and "***" not in line]
    first = lines[0] if lines else detail.strip()
    more = ", and more" if len(lines) > 1 else ""
    backups = sorted(path.parent.glob(f"{path.name}.bak-*"))
    restore = (
        f"Restore the newest backup ({backups[-1]})"
        if backups
        else f"Salvage what it holds with `sqlite3 {path} .recover`"
    )
    return (
        f"{path} is damaged and cannot be read ({first}{more}). It was left untouched. "
        f"{restore}, or point --db at another file to start afresh."
    )


def backup_sqlite_file(path: Path, revision: str) -> Path:
    """Copy the database with SQLite's online backup API to <file>.bak-<revision>-<time>."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bak-{revision}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bak-{revision}-{stamp}-{n}")
    try:
        source = sqlite3.connect(_readonly_uri(path), uri=True)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except (sqlite3.Error, OSError) as e:
        target.unlink(missing_ok=True)
        raise MigrationFailed(
            f"could not back up {path} to {target} before upgrading it ({e}); nothing was "
            "changed. Free some disk space or check the folder's permissions, then retry."
        ) from e
    return target
