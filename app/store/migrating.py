"""Bringing a database's schema up to date: Alembic in one transaction, or a clear refusal."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from app.store.errors import DatabaseReadOnly, DatabaseUnreachable, MigrationFailed
from app.store.failures import first_line, is_read_only, reason
from app.store.schema import alembic_config, head_revision, refuse_unknown
from app.store.shared_schema import may_migrate, refuse_outdated

_PG_MIGRATION_LOCK = 0x6271_7569  # any constant: serialises migrations of one database


def migrate(engine: Engine, where: str) -> None:
    """Upgrade to head in one transaction; on PostgreSQL under an advisory lock."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    try:
        conn = engine.connect()
    except DBAPIError as e:
        raise cannot_open(engine, where, e) from e
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
                raise read_only_error(where, e) from e
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


def read_only_error(where: str, error: DBAPIError) -> DatabaseReadOnly:
    """The message for a database that can be read but not written."""
    return DatabaseReadOnly(
        f"{where} cannot be written: {reason(error)} It was left untouched. Backprop Quiz "
        "saves every answer, so it needs a file it may change: make the file writable, or "
        "choose another progress file."
    )


def cannot_open(engine: Engine, where: str, error: DBAPIError) -> Exception:
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
