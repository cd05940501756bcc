"""Who may upgrade a shared database: its owner does; a learner's role is told, never tries.

On a class server the schema belongs to the instructor's admin role (`class init`,
`class upgrade`); a learner's app connecting with its own role must never run a migration,
so an out-of-date schema is refused with a sentence naming the command that fixes it.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from app.store.errors import SchemaOutdated

_MAY_MIGRATE = text(
    "SELECT CASE WHEN to_regclass('alembic_version') IS NULL "
    "THEN has_schema_privilege(current_schema(), 'CREATE') "
    "ELSE pg_has_role(current_user, (SELECT tableowner FROM pg_tables "
    "WHERE tablename = 'alembic_version' AND schemaname = current_schema()), 'USAGE') END"
)


def may_migrate(conn: Connection) -> bool:
    """True where this connection's role owns the schema (always on SQLite)."""
    if conn.dialect.name != "postgresql":
        return True
    return bool(conn.execute(_MAY_MIGRATE).scalar())


def refuse_outdated(current: str | None, head: str, where: str) -> SchemaOutdated:
    """The message for a shared database this role may not bring up to date."""
    have = f"schema {current}" if current else "no Backprop Quiz schema yet"
    return SchemaOutdated(
        f"{where} has {have}; this version of Backprop Quiz needs schema {head}. It was "
        "left unchanged: on a shared class database only the instructor upgrades it. Ask "
        "your instructor to run `backprop-quiz class upgrade --db ADMIN-URL`."
    )
