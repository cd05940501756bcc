"""Progress export and import as a JSON file, for backups and moving to another machine.

Importing merges: attempts already present (same id) are skipped, so importing one file
twice changes nothing. A malformed file is refused whole, with a message naming the file
and the exact place of the first problem, and nothing is imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.services.scheduling import Memory, MemoryFormatError
from app.store.errors import ImportFormatError
from app.store.records import Profile
from app.store.repository import Repository
from questions.atomic import write_text


class ProgressFileError(ValueError):
    """A progress file that cannot be imported; the message names the file and the problem."""


@dataclass(frozen=True)
class ImportResult:
    """Which learner the progress went to, and how many answers were new."""

    profile: Profile
    new_attempts: int


def export_progress(repo: Repository, profile_id: int, path: str | Path) -> Path:
    """Write a learner's whole progress to a JSON file (replaced whole, never half-written)."""
    target = Path(path)
    data = repo.export_progress(profile_id)
    return write_text(target, json.dumps(data, indent=1, sort_keys=True))


def read_progress_file(path: str | Path) -> dict[str, Any]:
    """The JSON object in a progress file; ProgressFileError if it is missing or not JSON."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProgressFileError(f"{source}: no such file") from None
    except UnicodeDecodeError as e:
        raise ProgressFileError(f"{source}: not a text file (byte {e.start} is not UTF-8)") from e
    except OSError as e:
        raise ProgressFileError(f"{source}: cannot be read ({e.strerror})") from e
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ProgressFileError(
            f"{source}: not JSON: {e.msg} at line {e.lineno}, column {e.colno}"
        ) from e
    if not isinstance(data, dict):
        raise ProgressFileError(f"{source}: expected a JSON object, got {type(data).__name__}")
    return data


def _check_memories(source: Path, data: dict[str, Any]) -> None:
    """Each review state's card_json must be a memory the scheduler can read."""
    states = data.get("review_states", [])
    if not isinstance(states, list):
        return  # the store names this problem
    for i, state in enumerate(states):
        if isinstance(state, dict) and isinstance(state.get("card_json"), str):
            try:
                Memory.from_json(state["card_json"])
            except MemoryFormatError as e:
                raise ProgressFileError(f"{source}: review_states[{i}].card_json: {e}") from e


def import_progress(
    repo: Repository, path: str | Path, profile_name: str | None = None
) -> ImportResult:
    """Merge a progress file into a learner (by default the one named in the file)."""
    source = Path(path)
    data = read_progress_file(source)
    if profile_name is None:
        profile = data.get("profile")
        profile_name = profile.get("name") if isinstance(profile, dict) else None
        if not isinstance(profile_name, str):
            raise ProgressFileError(f"{source}: profile.name: missing; name the learner to import")
    _check_memories(source, data)
    try:
        new = repo.import_progress(profile_name, data)
    except ImportFormatError as e:
        raise ProgressFileError(f"{source}: {e}") from e
    found = repo.find_profile(profile_name)
    assert found is not None, "import_progress makes the profile"
    return ImportResult(found, new)
