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
