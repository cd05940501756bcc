"""Benchmark the class report on PostgreSQL with row-level security: 1,000 learners × 1,000.

    python tests/benchmarks/bench_class.py [--json] [--learners N] [--per-learner N]

Starts a throwaway PostgreSQL server (tests/store/pg_server.py, fsync on), sets a class up
as `class init` and `class add-learner` do (a login role per learner, policies on), seeds
every learner's answers with COPY (correctness from the learner's ability and the skill's
difficulty, a diagnosed mistake on most wrong numeric answers) and a review state per skill
holding a real fsrs memory, then times, with the instructor's role: the whole class report
(`report_s`, median of 3); the Class page filling its tables and painting, heat map included,
after the report has arrived (`paint_s`, offscreen); and, connected as one learner, an
answer with its review state recorded (`record_p95_ms`, over 200). --json prints those with
`attempts`, `learners` and the seeding time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

import psycopg  # noqa: E402
from fsrs import Rating  # noqa: E402
from pg_server import PostgresServer, find_pg_bin  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app.services.class_report import build_report  # noqa: E402
from app.services.content import Content  # noqa: E402
from app.services.scheduling import Scheduling  # noqa: E402
from app.store import tallies  # noqa: E402
from app.store.class_roles import ClassRoles, add_learner, connection_url, init_class  # noqa: E402
from app.store.database import open_database  # noqa: E402
from app.store.reading import open_for_reading  # noqa: E402
from app.store.records import Attempt, ReviewState  # noqa: E402
from app.store.repository import Repository  # noqa: E402
from questions.mistakes import MISTAKES  # noqa: E402

TARGETS = {"report_s": 2.0, "paint_s": 1.0, "record_p95_ms": 10.0}
CONTENT = Content()
SKILLS = [(skill.id, skill.topic) for skill in CONTENT.skills()]
MISTAKE_IDS = sorted(MISTAKES)
ATTEMPT_COLUMNS = (
    "uuid, profile_id, question_key, skill, topic, mode, response, correct, score, mistake, "
    "hints_used, seconds, answered_at"
)


def memory_templates(now: datetime, rng: random.Random, count: int = 64) -> list[dict[str, Any]]:
    """Real fsrs memories reviewed at different times; each learner's skills draw from them."""
    scheduling, out = Scheduling(), []
    for i in range(count):
        at = now - timedelta(days=rng.uniform(2, 40))
        memory = scheduling.new_memory("x", at)
        for rating in (Rating.Good, rng.choice(list(Rating))):
            memory = scheduling.review(memory, rating, at, 20.0, f"t{i}", memory.reps == 0)
            at += timedelta(days=rng.uniform(0.5, 3))
        out.append(
            {
                "json": memory.to_json(),
                "due": memory.card.due,
                "reps": memory.reps,
                "lapses": memory.lapses,
                "last": memory.card.last_review,
            }
        )
    return out


def seed(admin_url: str, profiles: list[int], per: int, now: datetime) -> None:
    """COPY every learner's answers and review states in, then ANALYZE."""
    rng = random.Random(11)
    difficulty = {skill: rng.gauss(0, 1) for skill, _ in SKILLS}
    templates = memory_templates(now, rng)
    start = now - timedelta(days=90)
    n = 0
    with psycopg.connect(admin_url.replace("+psycopg", ""), autocommit=False) as conn:
        # A bulk load as a restore does it: triggers off, the tallies recounted once after.
        conn.execute("ALTER TABLE attempts DISABLE TRIGGER attempts_tally")
        conn.execute("ALTER TABLE review_states DISABLE TRIGGER review_states_stability")
        with conn.cursor().copy(f"COPY attempts ({ATTEMPT_COLUMNS}) FROM STDIN") as copy:
            for profile_id in profiles:
                ability = rng.gauss(0, 1)
                for i in range(per):
                    skill, topic = SKILLS[rng.randrange(len(SKILLS))]
                    chance = 1 / (1 + pow(2.718281828, difficulty[skill] - ability - 0.8))
                    right = rng.random() < chance
                    mistake = None if right or rng.random() < 0.4 else rng.choice(MISTAKE_IDS)
                    copy.write_row(
                        (
                            f"{profile_id:08d}-{i:027d}",
                            profile_id,
                            f"{skill}/{i}",
                            skill,
                            topic,
                            "study",
                            "0.5",
                            right,
                            float(right),
                            mistake,
                            0,
                            rng.uniform(4, 120),
                            start + timedelta(days=90 * i / per),
                        )
                    )
                    n += 1
        with conn.cursor().copy(
            "COPY review_states (profile_id, skill, topic, card_json, due, reps, lapses, "
            "last_review) FROM STDIN"
        ) as copy:
            for profile_id in profiles:
                for skill, topic in SKILLS:
                    if rng.random() < 0.8:
                        m = templates[rng.randrange(len(templates))]
                        copy.write_row(
                            (
                                profile_id,
                                skill,
                                topic,
                                m["json"],
                                now + timedelta(days=rng.uniform(-4, 26)),  # due over a month
                                m["reps"],
                                m["lapses"],
                                m["last"],
                            )
                        )
        conn.execute("ALTER TABLE attempts ENABLE TRIGGER attempts_tally")
        conn.execute("ALTER TABLE review_states ENABLE TRIGGER review_states_stability")
        for statement in tallies.REBUILD:
            conn.execute(statement)
        conn.execute("UPDATE review_states SET card_json = card_json")  # stability, by trigger
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")  # the load written out: answers are timed in steady state
    os.sync()


