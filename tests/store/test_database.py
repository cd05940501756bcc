"""Opening the progress database: where it lives, how SQLite is set up, what is refused."""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from sqlalchemy import create_engine, text

from app.store.database import default_url, head_revision, open_database, resolve_url
from app.store.errors import (
    DatabaseNotFound,
    DatabaseTooNew,
    DatabaseUnreachable,
    DatabaseUnreadable,
    InvalidDatabaseUrl,
    StoreError,
)
from app.store.repository import Repository
from app.store.schema import SCHEMA_HEAD

from .factories import attempt


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_filled_sqlite(path: Path, attempts: int = 200) -> None:
    """A real progress database with enough rows to span many pages."""
    with open_database(f"sqlite:///{path}") as db:
        repo = Repository(db)
        ada = repo.create_profile("Ada")
        for i in range(attempts):
            repo.record_attempt(attempt(ada.id, question_key=f"chain-rule/L2/{i}"))


def test_default_url_is_a_sqlite_file_in_the_user_data_folder() -> None:
    folder = platformdirs.user_data_dir("backprop-quiz", appauthor=False)
    assert default_url() == f"sqlite:///{folder}/progress.sqlite3"


def test_the_command_line_wins_over_the_environment_which_wins_over_the_default() -> None:
    env = {"BACKPROP_QUIZ_DB": "postgresql+psycopg://class@db/quiz"}
    assert resolve_url("sqlite:////tmp/mine.db", env) == "sqlite:////tmp/mine.db"
    assert resolve_url(None, env) == "postgresql+psycopg://class@db/quiz"
    assert resolve_url(None, {}) == default_url()
    assert resolve_url("  ", {"BACKPROP_QUIZ_DB": ""}) == default_url()


def test_a_bare_path_means_a_sqlite_file(tmp_path: Path) -> None:
    assert resolve_url(str(tmp_path / "p.db"), {}) == f"sqlite:///{tmp_path}/p.db"
    assert resolve_url("sqlite:/p.db", {}) == "sqlite:/p.db"  # a broken URL, not a path
    with pytest.raises(InvalidDatabaseUrl, match=r"'sqlite:/p\.db' is not a usable"):
        open_database(resolve_url("sqlite:/p.db", {}))


