"""Folders on disks that fail: read-only, or full. Real mounts when root, file modes otherwise."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(folder: Path, options: str) -> None:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"this machine cannot mount a small tmpfs here: {done.stderr.strip()}")


@contextmanager
def tmpfs(folder: Path, size_kb: int) -> Iterator[Path]:
    """A small tmpfs mounted on `folder` (root only), unmounted at the end."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    folder.mkdir(parents=True, exist_ok=True)
    _mount(folder, f"size={size_kb}k")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def make_read_only(folder: Path) -> None:
    """Make a folder and everything in it unwritable: remount read-only, or drop write bits."""
    if os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        return
    for path in [*folder.iterdir(), folder]:
        path.chmod(path.stat().st_mode & 0o555)


def fill(folder: Path) -> None:
    """Fill the disk holding `folder` to the last byte."""
    with open(folder / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 512)
        except OSError:
            pass
