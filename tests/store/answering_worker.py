"""A learner answering questions in its own process, for the crash and concurrency tests.

    python answering_worker.py DB_URL WORKER COUNT [--wait-for-go] [--study | --same-skills]

Each answer is recorded with its review state in one transaction, and its uuid printed only
after the commit: every printed uuid must be in the database, whatever happens next. With
--study the answers go through a real study session (questions generated, graded and
scheduled by the services, every third one wrong); without it they are written straight
to the repository, tagged with WORKER, as fast as it takes them. With --same-skills the
learner "Ada" (made beforehand) answers three skills in turn through the services, as other
processes do the same: each answer reads and reschedules a review state others also write.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from app.services import open_services
from app.store.database import open_database
from app.store.records import Attempt, ReviewState
from app.store.repository import Repository
from tests.services.helpers import right_response, wrong_response


def study(url: str, count: int) -> None:
    """Answer up to COUNT questions of one study session as the learner "Ada"."""
    with open_services(url) as services:
        ada = services.profile("Ada")
        services.update_settings(ada.id, new_per_day=100)
        session = services.study(ada.id)
        for i in range(count):
            question = session.next()
            if question is None:
                return
            response = wrong_response(question) if i % 3 == 0 else right_response(question)
            outcome = session.submit(response, seconds=5.0)
            print(outcome.attempt_uuid, flush=True)


def same_skills(url: str, count: int, wait: bool) -> None:
    """Answer COUNT questions on three skills in turn as "Ada", every fourth one wrong."""
    with open_services(url) as services:
        ada = services.repo.find_profile("Ada")
        assert ada is not None, "the test makes the learner first"
        skills = [s for s in services.ctx.content.skills() if s.is_family][:3]
        questions = [services.ctx.content.question(skill) for skill in skills]
        if wait:
            print("ready", flush=True)
            sys.stdin.readline()
        for i in range(count):
            question = questions[i % len(questions)]
            response = wrong_response(question) if i % 4 == 0 else right_response(question)
            outcome = services.answer_extra(ada.id, question, response, seconds=5.0)
            print(outcome.attempt_uuid, flush=True)


def write(url: str, worker: str, count: int, wait: bool) -> None:
    """Record COUNT answers for "Ada" straight through the repository, 30 skills in turn."""
    with open_database(url) as db:
        repo = Repository(db)
        ada = repo.get_or_create_profile("Ada")
        if wait:
            print("ready", flush=True)
            sys.stdin.readline()
        for i in range(count):
            now = datetime.now(UTC)
            skill = f"family-{i % 30}/L2"
            answer = Attempt(
                ada.id,
                f"{skill}/{i}",
                skill,
                "chain-rule",
                "study",
                worker,
                correct=i % 3 != 0,
                score=float(i % 3 != 0),
                seconds=4.0,
                answered_at=now,
            )
            state = ReviewState(
                ada.id,
                skill,
                "chain-rule",
                "{}",
                now + timedelta(days=1),
                reps=i,
                lapses=0,
                last_review=now,
            )
            repo.record_attempt(answer, state)
            print(answer.uuid, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and answer."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("worker")
    parser.add_argument("count", type=int)
    parser.add_argument("--wait-for-go", action="store_true", help="print ready, wait for a line")
    parser.add_argument("--study", action="store_true", help="answer through a study session")
    parser.add_argument("--same-skills", action="store_true", help="three skills, as others do")
    args = parser.parse_args(argv)
    if args.study:
        study(args.url, args.count)
    elif args.same_skills:
        same_skills(args.url, args.count, args.wait_for_go)
    else:
        write(args.url, args.worker, args.count, args.wait_for_go)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
