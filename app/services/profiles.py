"""The services of one open database: learners, their settings, and every kind of session.

`open_services(db_url)` resolves the database like the command line does (--db, then
BACKPROP_QUIZ_DB, then the user-data folder) and takes a clock, so tests control time.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fsrs import Rating

from app.services import guide, progress_io, statistics
from app.services.answering import AnswerOutcome, OverrideRefused, override_rating, submit_answer
from app.services.content import Content, Progress
from app.services.context import Clock, Context, local_now
from app.services.exam import Exam, build_exam
from app.services.practice import PracticeQuiz
from app.services.scheduling import Scheduling
from app.services.statistics import HomeSummary
from app.services.study import StudySession
from app.store.database import open_database, resolve_url
from app.store.records import Profile, ReviewState
from app.store.repository import Repository
from questions.model import Question

if TYPE_CHECKING:
    from app.services import packs

DEFAULT_NEW_PER_DAY = 5
MAX_NEW_PER_DAY = 100


@dataclass(frozen=True)
class StudySettings:
    """A learner's study settings, kept in the profile's settings."""

    new_per_day: int = DEFAULT_NEW_PER_DAY

    @classmethod
    def from_profile(cls, profile: Profile) -> StudySettings:
        """The settings stored with a learner, defaults for anything missing or unusable."""
        value = profile.settings.get("new_per_day", DEFAULT_NEW_PER_DAY)
        try:
            return cls(check_new_per_day(value))
        except ValueError:
            return cls()


def check_new_per_day(value: Any) -> int:
    """A number of new skills per day, 0 to MAX_NEW_PER_DAY; ValueError says the range."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_NEW_PER_DAY:
        raise ValueError(f"new skills per day is a whole number 0-{MAX_NEW_PER_DAY}, not {value!r}")
    return value


