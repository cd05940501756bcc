"""A skill's memory as the scheduler keeps it, and the one reader that checks every field.

Whatever reads a stored memory, an answer or a progress import, goes through
`Memory.from_dict`, so a memory the scheduler could not work with (a NaN stability, a date
in year 1, a step that is text) is refused the same way everywhere, with the field named.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, State

FORMAT_VERSION = 1
KEPT_TIMES = 9
"""How many recent answer times a memory keeps for the median."""

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
"""Times outside these are no time this app could have written (fsrs looks ahead 100 years)."""

MAX_COUNT = 2**31 - 1
"""The largest count a database column holds on every backend."""


class MemoryFormatError(ValueError):
    """A card_json that is not a memory this module wrote; the message says what is wrong."""


def parse_rating(value: Rating | int | str) -> Rating:
    """A rating from a Rating, its number 1-4 or its name; ValueError names the choices."""
    if isinstance(value, Rating):
        return value
    if isinstance(value, str) and value.strip().capitalize() in Rating.__members__:
        return Rating[value.strip().capitalize()]
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return Rating(value)
    raise ValueError(f"a rating is Again, Hard, Good or Easy (1-4), not {value!r:.40}")


def count(value: Any, name: str, largest: int = MAX_COUNT) -> int:
    """A whole number 0..largest; ValueError names the field."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= largest:
        raise ValueError(f"{name} must be a whole number 0-{largest}, not {value!r:.40}")
    return value


def finite(value: Any, name: str, low: float, high: float) -> float:
    """A finite number low..high (a whole number of any size counts as a number)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value) if abs(value) < 1e308 else math.inf
        if math.isfinite(number) and low <= number <= high:
            return number
    raise ValueError(f"{name} must be a finite number {low:g}-{high:g}, not {value!r:.40}")


def moment(value: Any, name: str) -> datetime:
    """An ISO time with a UTC offset, between EARLIEST and LATEST."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be an ISO time, not {value!r:.40}")
    try:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} must be an ISO time, not {value!r:.40}") from None
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise ValueError(f"{name} has no UTC offset: {value!r:.40}")
        in_utc = parsed.astimezone(UTC)
    except OverflowError as e:
        raise ValueError(f"{name} is out of range: {value!r:.40}") from e
    if not EARLIEST <= in_utc < LATEST:
        raise ValueError(f"{name} must be between 2000 and 2200, not {value!r:.40}")
    return parsed


def _card(data: Any) -> Card:
    """An fsrs card from its dict, every field checked before fsrs sees it."""
    if not isinstance(data, dict):
        raise ValueError("card must be an object")
    step, stability, difficulty = data["step"], data["stability"], data["difficulty"]
    last_review = data["last_review"]
    return Card(
        card_id=count(data["card_id"], "card.card_id", 2**63 - 1),
        state=State(_at_least(1, count(data["state"], "card.state", 3), "card.state")),
        step=None if step is None else count(step, "card.step", 100),
        stability=None if stability is None else finite(stability, "card.stability", 1e-9, 1e6),
        difficulty=None if difficulty is None else finite(difficulty, "card.difficulty", 1, 10),
        due=moment(data["due"], "card.due"),
        last_review=None if last_review is None else moment(last_review, "card.last_review"),
    )


def _at_least(low: int, value: int, name: str) -> int:
    if value < low:
        raise ValueError(f"{name} must be at least {low}, not {value}")
    return value


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
        except RecursionError as e:
            raise MemoryFormatError("not JSON this app wrote: nested too deeply") from e
        except (TypeError, ValueError) as e:
            raise MemoryFormatError(f"not JSON: {e}") from e
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any, nested: bool = False) -> Memory:
        """Read a memory from its JSON-ready form, checking every field."""
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            raise MemoryFormatError(f"expected a memory object with version {FORMAT_VERSION}")
        try:
            times = data["times"]
            if not isinstance(times, list) or len(times) > KEPT_TIMES:
                raise ValueError(f"times must be a list of at most {KEPT_TIMES} numbers")
            memory = cls(
                card=_card(data["card"]),
                reps=count(data["reps"], "reps"),
                lapses=count(data["lapses"], "lapses"),
                times=tuple(finite(t, "times", 0.0, 1e9) for t in times),
                introduced=moment(data["introduced"], "introduced"),
            )
            if memory.lapses > memory.reps:
                raise ValueError(f"lapses ({memory.lapses}) cannot exceed reps ({memory.reps})")
        except (KeyError, TypeError, ValueError) as e:
            raise MemoryFormatError(f"bad memory field: {_said(e)}") from e
        last = data.get("last")
        if last is None:
            return memory
        if nested or not isinstance(last, dict):
            raise MemoryFormatError("last: expected an object (and none inside the one before)")
        try:
            attempt, before = last["attempt"], last["before"]
            if not isinstance(attempt, str) or not 0 < len(attempt) <= 36:
                raise ValueError(f"last.attempt must be an answer's id, not {attempt!r:.40}")
            review = LastReview(
                attempt=attempt,
                rating=parse_rating(last["rating"]),
                at=moment(last["at"], "last.at"),
                before=None if before is None else cls.from_dict(before, nested=True),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise MemoryFormatError(f"bad last review: {_said(e)}") from e
        return replace(memory, last=review)


def _said(error: Exception) -> str:
    """A field error as words: a missing key is named as missing."""
    return f"{error.args[0]} is missing" if isinstance(error, KeyError) else str(error)