def test_a_missing_file_is_not_created_when_creating_is_off(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite3"
    with pytest.raises(DatabaseNotFound, match=f"no database at {path}. Check the path"):
        open_database(f"sqlite:///{path}", create=False)
    assert not path.exists()
    open_database(f"sqlite:///{path}").close()
    with open_database(f"sqlite:///{path}", create=False) as db:
        assert db.dialect == "sqlite"


def test_a_malformed_url_is_explained() -> None:
    with pytest.raises(InvalidDatabaseUrl, match=r"'nosuchdb' is no database kind.*sqlite:////"):
        open_database("nosuchdb://x/y")
    with pytest.raises(InvalidDatabaseUrl, match=r"not a usable database URL.*'notaport'"):
        open_database("postgresql://teacher@host:notaport/class")


def test_a_missing_driver_is_named() -> None:
    with pytest.raises(InvalidDatabaseUrl, match=r"driver for 'mysql\+mysqldb' is not installed"):
        open_database("mysql+mysqldb://class@localhost/quiz")


def test_plain_postgresql_urls_use_the_bundled_psycopg_driver(postgres_url: str) -> None:
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with open_database(plain) as db:
        assert db.url.drivername == "postgresql+psycopg" and db.dialect == "postgresql"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with open_database(f"sqlite:///{tmp_path / 'p.db'}") as db, db.begin() as s:
        pragma = {
            name: s.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
    assert pragma == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 5000,
        "synchronous": 1,
    }


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "p.db"
    with open_database(f"sqlite:///{path}") as db:
        assert db.backup_path is None
    assert path.exists()


def test_an_in_memory_database_is_migrated_and_usable() -> None:
    with open_database("sqlite://") as db:
        assert Repository(db).create_profile("Ada").name == "Ada"


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are my lecture notes, not a database.\n" * 100)
    before = sha256(path)
    with pytest.raises(DatabaseUnreadable, match=r"not a SQLite database.*left untouched"):
        open_database(f"sqlite:///{path}")
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


@pytest.mark.parametrize("damage", ["garbage-pages", "truncated"])
def test_a_corrupt_database_is_refused_and_left_untouched(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "p.db"
    make_filled_sqlite(path)
    data = bytearray(path.read_bytes())
    assert len(data) > 5 * 4096
    if damage == "garbage-pages":
        data[4096 : 4 * 4096] = bytes((i * 37 + 11) % 256 for i in range(3 * 4096))
    else:
        del data[2 * 4096 + 100 :]
    path.write_bytes(bytes(data))
    before = sha256(path)
    with pytest.raises(DatabaseUnreadable, match=r"damaged.*left untouched.*\.recover"):
        open_database(f"sqlite:///{path}")
    assert sha256(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.db"]  # no -wal or -shm beside it


def test_a_corrupt_database_with_a_backup_points_at_it(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    make_filled_sqlite(path)
    backup = tmp_path / "p.db.bak-0001-20240310T120000Z"
    backup.write_bytes(path.read_bytes())
    data = bytearray(path.read_bytes())
    data[4096 : 4 * 4096] = bytes(3 * 4096)
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseUnreadable, match=f"Restore the newest backup \\({backup}\\)"):
        open_database(f"sqlite:///{path}")


def test_another_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.close()
    before = sha256(path)
    with pytest.raises(DatabaseUnreadable, match="not one Backprop Quiz made"):
        open_database(f"sqlite:///{path}")
    assert sha256(path) == before


@pytest.mark.parametrize(
    "content",
    [
        "CREATE VIEW answers AS SELECT 42 AS x",
        "PRAGMA user_version = 7",
        "PRAGMA application_id = 9",
    ],
)
def test_a_sqlite_file_with_no_tables_but_other_content_is_refused(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute(content)
    conn.commit()
    conn.close()
    before = sha256(path)
    with pytest.raises(DatabaseUnreadable, match=r"not one Backprop Quiz made.*left untouched"):
        open_database(f"sqlite:///{path}")
    assert sha256(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["other.db"]


def test_another_programs_alembic_database_is_not_called_newer(database_url: str) -> None:
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)"))
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('3f2a9c1b7d4e')"))
    with pytest.raises(DatabaseUnreadable, match="is not a Backprop Quiz database") as caught:
        open_database(database_url)
    assert "newer" not in str(caught.value)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [
            ("3f2a9c1b7d4e",)
        ]
    engine.dispose()


def test_a_sqlite_database_from_a_newer_app_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    make_filled_sqlite(path, attempts=5)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    before = sha256(path)
    with pytest.raises(
        DatabaseTooNew, match=rf"newer version.*0099.*up to {head_revision()}.*Update"
    ):
        open_database(f"sqlite:///{path}")
    assert sha256(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.db"]  # no backup, no -wal or -shm


def test_a_database_from_a_newer_app_is_refused_on_every_backend(database_url: str) -> None:
    with open_database(database_url) as db, db.begin() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(DatabaseTooNew, match="0099"):
        open_database(database_url)
    engine = create_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [("0099",)]
    engine.dispose()


def test_an_unreachable_server_is_explained() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DatabaseUnreachable, match=r"Connection refused\. .*server is running"):
        open_database(f"postgresql+psycopg://nobody@127.0.0.1:{port}/quiz")


def test_every_store_error_is_a_store_error() -> None:
    assert issubclass(DatabaseTooNew, StoreError)
    assert issubclass(DatabaseUnreadable, StoreError)
    assert head_revision() == "0006_day_tallies"


def test_the_schema_head_the_fast_open_trusts_is_alembics_head() -> None:
    assert head_revision() == SCHEMA_HEAD  # bump SCHEMA_HEAD with every new migration


def test_a_database_already_at_head_opens_without_loading_alembic(tmp_path) -> None:
    path = tmp_path / "p.sqlite3"
    open_database(f"sqlite:///{path}").close()
    script = (
        "import sys\n"
        "from app.store.database import open_database\n"
        f"open_database('sqlite:///{path}').close()\n"
        "print('alembic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.split() == ["False"], out.stderr
