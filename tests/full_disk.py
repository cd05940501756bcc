"""A folder on a full disk, for tests of every writer: a small tmpfs filled to the last byte
when the tests run as root on Linux, else an injected OSError(ENOSPC) at the point where
every atomic write makes its bytes durable (questions.atomic's fsync)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from questions import atomic


class FullDisk:
    """`folder` takes the test's old files first; after `fill()` nothing more fits."""

    def __init__(self, folder: Path, mounted: bool, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.mounted = mounted
        self._monkeypatch = monkeypatch

    def fill(self) -> None:
        """Use up the space left (or, without a tmpfs, make every atomic write fail so)."""
        if self.mounted:
            with open(self.folder / ".filler", "wb", buffering=0) as filler:
                for size in (4096, 1):
                    try:
                        while True:
                            filler.write(b"\0" * size)
                    except OSError as error:
                        assert error.errno == errno.ENOSPC
            return

        def no_space(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        self._monkeypatch.setattr(atomic.os, "fsync", no_space)

    def files(self) -> list[str]:
        """The names in the folder but the filler: the old files, and no temporary one."""
        return sorted(p.name for p in self.folder.iterdir() if p.name != ".filler")


def _mount_tmpfs(folder: Path) -> bool:
    if not (sys.platform.startswith("linux") and os.geteuid() == 0):
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0  # no permission in this container: inject instead


@pytest.fixture(name="full_disk")
def full_disk_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FullDisk]:
    """An empty folder whose disk fills up when the test calls `fill()`."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = _mount_tmpfs(folder)
    try:
        yield FullDisk(folder, mounted, monkeypatch)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=True)
