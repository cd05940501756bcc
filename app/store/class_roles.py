"""A class on one PostgreSQL database: the instructor's role, learners' roles, and policies.

Roles are cluster-wide, so every name carries the database's: `bpq_<db>_instructor` reads
everything and writes nothing; `bpq_<db>_learners` is the group every learner's login role
joins, and row-level security lets it see and change only the rows of the profile whose
`role_name` is `current_user`. The admin role that runs `class init` owns the tables, so it
is not bound by the policies and is the one that upgrades the schema.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import Connection

from app.store.database import Database
from app.store.errors import InvalidRecord, ProfileExists, ProfileNotFound

LEARNER_TABLES = (
    "profiles",
    "sessions",
    "attempts",
    "review_states",
    "exam_drafts",
    "skill_tallies",
    "mistake_tallies",
    "day_tallies",
    "day_mistakes",
)
"""Every table holding a learner's data: row-level security is on for each."""

# current_user is a `name`, in the C collation: COLLATE "default" lets the comparison use the
# unique index on role_name rather than read every profile in each statement a learner runs.
_OWN = '(SELECT p.id FROM profiles p WHERE p.role_name = current_user COLLATE "default")'
_OWN_SESSIONS = f"(SELECT s.id FROM sessions s WHERE s.profile_id = {_OWN})"
_MINE = {
    "profiles": 'role_name = current_user COLLATE "default"',
    "sessions": f"profile_id = {_OWN}",
    "attempts": f"profile_id = {_OWN}",
    "review_states": f"profile_id = {_OWN}",
    "exam_drafts": f"session_id IN {_OWN_SESSIONS}",
    "skill_tallies": f"profile_id = {_OWN}",
    "mistake_tallies": f"profile_id = {_OWN}",
    "day_tallies": f"profile_id = {_OWN}",
    "day_mistakes": f"profile_id = {_OWN}",
}
_LEARNER_RIGHTS = {
    "profiles": "SELECT, UPDATE (settings)",
    "sessions": "SELECT, INSERT, UPDATE",
    "attempts": "SELECT, INSERT, UPDATE",
    "review_states": "SELECT, INSERT, UPDATE",
    "exam_drafts": "SELECT, INSERT, UPDATE, DELETE",
    "packs": "SELECT",
    "alembic_version": "SELECT",
}


@dataclass(frozen=True)
class ClassRoles:
    """The role names of the class on one database."""

    database: str

    @property
    def prefix(self) -> str:
        """What every role of this class starts with."""
        return f"bpq_{_slug(self.database)[:30]}_"

    @property
    def instructor(self) -> str:
        """The instructor's login role: reads everything, writes nothing."""
        return self.prefix + "instructor"

    @property
    def learners(self) -> str:
        """The group role every learner's login role belongs to."""
        return self.prefix + "learners"

    def learner(self, name: str) -> str:
        """The login role of the learner with this profile name."""
        slug = _slug(name)
        if not slug:
            raise InvalidRecord(f"{name!r} has no letter or digit to name a database role with")
        return (self.prefix + "l_" + slug)[:63]


