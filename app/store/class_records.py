"""Frozen records of the class report: what the store's aggregates return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ClassFilter:
    """Which answers the class report counts: one topic or all, answered within a range."""

    topic: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class ItemFigures:
    """One skill (a family at a level, or an authored question) across the class."""

    skill: str
    topic: str
    attempts: int
    right: int
    learners: int
    median_seconds: float
    discrimination: float | None  # None: too few learners, or no spread to correlate


@dataclass(frozen=True)
class ItemMistake:
    """A diagnosed mistake on one skill: how many learners made it, how many times."""

    skill: str
    mistake: str
    learners: int
    attempts: int


@dataclass(frozen=True)
class MistakeTotal:
    """A diagnosed mistake over the whole class."""

    mistake: str
    learners: int
    attempts: int
    skills: int


@dataclass(frozen=True)
class MistakePlace:
    """A question where a mistake was made."""

    mistake: str
    skill: str
    topic: str
    question_key: str
    learners: int
    attempts: int


@dataclass(frozen=True)
class LearnerTopic:
    """One learner's answers on one topic."""

    profile_id: int
    topic: str
    attempts: int
    right: int


@dataclass(frozen=True)
class LearnerSummary:
    """One learner: when last active, and how many reviews are due now."""

    profile_id: int
    name: str
    last_active: datetime | None
    due: int


@dataclass(frozen=True)
class RecallInput:
    """What a skill's recall now is computed from: its stability and last review."""

    profile_id: int
    topic: str
    skill: str
    stability: float | None
    last_review: datetime | None
