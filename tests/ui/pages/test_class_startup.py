"""Opening the app with a class URL: a learner's opens their own app, the instructor's the
Class page (a real PostgreSQL server with the class's roles and policies)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from app.store.class_roles import add_learner, connection_url, init_class
from app.store.database import open_database
from app.ui.main import start_app
from tests.store.pg_server import PostgresServer, serve_postgres


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[PostgresServer]:
    yield from serve_postgres()


@pytest.fixture
def urls(postgres_server: PostgresServer, tmp_path: Path, monkeypatch) -> dict[str, str]:
    """The instructor's and Bo's connection URLs for a class of Ada and Bo."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("BACKPROP_QUIZ_DB", raising=False)
    admin = open_database(postgres_server.create_database("app"))
    roles, _ = init_class(admin)
    with admin.begin() as s:
        s.execute(text(f"ALTER ROLE \"{roles.instructor}\" PASSWORD 'pw'"))
    add_learner(admin, "Ada")
    out = {
        "Bo": connection_url(admin, *add_learner(admin, "Bo")),
        "instructor": connection_url(admin, roles.instructor, "pw"),
    }
    admin.close()
    return out


def start(qtbot, url: str):
    window, startup = start_app(argparse.Namespace(db=url), QApplication.instance())
    qtbot.addWidget(window)
    return window, startup


def test_a_learner_url_opens_the_app_as_that_learner_without_asking(qtbot, urls) -> None:
    window, startup = start(qtbot, urls["Bo"])
    qtbot.waitUntil(lambda: window.context.profile is not None, timeout=20000)
    assert window.context.profile.name == "Bo" and startup.profile_dialog is None
    assert window.status.text() == "Learner: Bo"
    window.context.services.close()


def test_the_instructor_url_opens_the_class_page(qtbot, urls) -> None:
    window, startup = start(qtbot, urls["instructor"])
    qtbot.waitUntil(lambda: window.current_page_id() == "class", timeout=20000)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.report is not None, timeout=20000)
    assert [r.name for r in page.report.learners] == ["Ada", "Bo"]
    assert startup.profile_dialog is None and window.context.profile is None
    assert window.status.text() == "Instructor: the class"
    window.context.services.close()
