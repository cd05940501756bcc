"""Progress export and import as JSON-ready dicts; importing the same data twice adds nothing.

An import never changes what belongs to another learner: an answer already stored for
someone else stays theirs, and a review state is taken only when the answer that made it is
in the importing learner's history (and it is later than the one they have).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.store import convert
from app.store.errors import ProfileNotFound
from app.store.models import AttemptRow, ProfileRow, ReviewStateRow, SessionRow
from app.store.progress_format import FORMAT, VERSION, read_progress
from app.store.records import ImportSummary
from app.store.timestamps import utcnow

_CHUNK = 500
_ATTEMPT_FIELDS = (
    "uuid",
    "question_key",
    "skill",
    "topic",
    "mode",
    "response",
    "correct",
    "score",
    "mistake",
    "hints_used",
    "seconds",
)
_STATE_FIELDS = ("skill", "topic", "card_json", "reps", "lapses")


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


def _is_later(new: datetime | None, old: datetime | None) -> bool:
    """True if a review done at `new` is more recent than one done at `old` (None: never)."""
    return new is not None and (old is None or new > old)


def _owners(s: Session, uuids: list[str]) -> dict[str, int]:
    """The learner each already stored answer among `uuids` belongs to."""
    owners: dict[str, int] = {}
    for i in range(0, len(uuids), _CHUNK):
        query = select(AttemptRow.uuid, AttemptRow.profile_id)
        rows = s.execute(query.where(AttemptRow.uuid.in_(uuids[i : i + _CHUNK])))
        owners.update({uuid: owner for uuid, owner in rows})
    return owners


def _profile(s: Session, name: str, settings: dict[str, Any]) -> ProfileRow:
    """The learner of that name, made with the file's settings if there is none."""
    profile = s.scalar(select(ProfileRow).where(ProfileRow.name == name))
    if profile is None:
        profile = ProfileRow(
            name=name, created_at=utcnow(), settings=convert.dump_settings(settings)
        )
        s.add(profile)
        s.flush()
    return profile


def _sessions(s: Session, profile_id: int, sessions: Iterable[dict[str, Any]]) -> dict[int, int]:
    """Each imported session's id in this database (matched by mode and start, else made)."""
    ids: dict[int, int] = {}
    for values in sessions:
        found = s.scalar(
            select(SessionRow.id).where(
                SessionRow.profile_id == profile_id,
                SessionRow.mode == values["mode"],
                SessionRow.started_at == values["started_at"],
            )
        )
        if found is None:
            row = SessionRow(
                profile_id=profile_id, settings=convert.dump_settings(values["settings"])
            )
            for key in ("mode", "started_at", "ended_at", "score"):
                setattr(row, key, values[key])
            s.add(row)
            s.flush()
            found = row.id
        ids[values["ref"]] = found
    return ids


def import_progress(
    s: Session, profile_name: str, data: Any, made_by: Callable[[str], str | None]
) -> ImportSummary:
    """Merge exported progress into the named learner (made if needed).

    `made_by(card_json)` names the answer (uuid) that made a review state; the store keeps
    card_json opaque, so the caller, who can read it, says.
    """
    name = convert.check_profile_name(profile_name)
    profile_info, sessions, attempts, states = read_progress(data)
    profile = _profile(s, name, profile_info["settings"])
    owners = _owners(s, [a["uuid"] for a in attempts])
    others = {uuid for uuid, owner in owners.items() if owner != profile.id}
    fresh = [a for a in attempts if a["uuid"] not in owners]
    foreign_only = {a["session_ref"] for a in attempts if a["uuid"] in others}
    foreign_only -= {a["session_ref"] for a in attempts if a["uuid"] not in others}
    session_ids = _sessions(s, profile.id, (v for v in sessions if v["ref"] not in foreign_only))
    rows = [
        {k: v for k, v in a.items() if k != "session_ref"}
        | {"profile_id": profile.id, "session_id": session_ids.get(a["session_ref"])}
        for a in fresh
    ]
    if rows:
        s.execute(insert(AttemptRow), rows)
    history = {uuid for uuid, owner in owners.items() if owner == profile.id}
    history |= {a["uuid"] for a in fresh}
    taken = kept = refused = 0
    for values in states:
        if made_by(values["card_json"]) not in history:
            refused += 1
            continue
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
        else:
            kept += 1
            continue
        taken += 1
    return ImportSummary(len(rows), len(others), taken, kept, refused)