def timed(fn: Any, reps: int) -> list[float]:
    """Seconds taken by each of reps calls."""
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def paint_seconds(report: Any) -> float:
    """The Class page filling its tables and painting (heat map included), offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.ui.context import UiContext
    from app.ui.pages.class_page import ClassPage
    from app.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app, False, 11)  # type: ignore[arg-type]
    page = ClassPage(UiContext(None, None, {}))
    page.resize(1366, 768)
    page.show()
    app.processEvents()
    page.show_report(report)  # warm: matplotlib's first import and font cache
    page.grab()
    t = time.perf_counter()
    page.show_report(report)
    app.processEvents()
    page.grab()
    return time.perf_counter() - t


def measure(server: PostgresServer, learners: int, per: int) -> dict[str, Any]:
    admin_url = server.create_database("klass")
    now = datetime.now(UTC)
    admin = open_database(admin_url)
    roles, _ = init_class(admin)
    with admin.begin() as s:
        s.execute(text(f"ALTER ROLE \"{roles.instructor}\" PASSWORD 'bench'"))
    t = time.perf_counter()
    learner_urls = [
        connection_url(admin, *add_learner(admin, f"Learner {i:04d}")) for i in range(learners)
    ]
    profiles = [p.id for p in Repository(admin).list_profiles()]
    roles_s = time.perf_counter() - t
    t = time.perf_counter()
    seed(admin_url, profiles, per, now)
    seed_s = time.perf_counter() - t
    with admin.read() as s:
        attempts = s.execute(text("SELECT count(*) FROM attempts")).scalar()
    instructor = open_for_reading(connection_url(admin, roles.instructor, "bench"))
    scheduling = Scheduling()
    reports: list[Any] = []
    times = timed(lambda: reports.append(build_report(instructor, now, scheduling, CONTENT)), 3)
    report = reports[-1]
    assert len(report.learners) == learners and report.items and report.mistakes
    paint = paint_seconds(report)
    instructor.close()
    learner = open_database(learner_urls[0])
    repo = Repository(learner)
    own = profiles[0]
    counter = iter(range(10**9))

    def record() -> None:
        i = next(counter)
        skill, topic = SKILLS[i % len(SKILLS)]
        at = datetime.now(UTC)
        repo.record_attempt(
            Attempt(
                own, f"{skill}/b{i}", skill, topic, "study", "0.5", True, 1.0, 7.0, answered_at=at
            ),
            ReviewState(own, skill, topic, "{}", at + timedelta(days=3), 6, 1, at),
        )

    timed(record, 10)
    records = [t * 1000 for t in timed(record, 200)]
    learner.close()
    admin.close()
    _ = ClassRoles
    return {
        "learners": learners,
        "attempts": int(attempts or 0),
        "report_s": statistics.median(times),
        "paint_s": paint,
        "record_p50_ms": statistics.median(records),
        "record_p95_ms": p95(records),
        "_roles_s": roles_s,
        "_seed_s": seed_s,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--per-learner", type=int, default=1000)
    args = parser.parse_args(argv)
    bin_dir = find_pg_bin()
    if bin_dir is None:
        print("PostgreSQL is not installed (no initdb/pg_ctl)", file=sys.stderr)
        return 2
    with PostgresServer(bin_dir, fsync=True) as server:
        result = measure(server, args.learners, args.per_learner)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for key, value in result.items():
            target = TARGETS.get(key)
            mark = "" if target is None else f"  (target <= {target})"
            print(
                f"{key:16} {value:.3f}{mark}" if isinstance(value, float) else f"{key:16} {value}"
            )
    ok = all(result[k] <= v for k, v in TARGETS.items())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
