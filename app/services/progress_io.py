"""Progress export and import as a JSON file, for backups and moving to another machine.

A progress file belongs to the learner named in it, and is imported as that learner (made
if this database has no one of that name), never into someone else. Importing merges:
answers already present (same id) are skipped, so one file twice changes nothing. A file
is read and checked whole first (`read_progress_file`), as the live path checks answers and
memories; a file with any problem is refused with the file and the place named, and
nothing is imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.services.memory import Memory, MemoryFormatError
from app.store.convert import check_profile_name
from app.store.errors import ImportFormatError, InvalidProfileName, InvalidRecord
from app.store.progress_format import read_progress
from app.store.records import Profile
from app.store.repository import Repository
from questions.atomic import write_text

MAX_FILE_BYTES = 256 * 2**20
"""Far above a lifetime of answers (about 400 bytes each), far below a machine's memory."""


class ProgressFileError(ValueError):
    """A progress file that cannot be imported; the message names the file and the problem."""


@dataclass(frozen=True)
class ProgressFile:
    """A progress file read and checked whole: whose it is and how much it holds."""

    path: Path
    learner: str
    attempts: int
    skills: int
    data: dict[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class ImportResult:
    """Which learner the progress went to, and what changed."""

    profile: Profile
    new_attempts: int
    others_attempts: int = 0  # stored for another learner already: left with them
    states_taken: int = 0
    states_refused: int = 0  # made by an answer not in this learner's history


def export_progress(repo: Repository, profile_id: int, path: str | Path) -> Path:
    """Write a learner's whole progress to a JSON file (replaced whole, never half-written)."""
    data = repo.export_progress(profile_id)
    return write_text(path, json.dumps(data, indent=1, sort_keys=True))


def _load(source: Path) -> Any:
    """The JSON in a file; ProgressFileError for anything that is not readable JSON."""
    try:
        if source.stat().st_size > MAX_FILE_BYTES:
            raise ProgressFileError(
                f"{source}: too large for a progress file ({source.stat().st_size:,} bytes; "
                f"at most {MAX_FILE_BYTES:,})"
            )
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProgressFileError(f"{source}: no such file") from None
    except UnicodeDecodeError as e:
        raise ProgressFileError(f"{source}: not a text file (byte {e.start} is not UTF-8)") from e
    except OSError as e:
        raise ProgressFileError(f"{source}: cannot be read ({e.strerror or e})") from e
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ProgressFileError(
            f"{source}: not JSON: {e.msg} at line {e.lineno}, column {e.colno}"
        ) from e
    except RecursionError as e:
        raise ProgressFileError(f"{source}: not a progress file: nested too deeply") from e
    except ValueError as e:  # e.g. a number of more than 4,300 digits
        raise ProgressFileError(f"{source}: not a progress file: {str(e).split(';')[0]}") from e


def _check_memories(source: Path, data: dict[str, Any]) -> int:
    """Each review state's memory must be one the scheduler can work with.

    The state's due time and counts are taken from its memory, as answering sets them, so
    the two cannot disagree. Returns how many states there are.
    """
    states = data.get("review_states", [])
    for i, state in enumerate(states):
        try:
            memory = Memory.from_json(state["card_json"])
        except MemoryFormatError as e:
            raise ProgressFileError(f"{source}: review_states[{i}].card_json: {e}") from e
        last = memory.card.last_review
        state |= {"due": memory.card.due.isoformat(), "reps": memory.reps}
        state |= {"lapses": memory.lapses, "last_review": last and last.isoformat()}
    return len(states)


def read_progress_file(path: str | Path) -> ProgressFile:
    """Read and check a whole progress file; ProgressFileError names the first problem."""
    source = Path(path)
    data = _load(source)
    if not isinstance(data, dict):
        raise ProgressFileError(f"{source}: expected a JSON object, got {type(data).__name__}")
    try:
        profile, _sessions, attempts, _states = read_progress(data)
        learner = check_profile_name(profile["name"] or "")
    except InvalidProfileName as e:
        raise ProgressFileError(f"{source}: profile.name: {e}") from e
    except ImportFormatError as e:
        raise ProgressFileError(f"{source}: {e}") from e
    skills = _check_memories(source, data)
    return ProgressFile(source, learner, len(attempts), skills, data)


def _made_by(card_json: str) -> str | None:
    """The answer that made a stored memory (None for a memory no answer made)."""
    last = Memory.from_json(card_json).last
    return None if last is None else last.attempt


def import_progress(repo: Repository, path: str | Path) -> ImportResult:
    """Merge a progress file into the learner it belongs to (made if needed)."""
    progress = read_progress_file(path)
    try:
        summary = repo.import_progress(progress.learner, progress.data, _made_by)
    except (ImportFormatError, InvalidRecord) as e:  # the file changed since it was read
        raise ProgressFileError(f"{progress.path}: {e}") from e
    found = repo.find_profile(progress.learner)
    assert found is not None, "import_progress makes the profile"
    return ImportResult(
        found,
        summary.new_attempts,
        summary.others_attempts,
        summary.states_taken,
        summary.states_refused,
    )
