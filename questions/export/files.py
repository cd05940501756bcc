"""Writing one export file from a pack's questions: Moodle XML, GIFT, CSV or an Anki .apkg.

The command line and the Author page both call write_export, so the two write the same
files and count them the same way (each blank of a guided question is a question of its own).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from questions.atomic import write_text
from questions.export.anki import write_apkg
from questions.export.common import flatten
from questions.export.csv_export import csv_text
from questions.export.gift import gift
from questions.export.moodle_xml import moodle_xml
from questions.model import Question
from questions.packs import Pack

FILE_FORMATS = ("moodle", "gift", "csv", "anki")
"""The formats write_export writes; the PDF exam needs Qt and lives in app.ui.pdf_export."""


def write_export(pack: Pack, questions: Sequence[Question], fmt: str, path: str | Path) -> int:
    """Write the questions to `path` in `fmt`; returns how many questions the file holds.

    The file is replaced whole or not at all: on a failure (a full disk) WriteFailed says so
    and the old file is as it was."""
    if fmt == "anki":
        return write_apkg(pack.id, pack.title, questions, path)
    if fmt == "moodle":
        text = moodle_xml(pack.title, questions)
    elif fmt == "gift":
        text = gift(pack.title, questions)
    elif fmt == "csv":
        text = csv_text(questions)
    else:
        raise ValueError(f"unknown export format {fmt!r}; formats are {', '.join(FILE_FORMATS)}")
    write_text(path, text)
    return len(flatten(questions))
