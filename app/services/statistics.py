"""Progress as plot-ready series, and the home page's summary.

Mastery of a topic is the mean fsrs retrievability now (the predicted chance of recalling a
skill) over every skill of the topic on offer, plus any other skill of it with a review
state; a skill never reviewed counts 0. So mastery rises by covering a topic and by keeping
what was learned, and falls as time passes without review.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from app.services.content import Content
from app.services.context import Context
from app.services.scheduling import Memory, Scheduling, memories
from app.services.study import count_introduced
from app.store.records import ReviewState
from questions.mistakes import MISTAKES
from questions.model import TOPICS

DUE_DAYS = 30
RECENT_QUESTIONS = 100


@dataclass(frozen=True)
class Series:
    """Plot-ready values: x and y of equal length, with what each axis shows."""

    x: list[Any]
    y: list[float]
    x_label: str
    y_label: str
    extra: dict[str, list[Any]] = field(default_factory=dict)  # per-point details


@dataclass(frozen=True)
class SkillRecall:
    """One skill of a topic: its id, the chance of recalling it now, reviews and lapses."""

    skill: str
    recall: float
    reps: int
    lapses: int


@dataclass(frozen=True)
class TopicDetail:
    """A topic's drill-down: every skill with its recall, and the latest answers on it."""

    topic: str
    skills: list[SkillRecall]
    recent: list[tuple[datetime, str, bool, float]]  # answered_at, skill, correct, seconds


@dataclass(frozen=True)
class ProgressStats:
    """Everything the statistics page plots."""

    accuracy: Series  # per day; extra["attempts"]
    mastery: Series  # per topic, in TOPICS order
    due: Series  # reviews due on each of the next 30 days (overdue count today)
    time_per_question: Series  # recent answers; extra["correct"], extra["topic"]
    mistakes: Series  # most frequent first; x are names, extra["id"]
    topics: dict[str, TopicDetail] = field(default_factory=dict)  # the drill-down per topic


@dataclass(frozen=True)
class HomeSummary:
    """What the home page shows at a glance."""

    due_now: int
    streak: int  # consecutive days with an answer, ending today or yesterday
    mastery: Series
    attempts: int
    correct: int
    skills_started: int
    skills_total: int
    new_today: int


def recall_now(
    scheduling: Scheduling, read: Iterable[tuple[ReviewState, Memory]], now: datetime
) -> list[tuple[ReviewState, float]]:
    """Each review state with the chance of recalling its skill now (its memory read once)."""
    return [(state, scheduling.retrievability(memory, now)) for state, memory in read]


def mastery_by_topic(
    content: Content, recalled: Iterable[tuple[ReviewState, float]]
) -> dict[str, float]:
    """Mean recall now (each state's, from `recall_now`) over each topic's skills, unseen
    skills counting 0."""
    recall: dict[str, dict[str, float]] = {t: {} for t in TOPICS}
    for skill in content.skills():
        recall[skill.topic][skill.id] = 0.0
    for state, value in recalled:
        recall.setdefault(state.topic, {})[state.skill] = value
    return {t: sum(v.values()) / len(v) if v else 0.0 for t, v in recall.items()}


def _mastery_series(mastery: dict[str, float]) -> Series:
    topics = [t for t in TOPICS if t in mastery]
    return Series(topics, [mastery[t] for t in topics], "topic", "mastery (mean recall now)")


