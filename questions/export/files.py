"""Writing questions already expanded to one export file, in any one-file format registered.

The command line and the Author page run a whole export through its Exporter; this is the
step they share for one-file formats, so both write the same files and count them the same
way (each blank of a guided question is a question of its own).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from questions.export.registry import exporter, exporters
from questions.model import Question
from questions.packs import Pack


def file_formats() -> tuple[str, ...]:
    """The formats write_export writes (a PDF exam is written per student, not from a list)."""
    return tuple(e.id for e in exporters() if e.write_questions is not None)


def write_export(pack: Pack, questions: Sequence[Question], fmt: str, path: str | Path) -> int:
    """Write the questions to `path` in `fmt`; returns how many questions the file holds.

    The file is replaced whole or not at all: on a failure (a full disk) WriteFailed says so
    and the old file is as it was."""
    write = exporter(fmt).write_questions
    if write is None:
        raise ValueError(f"{fmt} is not a one-file format; they are {', '.join(file_formats())}")
    return write(pack, questions, Path(path))
