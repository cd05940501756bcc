"""Timestamps go in aware, in any zone, and come back aware in UTC on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from app.store.database import open_database
from app.store.records import Profile
from app.store.repository import Repository

from .conftest import PostgresServer
from .factories import T0, attempt, review_state

INDIA = timezone(timedelta(hours=5, minutes=30))


def assert_utc(value: datetime | None) -> None:
    assert value is not None and value.tzinfo is UTC


def test_every_timestamp_comes_back_aware_utc(repo: Repository, learner: Profile) -> None:
    local = datetime(2024, 3, 10, 17, 30, tzinfo=INDIA)  # 12:00 UTC
    session = repo.start_session(learner.id, "exam", started_at=local)
    repo.record_attempt(
        attempt(learner.id, session_id=session.id, answered_at=local),
        review_state(learner.id, due=local + timedelta(days=2), last_review=local),
    )
    finished = repo.finish_session(session.id, 0.5, ended_at=local + timedelta(minutes=20))
    [stored] = repo.attempts_for_session(session.id)
    state = repo.get_review_state(learner.id, "chain-rule/L2")
    assert state is not None
    pack = repo.record_pack("bank", "1", "Bank", "built-in")
    for value in (
        learner.created_at,
        finished.started_at,
        finished.ended_at,
        stored.answered_at,
        state.due,
        state.last_review,
        pack.imported_at,
    ):
        assert_utc(value)
    assert stored.answered_at == T0 and str(stored.answered_at) == "2024-03-10 12:00:00+00:00"
    assert finished.ended_at == T0 + timedelta(minutes=20)
    assert state.due == T0 + timedelta(days=2)


def test_sqlite_keeps_utc_text_that_sorts_in_time_order(tmp_path: Path) -> None:
    with open_database(f"sqlite:///{tmp_path / 'p.db'}") as db:
        repo = Repository(db)
        ada = repo.create_profile("Ada")
        repo.record_attempt(
            attempt(ada.id, answered_at=datetime(2024, 3, 10, 17, 30, tzinfo=INDIA))
        )
        with db.begin() as s:
            raw = s.execute(text("SELECT answered_at FROM attempts")).scalar()
    assert raw == "2024-03-10 12:00:00.000000"


def test_postgresql_returns_utc_whatever_the_session_time_zone(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.create_database("tz") + "?options=-c%20TimeZone%3DAsia%2FTokyo"
    with open_database(url) as db:
        repo = Repository(db)
        ada = repo.create_profile("Ada")
        repo.record_attempt(attempt(ada.id))
        with db.begin() as s:
            assert s.execute(text("SHOW TimeZone")).scalar() == "Asia/Tokyo"
        [times] = repo.recent_question_times(ada.id)
    assert times.answered_at == T0
    assert_utc(times.answered_at)


def test_a_naive_timestamp_is_refused_with_a_clear_message(
    repo: Repository, learner: Profile
) -> None:
    with pytest.raises(ValueError, match=r"naive datetime.*timezone-aware"):
        repo.record_attempt(attempt(learner.id, answered_at=datetime(2024, 3, 10, 12, 0)))
    assert repo.recent_question_times(learner.id) == []
