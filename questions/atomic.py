"""Atomic file writes: a temporary file in the target's folder, flushed and fsynced, then
renamed over the target. On any failure the old file is left as it was, the temporary file is
removed, and `WriteFailed` says which file and why (a full disk, a read-only folder, ...).

Every file the app writes goes through here: exports, PDFs, progress files, packs, settings.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "the folder does not exist",
    errno.EISDIR: "it is a folder",
}


class WriteFailed(OSError):
    """A file could not be written; the old file (if any) is unchanged."""

    def __str__(self) -> str:
        return str(self.strerror)


def reason(error: OSError) -> str:
    """A short plain-words reason for an OSError ("the disk is full")."""
    return _REASONS.get(error.errno or 0) or error.strerror or str(error) or type(error).__name__


def _failed(path: Path, error: OSError) -> WriteFailed:
    kept = "the old file is unchanged" if path.exists() else "nothing was written"
    return WriteFailed(error.errno or 0, f"{path}: could not be written ({reason(error)}); {kept}")


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform or file system can fsync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to by any means; it replaces `path` on success.

    For writers that want a file name (genanki, Qt's PDF writer). The temporary file is
    fsynced before the rename; if the block raises, `path` is untouched.
    """
    target = Path(path)
    if target.is_dir():
        raise _failed(target, IsADirectoryError(errno.EISDIR, "is a directory"))
    if _is_stream(target):
        with _copied_to(target) as temp:
            yield temp
        return
    if target.is_symlink():  # replace the file the link points to, and keep the link
        target = Path(os.path.realpath(target))
    temp = _temporary(target, f".{target.name}.", target.parent)
    try:
        yield temp
        with open(temp, "rb+") as f:
            os.fsync(f.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temp, target.stat().st_mode & 0o777)
        else:
            with contextlib.suppress(OSError):
                os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except WriteFailed:  # from an atomic write nested in this one: it names its own file
        raise
    except OSError as e:
        raise _failed(target, e) from e
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    _fsync_folder(target.parent)


def _temporary(target: Path, prefix: str, folder: Path | None) -> Path:
    """A new empty temporary file in `folder` (None: the system's) for writing `target`;
    WriteFailed naming `target` when none can be made."""
    try:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError as e:
        raise _failed(target, e) from e
    os.close(fd)
    return Path(name)


def _is_stream(target: Path) -> bool:
    """True for an existing target that is no regular file (/dev/stdout, a pipe, a device):
    it cannot be replaced, only written to."""
    try:
        return not stat.S_ISREG(target.stat().st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def _copied_to(target: Path) -> Iterator[Path]:
    """A temporary file whose bytes are copied into `target` once the block has written it."""
    temp = _temporary(target, "backprop-quiz-", None)
    try:
        yield temp
        with open(temp, "rb") as source, open(target, "wb") as sink:
            shutil.copyfileobj(source, sink)
    except WriteFailed:
        raise
    except OSError as e:
        raise WriteFailed(e.errno or 0, f"{target}: could not be written ({reason(e)})") from e
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def write_with(path: str | Path, write: Callable[[BinaryIO], object]) -> Path:
    """Call `write(f)` on a binary file that atomically becomes `path`; returns `path`."""
    target = Path(path)
    with atomic_path(target) as temp, open(temp, "wb") as f:
        write(f)
        f.flush()
    return target


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Replace `path` with `data` atomically."""
    return write_with(path, lambda f: f.write(data))


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Replace `path` with `text` atomically (newlines written as given, never translated)."""
    return write_bytes(path, text.encode(encoding))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
