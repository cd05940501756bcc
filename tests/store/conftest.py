"""Fixtures: a progress database on SQLite and on a real PostgreSQL server started here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from app.store.database import Database, head_revision, open_database
from app.store.records import Profile
from app.store.repository import Repository

from .pg_server import PostgresServer, serve_postgres

APP_TABLES = "profiles, sessions, attempts, review_states, packs"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run, stopped and removed at the end."""
    yield from serve_postgres()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """The PostgreSQL database the store's tests share, emptied before each test."""
    return postgres_server.create_database("store")


def _reset_postgres(url: str, keep_schema: bool) -> None:
    """Empty the tables if the schema is current and may be kept, else drop everything."""
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("SET lock_timeout = '5s'")
        if keep_schema:
            version = conn.execute("SELECT to_regclass('alembic_version')").fetchone()
            if (
                version
                and version[0]
                and conn.execute("SELECT version_num FROM alembic_version").fetchall()
                == [(head_revision(),)]
            ):
                conn.execute(f"TRUNCATE {APP_TABLES} RESTART IDENTITY CASCADE")
                return
        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Which database system the test runs on."""
    return request.param


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database (no tables at all) on the backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    _reset_postgres(url, keep_schema=False)
    return url


@pytest.fixture
def database(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database with the newest schema and no rows, opened with open_database."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
        _reset_postgres(url, keep_schema=True)
    db = open_database(url)
    yield db
    db.close()


@pytest.fixture
def repo(database: Database) -> Repository:
    """A repository on the fresh database."""
    return Repository(database)


@pytest.fixture
def learner(repo: Repository) -> Profile:
    """A learner to record progress for."""
    return repo.create_profile("Ada")
