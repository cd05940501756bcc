"""Study guide self-grades: the learner's own "Got it" / "Not yet" on a card's review questions.

A self-grade is not a graded attempt (the store's attempts are answers a question graded), so
it is kept with the learner's settings under "guide": one entry per card question, the latest
grade and when it was given. The guide shows it the next time the card is opened, so a
question marked "Not yet" is flagged to review again; nothing enters the review schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.services.context import Context

SETTINGS_KEY = "guide"


@dataclass(frozen=True)
class GuideGrade:
    """The learner's latest self-grade of one review question on a topic's card."""

    topic: str
    index: int
    knew: bool
    at: datetime


def _key(topic: str, index: int) -> str:
    """How one card question is named in the settings: "TOPIC/N"."""
    if not topic or not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise ValueError(f"a card question is a topic and an index >= 0, not {topic!r}/{index!r}")
    return f"{topic}/{index}"


def guide_grades(ctx: Context, profile_id: int, topic: str) -> dict[int, GuideGrade]:
    """The latest self-grade of each review question on a topic's card, by index."""
    stored = ctx.repo.get_profile(profile_id).settings.get(SETTINGS_KEY, {})
    grades: dict[int, GuideGrade] = {}
    if not isinstance(stored, dict):
        return grades
    for key, entry in stored.items():
        name, _, number = str(key).rpartition("/")
        if name != topic or not number.isdigit() or not isinstance(entry, dict):
            continue
        try:
            at = datetime.fromisoformat(str(entry["at"]))
        except (KeyError, ValueError):
            continue
        grades[int(number)] = GuideGrade(topic, int(number), bool(entry.get("knew")), at)
    return grades


def grade_guide_question(
    ctx: Context, profile_id: int, topic: str, index: int, knew: bool
) -> GuideGrade:
    """Keep the learner's self-grade of one card question (replacing an earlier one)."""
    key = _key(topic, index)
    profile = ctx.repo.get_profile(profile_id)
    stored = profile.settings.get(SETTINGS_KEY, {})
    entries = dict(stored) if isinstance(stored, dict) else {}
    at = ctx.utc_now()
    entries[key] = {"knew": bool(knew), "at": at.isoformat()}
    ctx.repo.update_profile_settings(profile_id, profile.settings | {SETTINGS_KEY: entries})
    return GuideGrade(topic, index, bool(knew), at)
