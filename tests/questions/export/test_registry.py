"""The one list of export formats: a format registered once is offered everywhere."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.cli import main
from questions.export import registry
from questions.export.common import answer_text, flatten, name
from questions.export.registry import ExportJob, exporter, exporters, overall
from questions.model import Question

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "packs" / "backprop-basics.toml"


def markdown(title: str, questions: Sequence[Question]) -> str:
    """The worked example of docs/design.md: the pack as a Markdown list."""
    rows = (f"- {name(q)}: {q.prompt} **{answer_text(q)}**" for q in flatten(questions))
    return f"# {title}\n\n" + "\n".join(rows) + "\n"


@pytest.fixture
def with_markdown(monkeypatch):
    """The registry with the design document's Markdown format added (for this test only)."""
    monkeypatch.setattr(registry, "_EXPORTERS", dict(registry._EXPORTERS))
    md = registry.question_file("markdown", "Markdown list", "md", registry.text_file(markdown))
    return registry.register(md)


def test_the_file_formats_are_registered_in_order() -> None:
    assert [e.id for e in exporters()][:4] == ["moodle", "gift", "anki", "csv"]
    assert exporter("anki").suffix == "apkg" and exporter("csv").label == "CSV sheet"


def test_an_unknown_format_names_the_formats_there_are() -> None:
    with pytest.raises(ValueError, match="unknown export format 'xls'; formats are moodle, gift"):
        exporter("xls")


def test_one_registration_adds_a_format_to_the_command_line(with_markdown, tmp_path, capsys):
    out = tmp_path / "pack.md"
    assert main(["pack", "export", str(EXAMPLE), "--format", "markdown", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Backpropagation basics\n") and text.count("\n- ") == 8
    assert f"wrote {out}: 8 questions" in capsys.readouterr().out


def test_the_pdf_exam_is_registered_from_the_qt_side_without_loading_qt() -> None:
    code = (
        "import sys, app.ui.pdf_format; from questions.export.registry import exporter; "
        "e = exporter('pdf'); print(e.per_student, 'PySide6' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["True", "False"]


def test_overall_progress_counts_every_stage_of_the_job(pack, tmp_path) -> None:
    seen: list[tuple[int, int]] = []
    csv = exporter("csv")
    job = ExportJob(pack, tmp_path / "pack.csv", variants=2)
    csv.write(job, overall(csv.stages(job), lambda done, total: seen.append((done, total))))
    total = len(pack.items) + 1
    assert seen == [(done, total) for done in range(1, total + 1)]
