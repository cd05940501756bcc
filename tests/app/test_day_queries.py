"""What the database counts per learner's day, against the same counted here in Python.

`answer_streak` asks the store for days back from the end of today (then yesterday) in one
statement; `streak` is the rule itself over the set of local days that hold an answer,
computed here from the very times stored. `accuracy_per_day` (one walk over the days on
SQLite, a GROUP BY elsewhere) must give each local day's answers and right answers. Both
must agree with Python on any history, in any time zone, with answers right on a day's first
and last moments.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import insert

from app.services import Services, open_services
from app.services.content import Content
from app.services.statistics import answer_streak, streak
from app.store.models import AttemptRow
from app.store.records import DayAccuracy
from tests.services.helpers import Clock
from tests.store.pg_server import PostgresServer, serve_postgres

NOW = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)
ZONES = [timedelta(hours=h) for h in (-10, 0, 5.5, 14)]


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for this module's tests."""
    yield from serve_postgres()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database on each backend the store serves."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'streak.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database("streak")


@pytest.fixture
def services(db_url: str) -> Iterator[tuple[Services, Clock]]:
    """Services with no questions to speak of (the streak reads answers only)."""
    clock = Clock(NOW)
    with open_services(db_url, now=clock, content=Content(authored=[], families=[])) as opened:
        yield opened, clock


def store_answers(
    services: Services, profile_id: int, times: list[datetime], right: list[bool] | None = None
) -> None:
    """Answers at these moments (right unless told), written straight to the attempts table."""
    if not times:
        return
    right = right or [True] * len(times)
    rows = [
        {
            "uuid": str(uuid4()),
            "profile_id": profile_id,
            "session_id": None,
            "question_key": f"q/{i}",
            "skill": "s",
            "topic": "chain-rule",
            "mode": "study",
            "response": "1",
            "correct": right[i],
            "score": float(right[i]),
            "mistake": None,
            "hints_used": 0,
            "seconds": 5.0,
            "answered_at": at,
        }
        for i, at in enumerate(times)
    ]
    with services.repo.db.begin() as s:
        s.execute(insert(AttemptRow.__table__), rows)


def local_days(times: list[datetime], zone: timezone) -> set[date]:
    """The learner's calendar days holding an answer."""
    return {at.astimezone(zone).date() for at in times}


def history(rng: random.Random, zone: timezone) -> list[datetime]:
    """Answers on a random run of recent local days (some skipped), a few of them on a
    day's first microsecond or its last."""
    today = NOW.astimezone(zone).date()
    times = []
    for back in range(rng.randrange(0, 12)):
        if rng.random() < 0.15:
            continue
        midnight = datetime.combine(today - timedelta(days=back), datetime.min.time(), zone)
        place = rng.choice(["first", "last", "any"])
        if place == "first":
            at = midnight
        elif place == "last":
            at = midnight + timedelta(days=1) - timedelta(microseconds=1)
        else:
            at = midnight + timedelta(seconds=rng.uniform(0, 86_399))
        if at <= NOW:
            times.append(at.astimezone(UTC))
    return times


@pytest.mark.parametrize("offset", ZONES, ids=lambda d: f"UTC{d.total_seconds() / 3600:+g}")
def test_the_counted_streak_is_the_rule_over_local_days(services, offset) -> None:
    opened, clock = services
    zone = timezone(offset)
    clock.time = NOW.astimezone(zone)
    rng = random.Random(int(offset.total_seconds()))
    today = clock.time.date()
    for n in range(6):
        learner = opened.create_profile(f"L{n}")
        times = history(rng, zone)
        store_answers(opened, learner.id, times)
        expected = streak(local_days(times, zone), today)
        assert answer_streak(opened.ctx, learner.id) == expected, (n, sorted(times))


def test_an_answer_just_past_midnight_counts_for_the_new_day(services) -> None:
    opened, clock = services
    zone = timezone(timedelta(hours=-10))
    clock.time = NOW.astimezone(zone)
    today = clock.time.date()
    midnight = datetime.combine(today, datetime.min.time(), zone)
    ada = opened.create_profile("Ada")
    # the last moment of yesterday and the first of the day before it: two days, then a gap
    store_answers(
        opened,
        ada.id,
        [midnight - timedelta(microseconds=1), midnight - timedelta(days=2)],
    )
    assert answer_streak(opened.ctx, ada.id) == 2
    store_answers(opened, ada.id, [midnight])  # today's first moment: today joins
    assert answer_streak(opened.ctx, ada.id) == 3
    other = opened.create_profile("Bo")
    store_answers(opened, other.id, [midnight - timedelta(days=2)])  # two days ago only
    assert answer_streak(opened.ctx, other.id) == 0


def day_figures(
    times: list[datetime], right: list[bool], zone: timezone, since: datetime | None
) -> list[DayAccuracy]:
    """Answers and right answers per local day, oldest first, counted in Python."""
    days: dict[date, list[int]] = {}
    for at, ok in zip(times, right, strict=True):
        if since is None or at >= since:
            counts = days.setdefault(at.astimezone(zone).date(), [0, 0])
            counts[0] += 1
            counts[1] += ok
    return [DayAccuracy(day, n, r) for day, (n, r) in sorted(days.items())]


@pytest.mark.parametrize("offset", ZONES, ids=lambda d: f"UTC{d.total_seconds() / 3600:+g}")
def test_answers_per_day_are_counted_per_local_day(services, offset) -> None:
    opened, _clock = services
    zone = timezone(offset)
    rng = random.Random(7 + int(offset.total_seconds()))
    for n in range(4):
        learner = opened.create_profile(f"L{n}")
        times = sorted(history(rng, zone) + history(rng, zone))
        right = [rng.random() < 0.6 for _ in times]
        store_answers(opened, learner.id, times, right)
        since = times[len(times) // 2] if times and n % 2 else None
        expected = day_figures(times, right, zone, since)
        found = opened.repo.accuracy_per_day(learner.id, since=since, utc_offset=offset)
        assert found == expected, (n, offset)
