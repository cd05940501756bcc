"""write_export: one call writes any file format and says how many questions it holds."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import pytest

from questions.export.common import flatten
from questions.export.files import file_formats, write_export
from questions.export.registry import ExportJob, exporter
from questions.packs import read_pack


@pytest.mark.parametrize("fmt", file_formats())
def test_each_format_is_written_and_counted(fmt, pack, questions, tmp_path) -> None:
    path = tmp_path / f"pack.{fmt}"
    assert write_export(pack, questions, fmt, path) == len(flatten(questions))
    assert path.stat().st_size > 0
    if fmt == "moodle":
        assert len(ET.parse(path).getroot()) == len(pack.items) + len(flatten(questions))
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            assert len(list(csv.DictReader(handle))) == len(flatten(questions))


def test_an_unknown_format_is_refused_by_name(pack, questions, tmp_path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xls'; formats are moodle"):
        write_export(pack, questions, "xls", tmp_path / "pack.xls")
    assert not (tmp_path / "pack.xls").exists()


def test_formula_questions_are_asked_as_numbers_where_a_format_has_no_formula_answer(
    tmp_path,
) -> None:
    text = (
        '[pack]\nid = "f"\ntitle = "F"\nauthor = "T"\nversion = "1"\n\n'
        '[[question]]\nid = "slope"\ntype = "family"\nfamily = "activation-derivative-formula"\n'
        'count = 2\n\n[[question]]\nid = "n"\ntype = "numeric"\nprompt = "One?"\nvalue = 1\n'
    )
    pack = read_pack(text)
    for fmt in ("moodle", "gift"):
        written = exporter(fmt).write(ExportJob(pack, tmp_path / f"f.{fmt}"), lambda *_: None)
        assert written.files[0][1] == "3 questions"
        assert "has no formula answers: 2 asked as the formula's value at a drawn point" in (
            written.sentence()
        )
        assert "Give the value of your formula at " in written.files[0][0].read_text("utf-8")
    csv_written = exporter("csv").write(ExportJob(pack, tmp_path / "f.csv"), lambda *_: None)
    assert csv_written.files[0][1] == "3 questions" and not csv_written.notes
    with (tmp_path / "f.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["answer"] and row["type"] == "formula" for row in rows[:2])
