"""A learner answering questions in its own process, for the crash and concurrency tests.

    python answering_worker.py DB_URL WORKER COUNT [--wait-for-go]

Each answer is recorded with its review state in one transaction, and its uuid printed only
after the commit: every printed uuid must be in the database, whatever happens next.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from app.store.database import open_database
from app.store.records import Attempt, ReviewState
from app.store.repository import Repository


def main(argv: list[str] | None = None) -> int:
    """Record COUNT answers for the learner "Ada", tagging each response with WORKER."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("worker")
    parser.add_argument("count", type=int)
    parser.add_argument("--wait-for-go", action="store_true", help="print ready, wait for a line")
    args = parser.parse_args(argv)
    with open_database(args.url) as db:
        repo = Repository(db)
        ada = repo.get_or_create_profile("Ada")
        if args.wait_for_go:
            print("ready", flush=True)
            sys.stdin.readline()
        for i in range(args.count):
            now = datetime.now(UTC)
            skill = f"family-{i % 30}/L2"
            answer = Attempt(ada.id, f"{skill}/{i}", skill, "chain-rule", "study", args.worker,
                             correct=i % 3 != 0, score=float(i % 3 != 0), seconds=4.0,
                             answered_at=now)  # fmt: skip
            state = ReviewState(ada.id, skill, "chain-rule", "{}", now + timedelta(days=1),
                                reps=i, lapses=0, last_review=now)  # fmt: skip
            repo.record_attempt(answer, state)
            print(answer.uuid, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
