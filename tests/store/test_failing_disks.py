"""Read-only files, read-only folders and full disks: refused at open, or a plain sentence."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.store import database
from app.store.database import open_database
from app.store.errors import DatabaseReadOnly, DatabaseWriteFailed
from app.store.repository import Repository

from .disks import fill, make_read_only, tmpfs
from .factories import attempt

RAW = ("[SQL", "sqlalche.me", "Background on this error", "server", "INSERT", "sqlite3.")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plain(message: str) -> bool:
    """True if a message says nothing of SQL, SQLAlchemy or a server."""
    return not any(word in message for word in RAW)


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Path]:
    """A folder for databases: a small disk of its own when root, else one in tmp_path."""
    if os.geteuid() != 0:
        yield tmp_path
        return
    with tmpfs(tmp_path / "disk", size_kb=1024) as folder:
        yield folder


def made(path: Path) -> Path:
    """A progress database with one learner and one answer."""
    with open_database(f"sqlite:///{path}") as db:
        repo = Repository(db)
        repo.record_attempt(attempt(repo.create_profile("Ada").id))
    return path


def test_a_read_only_database_is_refused_at_open_and_left_untouched(place: Path) -> None:
    path = made(place / "progress.sqlite3")
    before = sha256(path)
    make_read_only(place)
    with pytest.raises(DatabaseReadOnly, match="cannot be written: the file is read-only") as e:
        open_database(f"sqlite:///{path}")
    assert plain(str(e.value)) and "left untouched" in str(e.value)
    assert sha256(path) == before
    assert sorted(p.name for p in place.iterdir()) == ["progress.sqlite3"]


def test_a_file_sqlite_can_only_read_is_found_out_before_the_first_answer(
    place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = made(place / "progress.sqlite3")
    make_read_only(place)
    monkeypatch.setattr(database, "check_writable", lambda _path: None)  # as if it looked fine
    with pytest.raises(DatabaseReadOnly) as e:
        open_database(f"sqlite:///{path}")
    assert plain(str(e.value)) and str(path) in str(e.value)


def test_a_new_database_in_a_read_only_folder_is_refused(place: Path) -> None:
    make_read_only(place)
    path = place / "sub" / "progress.sqlite3"
    with pytest.raises(DatabaseReadOnly, match=f"the folder {place} is read-only") as e:
        open_database(f"sqlite:///{path}")
    assert plain(str(e.value))
    assert list(place.iterdir()) == []


def test_a_folder_that_cannot_be_made_is_said_so(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("a file where a folder should be")
    with pytest.raises(DatabaseReadOnly, match=r"cannot make the folder .*notes") as e:
        open_database(f"sqlite:///{tmp_path / 'notes' / 'progress.sqlite3'}")
    assert plain(str(e.value))


def test_a_full_disk_at_an_answer_is_a_sentence_and_loses_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", size_kb=512) as folder:
        path = made(folder / "progress.sqlite3")
        kept = 1
        with open_database(f"sqlite:///{path}") as db:
            repo = Repository(db)
            ada = repo.find_profile("Ada")
            assert ada is not None
            fill(folder)
            with pytest.raises(DatabaseWriteFailed, match="the disk is full") as e:
                for i in range(200):
                    kept += repo.record_attempt(attempt(ada.id, response="x" * 4000 + str(i)))
            assert plain(str(e.value)) and "Nothing of this change was saved" in str(e.value)
            (folder / "filler").unlink()
            assert repo.record_attempt(attempt(ada.id))  # room again: answering carries on
        with open_database(f"sqlite:///{path}") as db, db.read() as s:
            assert s.execute(text("SELECT count(*) FROM attempts")).scalar() == kept + 1
