"""Spaced review with fsrs: the rating an answer earns, and each skill's memory as JSON.

A skill's `ReviewState.card_json` holds a `Memory`: the fsrs card, review and lapse counts,
the times of recent answers (for "quick"), the day the skill was introduced, and the last
review with the memory as it was before it, so a rating override re-schedules exactly.
"""

from __future__ import annotations

import json
import math
import statistics
import zlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from app.store.records import ReviewState
from app.store.timestamps import as_utc

QUICK_SECONDS = 20.0
"""With no earlier answer on a skill, a right answer in under this many seconds is quick."""

QUICK_FRACTION = 0.5
"""With history, quick means under this fraction of the median time on the skill."""

KEPT_TIMES = 9
"""How many recent answer times a memory keeps for the median."""

FORMAT_VERSION = 1


class MemoryFormatError(ValueError):
    """A card_json that is not a memory this module wrote; the message says what is wrong."""


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


def parse_rating(value: Rating | int | str) -> Rating:
    """A rating from a Rating, its number 1-4 or its name; ValueError names the choices."""
    if isinstance(value, Rating):
        return value
    if isinstance(value, str) and value.strip().capitalize() in Rating.__members__:
        return Rating[value.strip().capitalize()]
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return Rating(value)
    raise ValueError(f"a rating is Again, Hard, Good or Easy (1-4), not {value!r}")


@dataclass(frozen=True)
class LastReview:
    """The review that made a memory: which answer, its rating, when, and the memory before."""

    attempt: str
    rating: Rating
    at: datetime
    before: Memory | None  # None: the skill was new


@dataclass(frozen=True)
class Memory:
    """Everything the scheduler keeps about one skill of one learner."""

    card: Card
    reps: int
    lapses: int
    times: tuple[float, ...]
    introduced: datetime
    last: LastReview | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; the memory before the last review is nested without its own past."""
        out: dict[str, Any] = {
            "version": FORMAT_VERSION,
            "card": self.card.to_dict(),
            "reps": self.reps,
            "lapses": self.lapses,
            "times": list(self.times),
            "introduced": self.introduced.isoformat(),
        }
        if self.last is not None:
            before = self.last.before
            out["last"] = {
                "attempt": self.last.attempt,
                "rating": int(self.last.rating),
                "at": self.last.at.isoformat(),
                "before": None if before is None else replace(before, last=None).to_dict(),
            }
        return out

    def to_json(self) -> str:
        """The text stored in ReviewState.card_json."""
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Memory:
        """Read a stored memory; MemoryFormatError says what is wrong with the text."""
        try:
            data = json.loads(text)
        except (TypeError, json.JSONDecodeError) as e:
            raise MemoryFormatError(f"not JSON: {e}") from e
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> Memory:
        """Read a memory from its JSON-ready form, checking every field."""
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise MemoryFormatError(f"expected a memory object with version {FORMAT_VERSION}")
        try:
            card = Card.from_dict(data["card"])
            times = tuple(float(t) for t in data["times"])
            if not all(math.isfinite(t) and t >= 0 for t in times):
                raise ValueError("times must be finite and not negative")
            last = data.get("last")
            memory = cls(
                card=card,
                reps=_count(data["reps"], "reps"),
                lapses=_count(data["lapses"], "lapses"),
                times=times,
                introduced=_aware(data["introduced"], "introduced"),
            )
            if card.due.tzinfo is None:
                raise ValueError("card.due has no UTC offset")
        except (KeyError, TypeError, ValueError) as e:
            raise MemoryFormatError(f"bad memory field: {e}") from e
        if last is None:
            return memory
        if not isinstance(last, dict):
            raise MemoryFormatError("last: expected an object")
        try:
            before = last["before"]
            review = LastReview(
                attempt=str(last["attempt"]),
                rating=parse_rating(last["rating"]),
                at=_aware(last["at"], "last.at"),
                before=None if before is None else cls.from_dict(before),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise MemoryFormatError(f"bad last review: {e}") from e
        return replace(memory, last=review)


def _count(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be a whole number >= 0, not {value!r}")
    return value


def _aware(text: Any, name: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"{name} has no UTC offset")
    return value


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
