"""Statistics as plain lists, aggregated in SQL so 100,000 attempts stay quick.

`StatisticsReads` is the part of the Repository that serves them, one read transaction each.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer, case, func, select, text
from sqlalchemy.orm import Session

from app.store import convert
from app.store.database import Database
from app.store.models import AttemptRow, ReviewStateRow
from app.store.records import DayAccuracy, DueCount, MistakeCount, QuestionTime, TopicAccuracy
from app.store.records import ReviewState as ReviewStateRecord
from app.store.timestamps import as_utc


def _local_day(session: Session, column: Any, offset: timedelta) -> Any:
    """SQL for the calendar day of a UTC timestamp column, shifted by a UTC offset."""
    dialect = session.get_bind().dialect.name
    minutes = int(offset.total_seconds() // 60)
    if dialect == "sqlite":
        return func.date(column, f"{minutes:+d} minutes") if minutes else func.date(column)
    if dialect == "postgresql":
        return func.date(func.timezone("UTC", column) + offset)
    return func.date(column)  # other backends: UTC days


def _as_date(value: date | str) -> date:
    """SQLite returns days as text, PostgreSQL as dates."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _right() -> Any:
    """SQL summing right answers portably."""
    return func.sum(case((AttemptRow.correct, 1), else_=0), type_=Integer)


_DAYS_OF_ANSWERS_SQLITE = """
WITH RECURSIVE span(first_at, last_at) AS (
    SELECT (SELECT min(answered_at) FROM attempts
             WHERE profile_id = :profile_id AND answered_at >= :since),
           (SELECT max(answered_at) FROM attempts WHERE profile_id = :profile_id)
), day(starts, ends) AS (
    SELECT datetime(date(substr(first_at, 1, 19), :shift), :unshift),
           datetime(date(substr(first_at, 1, 19), :shift), :unshift, '+1 day')
      FROM span WHERE first_at IS NOT NULL
    UNION ALL
    SELECT ends, datetime(ends, '+1 day') FROM day, span WHERE ends <= last_at
)
SELECT date(starts, :shift),
       (SELECT count(*) FROM attempts
         WHERE profile_id = :profile_id AND answered_at >= max(starts, :since)
           AND answered_at < ends),
       (SELECT sum(correct) FROM attempts
         WHERE profile_id = :profile_id AND answered_at >= max(starts, :since)
           AND answered_at < ends)
  FROM day
"""
"""Per local day from the first answer to the last, two counts over the day's stretch of the
attempts' time index: no date computed per answer and no sorting of 100,000 rows by day.
Days are compared as text, to the microsecond; SQLite's date() is given whole seconds only,
as it rounds 23:59:59.9996 up to the next day."""


