"""Progress export and import as JSON-ready dicts; importing the same data twice adds nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.store import convert
from app.store.errors import ImportFormatError, InvalidRecord, ProfileNotFound
from app.store.models import AttemptRow, ProfileRow, ReviewStateRow, SessionRow
from app.store.timestamps import utcnow

FORMAT = "backprop-quiz-progress"
VERSION = 1
_CHUNK = 500


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def export_progress(s: Session, profile_id: int) -> dict[str, Any]:
    """Everything about one learner, as JSON-ready values."""
    profile = s.get(ProfileRow, profile_id)
    if profile is None:
        raise ProfileNotFound(f"no profile with id {profile_id}; list_profiles() shows them")
    sessions = s.scalars(select(SessionRow).where(SessionRow.profile_id == profile_id))
    attempts = s.scalars(
        select(AttemptRow).where(AttemptRow.profile_id == profile_id).order_by(AttemptRow.id)
    )
    states = s.scalars(select(ReviewStateRow).where(ReviewStateRow.profile_id == profile_id))
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow().isoformat(),
        "profile": {
            "name": profile.name,
            "created_at": _iso(profile.created_at),
            "settings": json.loads(profile.settings),
        },
        "sessions": [
            {"ref": r.id, "mode": r.mode, "settings": json.loads(r.settings)}
            | {"started_at": _iso(r.started_at), "ended_at": _iso(r.ended_at), "score": r.score}
            for r in sessions
        ],
        "attempts": [
            {name: getattr(r, name) for name in _ATTEMPT_FIELDS}
            | {"session_ref": r.session_id, "answered_at": _iso(r.answered_at)}
            for r in attempts
        ],
        "review_states": [
            {name: getattr(r, name) for name in _STATE_FIELDS}
            | {"due": _iso(r.due), "last_review": _iso(r.last_review)}
            for r in states
        ],
    }


class _Reader:
    """Pulls typed fields out of imported data, naming the exact place of any problem."""

    def __init__(self, obj: Any, where: str) -> None:
        if not isinstance(obj, dict):
            raise ImportFormatError(f"{where}: expected an object, got {type(obj).__name__}")
        self.obj, self.where = obj, where

    def get(
        self, name: str, check: Callable[[Any], bool], expected: str, optional: bool = False
    ) -> Any:
        if name not in self.obj:
            if optional:
                return None
            raise ImportFormatError(f"{self.where}.{name}: missing")
        value = self.obj[name]
        if (value is None and optional) or check(value):
            return value
        raise ImportFormatError(f"{self.where}.{name}: expected {expected}, got {value!r:.60}")

    def text(self, name: str, optional: bool = False) -> Any:
        return self.get(name, lambda v: isinstance(v, str), "text", optional)

    def number(self, name: str, optional: bool = False) -> Any:
        def is_number(v: Any) -> bool:
            return isinstance(v, int | float) and not isinstance(v, bool)

        return self.get(name, is_number, "a number", optional)

    def integer(self, name: str, optional: bool = False) -> Any:
        def is_int(v: Any) -> bool:
            return isinstance(v, int) and not isinstance(v, bool)

        return self.get(name, is_int, "a whole number", optional)

    def time(self, name: str, optional: bool = False) -> datetime | None:
        value = self.text(name, optional)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise ImportFormatError(
                f"{self.where}.{name}: expected an ISO time with a UTC offset, got {value!r:.60}"
            )
        return parsed


_ATTEMPT_FIELDS: tuple[str, ...] = ("uuid", "question_key", "skill", "topic", "mode", "response")
_ATTEMPT_FIELDS += ("correct", "score", "mistake", "hints_used", "seconds")
_STATE_FIELDS = ("skill", "topic", "card_json", "reps", "lapses")


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise ImportFormatError(f"progress.{name}: expected a list, got {type(value).__name__}")
    return value


def _read_attempt(obj: Any, where: str) -> dict[str, Any]:
    r = _Reader(obj, where)
    values = {
        "uuid": r.text("uuid"),
        "session_ref": r.integer("session_ref", optional=True),
        "question_key": r.text("question_key"),
        "skill": r.text("skill"),
        "topic": r.text("topic"),
        "mode": r.text("mode"),
        "response": r.text("response"),
        "correct": r.get("correct", lambda v: isinstance(v, bool), "true or false"),
        "score": r.number("score"),
        "mistake": r.text("mistake", optional=True),
        "hints_used": r.integer("hints_used", optional=True) or 0,
        "seconds": r.number("seconds"),
        "answered_at": r.time("answered_at"),
    }
    _check(where, values, AttemptRow)
    return values


def _check(where: str, values: dict[str, Any], model: Any) -> None:
    """The mode (where there is one) and text lengths, as the store requires them."""
    try:
        if "mode" in values:
            convert.check_mode(values["mode"])
    except InvalidRecord as e:
        raise ImportFormatError(f"{where}.mode: {e}") from e
    try:
        convert.check_lengths(model.__table__, values, where)
    except InvalidRecord as e:
        raise ImportFormatError(str(e)) from e


def _read_state(obj: Any, where: str) -> dict[str, Any]:
    r = _Reader(obj, where)
    values = {name: r.text(name) for name in ("skill", "topic", "card_json")}
    values |= {"reps": r.integer("reps"), "lapses": r.integer("lapses")}
    values |= {"due": r.time("due"), "last_review": r.time("last_review", optional=True)}
    _check(where, values, ReviewStateRow)
    return values


def _read_session(obj: Any, where: str) -> dict[str, Any]:
    r = _Reader(obj, where)
    values = {"ref": r.integer("ref"), "mode": r.text("mode"), "score": r.number("score", True)}
    values["settings"] = r.get("settings", lambda v: isinstance(v, dict), "an object", True)
    values |= {"started_at": r.time("started_at"), "ended_at": r.time("ended_at", True)}
    _check(where, values, SessionRow)
    return values


def read_progress(data: Any) -> tuple[dict[str, Any], list[dict], list[dict], list[dict]]:
    """Check the whole document before anything is written: profile, sessions, attempts, states."""
    top = _Reader(data, "progress")
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ImportFormatError(
            f"not a Backprop Quiz progress export (expected format {FORMAT!r} version {VERSION}, "
            f"got {data.get('format')!r} version {data.get('version')!r})"
        )
    profile = _Reader(top.get("profile", lambda v: isinstance(v, dict), "an object"), "profile")
    settings = profile.get("settings", lambda v: isinstance(v, dict), "an object", True)
    sessions = [_read_session(o, f"sessions[{i}]") for i, o in enumerate(_list(data, "sessions"))]
    attempts = [_read_attempt(o, f"attempts[{i}]") for i, o in enumerate(_list(data, "attempts"))]
    states = [
        _read_state(o, f"review_states[{i}]") for i, o in enumerate(_list(data, "review_states"))
    ]
    return {"settings": settings or {}}, sessions, attempts, states


def _is_later(new: datetime | None, old: datetime | None) -> bool:
    """True if a review done at `new` is more recent than one done at `old` (None: never)."""
    return new is not None and (old is None or new > old)


def import_progress(s: Session, profile_name: str, data: Any) -> int:
    """Merge exported progress into the named profile; return how many attempts were new."""
    name = convert.check_profile_name(profile_name)
    profile_info, sessions, attempts, states = read_progress(data)
    profile = s.scalar(select(ProfileRow).where(ProfileRow.name == name))
    if profile is None:
        settings = convert.dump_settings(profile_info["settings"])
        profile = ProfileRow(name=name, created_at=utcnow(), settings=settings)
        s.add(profile)
        s.flush()
    session_ids: dict[int, int] = {}
    for values in sessions:
        found = s.scalar(
            select(SessionRow.id).where(
                SessionRow.profile_id == profile.id,
                SessionRow.mode == values["mode"],
                SessionRow.started_at == values["started_at"],
            )
        )
        if found is None:
            row = SessionRow(
                profile_id=profile.id, settings=convert.dump_settings(values["settings"])
            )
            for key in ("mode", "started_at", "ended_at", "score"):
                setattr(row, key, values[key])
            s.add(row)
            s.flush()
            found = row.id
        session_ids[values["ref"]] = found
    uuids = [a["uuid"] for a in attempts]
    known: set[str] = set()
    for i in range(0, len(uuids), _CHUNK):
        chunk = uuids[i : i + _CHUNK]
        known.update(s.scalars(select(AttemptRow.uuid).where(AttemptRow.uuid.in_(chunk))))
    new_rows = []
    for i, values in enumerate(attempts):
        if values["uuid"] in known:
            continue
        known.add(values["uuid"])
        ref = values.pop("session_ref")
        if ref is not None and ref not in session_ids:
            raise ImportFormatError(f"attempts[{i}].session_ref: no session with ref {ref}")
        new_rows.append(values | {"profile_id": profile.id, "session_id": session_ids.get(ref)})
    if new_rows:
        s.execute(insert(AttemptRow), new_rows)
    for values in states:
        row = s.scalar(
            select(ReviewStateRow).where(
                ReviewStateRow.profile_id == profile.id, ReviewStateRow.skill == values["skill"]
            )
        )
        if row is None:
            s.add(ReviewStateRow(profile_id=profile.id, **values))
        elif _is_later(values["last_review"], row.last_review):
            for key, value in values.items():
                setattr(row, key, value)
    return len(new_rows)
