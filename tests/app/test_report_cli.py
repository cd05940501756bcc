"""`backprop-quiz class-report`: accuracy and mastery per learner and topic, on SQLite and
on a real PostgreSQL server the test starts itself."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.services import open_services
from questions.model import TOPICS
from tests.services.helpers import right_response, wrong_response
from tests.store.pg_server import PostgresServer, serve_postgres


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for this module, stopped and removed at the end."""
    yield from serve_postgres()


@pytest.fixture(params=["sqlite", "postgresql"])
def class_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A class database: Ada answered three chain-rule questions (one wrong), Bea one on
    losses, Cy nothing yet."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database("report")
    with open_services(url) as svc:
        for name, topic, answers in (("Ada", "chain-rule", [1, 1, 0]), ("Bea", "losses", [1])):
            learner = svc.create_profile(name)
            quiz = svc.practice(learner.id, [topic], count=len(answers), level=1)
            for right in answers:
                question = quiz.next()
                assert question is not None
                response = right_response(question) if right else wrong_response(question)
                quiz.submit(response, seconds=30)
        svc.create_profile("Cy")
    return url


def _rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return {(r["learner"], r["topic"]): r for r in csv.DictReader(f)}


def test_class_report_prints_a_table_and_writes_csv(class_db: str, tmp_path: Path, capsys):
    target = tmp_path / "class.csv"
    assert main(["class-report", "--db", class_db, "--csv", str(target)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["learner", "topic", "attempts", "correct", "accuracy", "mastery"]
    assert out[-1] == f"Wrote {3 * (len(TOPICS) + 1)} rows to {target}"
    ada_chain = next(line for line in out if line.startswith("Ada") and " chain-rule " in line)
    assert ada_chain.split()[2:5] == ["3", "2", "67%"]

    rows = _rows(target)
    assert len(rows) == 3 * (len(TOPICS) + 1)
    assert rows["Ada", "chain-rule"]["accuracy"] == "0.6667"
    assert float(rows["Ada", "chain-rule"]["mastery"]) > 0
    assert rows["Ada", "losses"] == {
        "learner": "Ada",
        "topic": "losses",
        "attempts": "0",
        "correct": "0",
        "accuracy": "",
        "mastery": "0.0000",
    }
    assert rows["Bea", "all"]["attempts"] == "1" and rows["Bea", "all"]["accuracy"] == "1.0000"
    assert rows["Cy", "all"]["accuracy"] == "" and float(rows["Cy", "all"]["mastery"]) == 0


def test_the_database_may_be_named_before_the_command(class_db: str, capsys) -> None:
    assert main(["--db", class_db, "class-report"]) == 0
    table = capsys.readouterr().out
    assert main(["class-report", "--db", class_db]) == 0
    assert capsys.readouterr().out == table and "Bea" in table and "Cy" in table


def test_a_missing_database_file_is_reported_not_created(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    assert main(["class-report", "--db", str(missing)]) == 1
    err = capsys.readouterr().err
    assert f"no database at {missing}. Check the path" in err and "--db URL" in err
    assert not missing.exists()


def test_an_unreachable_server_is_a_clear_error(capsys) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/class"
    assert main(["class-report", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("class-report: could not open") and "Check the URL" in err


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("notadb://x/y", "'notadb' is no database kind"),
        ("sqlite:/class.db", "not a usable database URL"),
        ("postgresql://teacher@host:port/class", "not a usable database URL"),
    ],
)
def test_a_malformed_url_is_explained_without_a_traceback(url: str, expected: str, capsys) -> None:
    assert main(["class-report", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"class-report: '{url}'") and expected in err
    assert "Use e.g. sqlite:////" in err and "Traceback" not in err


def test_a_text_file_as_the_database_is_refused_and_left_alone(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "class.db"
    notes.write_text("week 3: chain rule\n")
    assert main(["class-report", "--db", str(notes)]) == 1
    assert "is not a SQLite database" in capsys.readouterr().err
    assert notes.read_text() == "week 3: chain rule\n"
    assert [p.name for p in tmp_path.iterdir()] == ["class.db"]


def test_mastery_in_the_report_is_the_learners_own_with_the_class_pack(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    pack = Path(__file__).parents[2] / "examples" / "packs" / "backprop-basics.toml"
    with open_services(url) as svc:
        ada = svc.create_profile("Ada")
        session = svc.study(ada.id)
        for _ in range(3):
            question = session.next()
            assert question is not None and question.topic == "purpose"
            session.submit(right_response(question), seconds=30)
        # The instructor adds a pack with a purpose question Ada has not met: it counts 0.
        assert svc.import_pack_file(pack).ok
        mastery = svc.statistics(ada.id).mastery
        own = dict(zip(mastery.x, mastery.y, strict=True))
    target = tmp_path / "class.csv"
    assert main(["class-report", "--db", url, "--csv", str(target)]) == 0
    rows = _rows(target)
    assert own["purpose"] > 0
    for topic in TOPICS:
        assert float(rows["Ada", topic]["mastery"]) == pytest.approx(own[topic], abs=1e-3)


def test_a_learner_name_a_spreadsheet_would_run_is_written_as_text(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    with open_services(url) as svc:
        svc.create_profile("=HYPERLINK(1)")
    target = tmp_path / "class.csv"
    assert main(["class-report", "--db", url, "--csv", str(target)]) == 0
    assert {learner for learner, _ in _rows(target)} == {"'=HYPERLINK(1)"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp
