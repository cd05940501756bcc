"""The class report's reads: every figure from one read transaction, so they agree.

`ClassReads` never writes; on a class server it runs as the instructor's role, which the
policies let read every learner's rows and change none. `access` tells which kind of role a
connection has, so the app opens the Class page for the instructor and the learner's own
profile for a learner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import text

from app.store import class_queries as q
from app.store.class_records import (
    ClassFilter,
    ItemFigures,
    ItemMistake,
    LearnerSummary,
    LearnerTopic,
    MistakePlace,
    MistakeTotal,
)
from app.store.database import Database

Access = Literal["owner", "instructor", "learner"]


@dataclass(frozen=True)
class ClassFigures:
    """Everything the class report shows, as the database aggregated it."""

    items: list[ItemFigures]
    item_mistakes: list[ItemMistake]
    mistakes: list[MistakeTotal]
    learner_topics: list[LearnerTopic]
    learners: list[LearnerSummary]
    recall: list[tuple[int, str, int, float]]  # (profile id, topic, states, sum of recall)


@dataclass(frozen=True)
class Who:
    """Which kind of role the connection has, and a learner's own profile id."""

    access: Access
    profile_id: int | None = None


_WHO = text(
    "SELECT has_table_privilege('attempts', 'INSERT'), "
    "(SELECT id FROM profiles WHERE role_name = current_user)"
)


class ClassReads:
    """Reads the whole class's figures; writes nothing."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def figures(self, f: ClassFilter, now: datetime, decay: float, factor: float) -> ClassFigures:
        """Every figure of the report for answers in the filter, in one transaction."""
        with self.db.read() as s:
            per_item = q.item_mistakes(s, f)
            return ClassFigures(
                items=q.item_figures(s, f),
                item_mistakes=per_item,
                mistakes=q.mistake_totals(s, f, per_item),
                learner_topics=q.learner_topics(s, f),
                learners=q.learner_summaries(s, now),
                recall=q.recall_sums(s, f, now, decay, factor),
            )

    def mistake_places(self, f: ClassFilter, mistake: str, limit: int = 50) -> list[MistakePlace]:
        """The questions where a mistake was made, most learners first."""
        with self.db.read() as s:
            return q.mistake_places(s, f, mistake, limit)

    def who(self) -> Who:
        """Owner (a file, or the admin), the class's instructor, or one learner."""
        if self.db.dialect != "postgresql":
            return Who("owner")
        with self.db.read() as s:
            may_insert, own = s.execute(_WHO).one()
        if own is not None:
            return Who("learner", int(own))
        return Who("owner" if may_insert else "instructor")
