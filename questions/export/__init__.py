"""Export formats for a pack's questions: the file formats register here, on import.

Every reader of the list (`questions.export.registry.exporters()`) imports this package
first, so these formats are always in it; a format that needs Qt registers from app.ui.
To add one: a module with the writer, and one `register(...)` line below (docs/design.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from questions.export.common import (
    flatten,
    formula_notes,
    hint_notes,
    scoring_notes,
)
from questions.export.csv_export import csv_file
from questions.export.gift import gift, gift_notes
from questions.export.moodle_xml import moodle_xml
from questions.export.qti3 import write_qti3
from questions.export.qti12 import write_qti12
from questions.export.registry import question_file, register, text_file
from questions.model import Question
from questions.packs import Pack


def _anki(pack: Pack, questions: Sequence[Question], path: Path) -> int:
    from questions.export.anki import write_apkg  # genanki only when a deck is written

    return write_apkg(pack.id, pack.title, questions, path)


def _moodle_notes(questions: Sequence[Question]) -> tuple[str, ...]:
    flat = flatten(questions)
    return (*scoring_notes(flat, "Moodle XML"), *formula_notes(flat, "Moodle XML"))


def _anki_notes(questions: Sequence[Question]) -> tuple[str, ...]:
    return hint_notes(flatten(questions), "An Anki deck")


register(question_file("moodle", "Moodle XML", "xml", text_file(moodle_xml), notes=_moodle_notes))
register(
    question_file("gift", "GIFT (Moodle, Canvas, ...)", "gift", text_file(gift), notes=gift_notes)
)
register(question_file("anki", "Anki deck (.apkg)", "apkg", _anki, unit="notes", notes=_anki_notes))
register(question_file("csv", "CSV sheet", "csv", text_file(csv_file)))
register(question_file("qti12", "QTI 1.2 for Canvas (.zip)", "zip", write_qti12))
register(question_file("qti3", "QTI 3.0 package (.zip)", "zip", write_qti3))
