"""write_export: one call writes any file format and says how many questions it holds."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import pytest

from questions.export.common import flatten
from questions.export.files import file_formats, write_export


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
