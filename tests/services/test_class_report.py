"""The class report: per skill, per mistake and per learner, from what the class answered."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import timedelta
from itertools import chain
from pathlib import Path

import numpy as np
import pytest

from app.services import Services, open_services
from app.services.class_report import build_report, mistake_places
from app.services.class_tables import TABLES, csv_text, report_json, table
from app.store.class_records import ClassFilter
from app.store.errors import DatabaseNotFound, SchemaOutdated
from app.store.reading import open_for_reading
from app.store.records import Attempt
from tests.store.test_migrations import make_first_schema_database

from .helpers import START

# Who got what right on two chain-rule skills and one losses skill (1 right, 0 wrong).
ANSWERS = {
    "Ada": {"chain-rule/L1": [1, 1], "chain-rule/L2": [1, 1], "losses/L1": [1]},
    "Bo": {"chain-rule/L1": [1, 0], "chain-rule/L2": [1, 0], "losses/L1": [0]},
    "Cy": {"chain-rule/L1": [0, 0], "chain-rule/L2": [0, 1], "losses/L1": [1]},
    "Di": {"chain-rule/L1": [1, 1], "chain-rule/L2": [0, 0], "losses/L1": [0]},
}


@pytest.fixture(params=["sqlite", "postgresql"])
def klass(request: pytest.FixtureRequest, db_url: str, clock, scheduling) -> Iterator[Services]:
    """Four learners' answers; each wrong chain-rule/L1 answer is the mistake "no-slope"."""
    if request.param == "postgresql":
        db_url = request.getfixturevalue("postgres_server").create_database("klass")
    with open_services(db_url, clock, scheduling) as svc:
        for n, (name, skills) in enumerate(ANSWERS.items()):
            learner = svc.create_profile(name)
            for skill, marks in skills.items():
                for i, right in enumerate(marks):
                    wrong_l1 = not right and skill == "chain-rule/L1"
                    svc.repo.record_attempt(
                        Attempt(
                            profile_id=learner.id,
                            question_key=f"{skill}/{i}",
                            skill=skill,
                            topic=skill.split("/")[0],
                            mode="practice",
                            response="1",
                            correct=bool(right),
                            score=float(right),
                            seconds=10.0 * (n + 1) + i,
                            mistake="no-slope" if wrong_l1 else None,
                            answered_at=START + timedelta(days=n),
                        )
                    )
        yield svc


def _report(svc: Services, f: ClassFilter | None = None):
    ctx = svc.ctx
    return build_report(svc.repo.db, ctx.utc_now(), ctx.scheduling, ctx.content, f)


def test_each_skill_has_attempts_share_right_median_time_and_discrimination(klass) -> None:
    items = {i.skill: i for i in _report(klass).items}
    l1 = items["chain-rule/L1"]
    assert (l1.attempts, l1.right, l1.learners) == (8, 5, 4)
    assert l1.share_right == 5 / 8
    assert l1.median_seconds == pytest.approx(np.median([10, 11, 20, 21, 30, 31, 40, 41]))
    item = [np.mean(s["chain-rule/L1"]) for s in ANSWERS.values()]
    total = [np.mean(list(chain(*s.values()))) for s in ANSWERS.values()]
    assert l1.discrimination == pytest.approx(np.corrcoef(item, total)[0, 1])
    assert l1.top_mistakes == (("no-slope", 2),)  # Bo once, Cy twice
    assert items["losses/L1"].top_mistakes == ()


def test_the_class_mistakes_open_the_questions_where_they_happened(klass) -> None:
    report = _report(klass)
    [top] = report.mistakes
    assert (top.mistake, top.learners, top.attempts, top.skills) == ("no-slope", 2, 3, 1)
    places = mistake_places(klass.repo.db, report.filter, "no-slope")
    assert {(p.question_key, p.learners) for p in places} == {
        ("chain-rule/L1/0", 1),
        ("chain-rule/L1/1", 2),
    }


def test_each_learner_has_answers_mastery_per_topic_last_active_and_reviews_due(klass) -> None:
    report = _report(klass)
    bo = next(r for r in report.learners if r.name == "Bo")
    assert (bo.attempts, bo.right, bo.due) == (5, 2, 0)
    assert bo.last_active == START + timedelta(days=1)
    assert set(bo.mastery) == set(report.topics) and bo.mastery["chain-rule"] == 0.0


def test_topic_and_date_filters_count_only_those_answers(klass) -> None:
    losses = _report(klass, ClassFilter(topic="losses"))
    assert [i.skill for i in losses.items] == ["losses/L1"] and losses.topics == ("losses",)
    days = ClassFilter(since=START + timedelta(days=1), until=START + timedelta(days=3))
    ranged = _report(klass, days)
    assert sorted(r.name for r in ranged.learners if r.attempts) == ["Bo", "Cy"]


def test_every_table_prints_as_csv_and_json_with_the_same_figures(klass) -> None:
    report = _report(klass)
    data = report_json(report)
    for name in TABLES:
        header, rows = table(report, name)
        assert len(data[name]) == len(rows)
        assert csv_text(header, rows).splitlines()[0] == ",".join(header)
    l1 = next(r for r in data["items"] if r["skill"] == "chain-rule/L1")
    assert l1["share_right"] == 0.625 and l1["top_mistakes"].endswith("(2 learners)")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_report_never_writes_a_first_schema_file_or_an_empty_one(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    make_first_schema_database(f"sqlite:///{old}")
    before = _sha(old)
    with pytest.raises(SchemaOutdated, match="schema 0001"):
        open_for_reading(f"sqlite:///{old}")
    assert _sha(old) == before
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    with pytest.raises(DatabaseNotFound, match="no Backprop Quiz data"):
        open_for_reading(f"sqlite:///{empty}")
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite3", "old.sqlite3"]


def test_the_report_never_creates_a_schema_on_an_empty_server_database(postgres_server) -> None:
    url = postgres_server.create_database("bare")
    with pytest.raises(DatabaseNotFound, match="no Backprop Quiz data"):
        open_for_reading(url)
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)
