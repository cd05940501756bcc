"""Each learner's recall now per topic, for the class heat map: fsrs' forgetting curve summed
over their review states, in SQL on PostgreSQL (each state's stability kept in a column)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.store.class_records import ClassFilter
from app.store.models import ReviewStateRow
from app.store.timestamps import as_utc

_PG_RECALL = text(
    """
    SELECT profile_id, topic, count(*),
           sum(CASE WHEN stability IS NULL OR stability <= 0 OR last_review IS NULL THEN 0
                    ELSE power(1 + CAST(:factor AS float) * greatest(0, floor(extract(
                        epoch FROM (CAST(:now AS timestamptz) - last_review)) / 86400))
                        / stability, CAST(:decay AS float)) END)
    FROM review_states WHERE (CAST(:topic AS text) IS NULL OR topic = :topic)
    GROUP BY profile_id, topic
    """
)


def recall_sums(
    s: Session, f: ClassFilter, now: datetime, decay: float, factor: float
) -> list[tuple[int, str, int, float]]:
    """Per learner and topic: review states and the sum of their recall now (fsrs' curve)."""
    if s.get_bind().dialect.name == "postgresql":
        params = {"factor": factor, "decay": decay, "now": as_utc(now), "topic": f.topic}
        rows = s.execute(_PG_RECALL, params)
        return [(int(p), t, int(n), float(r or 0.0)) for p, t, n, r in rows]
    R = ReviewStateRow
    query = select(R.profile_id, R.topic, R.stability, R.last_review)
    if f.topic is not None:
        query = query.where(R.topic == f.topic)
    sums: dict[tuple[int, str], list[float]] = {}
    for profile_id, topic, stability, last_review in s.execute(query):
        entry = sums.setdefault((profile_id, topic), [0, 0.0])
        entry[0] += 1
        entry[1] += _recall(stability, last_review, now, decay, factor)
    return [(p, t, int(n), r) for (p, t), (n, r) in sums.items()]


def _recall(
    stability: float | None, last: datetime | None, now: datetime, decay: float, factor: float
) -> float:
    """fsrs' retrievability of one card now (0 if never reviewed)."""
    if stability is None or stability <= 0 or last is None:
        return 0.0
    days = max(0, (as_utc(now) - last).days)
    return float((1 + factor * days / stability) ** decay)
