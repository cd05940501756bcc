"""Spaced review with fsrs: the rating an answer earns, and each skill's memory as JSON.

A skill's `ReviewState.card_json` holds a `Memory`: the fsrs card, review and lapse counts,
the times of recent answers (for "quick"), the day the skill was introduced, and the last
review with the memory as it was before it, so a rating override re-schedules exactly.
"""

from __future__ import annotations

import statistics
import zlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler, State

from app.services.memory import KEPT_TIMES, LastReview, Memory, MemoryFormatError, parse_rating
from app.store.records import ReviewState
from app.store.timestamps import as_utc

__all__ = [
    "LastReview",
    "Memory",
    "MemoryFormatError",
    "Scheduling",
    "derive_rating",
    "memories",
    "parse_rating",
    "quick_threshold",
    "review_state",
]

QUICK_SECONDS = 20.0
"""With no earlier answer on a skill, a right answer in under this many seconds is quick."""

QUICK_FRACTION = 0.5
"""With history, quick means under this fraction of the median time on the skill."""


def quick_threshold(past_seconds: tuple[float, ...] | list[float]) -> float:
    """Seconds under which a right answer counts as quick, given earlier times on the skill."""
    if not past_seconds:
        return QUICK_SECONDS
    return QUICK_FRACTION * statistics.median(past_seconds)


def derive_rating(
    correct: bool, hints_used: int, seconds: float, past_seconds: tuple[float, ...] = ()
) -> Rating:
    """Wrong: Again; right after a hint: Hard; right and quick: Easy; otherwise right: Good."""
    if not correct:
        return Rating.Again
    if hints_used > 0:
        return Rating.Hard
    if seconds < quick_threshold(past_seconds):
        return Rating.Easy
    return Rating.Good


class Scheduling:
    """fsrs behind the three things services need: review, override, retrievability."""

    def __init__(self, scheduler: Scheduler | None = None) -> None:
        self.fsrs = scheduler or Scheduler()

    def new_memory(self, skill: str, at: datetime) -> Memory:
        """The memory of a skill never reviewed: a fresh fsrs card due now."""
        card = Card(card_id=zlib.crc32(skill.encode()), due=as_utc(at))
        return Memory(card=card, reps=0, lapses=0, times=(), introduced=as_utc(at))

    def memory(self, state: ReviewState | None, skill: str, at: datetime) -> Memory:
        """The stored memory of a skill, or a new one if it was never reviewed."""
        if state is None:
            return self.new_memory(skill, at)
        return Memory.from_json(state.card_json)

    def review(
        self,
        before: Memory,
        rating: Rating,
        at: datetime,
        seconds: float,
        attempt_uuid: str,
        is_new: bool,
    ) -> Memory:
        """The memory after one review, keeping `before` so the rating can be overridden."""
        at = as_utc(at).astimezone(UTC)
        card, _log = self.fsrs.review_card(before.card, rating, review_datetime=at)
        lapsed = rating == Rating.Again and before.card.state == State.Review
        return Memory(
            card=card,
            reps=before.reps + 1,
            lapses=before.lapses + int(lapsed),
            times=(*before.times, float(seconds))[-KEPT_TIMES:],
            introduced=before.introduced,
            last=LastReview(attempt_uuid, rating, at, None if is_new else before),
        )

    def override(self, memory: Memory, rating: Rating, skill: str) -> Memory:
        """Re-do the last review from the memory before it, with another rating."""
        last = memory.last
        if last is None:
            raise MemoryFormatError("this skill has no review to re-rate")
        before = last.before
        if before is None:
            before = replace(self.new_memory(skill, last.at), introduced=memory.introduced)
        seconds = memory.times[-1] if memory.times else 0.0
        return self.review(before, rating, last.at, seconds, last.attempt, last.before is None)

    def retrievability(self, memory: Memory, now: datetime) -> float:
        """The predicted chance of recalling the skill now (0 if never reviewed)."""
        at = as_utc(now).astimezone(UTC)
        return float(self.fsrs.get_card_retrievability(memory.card, at))


def memories(states: Iterable[ReviewState]) -> list[tuple[ReviewState, Memory]]:
    """Each review state with its memory, read once; a state whose memory cannot be read is
    left out (every figure made from memories leaves it out)."""
    found = []
    for state in states:
        try:
            found.append((state, Memory.from_json(state.card_json)))
        except MemoryFormatError:
            continue
    return found


def review_state(profile_id: int, skill: str, topic: str, memory: Memory) -> ReviewState:
    """The store's record of a memory."""
    return ReviewState(
        profile_id=profile_id,
        skill=skill,
        topic=topic,
        card_json=memory.to_json(),
        due=memory.card.due,
        reps=memory.reps,
        lapses=memory.lapses,
        last_review=memory.card.last_review,
    )
