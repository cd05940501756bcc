"""A class on a real PostgreSQL server: each learner's role sees and changes only its own rows."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import text

from app.store import database, migrating, schema
from app.store.class_reads import ClassReads
from app.store.class_roles import add_learner, connection_url, init_class, remove_learner
from app.store.database import Database, open_database
from app.store.errors import DatabaseTooNew, ProfileExists, SchemaOutdated
from app.store.repository import Repository

from .factories import attempt, review_state
from .pg_server import PostgresServer


@pytest.fixture
def admin(postgres_server: PostgresServer) -> Iterator[Database]:
    """A fresh class database opened by its admin role, set up with `class init`."""
    db = open_database(postgres_server.create_database("class"))
    init_class(db)
    yield db
    db.close()


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url.replace("postgresql://", "postgresql://", 1), autocommit=True)


def _instructor_url(admin: Database) -> str:
    """The instructor's URL, with a password set for the test."""
    roles, password = init_class(admin)  # running init again keeps the role and its password
    assert password is None
    with admin.begin() as s:
        s.execute(text(f"ALTER ROLE {roles.instructor} PASSWORD 'pw'"))
    return connection_url(admin, roles.instructor, "pw")


@pytest.fixture
def class_of_two(admin: Database) -> dict[str, str]:
    """Ada and Bo, each with an answer and a review state; their connection URLs by name."""
    urls = {}
    repo = Repository(admin)
    for name in ("Ada", "Bo"):
        role, password = add_learner(admin, name)
        urls[name] = connection_url(admin, role, password)
        profile = repo.find_profile(name)
        assert profile is not None
        repo.record_attempt(attempt(profile.id, response=name), review_state(profile.id))
    return urls


def test_a_learner_sees_only_their_own_rows(class_of_two: dict[str, str]) -> None:
    with _connect(class_of_two["Ada"]) as conn:
        assert conn.execute("SELECT name FROM profiles").fetchall() == [("Ada",)]
        assert conn.execute("SELECT response FROM attempts").fetchall() == [("Ada",)]
        assert len(conn.execute("SELECT * FROM review_states").fetchall()) == 1


def test_a_learner_cannot_change_or_delete_another_learners_rows(
    class_of_two: dict[str, str], admin: Database
) -> None:
    with _connect(class_of_two["Ada"]) as conn:
        changed = conn.execute("UPDATE attempts SET correct = false WHERE response = 'Bo'")
        assert changed.rowcount == 0
        changed = conn.execute("UPDATE review_states SET reps = 99")
        assert changed.rowcount == 1  # only Ada's own
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM attempts WHERE response = 'Bo'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM attempts")  # not even their own answers
        bo = admin_profile_id(admin, "Bo")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # row-level security
            conn.execute(
                "INSERT INTO attempts (uuid, profile_id, question_key, skill, topic, mode, "
                "response, correct, score, seconds, answered_at) VALUES ('x', %s, 'k', 's', "
                "'t', 'study', 'r', true, 1, 1, now())",
                (bo,),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE profiles SET role_name = 'someone'")
    with admin.read() as s:
        assert s.execute(text("SELECT count(*) FROM attempts")).scalar() == 2
        assert s.execute(text("SELECT max(reps) FROM review_states WHERE reps < 99")).scalar()


def admin_profile_id(admin: Database, name: str) -> int:
    profile = Repository(admin).find_profile(name)
    assert profile is not None
    return profile.id


def test_the_instructor_reads_everything_and_writes_nothing(
    class_of_two: dict[str, str], admin: Database
) -> None:
    url = _instructor_url(admin)
    with _connect(url) as conn:
        assert sorted(conn.execute("SELECT response FROM attempts").fetchall()) == [
            ("Ada",),
            ("Bo",),
        ]
        for statement in (
            "UPDATE attempts SET correct = false",
            "DELETE FROM review_states",
            "INSERT INTO profiles (name, created_at, settings) VALUES ('Eve', now(), '{}')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    instructor = open_database(url)
    try:
        assert ClassReads(instructor).who().access == "instructor"
    finally:
        instructor.close()


def test_a_learner_url_opens_the_app_as_that_learner(class_of_two: dict[str, str]) -> None:
    learner = open_database(class_of_two["Bo"])
    try:
        who = ClassReads(learner).who()
        assert who.access == "learner"
        assert Repository(learner).get_profile(who.profile_id or 0).name == "Bo"
    finally:
        learner.close()


def test_a_removed_learner_cannot_connect_and_their_answers_stay(
    class_of_two: dict[str, str], admin: Database
) -> None:
    remove_learner(admin, "Bo")
    with pytest.raises(psycopg.OperationalError):
        _connect(class_of_two["Bo"]).close()
    assert admin_profile_id(admin, "Bo")  # kept
    remove_learner(admin, "Ada", delete_data=True)
    assert Repository(admin).find_profile("Ada") is None


def test_a_learner_name_is_given_a_role_once(class_of_two: dict[str, str], admin: Database) -> None:
    with pytest.raises(ProfileExists, match="Ada"):
        add_learner(admin, "Ada")


def test_a_learners_app_never_upgrades_a_shared_schema(
    class_of_two: dict[str, str], admin: Database
) -> None:
    with admin.begin() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    with pytest.raises(SchemaOutdated, match="class upgrade"):
        open_database(class_of_two["Ada"])
    with admin.read() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    with admin.begin() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0099_newer'"))
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_database(class_of_two["Ada"])


def test_a_learners_app_from_before_the_day_tallies_is_told_to_update(
    class_of_two: dict[str, str], admin: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The release before schema 0006 knew the revisions up to 0005_class_tallies.
    older = "0005_class_tallies"
    known = schema.known_revisions() - {schema.SCHEMA_HEAD}
    for module in (schema, database):
        monkeypatch.setattr(module, "SCHEMA_HEAD", older)
    for module in (schema, database, migrating):
        monkeypatch.setattr(module, "head_revision", lambda: older)
    monkeypatch.setattr(schema, "known_revisions", lambda: known)
    with pytest.raises(DatabaseTooNew, match=r"newer version of Backprop Quiz.*Update"):
        open_database(class_of_two["Ada"])
    with admin.read() as s:
        assert (
            s.execute(text("SELECT version_num FROM alembic_version")).scalar()
            == "0006_day_tallies"
        )


def test_the_tallies_are_the_instructors_to_read_and_no_learners(
    class_of_two: dict[str, str], admin: Database
) -> None:
    with _connect(_instructor_url(admin)) as conn:
        assert conn.execute("SELECT count(*) FROM day_tallies").fetchone() == (2,)
        assert conn.execute("SELECT count(*) FROM day_mistakes").fetchone() == (0,)
    with _connect(class_of_two["Ada"]) as conn:
        for table in ("day_tallies", "day_mistakes", "skill_tallies"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT count(*) FROM {table}")
