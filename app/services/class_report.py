"""The class report: what the whole class gets right and wrong, per skill, mistake and learner.

The store aggregates in SQL (app/store/class_queries.py); this module ranks and combines the
figures. Mastery is statistics.mastery_by_topic's: mean recall now over a topic's skills on
offer, unseen skills counting 0 (the store sums recall with fsrs' forgetting curve). Every
learner also gets an "all" row in `learner_topic_rows`: accuracy over every answer, and
mastery averaged over the topics.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from app.services.content import Content
from app.services.context import Context
from app.services.scheduling import Scheduling
from app.store.class_reads import ClassReads
from app.store.class_records import ClassFilter, MistakePlace
from app.store.database import Database
from questions.mistakes import MISTAKES
from questions.model import TOPICS

ALL_TOPICS = "all"
TOP_MISTAKES = 3


def mistake_name(mistake_id: str) -> str:
    """A mistake's name as learners see it (its id if the app no longer knows it)."""
    return MISTAKES[mistake_id].name if mistake_id in MISTAKES else mistake_id


@dataclass(frozen=True)
class ItemRow:
    """One skill across the class."""

    skill: str
    topic: str
    attempts: int
    right: int
    learners: int
    discrimination: float | None
    median_seconds: float
    top_mistakes: tuple[tuple[str, int], ...]  # (mistake id, learners who made it)

    @property
    def share_right(self) -> float:
        """Share of the answers that were right."""
        return self.right / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class MistakeRow:
    """A diagnosed mistake over the class: how many learners made it, where."""

    mistake: str
    name: str
    learners: int
    attempts: int
    skills: int


@dataclass(frozen=True)
class LearnerRow:
    """One learner: answers in the range, mastery per topic now, last active, reviews due."""

    profile_id: int
    name: str
    attempts: int
    right: int
    mastery: dict[str, float]
    last_active: datetime | None
    due: int
    answered: dict[str, tuple[int, int]] = field(default_factory=dict)  # topic: (n, right)

    @property
    def share_right(self) -> float | None:
        """Share right over the range, None with no answers."""
        return self.right / self.attempts if self.attempts else None

    @property
    def overall_mastery(self) -> float:
        """Mastery averaged over the topics shown."""
        return sum(self.mastery.values()) / len(self.mastery) if self.mastery else 0.0


@dataclass(frozen=True)
class ClassReport:
    """Everything the Class page and `class-report` show, for one filter."""

    filter: ClassFilter
    topics: tuple[str, ...]
    items: list[ItemRow]
    mistakes: list[MistakeRow]
    learners: list[LearnerRow]


def _topics(f: ClassFilter, seen: set[str]) -> tuple[str, ...]:
    if f.topic is not None:
        return (f.topic,)
    return tuple(TOPICS) + tuple(sorted(seen - set(TOPICS)))


def build_report(
    database: Database,
    now: datetime,
    scheduling: Scheduling,
    content: Content,
    f: ClassFilter | None = None,
) -> ClassReport:
    """The class report for answers in the filter (all answers without one)."""
    f = f or ClassFilter()
    decay = -float(scheduling.fsrs.parameters[20])
    factor = 0.9 ** (1 / decay) - 1
    figures = ClassReads(database).figures(f, now, decay, factor)
    by_skill: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for m in sorted(figures.item_mistakes, key=lambda m: (-m.learners, -m.attempts, m.mistake)):
        by_skill[m.skill].append((m.mistake, m.learners))
    items = [
        ItemRow(
            i.skill,
            i.topic,
            i.attempts,
            i.right,
            i.learners,
            i.discrimination,
            i.median_seconds,
            tuple(by_skill[i.skill][:TOP_MISTAKES]),
        )
        for i in sorted(figures.items, key=lambda i: (i.topic, i.skill))
    ]
    mistakes = [
        MistakeRow(m.mistake, mistake_name(m.mistake), m.learners, m.attempts, m.skills)
        for m in figures.mistakes
    ]
    offered = Counter(skill.topic for skill in content.skills())
    answered: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for t in figures.learner_topics:
        answered[t.profile_id][t.topic] = (t.attempts, t.right)
    recall: dict[int, dict[str, float]] = defaultdict(dict)
    seen = {t.topic for t in figures.learner_topics}
    for profile_id, topic, states, total in figures.recall:
        recall[profile_id][topic] = total / max(offered.get(topic, 0), states, 1)
        seen.add(topic)
    topics = _topics(f, seen)
    learners = [
        LearnerRow(
            s.profile_id,
            s.name,
            sum(n for n, _ in answered[s.profile_id].values()),
            sum(r for _, r in answered[s.profile_id].values()),
            {t: recall[s.profile_id].get(t, 0.0) for t in topics},
            s.last_active,
            s.due,
            dict(answered[s.profile_id]),
        )
        for s in figures.learners
    ]
    return ClassReport(f, topics, items, mistakes, learners)


def mistake_places(database: Database, f: ClassFilter, mistake: str) -> list[MistakePlace]:
    """The questions where a mistake was made, most learners first (the Class page opens
    them when a mistake is chosen)."""
    return ClassReads(database).mistake_places(f, mistake)


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


def learner_topic_rows(report: ClassReport) -> list[ReportRow]:
    """Rows for every learner (by name), topics in teaching order, then the learner's total."""
    rows: list[ReportRow] = []
    for learner in report.learners:
        for topic in report.topics:
            n, right = learner.answered.get(topic, (0, 0))
            rows.append(ReportRow(learner.name, topic, n, right, learner.mastery[topic]))
        rows.append(
            ReportRow(
                learner.name,
                ALL_TOPICS,
                learner.attempts,
                learner.right,
                learner.overall_mastery,
            )
        )
    return rows


def report_for(ctx: Context, f: ClassFilter | None = None) -> ClassReport:
    """The class report on the services' database (the Class page calls it off the GUI
    thread)."""
    return build_report(ctx.repo.db, ctx.utc_now(), ctx.scheduling, ctx.content, f)


def places_for(ctx: Context, f: ClassFilter, mistake: str) -> list[MistakePlace]:
    """The questions where a mistake was made, on the services' database."""
    return mistake_places(ctx.repo.db, f, mistake)
