"""The store under real processes: killed mid-session, two writers, eight as one learner."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from app.services import open_services
from app.store.database import open_database

WORKER = Path(__file__).with_name("answering_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def start_worker(url: str, name: str, count: int, *flags: str) -> subprocess.Popen[str]:
    """Start answering_worker.py with this checkout's app importable."""
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    }
    command = [sys.executable, str(WORKER), url, name, str(count), *flags]
    return subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def stored_uuids(url: str) -> list[str]:
    with open_database(url) as db, db.read() as s:
        return list(s.execute(text("SELECT uuid FROM attempts")).scalars())


def test_every_answer_submitted_before_a_sigkill_is_kept(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    worker = start_worker(url, "w1", 10_000, "--study")
    assert worker.stdout is not None
    printed = []
    for line in worker.stdout:
        printed.append(line.strip())
        if len(printed) == 40:
            worker.send_signal(signal.SIGKILL)  # mid-session: the next answer is under way
            break
    printed += [line.strip() for line in worker.stdout]  # committed before the kill, too
    assert worker.wait(timeout=30) == -signal.SIGKILL
    assert len(printed) >= 40
    with open_database(url) as db, db.read() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        session = s.execute(text("SELECT mode, ended_at FROM sessions")).one()
        skills = s.execute(text("SELECT count(DISTINCT skill) FROM attempts")).scalar()
        states = s.execute(text("SELECT count(*) FROM review_states")).scalar()
    assert tuple(session) == ("study", None)  # killed before it could end
    assert states == skills  # each answer's schedule was stored with it
    stored = stored_uuids(url)
    assert set(printed) <= set(stored)
    assert len(stored) - len(printed) <= 1  # at most the one committed as it was killed
    assert len(stored) == len(set(stored))
    with open_services(url) as services:  # the app opens it and the learner carries on
        ada = services.profile("Ada")
        assert services.study(ada.id).next() is not None


def test_two_processes_writing_at_once_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    open_database(url).close()
    workers = [start_worker(url, name, 300, "--wait-for-go") for name in ("w1", "w2")]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    printed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        printed += out.split()
    assert len(printed) == len(set(printed)) == 600
    with open_database(url) as db, db.read() as s:
        rows = s.execute(text("SELECT uuid, response FROM attempts ORDER BY id")).all()
        reviews = s.execute(text("SELECT count(*) FROM review_states")).scalar()
    assert sorted(uuid for uuid, _ in rows) == sorted(printed)
    writers = [who for _, who in rows]
    assert writers.count("w1") == writers.count("w2") == 300
    switches = sum(a != b for a, b in itertools.pairwise(writers))
    assert switches >= 2, "the two writers never interleaved, so this proved nothing"
    assert reviews == 30


def start_all(workers: list[subprocess.Popen[str]]) -> None:
    """Wait until every worker is ready, then let them all go at once."""
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()


def test_eight_processes_answering_as_one_learner_lose_no_review(database_url: str) -> None:
    with open_services(database_url) as services:
        services.create_profile("Ada")
    workers = [
        start_worker(database_url, f"w{i}", 24, "--same-skills", "--wait-for-go") for i in range(8)
    ]
    start_all(workers)
    printed = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        printed += out.split()
    assert len(set(printed)) == 8 * 24
    with open_database(database_url) as db, db.read() as s:
        attempts = dict(
            s.execute(text("SELECT skill, count(*) FROM attempts GROUP BY skill")).all()
        )
        reps = dict(s.execute(text("SELECT skill, reps FROM review_states")).all())
        cards = s.execute(text("SELECT card_json FROM review_states")).scalars().all()
    assert sum(attempts.values()) == 8 * 24 and len(attempts) == 3
    assert reps == attempts  # every answer's review built on the one before it
    assert sorted(json.loads(card)["reps"] for card in cards) == sorted(attempts.values())