def _slug(name: str) -> str:
    """Lower-case letters, digits and underscores only."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def new_password() -> str:
    """A generated password, shown once."""
    return secrets.token_urlsafe(18)


def _run(conn: Connection, statement: sql.Composable) -> None:
    """Execute one composed statement (identifiers and literals quoted by psycopg)."""
    raw = conn.connection.driver_connection
    conn.exec_driver_sql(statement.as_string(raw).replace("%", "%%"))


def _role_exists(conn: Connection, role: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    return found.first() is not None


def _create_login(conn: Connection, role: str, password: str) -> None:
    _run(
        conn,
        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(password)
        ),
    )


def apply_policies(conn: Connection, roles: ClassRoles) -> None:
    """Grants and row-level security policies for the class, made afresh (idempotent)."""
    learners, instructor = sql.Identifier(roles.learners), sql.Identifier(roles.instructor)
    db = sql.Identifier(conn.engine.url.database or "")
    for role in (learners, instructor):
        _run(conn, sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, role))
        _run(conn, sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
    _run(conn, sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(instructor))
    _run(conn, sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(learners))
    for table, rights in _LEARNER_RIGHTS.items():
        _run(
            conn,
            sql.SQL("GRANT " + rights + " ON {} TO {}").format(sql.Identifier(table), learners),
        )
    for table in LEARNER_TABLES:
        name = sql.Identifier(table)
        _run(conn, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
        mine = sql.SQL(_MINE[table])
        policies = {
            "instructor_reads": sql.SQL("FOR SELECT TO {} USING (true)").format(instructor),
            "learner_reads": sql.SQL("FOR SELECT TO {} USING ({})").format(learners, mine),
            "learner_adds": sql.SQL("FOR INSERT TO {} WITH CHECK ({})").format(learners, mine),
            "learner_changes": sql.SQL("FOR UPDATE TO {} USING ({}) WITH CHECK ({})").format(
                learners, mine, mine
            ),
            "learner_discards_drafts": sql.SQL("FOR DELETE TO {} USING ({})").format(
                learners, mine
            ),
        }
        if table != "exam_drafts":
            del policies["learner_discards_drafts"]
        if table not in _LEARNER_RIGHTS:  # kept by the trigger; learners get no right on it
            policies = {"instructor_reads": policies["instructor_reads"]}
        for policy, body in policies.items():
            ident = sql.Identifier(policy)
            _run(conn, sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(ident, name))
            _run(conn, sql.SQL("CREATE POLICY {} ON {} ").format(ident, name) + body)


def init_class(database: Database) -> tuple[ClassRoles, str | None]:
    """Make the instructor and learner roles and the policies; the instructor's new password
    (None when the role existed already and keeps its password)."""
    roles = ClassRoles(database.engine.url.database or "")
    password: str | None = None
    with database.engine.begin() as conn:
        if not _role_exists(conn, roles.learners):
            _run(conn, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(roles.learners)))
        if not _role_exists(conn, roles.instructor):
            password = new_password()
            _create_login(conn, roles.instructor, password)
        apply_policies(conn, roles)
    return roles, password


def add_learner(database: Database, name: str) -> tuple[str, str]:
    """A learner's login role and profile; returns (role, password), the password shown once."""
    from app.store.convert import check_profile_name
    from app.store.timestamps import utcnow

    name = check_profile_name(name)
    roles = ClassRoles(database.engine.url.database or "")
    role = roles.learner(name)
    password = new_password()
    with database.engine.begin() as conn:
        if _role_exists(conn, role):
            raise ProfileExists(f"the learner {name!r} has a role ({role}) already")
        taken = conn.execute(
            text("SELECT role_name FROM profiles WHERE name = :n"), {"n": name}
        ).first()
        if taken is not None and taken[0] is not None:
            raise ProfileExists(f"the profile {name!r} belongs to the role {taken[0]} already")
        _create_login(conn, role, password)
        _run(
            conn,
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.learners), sql.Identifier(role)),
        )
        if taken is None:
            conn.execute(
                text(
                    "INSERT INTO profiles (name, created_at, settings, role_name) "
                    "VALUES (:n, :t, '{}', :r)"
                ),
                {"n": name, "t": utcnow(), "r": role},
            )
        else:
            conn.execute(
                text("UPDATE profiles SET role_name = :r WHERE name = :n"), {"n": name, "r": role}
            )
    return role, password


def remove_learner(database: Database, name: str, delete_data: bool = False) -> str:
    """Drop a learner's login role; their profile and answers stay unless `delete_data`."""
    with database.engine.begin() as conn:
        found = conn.execute(
            text("SELECT id, role_name FROM profiles WHERE name = :n"), {"n": name.strip()}
        ).first()
        if found is None:
            raise ProfileNotFound(f"no learner named {name!r} in this class")
        role = found[1]
        if delete_data:
            conn.execute(text("DELETE FROM profiles WHERE id = :i"), {"i": found[0]})
        else:
            conn.execute(
                text("UPDATE profiles SET role_name = NULL WHERE id = :i"), {"i": found[0]}
            )
        if role is not None and _role_exists(conn, role):
            _run(conn, sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
    return role or ""


def connection_url(database: Database, role: str, password: str) -> str:
    """The URL a role connects with: the admin's host, port and database, its own login."""
    url = database.engine.url.set(drivername="postgresql", username=role, password=password)
    return url.render_as_string(hide_password=False)


def upgrade_class(database: Database) -> str:
    """After open_database has migrated as the admin: renew grants and policies for any new
    table; returns the schema revision now."""
    from app.store.schema import head_revision

    roles = ClassRoles(database.engine.url.database or "")
    with database.engine.begin() as conn:
        if _role_exists(conn, roles.learners) and _role_exists(conn, roles.instructor):
            apply_policies(conn, roles)
    return head_revision()
