"""The open progress database, and how one is opened: checked, backed up, and migrated."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool, StaticPool

from app.store.errors import DatabaseNotFound, DatabaseUnreadable, MigrationFailed
from app.store.failures import is_read_only, translated
from app.store.migrating import cannot_open, migrate, read_only_error
from app.store.schema import SCHEMA_HEAD, alembic_config, head_revision, refuse_unknown
from app.store.sqlite_file import backup_sqlite_file, check_writable, inspect_sqlite_file
from app.store.urls import default_url, is_memory, parse_url, resolve_url, sqlite_path

__all__ = [
    "Database",
    "alembic_config",
    "default_url",
    "head_revision",
    "open_database",
    "resolve_url",
]

BUSY_TIMEOUT_MS = 5000
_READ_ONLY = "backprop_quiz_read_only"


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

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """A connection whose every statement commits on its own: a write that is one
        statement then takes one round trip to a server, with no BEGIN and COMMIT around it."""
        with translated(self.where), self.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def create_app_engine(url: URL, foreign_keys: bool = True, **kwargs: Any) -> Engine:
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


def _check_writes(database: Database, where: str) -> None:
    """SQLite opens a file it may not write read-only without a word: find out now, not at
    the first answer (a write that changes nothing)."""
    try:
        with database.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")
    except DBAPIError as e:
        database.close()
        if is_read_only(e):
            raise read_only_error(where, e) from e
        raise cannot_open(database.engine, where, e) from e


def open_database(url: str, create: bool = True) -> Database:
    """Open and migrate a progress database; refuse unsafe files.

    A missing SQLite file is created, unless `create` is False (a report must not leave an
    empty database behind a mistyped path): then DatabaseNotFound says what to do.
    """
    parsed = parse_url(url)
    where = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite" and is_memory(parsed):
        engine = create_app_engine(parsed, poolclass=StaticPool)  # one shared in-memory database
        migrate(engine, where)
        return Database(parsed, engine, where=where)
    path = sqlite_path(parsed)
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
            database = Database(parsed, create_app_engine(parsed), None, where)
            _check_writes(database, where)
            return database
        if state.revisions and head_revision() not in state.revisions:
            backup = backup_sqlite_file(path, state.revisions[0])
    # Migrations run with foreign keys off on SQLite, as batch table rebuilds require.
    migrator = create_app_engine(parsed, foreign_keys=False, poolclass=NullPool)
    try:
        migrate(migrator, where)
    except MigrationFailed as e:
        if backup is None:
            raise
        raise MigrationFailed(f"{e} The file as it was before is saved at {backup}.") from e
    finally:
        migrator.dispose()
    return Database(parsed, create_app_engine(parsed), backup, where)