def accuracy_per_day(
    s: Session, profile_id: int, since: datetime | None, offset: timedelta
) -> list[DayAccuracy]:
    """Attempts and right answers per local day, oldest day first."""
    if s.get_bind().dialect.name == "sqlite":
        minutes = int(offset.total_seconds() // 60)
        values = {
            "profile_id": profile_id,
            "since": "" if since is None else as_utc(since).replace(tzinfo=None).isoformat(" "),
            "shift": f"{minutes:+d} minutes",
            "unshift": f"{-minutes:+d} minutes",
        }
        rows = s.execute(text(_DAYS_OF_ANSWERS_SQLITE), values)
        return [DayAccuracy(_as_date(d), n, right or 0) for d, n, right in rows if n]
    day = _local_day(s, AttemptRow.answered_at, offset).label("day")
    query = select(day, func.count(), _right()).where(AttemptRow.profile_id == profile_id)
    if since is not None:
        query = query.where(AttemptRow.answered_at >= as_utc(since))
    rows = s.execute(query.group_by(day).order_by(day))
    return [DayAccuracy(_as_date(d), n, right or 0) for d, n, right in rows]


def answered_between(s: Session, profile_id: int, start: datetime, end: datetime) -> bool:
    """Whether the learner answered anything in [start, end): one probe of the time index."""
    query = (
        select(AttemptRow.id)
        .where(AttemptRow.profile_id == profile_id)
        .where(AttemptRow.answered_at >= as_utc(start), AttemptRow.answered_at < as_utc(end))
        .limit(1)
    )
    return s.execute(query).first() is not None


_DAYS_BACK = """
WITH RECURSIVE back(n) AS (
    SELECT 0
    UNION ALL
    SELECT n + 1 FROM back
     WHERE EXISTS (SELECT 1 FROM attempts
                    WHERE profile_id = :profile_id
                      AND answered_at >= {day_start} AND answered_at < {day_end})
)
SELECT max(n) FROM back
"""
_SHIFTED_END = {
    "sqlite": "datetime(:end, '-' || ({n}) || ' days')",  # UTC text, as answered_at is stored
    "postgresql": "CAST(:end AS timestamptz) - ({n}) * INTERVAL '24 hours'",
}
"""`:end` moved back n whole days: where day n ends (day 0 ends at `:end`)."""


def days_answered_back(s: Session, profile_id: int, end: datetime) -> int:
    """How many 24-hour days in a row, the first ending at `end`, each have an answer.

    On SQLite and PostgreSQL one statement walks back a day at a time, probing the attempts'
    time index until a day has none: a streak of n days is n + 1 probes inside the database
    instead of n + 1 queries. `end` counts to the whole second.
    """
    end = as_utc(end).replace(microsecond=0)
    dialect = s.get_bind().dialect.name
    if dialect not in _SHIFTED_END:  # other backends: the same probes, a query each
        count = 0
        while answered_between(
            s, profile_id, end - timedelta(days=count + 1), end - timedelta(days=count)
        ):
            count += 1
        return count
    shifted = _SHIFTED_END[dialect]
    sql = _DAYS_BACK.format(day_start=shifted.format(n="n + 1"), day_end=shifted.format(n="n"))
    bound: object = end
    if dialect == "sqlite":  # stored as naive UTC text "YYYY-MM-DD HH:MM:SS.ffffff"
        bound = end.replace(tzinfo=None).isoformat(" ")
    return int(s.execute(text(sql), {"profile_id": profile_id, "end": bound}).scalar() or 0)


def accuracy_per_topic(s: Session, profile_id: int) -> list[TopicAccuracy]:
    """Attempts and right answers per topic, in topic order."""
    query = (
        select(AttemptRow.topic, func.count(), _right())
        .where(AttemptRow.profile_id == profile_id)
        .group_by(AttemptRow.topic)
        .order_by(AttemptRow.topic)
    )
    return [TopicAccuracy(topic, n, right or 0) for topic, n, right in s.execute(query)]


def recent_question_times(s: Session, profile_id: int, limit: int) -> list[QuestionTime]:
    """The time taken on the last `limit` questions, oldest first."""
    query = (
        select(AttemptRow.answered_at, AttemptRow.seconds, AttemptRow.correct, AttemptRow.topic)
        .where(AttemptRow.profile_id == profile_id)
        .order_by(AttemptRow.answered_at.desc(), AttemptRow.id.desc())
        .limit(limit)
    )
    return [QuestionTime(*row) for row in s.execute(query)][::-1]


def recent_answers(s: Session, profile_id: int, limit: int) -> list[tuple[Any, ...]]:
    """The last `limit` answers as (answered_at, skill, topic, correct, seconds), newest first."""
    query = (
        select(
            AttemptRow.answered_at,
            AttemptRow.skill,
            AttemptRow.topic,
            AttemptRow.correct,
            AttemptRow.seconds,
        )
        .where(AttemptRow.profile_id == profile_id)
        .order_by(AttemptRow.answered_at.desc(), AttemptRow.id.desc())
        .limit(limit)
    )
    return [tuple(row) for row in s.execute(query)]


def mistake_counts(s: Session, profile_id: int, top: int) -> list[MistakeCount]:
    """The `top` most frequent diagnosed mistakes, most frequent first."""
    n = func.count().label("n")
    query = (
        select(AttemptRow.mistake, n)
        .where(AttemptRow.profile_id == profile_id, AttemptRow.mistake.is_not(None))
        .group_by(AttemptRow.mistake)
        .order_by(n.desc(), AttemptRow.mistake)
        .limit(top)
    )
    return [MistakeCount(mistake or "", count) for mistake, count in s.execute(query)]


def due_per_day(
    s: Session, profile_id: int, now: datetime, days: int, offset: timedelta
) -> list[DueCount]:
    """Reviews falling due on each of the next `days` local days; overdue ones count today."""
    today = (as_utc(now) + offset).date()
    end = datetime.combine(today + timedelta(days=days), time(), tzinfo=UTC) - offset
    query = select(ReviewStateRow.due).where(
        ReviewStateRow.profile_id == profile_id, ReviewStateRow.due < as_utc(end)
    )
    counts = [0] * days
    for (due,) in s.execute(query):
        index = max(((due + offset).date() - today).days, 0)
        if index < days:
            counts[index] += 1
    return [DueCount(today + timedelta(days=i), n) for i, n in enumerate(counts)]


def review_states_by_topic(s: Session, profile_id: int) -> list[ReviewStateRecord]:
    """Every review state of the learner, grouped by topic, then by skill."""
    query = (
        select(ReviewStateRow)
        .where(ReviewStateRow.profile_id == profile_id)
        .order_by(ReviewStateRow.topic, ReviewStateRow.skill)
    )
    return [convert.review_state(row) for row in s.scalars(query)]


class StatisticsReads:
    """The repository's statistics methods; each is one read transaction returning records."""

    db: Database

    def accuracy_per_day(
        self, profile_id: int, since: datetime | None = None, utc_offset: timedelta = timedelta(0)
    ) -> list[DayAccuracy]:
        """Attempts and right answers per day (days in the given UTC offset), oldest first."""
        with self.db.read() as s:
            return accuracy_per_day(s, profile_id, since, utc_offset)

    def days_answered_back(self, profile_id: int, end: datetime) -> int:
        """How many 24-hour days in a row, the first ending at `end`, each have an answer."""
        with self.db.read() as s:
            return days_answered_back(s, profile_id, end)

    def accuracy_per_topic(self, profile_id: int) -> list[TopicAccuracy]:
        """Attempts and right answers per topic."""
        with self.db.read() as s:
            return accuracy_per_topic(s, profile_id)

    def recent_question_times(self, profile_id: int, limit: int = 100) -> list[QuestionTime]:
        """Seconds taken on each of the last `limit` questions, oldest first."""
        with self.db.read() as s:
            return recent_question_times(s, profile_id, limit)

    def recent_answers(self, profile_id: int, limit: int = 500) -> list[tuple[Any, ...]]:
        """The last answers as (answered_at, skill, topic, correct, seconds), newest first."""
        with self.db.read() as s:
            return recent_answers(s, profile_id, limit)

    def mistake_counts(self, profile_id: int, top: int = 10) -> list[MistakeCount]:
        """The learner's `top` most frequent diagnosed mistakes."""
        with self.db.read() as s:
            return mistake_counts(s, profile_id, top)

    def due_per_day(
        self,
        profile_id: int,
        now: datetime,
        days: int = 30,
        utc_offset: timedelta = timedelta(0),
    ) -> list[DueCount]:
        """Reviews due on each of the next `days` days, overdue ones counted today."""
        with self.db.read() as s:
            return due_per_day(s, profile_id, now, days, utc_offset)

    def review_states_by_topic(self, profile_id: int) -> list[ReviewStateRecord]:
        """Every review state of the learner, ordered by topic then skill (for mastery)."""
        with self.db.read() as s:
            return review_states_by_topic(s, profile_id)
