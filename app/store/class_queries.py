"""The class report's figures, aggregated in SQL over every learner's answers.

Each function takes a read session and a `ClassFilter` and returns frozen records; the
services layer ranks, combines and presents them. The per-learner counts they add up come
from app/store/class_sources.py (tallies, day tallies, or the answers). Discrimination is
the correlation over learners of their share right on a skill with their share right
overall (point-biserial when each learner answered the item once), from sums the database
adds up.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from app.store.class_records import (
    ClassFilter,
    ItemFigures,
    ItemMistake,
    LearnerSummary,
    LearnerTopic,
    MistakePlace,
    MistakeTotal,
)
from app.store.class_sources import answer_conditions, per_mistake, per_skill
from app.store.models import AttemptRow, ProfileRow, ReviewStateRow
from app.store.timestamps import as_utc

A = AttemptRow


def pearson(k: int, sx: float, sy: float, sxy: float, sxx: float, syy: float) -> float | None:
    """The correlation from sums over k pairs; None without spread on either side."""
    vx, vy = k * sxx - sx * sx, k * syy - sy * sy
    if k < 3 or vx <= 1e-12 * k * k or vy <= 1e-12 * k * k:
        return None
    return max(-1.0, min(1.0, (k * sxy - sx * sy) / math.sqrt(vx * vy)))


def medians(s: Session, f: ClassFilter) -> dict[str, float]:
    """Median seconds per skill: percentile_cont on PostgreSQL, the middle rows elsewhere."""
    if s.get_bind().dialect.name == "postgresql":
        median = func.percentile_cont(0.5).within_group(A.seconds)
        query = select(A.skill, median).where(*answer_conditions(f)).group_by(A.skill)
        return {skill: float(m) for skill, m in s.execute(query)}
    ranked = (
        select(
            A.skill,
            A.seconds,
            func.row_number().over(partition_by=A.skill, order_by=A.seconds).label("i"),
            func.count().over(partition_by=A.skill).label("k"),
        )
        .where(*answer_conditions(f))
        .subquery()
    )
    middle = ranked.c.i.between((ranked.c.k + 1) // 2, (ranked.c.k + 2) // 2)
    query = (
        select(ranked.c.skill, func.avg(ranked.c.seconds)).where(middle).group_by(ranked.c.skill)
    )
    return {skill: float(m) for skill, m in s.execute(query)}


def item_figures(s: Session, f: ClassFilter, median: dict[str, float]) -> list[ItemFigures]:
    """Per skill: attempts, right, learners, discrimination, and the median time from
    `median` (what `medians` gives: the report reads it side by side)."""
    per = per_skill(s, f)
    total = (
        select(
            per.c.profile_id,
            (cast(func.sum(per.c.r), Float) / func.sum(per.c.n)).label("y"),
        )
        .where(per.c.n > 0)
        .group_by(per.c.profile_id)
        .cte("total")
    )
    x, y = cast(per.c.r, Float) / per.c.n, total.c.y
    query = (
        select(
            per.c.skill,
            func.min(per.c.topic),
            func.sum(per.c.n),
            func.sum(per.c.r),
            func.count(),
            func.sum(x),
            func.sum(y),
            func.sum(x * y),
            func.sum(x * x),
            func.sum(y * y),
        )
        .join_from(per, total, per.c.profile_id == total.c.profile_id)
        .where(per.c.n > 0)
        .group_by(per.c.skill)
    )
    return [
        ItemFigures(
            skill,
            topic,
            int(n),
            int(r),
            int(k),
            median.get(skill, 0.0),
            pearson(int(k), *(float(v) for v in sums)),
        )
        for skill, topic, n, r, k, *sums in s.execute(query)
    ]


def item_mistakes(s: Session, f: ClassFilter) -> list[ItemMistake]:
    """Per skill and diagnosed mistake: learners who made it and times made."""
    mis = per_mistake(s, f)
    query = (
        select(mis.c.skill, mis.c.mistake, func.count(), func.sum(mis.c.n))
        .where(mis.c.n > 0)
        .group_by(mis.c.skill, mis.c.mistake)
    )
    return [ItemMistake(sk, m, int(k), int(n)) for sk, m, k, n in s.execute(query)]


def mistake_totals(s: Session, f: ClassFilter, per_item: list[ItemMistake]) -> list[MistakeTotal]:
    """Per diagnosed mistake over the class: learners, times made, skills it was made on.

    Two hash aggregations (per mistake and learner, then per mistake) instead of counting
    distinct learners, which would sort the tallies; skills are counted from `per_item`.
    """
    mis = per_mistake(s, f)
    per_learner = (
        select(
            mis.c.mistake,
            func.sum(mis.c.n).label("n"),
        )
        .where(mis.c.n > 0)
        .group_by(mis.c.mistake, mis.c.profile_id)
        .subquery()
    )
    learners = func.count().label("learners")
    query = (
        select(per_learner.c.mistake, learners, func.sum(per_learner.c.n))
        .group_by(per_learner.c.mistake)
        .order_by(learners.desc(), per_learner.c.mistake)
    )
    skills = Counter(m.mistake for m in per_item)  # skills it was made on
    return [MistakeTotal(m, int(k), int(n), skills[m]) for m, k, n in s.execute(query)]


def mistake_places(s: Session, f: ClassFilter, mistake: str, limit: int) -> list[MistakePlace]:
    """The questions where one mistake was made, by how many learners made it there."""
    learners = func.count(A.profile_id.distinct()).label("learners")
    query = (
        select(A.skill, A.topic, A.question_key, learners, func.count())
        .where(A.mistake == mistake, *answer_conditions(f))
        .group_by(A.skill, A.topic, A.question_key)
        .order_by(learners.desc(), func.count().desc(), A.question_key)
        .limit(limit)
    )
    return [MistakePlace(mistake, *row[:3], int(row[3]), int(row[4])) for row in s.execute(query)]


def learner_topics(s: Session, f: ClassFilter) -> list[LearnerTopic]:
    """Per learner and topic: answers and right answers in the filter."""
    per = per_skill(s, f)
    query = select(per.c.profile_id, per.c.topic, func.sum(per.c.n), func.sum(per.c.r)).group_by(
        per.c.profile_id, per.c.topic
    )
    return [LearnerTopic(p, t, int(n), int(r)) for p, t, n, r in s.execute(query) if n]


def learner_summaries(s: Session, now: datetime) -> list[LearnerSummary]:
    """Every learner by name: last answer ever, reviews due now (one index probe each)."""
    last = (
        select(func.max(A.answered_at))
        .where(A.profile_id == ProfileRow.id)
        .correlate(ProfileRow)
        .scalar_subquery()
    )
    due = (
        select(func.count())
        .where(ReviewStateRow.profile_id == ProfileRow.id, ReviewStateRow.due <= as_utc(now))
        .correlate(ProfileRow)
        .scalar_subquery()
    )
    query = select(ProfileRow.id, ProfileRow.name, last, due).order_by(ProfileRow.name)
    return [LearnerSummary(p, name, _aware(at), int(d or 0)) for p, name, at, d in s.execute(query)]


def _aware(value: Any) -> datetime | None:
    """A timestamp from an aggregate: SQLite gives naive UTC text, PostgreSQL a datetime."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    return as_utc(value)
