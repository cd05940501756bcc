"""The class report's reads: every figure from one read transaction, so they agree.

`ClassReads` never writes; on a class server it runs as the instructor's role, which the
policies let read every learner's rows and change none. `access` tells which kind of role a
connection has, so the app opens the Class page for the instructor and the learner's own
profile for a learner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.store import class_queries as q
from app.store.class_recall import recall_sums
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
from app.store.failures import translated

Access = Literal["owner", "instructor", "learner"]
REPORT_WORK_MEM = "64MB"
"""Memory each of the report's queries may hash and sort in, on PostgreSQL."""
_SNAPSHOT = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")


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
        """Every figure of the report for answers in the filter, as of one moment.

        On PostgreSQL the queries run side by side on their own connections, each in a
        transaction that imports the first one's snapshot, so they agree as one would.
        """

        def mistakes(s: Session) -> tuple[list[ItemMistake], list[MistakeTotal]]:
            per_item = q.item_mistakes(s, f)
            return per_item, q.mistake_totals(s, f, per_item)

        tasks: dict[str, Callable[[Session], Any]] = {
            "medians": lambda s: q.medians(s, f),
            "items": lambda s: q.item_figures(s, f, {}),
            "mistakes": mistakes,
            "learner_topics": lambda s: q.learner_topics(s, f),
            "learners": lambda s: q.learner_summaries(s, now),
            "recall": lambda s: recall_sums(s, f, now, decay, factor),
        }
        if self.db.dialect == "postgresql":
            done = self._side_by_side(tasks)
        else:
            with self.db.read() as s:
                done = {name: task(s) for name, task in tasks.items()}
        per_item, totals = done["mistakes"]
        median = done["medians"]
        return ClassFigures(
            items=[replace(i, median_seconds=median.get(i.skill, 0.0)) for i in done["items"]],
            item_mistakes=per_item,
            mistakes=totals,
            learner_topics=done["learner_topics"],
            learners=done["learners"],
            recall=done["recall"],
        )

    def _side_by_side(self, tasks: dict[str, Callable[[Session], Any]]) -> dict[str, Any]:
        """Run each task on its own connection, all in the snapshot of one transaction."""
        with translated(self.db.where), self._repeatable() as lead:
            snapshot = str(lead.execute(text("SELECT pg_export_snapshot()")).scalar())
            if not _SNAPSHOT.fullmatch(snapshot):
                raise ValueError(f"unexpected snapshot id {snapshot!r}")

            def run(task: Callable[[Session], Any]) -> Any:
                with self._repeatable() as conn:
                    conn.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                    with Session(bind=conn) as s:
                        return task(s)

            with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
                futures = {name: pool.submit(run, task) for name, task in tasks.items()}
                return {name: future.result() for name, future in futures.items()}

    @contextmanager
    def _repeatable(self) -> Iterator[Connection]:
        """A read-only REPEATABLE READ transaction on a connection of its own."""
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        with self.db.engine.connect().execution_options(**options) as conn, conn.begin():
            # Hash the per-learner counts (~200,000 rows at 1,000 learners) in memory, not
            # on disk as the default 4 MB makes them.
            conn.exec_driver_sql(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'")
            yield conn

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
