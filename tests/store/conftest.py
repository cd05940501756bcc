"""Fixtures: a progress database on SQLite and on a real PostgreSQL server started here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.database import Database, open_database
from app.store.records import Profile
from app.store.repository import Repository

from .pg_server import PostgresServer, find_pg_bin


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run, stopped and removed at the end."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL is not installed: no initdb/pg_ctl on PATH or in /usr/lib/postgresql"
        )
    with PostgresServer(bin_dir) as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of a fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """The fresh database, opened (and so migrated to the newest schema)."""
    db = open_database(database_url)
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
