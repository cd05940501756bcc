"""Schema migrations: an old database is upgraded with its data intact, after a backup."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app.store.database import alembic_config, head_revision, open_database
from app.store.errors import MigrationFailed
from app.store.exam_drafts import DraftAnswer
from app.store.models import Base
from app.store.repository import Repository

T = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)


def make_first_schema_database(url: str) -> None:
    """A database as the first release left it: schema 0001 and one learner's progress."""
    command.upgrade(alembic_config(url=url), "0001")
    engine = create_engine(url)
    stamp = "2024-03-10 12:00:00.000000" if url.startswith("sqlite") else "2024-03-10 12:00:00+00"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO profiles (id, name, created_at, settings) VALUES (1, 'Ada', :t, '{}')"
            ),
            {"t": stamp},
        )
        conn.execute(
            text(
                "INSERT INTO sessions (id, profile_id, mode, settings, started_at, score) "
                "VALUES (1, 1, 'exam', '{\"count\": 10}', :t, 0.75)"
            ),
            {"t": stamp},
        )
        for i in range(40):
            conn.execute(
                text(
                    "INSERT INTO attempts (uuid, profile_id, session_id, question_key, skill, "
                    "topic, mode, response, correct, score, seconds, answered_at) VALUES "
                    "(:uuid, 1, 1, :key, 'chain-rule/L2', 'chain-rule', 'exam', '0.5', :ok, "
                    ":score, 9.5, :t)"
                ),
                {
                    "uuid": f"old-{i:03d}",
                    "key": f"chain-rule/L2/{i}",
                    "ok": i % 2 == 0,
                    "score": float(i % 2 == 0),
                    "t": stamp,
                },
            )
        conn.execute(
            text(
                "INSERT INTO review_states (profile_id, skill, topic, card_json, due, reps, "
                "lapses, last_review) VALUES (1, 'chain-rule/L2', 'chain-rule', '{}', :t, 3, 1, :t)"
            ),
            {"t": stamp},
        )
    engine.dispose()


def test_a_first_schema_database_is_upgraded_with_its_data_intact(database_url: str) -> None:
    make_first_schema_database(database_url)
    with open_database(database_url) as db:
        repo = Repository(db)
        [ada] = repo.list_profiles()
        attempts = repo.attempts_for_session(1)
        assert ada.name == "Ada" and ada.created_at == T
        assert repo.get_session(1).score == 0.75
        assert repo.get_session(1).settings == {"count": 10}
        assert [a.uuid for a in attempts] == [f"old-{i:03d}" for i in range(40)]
        assert sum(a.correct for a in attempts) == 20
        assert {(a.hints_used, a.mistake, a.answered_at) for a in attempts} == {(0, None, T)}
        state = repo.get_review_state(ada.id, "chain-rule/L2")
        assert state is not None and (state.reps, state.lapses, state.due) == (3, 1, T)
        assert repo.record_pack("bank", "1", "Bank", "built-in").pack_id == "bank"
        with db.begin() as s:
            assert s.execute(text("SELECT version_num FROM alembic_version")).all() == [
                (head_revision(),)
            ]


def test_a_sqlite_file_is_backed_up_before_it_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    make_first_schema_database(f"sqlite:///{path}")
    with open_database(f"sqlite:///{path}") as db:
        backup = db.backup_path
    assert backup is not None and backup.name.startswith("progress.sqlite3.bak-0001-")
    assert list(tmp_path.glob("*.bak-*")) == [backup]
    with sqlite3.connect(backup) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert old.execute("SELECT count(*) FROM attempts").fetchone() == (40,)
        assert old.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    old.close()


def test_an_up_to_date_or_new_database_gets_no_backup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    for _ in range(2):
        with open_database(url) as db:
            assert db.backup_path is None
    assert not list(tmp_path.glob("*.bak-*"))


def test_the_migrations_build_exactly_the_models_schema(database_url: str) -> None:
    open_database(database_url).close()
    engine = create_engine(database_url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert differences == []


def test_a_failed_upgrade_is_rolled_back_whole(database_url: str) -> None:
    make_first_schema_database(database_url)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE packs (id INTEGER PRIMARY KEY)"))  # 0002 will collide
    with pytest.raises(MigrationFailed, match="rolled back"):
        open_database(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [("0001",)]
        assert conn.execute(text("SELECT count(*) FROM attempts")).scalar() == 40
        columns = {c["name"] for c in inspect(conn).get_columns("attempts")}
    engine.dispose()
    assert "hints_used" not in columns


def test_a_failed_sqlite_upgrade_names_the_backup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    make_first_schema_database(url)
    with sqlite3.connect(tmp_path / "p.db") as conn:
        conn.execute("CREATE TABLE packs (id INTEGER PRIMARY KEY)")
    conn.close()
    with pytest.raises(MigrationFailed, match=r"before is saved at .*p\.db\.bak-0001-"):
        open_database(url)


def test_0003_adds_exam_drafts_to_a_0002_database_and_removes_them_on_downgrade(
    database_url: str,
) -> None:
    command.upgrade(alembic_config(url=database_url), "0002")
    with open_database(database_url) as db:
        ada = Repository(db).create_profile("Ada")
        exam = Repository(db).start_exam(ada.id, {"count": 1}, T, [DraftAnswer(0, "k/L1/1", "u")])
        assert [d.question_key for d in Repository(db).exam_draft(exam.id)] == ["k/L1/1"]
    command.downgrade(alembic_config(url=database_url), "0002")
    engine = create_engine(database_url)
    with engine.connect() as conn:
        assert "exam_drafts" not in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT count(*) FROM sessions")).scalar() == 1
    engine.dispose()
