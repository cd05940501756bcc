"""What the database error dialog says: the store's sentence, never SQL or a library's links."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from app.store.database import open_database
from app.store.errors import DatabaseReadOnly, DatabaseUnreadable
from app.ui.dialogs import database_problem

RAW = ("[SQL", "[parameters", "sqlalche.me", "Background on this error")


def raw_sqlalchemy_error(tmp_path: Path) -> OperationalError:
    """The error SQLAlchemy raises for a statement on a missing table, SQL and link included."""
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as conn:
            conn.execute(text("INSERT INTO nowhere VALUES (1)"))
    except OperationalError as e:
        return e
    finally:
        engine.dispose()
    raise AssertionError("the statement should have failed")


def test_a_read_only_file_is_about_the_file_not_a_server() -> None:
    error = DatabaseReadOnly("/home/ada/p.db cannot be written: the file is read-only.")
    message, advice = database_problem(error, "/home/ada/p.db")
    assert "the file is read-only" in message and "writable" in advice
    assert "server" not in message + advice


def test_raw_sqlalchemy_text_never_reaches_the_dialog(tmp_path: Path) -> None:
    error = raw_sqlalchemy_error(tmp_path)
    assert "[SQL" in str(error)  # what would have been shown
    message, _advice = database_problem(error, str(tmp_path / "x.db"))
    assert "no such table: nowhere" in message
    assert not any(word in message for word in RAW)


def test_an_os_error_is_its_reason_and_file() -> None:
    error = PermissionError(13, "Permission denied", "/srv/class/progress.sqlite3")
    message, _ = database_problem(error, "/srv/class/progress.sqlite3")
    assert message.endswith("/srv/class/progress.sqlite3: Permission denied.")


@pytest.mark.parametrize("stamp", ["PRAGMA user_version = 3", "CREATE VIEW v AS SELECT 1"])
def test_a_foreign_sqlite_file_is_not_ours_in_the_dialog(tmp_path: Path, stamp: str) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute(stamp)
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseUnreadable) as caught:
        open_database(f"sqlite:///{path}")
    message, advice = database_problem(caught.value, str(path))
    assert "not one Backprop Quiz made" in message and "left untouched" in advice
