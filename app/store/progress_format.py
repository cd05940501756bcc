"""Reading an exported progress document: every field checked as the live path checks it.

A document is read whole before anything is written. The first problem is named by its
place (`attempts[3].score: ...`); numbers must be finite and in range, ids non-empty and
unique, times carry a UTC offset and fall between 2000 and 2200, settings are plain JSON.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from app.store import convert
from app.store.errors import ImportFormatError, InvalidRecord
from app.store.models import AttemptRow, ReviewStateRow, SessionRow

FORMAT = "backprop-quiz-progress"
VERSION = 1
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
MAX_COUNT = 2**31 - 1  # what an INTEGER column holds on every backend
MAX_REF = 2**63 - 1
MAX_SETTINGS_DEPTH = 16


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
        raise ImportFormatError(f"{self.where}.{name}: expected {expected}, got {_shown(value)}")

    def text(self, name: str, optional: bool = False, empty: bool = True) -> Any:
        def is_text(v: Any) -> bool:
            return isinstance(v, str) and (empty or bool(v.strip()))

        return self.get(name, is_text, "text" if empty else "non-empty text", optional)

    def number(self, name: str, low: float, high: float, optional: bool = False) -> Any:
        def in_range(v: Any) -> bool:
            if not isinstance(v, int | float) or isinstance(v, bool):
                return False
            return abs(v) < 1e308 and math.isfinite(v) and low <= v <= high

        value = self.get(name, in_range, f"a finite number {low:g}-{high:g}", optional)
        return None if value is None else float(value)

    def integer(self, name: str, high: int = MAX_COUNT, optional: bool = False) -> Any:
        def in_range(v: Any) -> bool:
            return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= high

        return self.get(name, in_range, f"a whole number 0-{high}", optional)

    def time(self, name: str, optional: bool = False) -> datetime | None:
        value = self.text(name, optional)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value)
            in_range = parsed.tzinfo is not None and EARLIEST <= parsed.astimezone(UTC) < LATEST
        except (ValueError, OverflowError):
            in_range = False
        if not in_range:
            raise ImportFormatError(
                f"{self.where}.{name}: expected an ISO time with a UTC offset between 2000 and "
                f"2200, got {_shown(value)}"
            )
        return parsed

    def settings(self, name: str) -> dict[str, Any]:
        value = self.get(name, lambda v: isinstance(v, dict), "an object", True) or {}
        if _depth(value) > MAX_SETTINGS_DEPTH:
            raise ImportFormatError(f"{self.where}.{name}: nested too deeply")
        try:
            convert.dump_settings(value)
        except InvalidRecord as e:
            raise ImportFormatError(f"{self.where}.{name}: {e}") from e
        return value


def _shown(value: Any) -> str:
    """A value for a message, cut short (a 5,000-digit number is not printed whole)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return "a whole number too large"
    return f"{value!r:.60}"


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in a JSON value (iteratively: no recursion limit)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_SETTINGS_DEPTH:
                children = item.values() if isinstance(item, dict) else item
                todo.extend((child, level + 1) for child in children)
    return deepest


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise ImportFormatError(f"progress.{name}: expected a list, got {type(value).__name__}")
    return value


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


def _read_attempt(obj: Any, where: str) -> dict[str, Any]:
    r = _Reader(obj, where)
    values = {
        "uuid": r.text("uuid", empty=False),
        "session_ref": r.integer("session_ref", MAX_REF, optional=True),
        "question_key": r.text("question_key", empty=False),
        "skill": r.text("skill", empty=False),
        "topic": r.text("topic", empty=False),
        "mode": r.text("mode"),
        "response": r.text("response"),
        "correct": r.get("correct", lambda v: isinstance(v, bool), "true or false"),
        "score": r.number("score", 0.0, 1.0),
        "mistake": r.text("mistake", optional=True),
        "hints_used": r.integer("hints_used", optional=True) or 0,
        "seconds": r.number("seconds", 0.0, 1e9),
        "answered_at": r.time("answered_at"),
    }
    _check(where, values, AttemptRow)
    return values


def _read_state(obj: Any, where: str) -> dict[str, Any]:
    r = _Reader(obj, where)
    values = {name: r.text(name, empty=False) for name in ("skill", "topic", "card_json")}
    values |= {"reps": r.integer("reps"), "lapses": r.integer("lapses")}
    values |= {"due": r.time("due"), "last_review": r.time("last_review", optional=True)}
    _check(where, values, ReviewStateRow)
    return values


def _read_session(obj: Any, where: str) -> dict[str, Any]:
    r = _Reader(obj, where)
    values = {"ref": r.integer("ref", MAX_REF), "mode": r.text("mode")}
    values |= {"score": r.number("score", 0.0, 1.0, optional=True)}
    values |= {"settings": r.settings("settings")}
    values |= {"started_at": r.time("started_at"), "ended_at": r.time("ended_at", True)}
    if values["ended_at"] is not None and values["ended_at"] < values["started_at"]:
        raise ImportFormatError(f"{where}.ended_at: earlier than started_at")
    _check(where, values, SessionRow)
    return values


def _unique(rows: list[dict[str, Any]], key: str, what: str) -> None:
    """Refuse two rows with the same id: which one would be meant?"""
    seen: dict[Any, int] = {}
    for i, row in enumerate(rows):
        if row[key] in seen:
            raise ImportFormatError(
                f"{what}[{i}].{key}: {_shown(row[key])} is also {what}[{seen[row[key]]}].{key}"
            )
        seen[row[key]] = i


def read_progress(data: Any) -> tuple[dict[str, Any], list[dict], list[dict], list[dict]]:
    """Check the whole document before anything is written: profile, sessions, attempts, states."""
    top = _Reader(data, "progress")
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ImportFormatError(
            f"not a Backprop Quiz progress export (expected format {FORMAT!r} version {VERSION}, "
            f"got {_shown(data.get('format'))} version {_shown(data.get('version'))})"
        )
    profile = _Reader(top.get("profile", lambda v: isinstance(v, dict), "an object"), "profile")
    settings = profile.settings("settings")
    name = profile.text("name", optional=True)
    sessions = [_read_session(o, f"sessions[{i}]") for i, o in enumerate(_list(data, "sessions"))]
    attempts = [_read_attempt(o, f"attempts[{i}]") for i, o in enumerate(_list(data, "attempts"))]
    states = [
        _read_state(o, f"review_states[{i}]") for i, o in enumerate(_list(data, "review_states"))
    ]
    _unique(sessions, "ref", "sessions")
    _unique(attempts, "uuid", "attempts")
    _unique(states, "skill", "review_states")
    refs = {s["ref"] for s in sessions}
    for i, values in enumerate(attempts):
        if values["session_ref"] is not None and values["session_ref"] not in refs:
            raise ImportFormatError(
                f"attempts[{i}].session_ref: no session with ref {values['session_ref']}"
            )
    return {"name": name, "settings": settings}, sessions, attempts, states
