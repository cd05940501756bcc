"""`backprop-quiz class …` and `class-report` on a real PostgreSQL server, as an instructor."""

from __future__ import annotations

import json

import psycopg
import pytest

from app.cli import main


def _url_in(output: str) -> str:
    return next(line.strip() for line in output.splitlines() if line.startswith("  "))


def test_a_class_is_set_up_learners_added_and_removed_and_reported(postgres_server, capsys):
    admin = postgres_server.create_database("cli")
    assert main(["class", "init", "--db", admin]) == 0
    instructor = _url_in(capsys.readouterr().out)
    assert "_instructor:" in instructor
    assert main(["class", "add-learner", "Ada Byron", "--db", admin]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ada Byron connects with (shown once")
    ada = _url_in(out)
    with psycopg.connect(ada) as conn:
        assert conn.execute("SELECT name FROM profiles").fetchall() == [("Ada Byron",)]
    assert main(["class", "upgrade", "--db", admin]) == 0
    assert "policies renewed" in capsys.readouterr().out

    assert main(["class-report", "--db", instructor, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [r["learner"] for r in report["learners"]] == ["Ada Byron"]
    assert set(report) >= {"items", "mistakes", "learner-topics", "filter", "topics"}
    assert main(["class-report", "--db", instructor, "--csv", "--table", "learners"]) == 0
    assert capsys.readouterr().out.startswith("learner,attempts,share_right,mastery")

    assert main(["class", "remove-learner", "Ada Byron", "--db", admin]) == 0
    assert "answers are kept" in capsys.readouterr().out
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(ada).close()


def test_a_class_needs_a_server_and_says_so(tmp_path, capsys) -> None:
    target = tmp_path / "class.sqlite3"
    assert main(["class", "init", "--db", str(target)]) == 1
    assert "needs a server: --db postgresql://" in capsys.readouterr().err
    assert not target.exists()


def test_an_unknown_learner_is_a_clear_error(postgres_server, capsys) -> None:
    admin = postgres_server.create_database("cli")
    assert main(["class", "init", "--db", admin]) == 0
    assert main(["class", "remove-learner", "Nobody", "--db", admin]) == 1
    assert "class remove-learner: no learner named 'Nobody'" in capsys.readouterr().err
