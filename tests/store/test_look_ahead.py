"""The integrity look started early on a thread: taken up only for the unchanged file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.store import look_ahead
from app.store.database import open_database
from app.store.errors import DatabaseUnreadable
from app.store.repository import Repository
from app.store.sqlite_file import inspect_sqlite_file
from app.store.sqlite_file import look_ahead as look_at_file

from .test_database import make_filled_sqlite


def test_a_look_started_ahead_is_taken_up_once(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    path.write_bytes(b"x" * 100)
    look_ahead.start_look(path, lambda p: ("looked at", p.name))
    assert look_ahead.take_look(path) == ("looked at", "p.db")
    assert look_ahead.take_look(path) is None  # the next open looks again


def test_a_file_changed_since_the_look_started_is_looked_at_again(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    path.write_bytes(b"x" * 100)
    look_ahead.start_look(path, lambda p: "stale")
    path.write_bytes(b"y" * 200)
    assert look_ahead.take_look(path) is None
    assert str(path.resolve()) not in look_ahead._started  # the stale look is dropped


def test_a_write_ahead_log_that_grew_makes_the_look_stale(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    path.write_bytes(b"x" * 100)
    look_ahead.start_look(path, lambda p: "stale")
    (tmp_path / "p.db-wal").write_bytes(b"answers" * 10)
    assert look_ahead.take_look(path) is None


def test_no_look_starts_for_a_missing_file(tmp_path: Path) -> None:
    look_ahead.start_look(tmp_path / "none.db", lambda p: "never")
    assert look_ahead.take_look(tmp_path / "none.db") is None


def test_opening_after_a_look_ahead_keeps_every_answer(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    make_filled_sqlite(path)
    expected = inspect_sqlite_file(path)
    look_at_file(path)
    assert inspect_sqlite_file(path) == expected
    look_at_file(path)
    with open_database(f"sqlite:///{path}") as db:
        repo = Repository(db)
        ada = repo.find_profile("Ada")
        assert ada is not None
        assert sum(t.attempts for t in repo.accuracy_per_topic(ada.id)) == 200


def test_a_corrupt_file_found_by_the_look_ahead_is_refused_and_left_untouched(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.db"
    make_filled_sqlite(path)
    data = bytearray(path.read_bytes())
    data[4096 : 4 * 4096] = bytes((i * 37 + 11) % 256 for i in range(3 * 4096))
    path.write_bytes(bytes(data))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    look_at_file(path)
    with pytest.raises(DatabaseUnreadable, match=r"damaged.*left untouched"):
        open_database(f"sqlite:///{path}")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.db"]
