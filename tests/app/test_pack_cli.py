"""`backprop-quiz pack validate | preview | export` end to end."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.commands.pack import terminal_text
from app.ui.pdf_export import page_count

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "packs" / "backprop-basics.toml")
BROKEN = ROOT / "tests" / "questions" / "packs" / "broken"


def test_validate_a_clean_pack_exits_0_with_a_summary(capsys) -> None:
    assert main(["pack", "validate", EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert "valid pack 'backprop-basics' version 1.0" in out
    assert "2 choice, 1 numeric, 2 network, 1 family" in out


def test_validate_a_broken_pack_exits_2_listing_every_problem(capsys) -> None:
    path = str(BROKEN / "wrong-types.toml")
    assert main(["pack", "validate", path]) == 2
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 5
    assert lines[0] == f"{path}:5:11: 'version' must be a string, got 1"
    assert "5 problems" in captured.err


def test_validate_names_each_formula_that_cannot_be_typeset(tmp_path, capsys) -> None:
    pack = tmp_path / "math.toml"
    pack.write_text(
        '[pack]\nid = "m"\ntitle = "M"\nauthor = "T"\nversion = "1"\n\n'
        '[[question]]\nid = "q"\ntype = "numeric"\nprompt = "Is $x \\\\in \\\\mathbb{R}$ '
        'or $\\\\oops y$?"\nvalue = 1\n',
        encoding="utf-8",
    )
    assert main(["pack", "validate", str(pack)]) == 2
    out = capsys.readouterr().out
    assert out == (
        f"{pack}:10:39: 'prompt': the formula $\\oops y$ cannot be typeset: "
        "Unknown symbol: \\oops\n"
    )


def test_preview_prints_the_packs_own_questions_or_seeded_variants(capsys) -> None:
    assert main(["pack", "preview", EXAMPLE]) == 0
    own = capsys.readouterr().out
    assert "# Backpropagation basics (backprop-basics 1.0) by A. Instructor" in own
    assert "[pack:backprop-basics/mazur-w5@1.0]" in own and "Answer: 0.082167 (3 s.f.)" in own
    assert main(["pack", "preview", EXAMPLE, "--seed", "4"]) == 0
    seeded = capsys.readouterr().out
    assert "[pack:backprop-basics/mazur-w5/4-0@1.0]" in seeded


@pytest.mark.parametrize("fmt", ["moodle", "gift", "csv", "anki"])
def test_export_writes_each_format_with_a_progress_line(fmt, tmp_path, capsys) -> None:
    out = tmp_path / f"pack.{fmt}"
    assert (
        main(["pack", "export", EXAMPLE, "--format", fmt, "--variants", "2", "-o", str(out)]) == 0
    )
    captured = capsys.readouterr()
    assert "expanding questions: 6/6" in captured.err
    assert f"wrote {out}" in captured.out
    questions = 3 + 2 * 2 + 3 * 2
    if fmt == "moodle":
        root = ET.parse(out).getroot()
        assert len(root.findall("question")) == 6 + questions  # a category per pack question
    elif fmt == "gift":
        lines = out.read_text(encoding="utf-8").splitlines()
        assert sum(line.startswith("::") for line in lines) == questions
        assert "note: GIFT cannot hold hints: 16 dropped, from Mazur w5" in captured.out
    elif fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as handle:
            assert len(list(csv.DictReader(handle))) == questions
    else:
        with zipfile.ZipFile(out) as archive:
            archive.extract("collection.anki2", tmp_path)
        db = sqlite3.connect(tmp_path / "collection.anki2")
        try:
            assert db.execute("select count(*) from notes").fetchone() == (questions,)
        finally:
            db.close()


def test_export_pdf_writes_an_exam_per_student_and_a_key(tmp_path, capsys) -> None:
    out = tmp_path / "exam.pdf"
    args = ["pack", "export", EXAMPLE, "--format", "pdf", "--students", "2", "-o", str(out)]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "preparing exams: 2/2" in captured.err
    key = tmp_path / "exam-key.pdf"
    assert page_count(out.read_bytes()) >= 2 and page_count(key.read_bytes()) >= 2
    assert f"wrote {key}" in captured.out


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--format", "csv", "--students", "3"], "--students is for --format pdf"),
        (["--format", "csv", "--variants", "0"], "--variants must be from 1 to 1000"),
        (["--format", "csv", "--variants", "1001"], "--variants must be from 1 to 1000"),
        (["--format", "pdf", "--students", "0"], "--students from 1 to 2000"),
        (["--format", "gift", "--seed", "-1"], "--seed not negative"),
    ],
)
def test_export_refuses_bad_arguments_with_exit_2(extra, message, tmp_path, capsys) -> None:
    assert main(["pack", "export", EXAMPLE, *extra, "-o", str(tmp_path / "x")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_export_of_a_broken_pack_lists_its_problems_and_writes_nothing(tmp_path, capsys) -> None:
    out = tmp_path / "x.xml"
    args = [
        "pack",
        "export",
        str(BROKEN / "duplicate-ids.toml"),
        "--format",
        "moodle",
        "-o",
        str(out),
    ]
    assert main(args) == 2
    assert "duplicate question id 'quarter'" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["moodle", "pdf"])
def test_export_to_a_missing_folder_says_so_before_any_work(fmt, tmp_path, capsys) -> None:
    out = tmp_path / "absent" / "out.file"
    assert main(["pack", "export", EXAMPLE, "--format", fmt, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {out}: there is no folder {out.parent}" in err
    assert "expanding" not in err and "preparing" not in err


def test_export_onto_a_folder_is_refused(tmp_path, capsys) -> None:
    assert main(["pack", "export", EXAMPLE, "--format", "csv", "-o", str(tmp_path)]) == 2
    assert f"cannot write {tmp_path}: it is a folder" in capsys.readouterr().err


def test_export_counts_each_blank_of_a_guided_question(tmp_path, capsys) -> None:
    pack = tmp_path / "guided.toml"
    pack.write_text(
        '[pack]\nid = "g"\ntitle = "G"\nauthor = "T"\nversion = "1"\n\n'
        '[[question]]\nid = "g"\ntype = "family"\nfamily = "guided-backprop"\n',
        encoding="utf-8",
    )
    out = tmp_path / "g.csv"
    assert main(["pack", "export", str(pack), "--format", "csv", "-o", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 1 and len({row["key"] for row in rows}) == len(rows)
    assert f"wrote {out}: {len(rows)} questions" in capsys.readouterr().out


def test_preview_shows_control_characters_instead_of_sending_them_to_the_terminal(
    tmp_path, capsys
) -> None:
    pack = tmp_path / "ctrl.toml"
    pack.write_text(
        '[pack]\nid = "c"\ntitle = "Clear\\u001b[2J"\nauthor = "T"\nversion = "1"\n\n'
        '[[question]]\nid = "n"\ntype = "numeric"\nprompt = "A\\u001b]0;title\\u0007 \\u202eB"\n'
        "value = 1\n",
        encoding="utf-8",
    )
    assert main(["pack", "preview", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "# Clear\\u001b[2J" in out and "A\\u001b]0;title\\u0007 \\u202eB" in out
    assert terminal_text("line 1\n\tline 2") == "line 1\n\tline 2"


def test_export_into_dev_full_says_the_disk_is_full_and_exits_2(capsys) -> None:
    assert main(["pack", "export", EXAMPLE, "--format", "gift", "-o", "/dev/full"]) == 2
    captured = capsys.readouterr()
    assert captured.err.endswith(
        "backprop-quiz pack export: /dev/full: could not be written (the disk is full)\n"
    )
    assert "wrote" not in captured.out


def test_a_pdf_exam_needs_a_file_name_for_its_key_beside_it(capsys) -> None:
    # `-o /dev/full` once grew a 24 GB buffer reading its own output back to count pages.
    assert main(["pack", "export", EXAMPLE, "--format", "pdf", "-o", "/dev/full"]) == 2
    err = capsys.readouterr().err
    assert "cannot write /dev/full: a PDF exam comes with its answer key beside it" in err
    assert "preparing" not in err


def test_export_to_standard_output_keeps_the_status_line_out_of_the_file() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "pack",
            "export",
            EXAMPLE,
            "--format",
            "csv",
            "-o",
            "/dev/stdout",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 3 + 2 + 3
    assert "wrote /dev/stdout: 8 questions" in done.stderr
