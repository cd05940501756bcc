"""A read-only look at a SQLite file started early on a thread, taken up when it is opened.

Opening a progress file first checks its integrity, which reads the whole file (a tenth of
a second for 100,000 answers). SQLite runs the check without Python's lock, so started on a
thread before the app imports its services, it overlaps them. The look is taken up only if
the file and its write-ahead log are as they were when it started; otherwise it is redone.
Nothing is imported on the thread.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

# by resolved path: the file as it was when the look started, the thread, what it found
_started: dict[str, tuple[tuple[object, ...], threading.Thread, list[Any]]] = {}
_lock = threading.Lock()


def file_key(path: Path) -> tuple[object, ...] | None:
    """The file and its write-ahead log as they are now (None when there is no file)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    wal = path.with_name(path.name + "-wal")
    try:
        found = wal.stat()
    except OSError:
        found = None
    # An empty log is no log: the look itself may create one when it opens the file.
    log = (found.st_size, found.st_mtime_ns) if found is not None and found.st_size else None
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns, log)


def start_look(path: Path, look: Callable[[Path], Any]) -> None:
    """Run look(path) on a thread for `take_look` (only for an existing regular file)."""
    key = file_key(path)
    if key is None or not path.is_file():
        return
    found: list[Any] = []

    def run() -> None:
        try:
            found.append(look(path))
        except sqlite3.DatabaseError as e:  # raised again where the look is taken up
            found.append(e)

    thread = threading.Thread(target=run, name="sqlite-look-ahead", daemon=True)
    with _lock:
        _started[str(path.resolve())] = (key, thread, found)
    thread.start()


def take_look(path: Path) -> Any:
    """What the look started for this unchanged file found (waiting for it); None if no look
    was started or the file changed since. A SQLite error it met is raised here."""
    with _lock:
        started = _started.pop(str(path.resolve()), None)
    if started is None:
        return None
    key, thread, found = started
    thread.join()
    if not found or file_key(path) != key:
        return None
    if isinstance(found[0], sqlite3.DatabaseError):
        raise found[0]
    return found[0]
