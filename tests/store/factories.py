"""Builders of valid attempts and review states, so each test states only what matters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.store.records import Attempt, ReviewState

T0 = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
"""A fixed moment tests count from."""


def attempt(profile_id: int, **changes: Any) -> Attempt:
    """A right answer to chain-rule/L2/17 at T0, with any field changed."""
    fields: dict[str, Any] = {
        "profile_id": profile_id,
        "question_key": "chain-rule/L2/17",
        "skill": "chain-rule/L2",
        "topic": "chain-rule",
        "mode": "study",
        "response": "0.0822",
        "correct": True,
        "score": 1.0,
        "seconds": 12.5,
        "answered_at": T0,
    }
    return Attempt(**(fields | changes))


def review_state(profile_id: int, **changes: Any) -> ReviewState:
    """A chain-rule/L2 review state due a day after T0, reviewed at T0."""
    fields: dict[str, Any] = {
        "profile_id": profile_id,
        "skill": "chain-rule/L2",
        "topic": "chain-rule",
        "card_json": '{"stability": 2.3}',
        "due": T0 + timedelta(days=1),
        "reps": 1,
        "lapses": 0,
        "last_review": T0,
    }
    return ReviewState(**(fields | changes))
