"""The progress repository: each method is one transaction and returns frozen records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from app.store import convert, transfer
from app.store.answer_writes import AnswerWrites, missing_profile
from app.store.database import Database
from app.store.errors import (
    ProfileExists,
    SessionNotFound,
)
from app.store.exam_drafts import ExamDrafts
from app.store.models import AttemptRow, PackRow, ProfileRow, ReviewStateRow, SessionRow
from app.store.records import Attempt, ImportSummary, Pack, Profile, ReviewState, StudySession
from app.store.stats_queries import StatisticsReads
from app.store.timestamps import as_utc, utcnow


class Repository(StatisticsReads, AnswerWrites, ExamDrafts):
    """Reads and writes a learner's progress; services call it, never the ORM directly."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # -- profiles --------------------------------------------------------------------------

    def create_profile(self, name: str, settings: dict[str, Any] | None = None) -> Profile:
        """Make a new learner; ProfileExists if the name is taken."""
        name = convert.check_profile_name(name)
        try:
            with self.db.begin() as s:
                row = ProfileRow(
                    name=name, created_at=utcnow(), settings=convert.dump_settings(settings)
                )
                s.add(row)
                s.flush()
                return convert.profile(row)
        except IntegrityError as e:
            raise ProfileExists(f"a profile named {name!r} exists already; pick another") from e

    def get_or_create_profile(self, name: str) -> Profile:
        """The learner with this name, made on first use."""
        name = convert.check_profile_name(name)
        with self.db.begin() as s:
            row = s.scalar(select(ProfileRow).where(ProfileRow.name == name))
            if row is None:
                row = ProfileRow(name=name, created_at=utcnow(), settings="{}")
                s.add(row)
                s.flush()
            return convert.profile(row)

    def get_profile(self, profile_id: int) -> Profile:
        """One learner by id; ProfileNotFound if there is none."""
        with self.db.read() as s:
            row = s.get(ProfileRow, profile_id)
            if row is None:
                raise missing_profile(profile_id)
            return convert.profile(row)

    def find_profile(self, name: str) -> Profile | None:
        """One learner by name, or None."""
        with self.db.read() as s:
            row = s.scalar(select(ProfileRow).where(ProfileRow.name == name.strip()))
            return None if row is None else convert.profile(row)

    def list_profiles(self) -> list[Profile]:
        """Every learner, by name."""
        with self.db.read() as s:
            return [convert.profile(r) for r in s.scalars(select(ProfileRow).order_by("name"))]

    def update_profile_settings(self, profile_id: int, settings: dict[str, Any]) -> Profile:
        """Replace a learner's settings."""
        with self.db.begin() as s:
            row = s.get(ProfileRow, profile_id)
            if row is None:
                raise missing_profile(profile_id)
            row.settings = convert.dump_settings(settings)
            return convert.profile(row)

    # -- sessions --------------------------------------------------------------------------

    def start_session(
        self,
        profile_id: int,
        mode: str,
        settings: dict[str, Any] | None = None,
        started_at: datetime | None = None,
    ) -> StudySession:
        """Open a study session, practice quiz or exam."""
        convert.check_mode(mode)
        with self.db.begin() as s:
            if s.get(ProfileRow, profile_id) is None:
                raise missing_profile(profile_id)
            row = SessionRow(
                profile_id=profile_id,
                mode=mode,
                settings=convert.dump_settings(settings),
                started_at=as_utc(started_at or utcnow()),
            )
            s.add(row)
            s.flush()
            return convert.study_session(row)

    def finish_session(
        self, session_id: int, score: float | None, ended_at: datetime | None = None
    ) -> StudySession:
        """Close a session with its score; a session already closed is returned unchanged."""
        with self.db.begin() as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                raise SessionNotFound(f"no session with id {session_id}")
            if row.ended_at is None:
                row.ended_at = as_utc(ended_at or utcnow())
                row.score = score
            return convert.study_session(row)

    def get_session(self, session_id: int) -> StudySession:
        """One session by id; SessionNotFound if there is none."""
        with self.db.read() as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                raise SessionNotFound(f"no session with id {session_id}")
            return convert.study_session(row)

    def list_sessions(
        self, profile_id: int, mode: str | None = None, limit: int = 50
    ) -> list[StudySession]:
        """A learner's sessions, newest first, optionally of one mode."""
        with self.db.read() as s:
            query = select(SessionRow).where(SessionRow.profile_id == profile_id)
            if mode is not None:
                query = query.where(SessionRow.mode == convert.check_mode(mode))
            query = query.order_by(SessionRow.started_at.desc(), SessionRow.id.desc()).limit(limit)
            return [convert.study_session(r) for r in s.scalars(query)]

    # -- attempts and scheduling -----------------------------------------------------------

    def find_attempt(self, uuid: str) -> Attempt | None:
        """The answer with this uuid, or None when there is none."""
        with self.db.read() as s:
            row = s.scalar(select(AttemptRow).where(AttemptRow.uuid == uuid))
            return None if row is None else convert.attempt(row)

    def attempts_for_session(self, session_id: int) -> list[Attempt]:
        """Every answer given in one session, in the order given."""
        with self.db.read() as s:
            query = (
                select(AttemptRow)
                .where(AttemptRow.session_id == session_id)
                .order_by(AttemptRow.answered_at, AttemptRow.id)
            )
            return [convert.attempt(r) for r in s.scalars(query)]

    def get_review_state(self, profile_id: int, skill: str) -> ReviewState | None:
        """The scheduler's state for one skill, or None if it was never reviewed."""
        with self.db.read() as s:
            row = s.scalar(
                select(ReviewStateRow).where(
                    ReviewStateRow.profile_id == profile_id, ReviewStateRow.skill == skill
                )
            )
            return None if row is None else convert.review_state(row)

    def due_reviews(self, profile_id: int, now: datetime, limit: int = 50) -> list[ReviewState]:
        """Skills due at `now` or before, most overdue first."""
        with self.db.read() as s:
            query = (
                select(ReviewStateRow)
                .where(ReviewStateRow.profile_id == profile_id, ReviewStateRow.due <= as_utc(now))
                .order_by(ReviewStateRow.due, ReviewStateRow.skill)
                .limit(limit)
            )
            return [convert.review_state(r) for r in s.scalars(query)]

    def next_due(self, profile_id: int, now: datetime) -> ReviewState | None:
        """The most overdue skill at `now`, or None if nothing is due."""
        due = self.due_reviews(profile_id, now, limit=1)
        return due[0] if due else None

    def count_due(self, profile_id: int, now: datetime) -> int:
        """How many skills are due at `now` or before."""
        with self.db.read() as s:
            query = select(func.count()).where(
                ReviewStateRow.profile_id == profile_id, ReviewStateRow.due <= as_utc(now)
            )
            return s.scalar(query) or 0

    def known_skills(self, profile_id: int) -> frozenset[str]:
        """Skills the learner has a review state for, i.e. skills already introduced."""
        with self.db.read() as s:
            query = select(ReviewStateRow.skill).where(ReviewStateRow.profile_id == profile_id)
            return frozenset(s.scalars(query))

    # -- export, import, packs -------------------------------------------------------------

    def export_progress(self, profile_id: int) -> dict[str, Any]:
        """A learner's whole progress as a JSON-ready dict."""
        with self.db.read() as s:
            return transfer.export_progress(s, profile_id)

    def import_progress(
        self, profile_name: str, data: Any, made_by: Callable[[str], str | None]
    ) -> ImportSummary:
        """Merge exported progress into a learner (made if needed), all or nothing.

        Attempts are matched by uuid, so importing the same data twice adds nothing, and an
        answer stored for another learner stays theirs. A review state is taken only if the
        answer that made it (`made_by(card_json)`) is in this learner's history, and only
        if it is later than the one they have.
        """
        with self.db.begin() as s:
            return transfer.import_progress(s, profile_name, data, made_by)

    def record_pack(self, pack_id: str, version: str, title: str, source: str) -> Pack:
        """Note that a pack version was imported; importing it again updates title and source."""
        values = {"pack_id": pack_id, "version": version, "title": title}
        convert.check_lengths(PackRow.__table__, values, "pack")  # type: ignore[arg-type]
        with self.db.begin() as s:
            row = s.scalar(
                select(PackRow).where(PackRow.pack_id == pack_id, PackRow.version == version)
            )
            if row is None:
                row = PackRow(pack_id=pack_id, version=version, imported_at=utcnow())
                s.add(row)
            row.title, row.source = title, source
            s.flush()
            return convert.pack(row)

    def remove_pack(self, pack_id: str, forget_progress: bool) -> tuple[int, int, int]:
        """Drop every stored version of a pack; with `forget_progress`, every learner's
        answers and review states on its skills (`pack:ID/...`) too. Returns how many
        versions, answers and review states were removed."""
        prefix = f"pack:{pack_id}/"
        statements = [delete(PackRow).where(PackRow.pack_id == pack_id)]
        if forget_progress:
            statements += [
                delete(AttemptRow).where(AttemptRow.skill.startswith(prefix, autoescape=True)),
                delete(ReviewStateRow).where(
                    ReviewStateRow.skill.startswith(prefix, autoescape=True)
                ),
            ]
        with self.db.begin() as s:
            counts = [s.execute(statement).rowcount for statement in statements]  # type: ignore[attr-defined]
        versions, answers, states = [*counts, 0, 0][:3]
        return versions, answers, states

    def has_packs(self) -> bool:
        """Whether any pack is stored: a one-row probe before the packs are read."""
        with self.db.read() as s:
            return s.scalar(select(PackRow.pack_id).limit(1)) is not None

    def list_packs(self) -> list[Pack]:
        """Every imported pack version, by pack id then version."""
        with self.db.read() as s:
            query = select(PackRow).order_by(PackRow.pack_id, PackRow.version)
            return [convert.pack(r) for r in s.scalars(query)]