def topic_details(
    ctx: Context,
    profile_id: int,
    recalled: Iterable[tuple[ReviewState, float]],
    per_topic: int = 10,
) -> dict[str, TopicDetail]:
    """Per topic: its skills on offer (and any other reviewed) with their recall now, most
    reviewed first, and its latest answers, newest first."""
    skills: dict[str, dict[str, SkillRecall]] = {t: {} for t in TOPICS}
    for skill in ctx.content.skills():
        skills[skill.topic][skill.id] = SkillRecall(skill.id, 0.0, 0, 0)
    for state, recall in recalled:
        found = SkillRecall(state.skill, recall, state.reps, state.lapses)
        skills.setdefault(state.topic, {})[state.skill] = found
    recent: dict[str, list[tuple[datetime, str, bool, float]]] = {t: [] for t in skills}
    for answered_at, skill, topic, correct, seconds in ctx.repo.recent_answers(profile_id):
        shown = recent.setdefault(topic, [])
        if len(shown) < per_topic:
            shown.append((answered_at, skill, bool(correct), float(seconds or 0.0)))
    return {
        t: TopicDetail(t, sorted(skills.get(t, {}).values(), key=lambda s: -s.reps), recent[t])
        for t in recent
    }


def statistics(ctx: Context, profile_id: int) -> ProgressStats:
    """Every series of the statistics page for one learner, as of the context's clock (the
    review states read and their recall computed once, for mastery and the drill-down)."""
    repo, now, offset = ctx.repo, ctx.utc_now(), ctx.utc_offset()
    days = repo.accuracy_per_day(profile_id, utc_offset=offset)
    due = repo.due_per_day(profile_id, now, DUE_DAYS, offset)
    times = repo.recent_question_times(profile_id, RECENT_QUESTIONS)
    mistakes = repo.mistake_counts(profile_id)
    read = memories(repo.review_states_by_topic(profile_id))
    recalled = recall_now(ctx.scheduling, read, now)
    return ProgressStats(
        accuracy=Series(
            [d.day for d in days],
            [d.accuracy for d in days],
            "day",
            "share right",
            {"attempts": [d.attempts for d in days]},
        ),
        mastery=_mastery_series(mastery_by_topic(ctx.content, recalled)),
        due=Series([d.day for d in due], [d.count for d in due], "day", "reviews due"),
        time_per_question=Series(
            [t.answered_at for t in times],
            [t.seconds for t in times],
            "answered at",
            "seconds",
            {"correct": [t.correct for t in times], "topic": [t.topic for t in times]},
        ),
        mistakes=Series(
            [MISTAKES[m.mistake].name if m.mistake in MISTAKES else m.mistake for m in mistakes],
            [m.count for m in mistakes],
            "mistake",
            "times made",
            {"id": [m.mistake for m in mistakes]},
        ),
        topics=topic_details(ctx, profile_id, recalled),
    )


def streak(days: Container[date], today: date) -> int:
    """Consecutive days with an answer, ending today, or yesterday if today has none yet."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def answer_streak(ctx: Context, profile_id: int) -> int:
    """`streak` over the learner's days (in their time zone), counted in the database: the
    days back from the end of today, or if today has no answer yet, from the end of
    yesterday (one statement each, not one query per day)."""
    zone = timezone(ctx.utc_offset())
    tomorrow = datetime.combine(ctx.today() + timedelta(days=1), time(), tzinfo=zone)
    return ctx.repo.days_answered_back(profile_id, tomorrow) or ctx.repo.days_answered_back(
        profile_id, tomorrow - timedelta(days=1)
    )


def home_summary(ctx: Context, profile_id: int) -> HomeSummary:
    """Reviews due now, the streak, mastery per topic and counts, for the home page (the
    review states read once: mastery, the skills started and those introduced today)."""
    topics = ctx.repo.accuracy_per_topic(profile_id)
    states = ctx.repo.review_states_by_topic(profile_id)
    read = memories(states)
    recalled = recall_now(ctx.scheduling, read, ctx.utc_now())
    return HomeSummary(
        due_now=ctx.due_now(profile_id),
        streak=answer_streak(ctx, profile_id),
        mastery=_mastery_series(mastery_by_topic(ctx.content, recalled)),
        attempts=sum(t.attempts for t in topics),
        correct=sum(t.correct for t in topics),
        skills_started=len({state.skill for state in states}),
        skills_total=len(ctx.content.skills()),
        new_today=count_introduced((memory for _state, memory in read), ctx),
    )
