"""Fixtures: services on a temporary SQLite file (or a real PostgreSQL) with a hand clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fsrs import Scheduler

from app.services import Services, open_services
from app.services.content import Content
from app.services.scheduling import Scheduling
from app.store.records import Profile
from questions.bank import questions_for
from tests.store.pg_server import PostgresServer, serve_postgres

from .helpers import START, Clock


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the services' tests, stopped and removed at the end."""
    yield from serve_postgres()


@pytest.fixture
def clock() -> Clock:
    """Time stands still until the test moves it."""
    return Clock(START)


@pytest.fixture
def scheduling() -> Scheduling:
    """fsrs without interval fuzz, so schedules can be compared exactly."""
    return Scheduling(Scheduler(enable_fuzzing=False))


@pytest.fixture
def small_content() -> Content:
    """Five skills: two chain-rule bank questions, then unit-delta at levels 1, 2 and 3."""
    return Content(authored=questions_for("chain-rule")[:2], families=["unit-delta"])


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file that does not exist yet."""
    return f"sqlite:///{tmp_path / 'progress.sqlite3'}"


@pytest.fixture
def services(db_url: str, clock: Clock, scheduling: Scheduling) -> Iterator[Services]:
    """Services with the whole content (bank and every family) on a fresh SQLite file."""
    with open_services(db_url, now=clock, scheduling=scheduling) as opened:
        yield opened


@pytest.fixture
def small(db_url: str, clock: Clock, scheduling: Scheduling, small_content: Content):
    """Services offering only the five skills of `small_content`."""
    with open_services(db_url, clock, scheduling, small_content) as opened:
        yield opened


@pytest.fixture
def ada(services: Services) -> Profile:
    """A learner."""
    return services.create_profile("Ada")
