"""Benchmark the progress store with 100,000 attempts, on SQLite and PostgreSQL side by side.

    python tests/benchmarks/bench_store.py [--json] [--attempts N] [--backends sqlite,postgresql]

Fills a fresh database with one learner's attempts over 60 days across every skill the app
offers, each skill with a real fsrs memory (bulk insert), then times: recording an answer
with its review state in the repository (p50, p95 over --reps runs); loading the statistics
page's series through the services, mastery from fsrs included (median of whole loads);
picking the next due item (median, p95); and, for scale, a whole answer through the
services (grade, schedule, store, count due). PostgreSQL runs on a throwaway server started
by tests/store/pg_server.py, with fsync on. --json prints {"sqlite": {"record_p50_ms",
"record_p95_ms", "stats_ms", "next_ms"}, "postgresql": {...}}; stats_ms and next_ms are
medians.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

from fsrs import Rating  # noqa: E402
from pg_server import PostgresServer, find_pg_bin  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from app.services import Services  # noqa: E402
from app.services.answering import submit_answer  # noqa: E402
from app.services.content import Content  # noqa: E402
from app.services.exam_report import right_response  # noqa: E402
from app.services.scheduling import Scheduling, review_state  # noqa: E402
from app.store.database import Database, open_database  # noqa: E402
from app.store.models import AttemptRow, ReviewStateRow  # noqa: E402
from app.store.records import Attempt, ReviewState  # noqa: E402
from app.store.repository import Repository  # noqa: E402
from questions.mistakes import MISTAKES  # noqa: E402

CONTENT = Content()
SKILLS = [(skill.id, skill.topic) for skill in CONTENT.skills()]
TOPICS = sorted({topic for _, topic in SKILLS})
TARGETS = {"record_p95_ms": 5.0, "stats_ms": 200.0, "next_ms": 10.0}


MISTAKE_IDS = sorted(MISTAKES)


def memories(profile_id: int, now: datetime, rng: random.Random) -> list[dict[str, Any]]:
    """A review state per skill holding a real fsrs memory, due from 5 days ago to 25 ahead."""
    scheduling, rows = Scheduling(), []
    for skill, topic in SKILLS:
        at = now - timedelta(days=rng.uniform(1, 30))
        memory = scheduling.new_memory(skill, at)
        for rating in (Rating.Good, rng.choice(list(Rating))):
            memory = scheduling.review(memory, rating, at, 20.0, str(uuid4()), memory.reps == 0)
            at += timedelta(days=rng.uniform(0.5, 3))
        state = review_state(profile_id, skill, topic, memory)
        due = now + timedelta(hours=rng.uniform(-120, 600))
        rows.append(vars(state) | {"due": due})
    return rows


def fill(db: Database, profile_id: int, n: int, now: datetime, rng: random.Random) -> None:
    """Bulk-insert n attempts over the last 60 days and a review state per offered skill."""
    start = now - timedelta(days=60)
    step = timedelta(days=60) / n
    rows = []
    for i in range(n):
        skill, topic = SKILLS[rng.randrange(len(SKILLS))]
        correct = rng.random() < 0.7
        rows.append(
            {
                "uuid": str(uuid4()),
                "profile_id": profile_id,
                "session_id": None,
                "question_key": f"{skill}/{i}",
                "skill": skill,
                "topic": topic,
                "mode": "study",
                "response": "0.0822",
                "correct": correct,
                "score": float(correct),
                "mistake": None if correct or rng.random() < 0.3 else rng.choice(MISTAKE_IDS),
                "hints_used": rng.randrange(2),
                "seconds": rng.uniform(3, 90),
                "answered_at": start + i * step,
            }
        )
    with db.begin() as s:
        for i in range(0, n, 10_000):
            s.execute(insert(AttemptRow.__table__), rows[i : i + 10_000])
        s.execute(insert(ReviewStateRow.__table__), memories(profile_id, now, rng))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def timed(fn: Callable[[], Any], reps: int, cpu: list[float] | None = None) -> list[float]:
    """Milliseconds taken by each of reps calls; CPU milliseconds appended to `cpu` if given."""
    times = []
    for _ in range(reps):
        t, c = time.perf_counter(), time.thread_time()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        if cpu is not None:
            cpu.append((time.thread_time() - c) * 1000)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def measure(url: str, n: int, reps: int) -> dict[str, float]:
    """Fill a fresh database at url and time the store's operations."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    with open_database(url) as db:
        repo = Repository(db)
        ada = repo.create_profile("Ada")
        t = time.perf_counter()
        fill(db, ada.id, n, now, rng)
        fill_s = time.perf_counter() - t
        counter = iter(range(10**9))

        def record() -> None:
            i = next(counter)
            skill, topic = f"new-{i % 30}/L1", TOPICS[i % len(TOPICS)]  # keeps the fill's due set
            at = datetime.now(UTC)
            repo.record_attempt(
                Attempt(
                    ada.id,
                    f"{skill}/{n + i}",
                    skill,
                    topic,
                    "study",
                    "0.5",
                    True,
                    1.0,
                    7.0,
                    answered_at=at,
                ),
                ReviewState(ada.id, skill, topic, "{}", at + timedelta(days=3), 6, 1, at),
            )

        services = Services(repo, now=lambda: now, content=CONTENT)
        questions = [CONTENT.question(skill) for skill in CONTENT.skills()[:50]]

        def answer() -> None:
            question = questions[next(counter) % len(questions)]
            submit_answer(
                services.ctx,
                ada.id,
                question,
                right_response(question),
                mode="practice",
                session_id=None,
                seconds=12.0,
            )

        timed(record, 10)  # warm the pool and caches
        record_cpu: list[float] = []
        records = timed(record, reps, record_cpu)
        stats = timed(lambda: services.statistics(ada.id), 15)
        assert repo.next_due(ada.id, now) is not None, "the fill left nothing due"
        nexts = timed(lambda: repo.next_due(ada.id, datetime.now(UTC)), reps)
        answers = timed(answer, min(reps, 100))
    return {
        "record_p50_ms": statistics.median(records),
        "record_p95_ms": p95(records),
        "stats_ms": statistics.median(stats),
        "next_ms": statistics.median(nexts),
        "_record_cpu_p95_ms": p95(record_cpu),
        "_next_p95_ms": p95(nexts),
        "_answer_p50_ms": statistics.median(answers),
        "_answer_p95_ms": p95(answers),
        "_fill_s": fill_s,
    }


