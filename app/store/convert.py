"""Turn ORM rows into frozen records and records into column values, in one place."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, Table

from app.store.errors import InvalidProfileName, InvalidRecord
from app.store.models import MODES, AttemptRow, PackRow, ProfileRow, ReviewStateRow, SessionRow
from app.store.records import Attempt, Pack, Profile, ReviewState, StudySession
from app.store.timestamps import as_utc


def dump_settings(settings: dict[str, Any] | None) -> str:
    """Settings as JSON text; refuse what JSON cannot hold."""
    if settings is None:
        return "{}"
    if not isinstance(settings, dict):
        raise InvalidRecord(f"settings must be a dict, not {type(settings).__name__}")
    try:
        return json.dumps(settings, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise InvalidRecord(
            f"settings must be plain JSON values (str, number, list...): {e}"
        ) from e


def check_lengths(table: Table, values: dict[str, Any], what: str) -> dict[str, Any]:
    """Refuse text longer than its column holds (PostgreSQL enforces it, SQLite would not)."""
    for column in table.columns:
        value = values.get(column.name)
        limit = getattr(column.type, "length", None) if isinstance(column.type, String) else None
        if isinstance(value, str) and limit is not None and len(value) > limit:
            raise InvalidRecord(
                f"{what}.{column.name} has at most {limit} characters, not {len(value)}"
            )
    return values


def check_mode(mode: str) -> str:
    """Return mode if it is one the store knows, else say which ones it knows."""
    if mode not in MODES:
        raise InvalidRecord(f"mode must be one of {', '.join(MODES)}, not {mode!r:.40}")
    return mode


def profile(row: ProfileRow) -> Profile:
    """A profile record from its row."""
    return Profile(row.id, row.name, row.created_at, json.loads(row.settings))


def study_session(row: SessionRow) -> StudySession:
    """A session record from its row."""
    return StudySession(
        row.id,
        row.profile_id,
        row.mode,
        json.loads(row.settings),
        row.started_at,
        row.ended_at,
        row.score,
    )


def attempt(row: AttemptRow) -> Attempt:
    """An attempt record from its row."""
    return Attempt(
        profile_id=row.profile_id,
        question_key=row.question_key,
        skill=row.skill,
        topic=row.topic,
        mode=row.mode,
        response=row.response,
        correct=row.correct,
        score=row.score,
        seconds=row.seconds,
        session_id=row.session_id,
        mistake=row.mistake,
        hints_used=row.hints_used,
        answered_at=row.answered_at,
        uuid=row.uuid,
    )


def attempt_values(record: Attempt) -> dict[str, Any]:
    """Column values for inserting an attempt, checked and with timestamps in UTC."""
    check_mode(record.mode)
    values = dict(vars(record))
    values["answered_at"] = as_utc(record.answered_at)
    return check_lengths(AttemptRow.__table__, values, "attempt")  # type: ignore[arg-type]


def review_state(row: ReviewStateRow) -> ReviewState:
    """A review-state record from its row."""
    return ReviewState(
        row.profile_id,
        row.skill,
        row.topic,
        row.card_json,
        row.due,
        row.reps,
        row.lapses,
        row.last_review,
    )


def review_state_values(record: ReviewState) -> dict[str, Any]:
    """Column values for writing a review state, with timestamps in UTC."""
    values = dict(vars(record))
    values["due"] = as_utc(record.due)
    if record.last_review is not None:
        values["last_review"] = as_utc(record.last_review)
    return check_lengths(ReviewStateRow.__table__, values, "review state")  # type: ignore[arg-type]


def pack(row: PackRow) -> Pack:
    """A pack record from its row."""
    return Pack(row.pack_id, row.version, row.title, row.source, row.imported_at)


def check_profile_name(name: str) -> str:
    """A profile name without surrounding spaces; refuse empty and over-long names."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidProfileName("a profile name cannot be empty")
    name = name.strip()
    if len(name) > 100:
        raise InvalidProfileName(f"a profile name has at most 100 characters, not {len(name)}")
    return name
