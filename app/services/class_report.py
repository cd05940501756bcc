"""Accuracy and mastery per learner and topic, for an instructor whose class shares a database.

Mastery is statistics.mastery_by_topic's: mean recall now over the topic's skills, unseen
skills counting 0. Each learner also gets an "all" row: accuracy over every answer, and
mastery averaged over the topics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.services.content import Content
from app.services.scheduling import Scheduling
from app.services.statistics import mastery_by_topic
from app.store.repository import Repository
from questions.model import TOPICS

ALL_TOPICS = "all"


@dataclass(frozen=True)
class ReportRow:
    """One learner on one topic (or on all topics)."""

    learner: str
    topic: str
    attempts: int
    correct: int
    mastery: float

    @property
    def accuracy(self) -> float | None:
        """Share of answers right, None with no answers."""
        return self.correct / self.attempts if self.attempts else None


def class_report(
    repo: Repository, now: datetime, scheduling: Scheduling, content: Content
) -> list[ReportRow]:
    """Rows for every learner (by name), topics in teaching order, then the learner's total."""
    rows: list[ReportRow] = []
    for profile in repo.list_profiles():
        answered = {t.topic: t for t in repo.accuracy_per_topic(profile.id)}
        states = repo.review_states_by_topic(profile.id)
        mastery = mastery_by_topic(scheduling, content, states, now)
        topics = list(TOPICS) + sorted(set(answered) - set(TOPICS))
        mine = [
            ReportRow(
                profile.name,
                topic,
                answered[topic].attempts if topic in answered else 0,
                answered[topic].correct if topic in answered else 0,
                mastery.get(topic, 0.0),
            )
            for topic in topics
        ]
        rows += mine
        rows.append(
            ReportRow(
                profile.name,
                ALL_TOPICS,
                sum(r.attempts for r in mine),
                sum(r.correct for r in mine),
                sum(mastery.get(t, 0.0) for t in TOPICS) / len(TOPICS),
            )
        )
    return rows
