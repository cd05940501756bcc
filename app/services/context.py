"""What every service needs: the repository, the scheduler, the content and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from app.services.content import Content
from app.services.scheduling import Scheduling
from app.store.repository import Repository

Clock = Callable[[], datetime]
"""Returns an aware datetime; its time zone decides where a learner's day starts and ends."""


def local_now() -> datetime:
    """The current time in the machine's time zone."""
    return datetime.now().astimezone()


@dataclass
class Context:
    """Shared by the services of one open database (state lives in the database, not here)."""

    repo: Repository
    scheduling: Scheduling
    content: Content
    now: Clock = local_now

    def clock(self) -> datetime:
        """The time now, aware; a naive clock is refused since its meaning is a guess."""
        value = self.now()
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("the clock must return timezone-aware datetimes")
        return value

    def utc_now(self) -> datetime:
        """The time now in UTC."""
        return self.clock().astimezone(UTC)

    def today(self) -> date:
        """The learner's calendar day now."""
        return self.clock().date()

    def utc_offset(self) -> timedelta:
        """The learner's offset from UTC, for grouping answers by day."""
        offset = self.clock().utcoffset()
        return offset if offset is not None else timedelta(0)

    def due_now(self, profile_id: int) -> int:
        """How many reviews are due now."""
        return self.repo.count_due(profile_id, self.utc_now())
