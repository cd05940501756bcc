"""Frozen dataclasses the repository takes and returns; ORM rows never leave the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from app.store.timestamps import utcnow


def new_uuid() -> str:
    """A fresh attempt id, made by the client so that imports can deduplicate."""
    return str(uuid4())


@dataclass(frozen=True)
class Profile:
    """A learner; settings is a JSON-ready dict the services layer owns."""

    id: int
    name: str
    created_at: datetime
    settings: dict[str, Any]


@dataclass(frozen=True)
class StudySession:
    """A study session, practice quiz or exam; ended_at and score stay None until it ends."""

    id: int
    profile_id: int
    mode: str
    settings: dict[str, Any]
    started_at: datetime
    ended_at: datetime | None
    score: float | None


@dataclass(frozen=True)
class Attempt:
    """One answer: written by record_attempt and read back the same way."""

    profile_id: int
    question_key: str
    skill: str
    topic: str
    mode: str
    response: str
    correct: bool
    score: float
    seconds: float
    session_id: int | None = None
    mistake: str | None = None
    hints_used: int = 0
    answered_at: datetime = field(default_factory=utcnow)
    uuid: str = field(default_factory=new_uuid)


@dataclass(frozen=True)
class ReviewState:
    """The scheduler's state for one skill; card_json is an fsrs Card serialised upstream."""

    profile_id: int
    skill: str
    topic: str
    card_json: str
    due: datetime
    reps: int
    lapses: int
    last_review: datetime | None


@dataclass(frozen=True)
class Pack:
    """An instructor's pack at one version, with where it came from."""

    pack_id: str
    version: str
    title: str
    source: str
    imported_at: datetime


class _Tally:
    """Attempts and right answers, with the share right (the fields come from the subclass)."""

    attempts: int
    correct: int

    @property
    def accuracy(self) -> float:
        """Share of the attempts that were right (0 when there were none)."""
        return self.correct / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class DayAccuracy(_Tally):
    """How a day went: attempts made, how many were right, and the share right."""

    day: date
    attempts: int
    correct: int


@dataclass(frozen=True)
class TopicAccuracy(_Tally):
    """Attempts and right answers in one topic."""

    topic: str
    attempts: int
    correct: int


@dataclass(frozen=True)
class QuestionTime:
    """Time taken on one answered question, for the time-per-question series."""

    answered_at: datetime
    seconds: float
    correct: bool
    topic: str


@dataclass(frozen=True)
class MistakeCount:
    """How often one diagnosed mistake was made."""

    mistake: str
    count: int


@dataclass(frozen=True)
class DueCount:
    """How many reviews fall due on one day (overdue ones count on the first day)."""

    day: date
    count: int


@dataclass(frozen=True)
class ImportSummary:
    """What importing progress did: answers added, and review states taken or left."""

    new_attempts: int
    others_attempts: int = 0  # already stored for another learner: left with them
    states_taken: int = 0
    states_kept: int = 0  # ours was the later review
    states_refused: int = 0  # made by an answer that is not in this learner's history
