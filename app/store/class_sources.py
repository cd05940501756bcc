"""Where the class report's per-learner counts come from, for a topic and a date range.

Without a date range they come from the whole-history tallies. A range of whole UTC days (as
the Class page and `class-report` ask for) adds up the day tallies of the days in it, or,
when it holds most of the days the class answered on, takes the days outside it away from
the whole-history tallies: fewer rows either way than the answers themselves. A range that
starts or ends inside a day counts the answers. Every source gives the same figures
(tests/store/test_class_tallies.py holds them equal).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any, Literal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from app.store.class_records import ClassFilter
from app.store.models import (
    AttemptRow,
    DayMistakeRow,
    DayTallyRow,
    MistakeTallyRow,
    SkillTallyRow,
)
from app.store.timestamps import as_utc

Source = Literal["tallies", "days", "outside", "answers"]
A, ST, MT, D, DM = AttemptRow, SkillTallyRow, MistakeTallyRow, DayTallyRow, DayMistakeRow


def answer_conditions(f: ClassFilter) -> list[Any]:
    """SQL conditions on attempts for the filter."""
    conditions: list[Any] = []
    if f.topic is not None:
        conditions.append(A.topic == f.topic)
    if f.since is not None:
        conditions.append(A.answered_at >= as_utc(f.since))
    if f.until is not None:
        conditions.append(A.answered_at < as_utc(f.until))
    return conditions


def right(column: Any = A.correct) -> Any:
    """How many rows have `column` true."""
    return func.sum(case((column, 1), else_=0))


def whole_days(f: ClassFilter) -> tuple[date | None, date | None] | None:
    """The filter's range as UTC days [first, end), or None if a bound falls inside a day."""
    days: list[date | None] = []
    for bound in (f.since, f.until):
        if bound is None:
            days.append(None)
            continue
        utc = as_utc(bound)
        if utc.time() != time():
            return None
        days.append(utc.date())
    return days[0], days[1]


def source(s: Session, f: ClassFilter) -> Source:
    """Which rows the report adds up for this filter (see the module's docstring)."""
    if f.since is None and f.until is None:
        return "tallies"
    days = whole_days(f)
    if days is None:
        return "answers"
    # Two subqueries, so each reads one end of the primary key (SQLite too).
    span = select(
        select(func.min(D.day)).scalar_subquery(), select(func.max(D.day)).scalar_subquery()
    )
    first, last = s.execute(span).one()
    if first is None:
        return "days"
    end = last + timedelta(days=1)
    inside = (min(days[1] or end, end) - max(days[0] or first, first)).days
    return "outside" if 2 * inside > (end - first).days else "days"


def _in_range(f: ClassFilter, day: Any, inside: bool) -> list[Any]:
    """Conditions on a day column: within the filter's days, or outside them."""
    first, end = whole_days(f) or (None, None)
    bounds = [
        c
        for c in (None if first is None else day >= first, None if end is None else day < end)
        if c is not None
    ]
    return bounds if inside else [~and_(*bounds)]


def per_skill(s: Session, f: ClassFilter) -> Any:
    """Answers and right answers per learner and skill in the filter, as a CTE `per`."""
    kind = source(s, f)
    if kind == "tallies":
        query = select(
            ST.profile_id, ST.skill, ST.topic, ST.attempts.label("n"), ST.right_count.label("r")
        )
        return (query if f.topic is None else query.where(ST.topic == f.topic)).cte("per")
    if kind == "answers":
        return (
            select(
                A.profile_id,
                A.skill,
                func.min(A.topic).label("topic"),
                func.count().label("n"),
                right().label("r"),
            )
            .where(*answer_conditions(f))
            .group_by(A.profile_id, A.skill)
            .cte("per")
        )
    topic = [] if f.topic is None else [D.topic == f.topic]
    days = (
        select(
            D.profile_id,
            D.skill,
            func.min(D.topic).label("topic"),
            func.sum(D.attempts).label("n"),
            func.sum(D.right_count).label("r"),
        )
        .where(*_in_range(f, D.day, kind == "days"), *topic)
        .group_by(D.profile_id, D.skill)
    )
    if kind == "days":
        return days.cte("per")
    out = days.subquery("outside")
    query = select(
        ST.profile_id,
        ST.skill,
        ST.topic,
        (ST.attempts - func.coalesce(out.c.n, 0)).label("n"),
        (ST.right_count - func.coalesce(out.c.r, 0)).label("r"),
    ).outerjoin(out, and_(out.c.profile_id == ST.profile_id, out.c.skill == ST.skill))
    return (query if f.topic is None else query.where(ST.topic == f.topic)).cte("per")


def per_mistake(s: Session, f: ClassFilter) -> Any:
    """Times each learner made each diagnosed mistake on each skill, as a CTE `mis`."""
    kind = source(s, f)
    if kind == "tallies":
        query = select(MT.profile_id, MT.skill, MT.mistake, MT.attempts.label("n"))
        return (query if f.topic is None else query.where(MT.topic == f.topic)).cte("mis")
    if kind == "answers":
        return (
            select(A.profile_id, A.skill, A.mistake, func.count().label("n"))
            .where(A.mistake.is_not(None), *answer_conditions(f))
            .group_by(A.profile_id, A.skill, A.mistake)
            .cte("mis")
        )
    topic = [] if f.topic is None else [DM.topic == f.topic]
    days = (
        select(DM.profile_id, DM.skill, DM.mistake, func.sum(DM.attempts).label("n"))
        .where(*_in_range(f, DM.day, kind == "days"), *topic)
        .group_by(DM.profile_id, DM.skill, DM.mistake)
    )
    if kind == "days":
        return days.cte("mis")
    out = days.subquery("outside")
    query = select(
        MT.profile_id, MT.skill, MT.mistake, (MT.attempts - func.coalesce(out.c.n, 0)).label("n")
    ).outerjoin(
        out,
        and_(
            out.c.profile_id == MT.profile_id, out.c.skill == MT.skill, out.c.mistake == MT.mistake
        ),
    )
    return (query if f.topic is None else query.where(MT.topic == f.topic)).cte("mis")
