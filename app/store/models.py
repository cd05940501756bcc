"""SQLAlchemy 2 typed models of a learner's progress; the schema changes only via migrations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.store.timestamps import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Deterministic constraint names, so batch migrations on SQLite can find them again."""

MODES = ("study", "practice", "exam")
MODE_CHECK = "mode IN ('study', 'practice', 'exam')"


class Base(DeclarativeBase):
    """Declarative base whose metadata names every constraint by convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProfileRow(Base):
    """A learner: everything else belongs to one."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    settings: Mapped[str] = mapped_column(Text, default="{}")
    # The learner's own login role on a class server (row-level security reads it).
    role_name: Mapped[str | None] = mapped_column(String(63), unique=True)


class SessionRow(Base):
    """A study session, practice quiz or exam, with its settings and final score."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint(MODE_CHECK, name="mode"),
        Index("ix_sessions_profile_started", "profile_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(16))
    settings: Mapped[str] = mapped_column(Text, default="{}")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[float | None] = mapped_column(Float)


class AttemptRow(Base):
    """One answer to one question; the uuid is made by the client so imports deduplicate."""

    __tablename__ = "attempts"
    __table_args__ = (
        CheckConstraint(MODE_CHECK, name="mode"),
        # `correct` rides along so accuracy per day and per topic read only the index.
        Index("ix_attempts_profile_answered", "profile_id", "answered_at", "correct"),
        Index("ix_attempts_profile_topic", "profile_id", "topic", "correct"),
        Index("ix_attempts_profile_mistake", "profile_id", "mistake"),
        Index("ix_attempts_session", "session_id"),
        Index("ix_attempts_answered", "answered_at"),
        Index("ix_attempts_skill_seconds", "skill", "seconds"),
        Index(
            "ix_attempts_mistake_skill",
            "mistake",
            "skill",
            postgresql_where=text("mistake IS NOT NULL"),
            sqlite_where=text("mistake IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    question_key: Mapped[str] = mapped_column(String(200))
    skill: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))
    response: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool]
    score: Mapped[float] = mapped_column(Float)
    mistake: Mapped[str | None] = mapped_column(String(100))
    hints_used: Mapped[int] = mapped_column(Integer, server_default="0")
    seconds: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReviewStateRow(Base):
    """The scheduler's state for one skill of one learner; card_json is opaque to the store."""

    __tablename__ = "review_states"
    __table_args__ = (
        UniqueConstraint("profile_id", "skill"),
        Index("ix_review_states_profile_due", "profile_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    skill: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(64))
    card_json: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(Integer)
    lapses: Mapped[int] = mapped_column(Integer)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # fsrs stability read out of card_json by a trigger on write (app/store/tallies.py).
    stability: Mapped[float | None] = mapped_column(Float)


class PackRow(Base):
    """An instructor's pack at one version, recorded when it was imported."""

    __tablename__ = "packs"
    __table_args__ = (UniqueConstraint("pack_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExamDraftRow(Base):
    """One question of an exam under way, saved as it is answered so the exam survives a crash."""

    __tablename__ = "exam_drafts"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_key: Mapped[str] = mapped_column(String(200))
    attempt_uuid: Mapped[str] = mapped_column(String(36))
    response: Mapped[str | None] = mapped_column(Text)  # JSON of the response; NULL: blank
    flagged: Mapped[bool]
    seconds: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SkillTallyRow(Base):
    """One learner's answers on one skill, kept by a trigger on attempts (app/store/tallies)."""

    __tablename__ = "skill_tallies"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(String(200), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer)
    right_count: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float] = mapped_column(Float)


class MistakeTallyRow(Base):
    """How often one learner made one diagnosed mistake on one skill (kept by a trigger)."""

    __tablename__ = "mistake_tallies"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(String(200), primary_key=True)
    mistake: Mapped[str] = mapped_column(String(100), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer)


class DayTallyRow(Base):
    """One learner's answers on one skill on one UTC day (kept by the trigger, schema 0006)."""

    __tablename__ = "day_tallies"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(String(200), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer)
    right_count: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float] = mapped_column(Float)


class DayMistakeRow(Base):
    """How often one learner made one mistake on one skill on one UTC day (kept by trigger)."""

    __tablename__ = "day_mistakes"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(String(200), primary_key=True)
    mistake: Mapped[str] = mapped_column(String(100), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer)
