"""Benchmark the class report on PostgreSQL with row-level security: 1,000 learners × 1,000.

    python tests/benchmarks/bench_class.py [--json] [--learners N] [--per-learner N]

Starts a throwaway PostgreSQL server (tests/store/pg_server.py, fsync on), sets a class up
as `class init` and `class add-learner` do (a login role per learner, policies on), seeds
every learner's answers with COPY (correctness from the learner's ability and the skill's
difficulty, a diagnosed mistake on most wrong numeric answers) and a review state per skill
holding a real fsrs memory, then times, with the instructor's role: the whole class report
(`report_s`, median of 3); the report over the Class page's default range, the last 30 days
(`report_range_s`, from the day tallies), and over the last 60 (`report_range60_s`, the
whole-history tallies less the days before), checking the first equal to the report counted
from the answers themselves; the Class page filling its tables and painting, heat map
included, after the report has arrived (`paint_s`, offscreen); and, connected as one learner,
an answer with its review state recorded (`record_p95_ms`, over 200, a third of them wrong
with a diagnosed mistake), and the same the way the app stores one, the learner's row locked
and the skill's state read first (`record_app_p95_ms`). --json prints those with `attempts`,
`learners` and the seeding time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

from class_seed import MISTAKE_IDS, SKILLS, seed  # noqa: E402
from pg_server import PostgresServer, find_pg_bin  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app.services.class_report import build_report  # noqa: E402
from app.services.content import Content  # noqa: E402
from app.services.scheduling import Scheduling  # noqa: E402
from app.store import class_sources  # noqa: E402
from app.store.class_reads import ClassReads  # noqa: E402
from app.store.class_records import ClassFilter  # noqa: E402
from app.store.class_roles import ClassRoles, add_learner, connection_url, init_class  # noqa: E402
from app.store.database import open_database  # noqa: E402
from app.store.reading import open_for_reading  # noqa: E402
from app.store.records import Attempt, ReviewState  # noqa: E402
from app.store.repository import Repository  # noqa: E402

TARGETS = {"report_s": 2.0, "report_range_s": 2.0, "paint_s": 1.0, "record_p95_ms": 10.0}
CONTENT = Content()


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


@dataclass(frozen=True)
class Answer:
    """An answer and the review state it leads to, as the app's scheduling makes them."""

    attempt: Attempt
    state: ReviewState


RANGES = {"report_range_s": 30, "report_range60_s": 60}
"""Figures of reports over the last N days (the Class page's default range is 30)."""


def range_seconds(instructor: Any, now: datetime, days: int) -> float:
    """Median seconds of 3 reports over the last `days` whole days; the first range's
    figures are checked equal to the same figures counted from the answers."""
    today = datetime.combine(now.date(), datetime.min.time(), tzinfo=UTC)
    f = ClassFilter(since=today - timedelta(days=days), until=today + timedelta(days=1))
    scheduling = Scheduling()
    times = timed(lambda: build_report(instructor, now, scheduling, CONTENT, f), 3)
    if days == min(RANGES.values()):
        reads = ClassReads(instructor)
        tallied = reads.figures(f, now, -0.15, 0.2)
        original = class_sources.source
        class_sources.source = lambda _s, _f: "answers"  # type: ignore[assignment]
        try:
            counted = reads.figures(f, now, -0.15, 0.2)
        finally:
            class_sources.source = original
        for part in ("items", "item_mistakes", "mistakes", "learner_topics"):
            assert _sorted(getattr(tallied, part)) == _sorted(getattr(counted, part)), part
    return statistics.median(times)


def _sorted(records: list[Any]) -> list[tuple[Any, ...]]:
    """Records as sorted tuples, sums rounded (the two ways add in different orders)."""
    rows = (tuple(vars(r).values()) for r in records)
    return sorted(tuple(round(v, 6) if isinstance(v, float) else v for v in r) for r in rows)


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
    ranges = {name: range_seconds(instructor, now, days) for name, days in RANGES.items()}
    paint = paint_seconds(report)
    instructor.close()
    learner = open_database(learner_urls[0])
    repo = Repository(learner)
    own = profiles[0]
    counter = iter(range(10**9))

    def answer(i: int, previous: ReviewState | None = None) -> Answer:
        skill, topic = SKILLS[i % len(SKILLS)]
        at, right = datetime.now(UTC), i % 3 != 0
        mistake = None if right else MISTAKE_IDS[i % len(MISTAKE_IDS)]
        reps = 1 if previous is None else previous.reps + 1
        return Answer(
            Attempt(
                own,
                f"{skill}/b{i}",
                skill,
                topic,
                "study",
                "0.5",
                right,
                float(right),
                7.0,
                mistake=mistake,
                answered_at=at,
            ),
            ReviewState(own, skill, topic, "{}", at + timedelta(days=3), reps, 1, at),
        )

    def record() -> None:
        new = answer(next(counter))
        repo.record_attempt(new.attempt, new.state)

    def record_app() -> None:
        i = next(counter)
        skill = SKILLS[i % len(SKILLS)][0]
        repo.record_scheduled(own, lambda read: [answer(i, read(skill))])

    timed(record, 10)
    records = [t * 1000 for t in timed(record, 200)]
    app_records = [t * 1000 for t in timed(record_app, 200)]
    learner.close()
    admin.close()
    _ = ClassRoles
    return {
        "learners": learners,
        "attempts": int(attempts or 0),
        "report_s": statistics.median(times),
        **ranges,
        "paint_s": paint,
        "record_p50_ms": statistics.median(records),
        "record_p95_ms": p95(records),
        "record_app_p95_ms": p95(app_records),
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
