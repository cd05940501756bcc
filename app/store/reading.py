"""Open a progress database only to read it: no migration, no new file, no write at all.

The class report and the Class page read a database other people write to. They must leave
it exactly as it is, so a missing or empty database, or one at another schema, is refused
with a sentence, and every connection is read-only on the server's side too.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from app.store.database import Database, create_app_engine
from app.store.errors import DatabaseNotFound, SchemaOutdated
from app.store.failures import translated
from app.store.migrating import cannot_open
from app.store.schema import OWN_TABLES, head_revision, refuse_unknown
from app.store.sqlite_file import _readonly_uri, inspect_sqlite_file
from app.store.urls import parse_url, sqlite_path

_READ_ONLY_PG = "-c default_transaction_read_only=on"


def _sqlite_reader(path: Path) -> Engine:
    """An engine on a SQLite file opened read-only (its write-ahead log read, not written)."""
    uri = _readonly_uri(path)
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        poolclass=NullPool,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below
        dbapi_connection.execute("PRAGMA query_only=ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _read_only_engine(url_text: str) -> tuple[Engine, str]:
    """An engine whose every transaction is read-only (query_only on SQLite)."""
    parsed = parse_url(url_text)
    where = parsed.render_as_string(hide_password=True)
    path = sqlite_path(parsed)
    if parsed.get_backend_name() == "sqlite":
        if path is None or not path.exists():
            raise DatabaseNotFound(
                f"there is no database at {path or where}. Check the path, or name the class's "
                "database with --db URL. Nothing was created."
            )
        where = str(path)
        state = inspect_sqlite_file(path)
        refuse_unknown(state.revisions, state.tables, where)
        engine = _sqlite_reader(path)
        return engine, where
    if parsed.get_backend_name() == "postgresql":
        engine = create_app_engine(parsed, connect_args={"options": _READ_ONLY_PG})
        return engine, where
    return create_app_engine(parsed), where


def open_for_reading(url: str) -> Database:
    """Open a database at this app's schema to read; refuse anything else, changing nothing."""
    engine, where = _read_only_engine(url)
    try:
        try:
            conn = engine.connect()
        except DBAPIError as e:
            raise cannot_open(engine, where, e) from e
        with translated(where), conn:
            revisions = tuple(MigrationContext.configure(conn).get_current_heads())
            tables = inspect(conn).get_table_names()
        _check_schema(revisions, tables, where)
    except Exception:
        engine.dispose()
        raise
    return Database(engine.url, engine, where=where)


def _check_schema(revisions: tuple[str, ...], tables: list[str], where: str) -> None:
    """Refuse an empty database, another program's, or one at another schema revision."""
    if not revisions and not set(tables) & OWN_TABLES:
        raise DatabaseNotFound(
            f"{where} holds no Backprop Quiz data (it has no schema). It was left untouched: "
            "check --db, or set the class up with `backprop-quiz class init`."
        )
    refuse_unknown(revisions, tables, where)
    if revisions != (head_revision(),):
        have = revisions[0] if revisions else "none"
        raise SchemaOutdated(
            f"{where} is at schema {have}; this version of Backprop Quiz reads schema "
            f"{head_revision()}. The report leaves the database as it is: upgrade it first "
            "(`backprop-quiz class upgrade --db ADMIN-URL` on a class server, or open a file "
            "once in the app)."
        )
