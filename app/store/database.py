"""Where the progress database lives, how it is opened, and its schema brought up to date."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool, StaticPool

from app.store.errors import (
    DatabaseNotFound,
    DatabaseReadOnly,
    DatabaseUnreachable,
    DatabaseUnreadable,
    InvalidDatabaseUrl,
    MigrationFailed,
)
from app.store.failures import first_line, is_read_only, reason, translated
from app.store.schema import SCHEMA_HEAD, alembic_config, head_revision, refuse_unknown
from app.store.shared_schema import may_migrate, refuse_outdated
from app.store.sqlite_file import backup_sqlite_file, check_writable, inspect_sqlite_file

__all__ = ["Database", "alembic_config", "head_revision", "open_database", "resolve_url"]

APP_NAME = "backprop-quiz"
ENV_VAR = "BACKPROP_QUIZ_DB"
BUSY_TIMEOUT_MS = 5000
_READ_ONLY = "backprop_quiz_read_only"
_PG_MIGRATION_LOCK = 0x6271_7569  # any constant: serialises migrations of one database
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")  # 2+ letters: C:\ is a path


def default_url() -> str:
    """A SQLite file in the platform's user-data folder for this app."""
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return URL.create("sqlite", database=str(folder / "progress.sqlite3")).render_as_string()