def table(results: dict[str, dict[str, float] | None], n: int) -> str:
    """Backends side by side, with the SQLite targets."""
    names = list(results)
    rows = [
        ("record p50 (ms)", "record_p50_ms", ""),
        ("record p95 (ms)", "record_p95_ms", "<= 5"),
        ("record p95, CPU only (ms)", "_record_cpu_p95_ms", ""),
        ("statistics page series (ms)", "stats_ms", "<= 200"),
        ("next due, median (ms)", "next_ms", "<= 10"),
        ("next due, p95 (ms)", "_next_p95_ms", ""),
        ("whole answer, p50 (ms)", "_answer_p50_ms", ""),
        ("whole answer, p95 (ms)", "_answer_p95_ms", ""),
        ("bulk fill (s)", "_fill_s", ""),
    ]
    header = f"{'':30}" + "".join(f"{b:>12}" for b in names) + f"{'SQLite target':>16}"
    load = os.getloadavg()[0]
    lines = [
        f"progress store with {n:,} attempts; load {load:.1f} on {os.cpu_count()} cores "
        "(a wall time well above its CPU time waited for a core)",
        header,
    ]
    for label, key, target in rows:
        cells = "".join(
            f"{results[b][key]:>12.2f}" if results[b] else f"{'skipped':>12}" for b in names
        )
        lines.append(f"{label:30}{cells}{target:>16}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=300)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, float] | None] = {}
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                results[backend] = measure(
                    f"sqlite:///{folder}/bench.sqlite3", args.attempts, args.reps
                )
            elif backend == "postgresql":
                bin_dir = find_pg_bin()
                if bin_dir is None:
                    print("PostgreSQL not installed (no initdb/pg_ctl): skipped", file=sys.stderr)
                    results[backend] = None
                    continue
                with PostgresServer(bin_dir, fsync=True) as server:
                    url = server.create_database("bench")
                    results[backend] = measure(url, args.attempts, args.reps)
            else:
                parser.error(f"unknown backend {backend!r}: use sqlite and/or postgresql")
    if args.json:
        public = {
            b: r and {k: round(v, 3) for k, v in r.items() if not k.startswith("_")}
            for b, r in results.items()
        }
        print(json.dumps(public))
    else:
        print(table(results, args.attempts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
