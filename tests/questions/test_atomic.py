"""Atomic writes: the new content or the old file, never a fragment, and no temporary left."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from questions import atomic


def test_write_text_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "quiz.xml"
    target.write_text("old")
    atomic.write_text(target, "new\r\nline")
    assert target.read_bytes() == b"new\r\nline"
    assert [p.name for p in tmp_path.iterdir()] == ["quiz.xml"]


def test_a_failing_writer_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "quiz.xml"
    target.write_text("good")

    def half_then_full(f) -> None:
        f.write(b"<quiz")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(
        atomic.WriteFailed,
        match=r"quiz\.xml: could not be written \(the disk is full\); the old file is unchanged",
    ):
        atomic.write_with(target, half_then_full)
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["quiz.xml"]


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(
        atomic.WriteFailed,
        match=r"q\.xml: could not be written \(the folder does not exist\); nothing was written$",
    ):
        atomic.write_text(tmp_path / "nope" / "q.xml", "x")


def test_a_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    target = atomic.write_bytes(tmp_path / "a.csv", b"1")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_atomic_path_hands_a_path_to_writers_that_want_one(tmp_path: Path) -> None:
    target = tmp_path / "deck.apkg"
    with atomic.atomic_path(target) as temp:
        assert temp.parent == tmp_path and temp != target
        temp.write_bytes(b"zip")
    assert target.read_bytes() == b"zip"


def test_a_link_keeps_pointing_at_the_file_it_names(tmp_path: Path) -> None:
    real = tmp_path / "exports" / "quiz.xml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.xml"
    link.symlink_to(real)
    atomic.write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["quiz.xml"]


def test_a_device_or_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic.write_bytes(fifo, b"through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # still a pipe, no temp
    with pytest.raises(atomic.WriteFailed, match=r"^/dev/full: could not be written \(the disk"):
        atomic.write_bytes("/dev/full", b"x")