class Services:
    """The GUI's one entry point below Qt: each method is small, synchronous and returns data."""

    def __init__(
        self,
        repo: Repository,
        now: Clock = local_now,
        scheduling: Scheduling | None = None,
        content: Content | None = None,
    ) -> None:
        self.ctx = Context(repo, scheduling or Scheduling(), content or Content(), now)
        if repo.has_packs():  # imported packs join the study pool (their module loads the
            from app.services import packs  # engine: not before Home shows, where there are none

            packs.refresh_content(self.ctx)

    @property
    def repo(self) -> Repository:
        """The repository underneath."""
        return self.ctx.repo

    # -- learners -------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        """Every learner, by name."""
        return self.repo.list_profiles()

    def create_profile(self, name: str) -> Profile:
        """A new learner (ProfileExists if the name is taken)."""
        return self.repo.create_profile(name, {"new_per_day": DEFAULT_NEW_PER_DAY})

    def profile(self, name: str) -> Profile:
        """The learner with this name, made on first use."""
        return self.repo.get_or_create_profile(name)

    def settings(self, profile_id: int) -> StudySettings:
        """A learner's study settings."""
        return StudySettings.from_profile(self.repo.get_profile(profile_id))

    def update_settings(self, profile_id: int, new_per_day: int) -> StudySettings:
        """Change a learner's pace of new skills."""
        profile = self.repo.get_profile(profile_id)
        settings = profile.settings | {"new_per_day": check_new_per_day(new_per_day)}
        return StudySettings.from_profile(self.repo.update_profile_settings(profile_id, settings))

    # -- sessions -------------------------------------------------------------------------

    def study(self, profile_id: int) -> StudySession:
        """A study session at the learner's pace."""
        return StudySession(self.ctx, profile_id, self.settings(profile_id).new_per_day)

    def practice(
        self,
        profile_id: int,
        topics: Iterable[str],
        count: int,
        level: int,
        rng: random.Random | None = None,
    ) -> PracticeQuiz:
        """A practice quiz on some topics at one difficulty."""
        return PracticeQuiz(self.ctx, profile_id, topics, count, level, rng)

    def build_exam(
        self,
        profile_id: int,
        topics: Iterable[str],
        count: int,
        time_limit: float,
        level: int | None = None,
        progress: Progress | None = None,
        rng: random.Random | None = None,
    ) -> Exam:
        """An exam with its questions built; call start() on it when the learner begins."""
        return build_exam(self.ctx, profile_id, topics, count, time_limit, level, progress, rng)

    def another_variant(self, question: Question) -> Question:
        """A fresh variant of the question's skill; an authored question is itself again."""
        skill = self.ctx.content.skill(question.key.skill)
        if skill is None or not skill.is_family:
            return question
        return self.ctx.content.question(skill)

    def answer_extra(
        self,
        profile_id: int,
        question: Question,
        response: object,
        hints_used: int = 0,
        seconds: float = 0.0,
    ) -> AnswerOutcome:
        """Grade and store an answer outside any session (extra practice, e.g. a variant)."""
        return submit_answer(
            self.ctx,
            profile_id,
            question,
            response,
            mode="practice",
            session_id=None,
            hints_used=hints_used,
            seconds=seconds,
        )

    def override_rating(self, attempt_uuid: str, rating: Rating | int | str) -> ReviewState:
        """Re-rate a stored answer (the latest on its skill); its skill is rescheduled exactly."""
        found = self.repo.find_attempt(attempt_uuid)
        if found is None:
            raise OverrideRefused(f"no answer {attempt_uuid} is stored")
        return override_rating(self.ctx, found.profile_id, found.skill, attempt_uuid, rating)

    # -- instructor packs ------------------------------------------------------------------

    def import_pack(self, text: str, source: str = "PACK") -> packs.PackImport:
        """Add a pack's text to the study pool (every learner's); a broken pack adds nothing."""
        from app.services import packs

        return packs.import_pack(self.ctx, text, source)

    def import_pack_file(self, path: str | Path) -> packs.PackImport:
        """Add a pack file to the study pool; problems name the file, line and column."""
        from app.services import packs

        return packs.import_pack_file(self.ctx, path)

    def imported_packs(self) -> list[packs.ImportedPack]:
        """The packs in the study pool, each with the version served."""
        from app.services import packs

        return packs.list_packs(self.repo)

    def remove_pack(self, pack_id: str, keep_progress: bool) -> packs.PackRemoval:
        """Take a pack out of the study pool; its learners' progress is kept or forgotten."""
        from app.services import packs

        return packs.remove_pack(self.ctx, pack_id, keep_progress)

    # -- study guide ----------------------------------------------------------------------

    def guide_grades(self, profile_id: int, topic: str) -> dict[int, guide.GuideGrade]:
        """The learner's latest self-grade of each review question on a topic's card."""
        return guide.guide_grades(self.ctx, profile_id, topic)

    def grade_guide_question(
        self, profile_id: int, topic: str, index: int, knew: bool
    ) -> guide.GuideGrade:
        """Keep the learner's "Got it" / "Not yet" on one review question of a card."""
        return guide.grade_guide_question(self.ctx, profile_id, topic, index, knew)

    # -- progress -------------------------------------------------------------------------

    def statistics(self, profile_id: int) -> statistics.ProgressStats:
        """The statistics page's series."""
        return statistics.statistics(self.ctx, profile_id)

    def home(self, profile_id: int) -> HomeSummary:
        """The home page's summary."""
        return statistics.home_summary(self.ctx, profile_id)

    def export_progress(self, profile_id: int, path: str | Path) -> Path:
        """Write a learner's progress to a JSON file."""
        return progress_io.export_progress(self.repo, profile_id, path)

    def read_progress_file(self, path: str | Path) -> progress_io.ProgressFile:
        """Read and check a progress file before importing it: whose it is, what it holds."""
        return progress_io.read_progress_file(path)

    def import_progress(self, path: str | Path) -> progress_io.ImportResult:
        """Merge a progress file into the learner it belongs to; importing twice adds nothing."""
        return progress_io.import_progress(self.repo, path)

    def close(self) -> None:
        """Close the database."""
        self.repo.db.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_services(
    db_url: str | None = None,
    now: Clock = local_now,
    scheduling: Scheduling | None = None,
    content: Content | None = None,
) -> Services:
    """Open (and migrate) the database named by --db, BACKPROP_QUIZ_DB or the default."""
    database = open_database(resolve_url(db_url))
    return Services(Repository(database), now, scheduling, content)