def resolve_url(cli_url: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """--db wins, then BACKPROP_QUIZ_DB, then the default; a bare path means a SQLite file.

    Anything starting like a URL ("sqlite:/x") is left as it is, for open_database to judge.
    """
    env = os.environ if environ is None else environ
    for candidate in (cli_url, env.get(ENV_VAR)):
        if candidate and candidate.strip():
            value = candidate.strip()
            if "://" not in value and not _URL_SCHEME.match(value):
                path = Path(value).expanduser().resolve()
                return URL.create("sqlite", database=str(path)).render_as_string()
            return value
    return default_url()


@dataclass
class Database:
    """An open progress database: the engine plus sessions for writing and for reading."""

    url: URL
    engine: Engine
    backup_path: Path | None = None
    where: str = "the progress database"
    _writes: sessionmaker[Session] = field(init=False, repr=False)
    _reads: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._writes = sessionmaker(self.engine, expire_on_commit=False)
        reader = self.engine.execution_options(**{_READ_ONLY: True})
        self._reads = sessionmaker(reader, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """The backend's name: "sqlite" or "postgresql" (or whatever the URL names)."""
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on error."""
        with translated(self.where), self._writes.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction; on SQLite it does not take the write lock."""
        with translated(self.where), self._reads.begin() as session:
            yield session

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _parse(url: str) -> URL:
    """Parse a database URL, check its driver is installed, or say what a valid one is."""
    try:
        parsed = make_url(url)
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")  # the driver this app ships
        parsed.get_dialect().import_dbapi()
    except NoSuchModuleError as e:
        raise InvalidDatabaseUrl(
            f"{url!r} is not a usable database URL: {parsed.drivername!r} is no database kind "
            "SQLAlchemy knows. Use e.g. sqlite:////path/to/file.db or "
            "postgresql+psycopg://user@host/dbname."
        ) from e
    except (ArgumentError, ValueError) as e:
        raise InvalidDatabaseUrl(
            f"{url!r} is not a usable database URL ({e}). Use e.g. sqlite:////path/to/file.db "
            "or postgresql+psycopg://user@host/dbname."
        ) from e
    except ImportError as e:
        raise InvalidDatabaseUrl(
            f"the database driver for {parsed.drivername!r} is not installed ({e.name}). "
            "Install it, or use sqlite:///FILE or postgresql+psycopg://user@host/dbname."
        ) from e
    return parsed


def _sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory and URI-style databases."""
    if url.get_backend_name() != "sqlite" or url.query.get("uri"):
        return None
    if url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).expanduser()


def _is_memory(url: URL) -> bool:
    """True for a SQLite database that lives in memory only."""
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database


def _create_engine(url: URL, foreign_keys: bool = True, **kwargs: Any) -> Engine:
    """An engine; on SQLite with WAL, foreign keys, a busy timeout and explicit BEGINs."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        # WAL with NORMAL: a killed app loses no committed answer and a power cut cannot
        # corrupt the file (it may lose the last moments); FULL would fsync every answer.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _migrate(engine: Engine, where: str) -> None:
    """Upgrade to head in one transaction; on PostgreSQL under an advisory lock."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    try:
        conn = engine.connect()
    except DBAPIError as e:
        raise _cannot_open(engine, where, e) from e
    with conn:
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    lock = text("SELECT pg_advisory_xact_lock(:k)")
                    conn.execute(lock, {"k": _PG_MIGRATION_LOCK})
                revisions = MigrationContext.configure(conn).get_current_heads()
                if revisions:
                    refuse_unknown(revisions, inspect(conn).get_table_names(), where)
                if tuple(revisions) != (head_revision(),):
                    if not may_migrate(conn):
                        raise refuse_outdated(
                            revisions[0] if revisions else None, head_revision(), where
                        )
                    command.upgrade(alembic_config(connection=conn), "head")
                if conn.dialect.name == "sqlite":
                    _check_foreign_keys(conn, where)
                    # SQLite opens a file it may not write read-only without a word: a
                    # write that changes nothing finds out now, not at the first answer.
                    conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")
        except DBAPIError as e:
            if is_read_only(e):
                raise _read_only(where, e) from e
            raise MigrationFailed(
                f"upgrading {where} to schema {head_revision()} failed: {reason(e)} The upgrade "
                "was rolled back. Retry, or report this with the message."
            ) from e


def _check_foreign_keys(conn: Connection, where: str) -> None:
    """After a SQLite migration with foreign keys off, make sure every reference holds."""
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise MigrationFailed(
            f"upgrading {where} left {len(broken)} broken references (first: "
            f"{tuple(broken[0])}); the upgrade was rolled back. Report this with the message."
        )


def _read_only(where: str, error: DBAPIError) -> DatabaseReadOnly:
    """The message for a database that can be read but not written."""
    return DatabaseReadOnly(
        f"{where} cannot be written: {reason(error)} It was left untouched. Backprop Quiz "
        "saves every answer, so it needs a file it may change: make the file writable, or "
        "choose another progress file."
    )


def _cannot_open(engine: Engine, where: str, error: DBAPIError) -> Exception:
    """The message for a database that could not be opened: a local file, or a server."""
    if engine.dialect.name == "sqlite":
        return DatabaseReadOnly(
            f"could not open {where}: {reason(error)} Check that its folder exists and that "
            "you may write to the file and the folder, or choose another progress file."
        )
    lines = [first_line(line) for line in str(error.orig).splitlines() if line.strip()]
    return DatabaseUnreachable(
        f"could not open {where}: {' '.join(lines)} Check the URL, that the server is "
        "running, and the user's rights."
    )


def _check_writes(database: Database, where: str) -> None:
    """SQLite opens a file it may not write read-only without a word: find out now, not at
    the first answer (a write that changes nothing)."""
    try:
        with database.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")
    except DBAPIError as e:
        database.close()
        if is_read_only(e):
            raise _read_only(where, e) from e
        raise _cannot_open(database.engine, where, e) from e


def open_database(url: str, create: bool = True) -> Database:
    """Open and migrate a progress database; refuse unsafe files.

    A missing SQLite file is created, unless `create` is False (a report must not leave an
    empty database behind a mistyped path): then DatabaseNotFound says what to do.
    """
    parsed = _parse(url)
    where = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite" and _is_memory(parsed):
        engine = _create_engine(parsed, poolclass=StaticPool)  # one shared in-memory database
        _migrate(engine, where)
        return Database(parsed, engine, where=where)
    path = _sqlite_path(parsed)
    backup: Path | None = None
    if path is not None:
        where = str(path)
        if not create and not path.exists():
            raise DatabaseNotFound(
                f"there is no database at {path}. Check the path, or name the database with "
                "--db URL (e.g. sqlite:////path/to/progress.sqlite3 or "
                "postgresql+psycopg://user@host/class)."
            )
        state = inspect_sqlite_file(path)
        refuse_unknown(state.revisions, state.tables, where)
        if not state.is_empty and not state.revisions:
            raise DatabaseUnreadable(
                f"{path} is a SQLite database but not one Backprop Quiz made (it has no schema "
                "version). It was left untouched. Point --db at another file."
            )
        check_writable(path)
        if state.revisions == (SCHEMA_HEAD,):
            database = Database(parsed, _create_engine(parsed), None, where)
            _check_writes(database, where)
            return database
        if state.revisions and head_revision() not in state.revisions:
            backup = backup_sqlite_file(path, state.revisions[0])
    # Migrations run with foreign keys off on SQLite, as batch table rebuilds require.
    migrator = _create_engine(parsed, foreign_keys=False, poolclass=NullPool)
    try:
        _migrate(migrator, where)
    except MigrationFailed as e:
        if backup is None:
            raise
        raise MigrationFailed(f"{e} The file as it was before is saved at {backup}.") from e
    finally:
        migrator.dispose()
    return Database(parsed, _create_engine(parsed), backup, where)
