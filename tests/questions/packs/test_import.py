"""Importing hand-written Moodle XML, GIFT and Aiken files (tests/data/import/, not made by
the app) into packs that validate, with every question left out named at FILE:LINE:COL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from questions.packs import read_pack
from questions.packs.checker import PackError
from questions.packs.importers import pack_toml, read_questions

DATA = Path(__file__).resolve().parents[2] / "data" / "import"
ROOT = Path(__file__).resolve().parents[3]


def imported_pack(name: str):
    imported = read_questions(DATA / name)
    return imported, read_pack(pack_toml(imported), name)


def test_moodle_xml_written_by_hand_becomes_a_valid_pack() -> None:
    imported, pack = imported_pack("moodle_quiz.xml")
    assert pack.title == "Neural networks week 3"
    by_id = {item.id: item for item in pack.items}
    assert by_id["chain-rule"].prompt == "For $y = f(g(x))$, what is $dy/dx$?"
    assert [c.correct for c in by_id["saturating-activations"].choices] == [True, True, False]
    assert by_id["saturating-activations"].multiple
    assert [c.text for c in by_id["gradient-sign"].choices] == ["True", "False"]
    slope = by_id["sigmoid-slope-at-0"]
    assert (slope.value, slope.sigfigs) == (0.25, 2)
    assert slope.solution == ("$\\sigma(0) = 0.5$", "$\\sigma'(0) = 0.5 \\cdot 0.5 = 0.25$")
    assert by_id["learning-rate-step"].value == 0.36
    assert r"\$5" in by_id["learning-rate-step"].prompt  # a dollar sign is not math
    # calculated: one numeric question per dataset item, the formula evaluated
    assert [by_id["product-rule-1"].value, by_id["product-rule-2"].value] == [5.5, 1.75]
    assert "x = 2.25 and y = -0.5" in by_id["product-rule-2"].prompt
    left = [f"{p.line}:{p.col}: {p.message}" for p in imported.left_out]
    assert left == [
        "94:3: left out 'Explain backprop': Moodle type 'essay' has no pack equivalent "
        "(a pack holds choice and numeric questions; multichoice, truefalse, numerical, "
        "shortanswer, calculated, calculatedsimple are imported)",
        "99:3: left out 'Match the derivatives': Moodle type 'matching' has no pack "
        "equivalent (a pack holds choice and numeric questions; multichoice, truefalse, "
        "numerical, shortanswer, calculated, calculatedsimple are imported)",
    ]
    assert any("'0.5' (0%) was dropped" in p.message for p in imported.notes)


def test_gift_written_by_hand_becomes_a_valid_pack() -> None:
    imported, pack = imported_pack("quiz.gift")
    assert pack.title == "Backprop by hand"
    by_id = {item.id: item for item in pack.items}
    assert by_id["loss-of-a-perfect-prediction"].value == 0
    delta = by_id["output-delta"]
    assert [c.text for c in delta.choices if c.correct] == ["out(1 - out)"]
    assert delta.prompt.startswith("For the half squared error")
    assert [c.correct for c in by_id["vanishing"].choices] == [True, False]
    assert by_id["good-practices"].multiple
    assert by_id["update"].value == pytest.approx(0.149780716)
    assert by_id["range"].value == pytest.approx(0.5)
    assert [(p.line, p.message.split(":")[0]) for p in imported.left_out] == [
        (27, "left out 'Essay'"),
        (29, "left out 'Match'"),
    ]


def test_aiken_and_select_one_lists_become_a_valid_pack() -> None:
    imported, pack = imported_pack("quiz_aiken.txt")
    right = [[c.text for c in item.choices if c.correct] for item in pack.items]
    assert right == [
        ["The gradient of the loss with respect to every parameter"],
        ["sigmoid"],
        ["4"],
        ["the local derivatives", "the inputs entering each weight"],
    ]
    assert [c.text for c in pack.items[2].choices] == ["2", "4", "6", "8"]
    assert pack.items[3].multiple
    assert [(p.line, p.message) for p in imported.left_out] == [
        (24, "left out question on line 24: no ANSWER line")
    ]


def test_the_command_writes_the_pack_and_lists_what_it_left_out(tmp_path: Path) -> None:
    out = tmp_path / "week3.toml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "pack",
            "import",
            str(DATA / "quiz.gift"),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1  # written, but not every question could be carried
    assert f"{DATA / 'quiz.gift'}:27:1: left out 'Essay'" in done.stdout
    assert "6 questions; 2 left out" in done.stderr
    assert len(read_pack(out.read_text(), str(out)).items) == 6


def test_a_billion_laughs_file_is_refused_before_anything_expands(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE quiz [\n' + "\n".join(entities) + "\n]>\n"
        '<quiz><question type="numerical"><name><text>&lol9;</text></name></question></quiz>\n'
    )
    with pytest.raises(PackError) as refused:
        read_questions(bomb)
    assert str(refused.value).startswith(f"{bomb}:2:")
    assert str(refused.value).endswith(": a DOCTYPE is not read (no DTDs or entities in an import)")


def test_broken_xml_is_reported_at_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<quiz>\n  <question type='numerical'>\n</quiz>\n")
    with pytest.raises(PackError) as refused:
        read_questions(broken)
    assert str(refused.value).startswith(f"{broken}:3:3: not well-formed XML: mismatched tag")


def test_the_apps_readable_csv_comes_back_with_its_keys_and_mistakes() -> None:
    imported, pack = imported_pack("readable.csv")  # the columns the CSV export writes
    assert (pack.id, pack.version) == ("week1", "2")
    slope, needs, eq = pack.items
    assert (slope.id, slope.value, slope.sigfigs) == ("slope", 0.25, 2)
    assert [(m.mistake, m.value) for m in slope.mistakes] == [("sigmoid-bound", 1.0)]
    assert slope.hints == ("A hint.",)
    assert [(c.text, c.correct) for c in needs.choices][2] == (
        "The weights after the update",
        False,
    )
    assert needs.choices[1].explanation == "dE/dw = delta × input."
    assert eq.prompt == "=1+1?"  # the apostrophe that kept a spreadsheet from running it
    assert imported.left_out == []


def test_odd_text_is_carried_as_data(tmp_path: Path) -> None:
    odd = tmp_path / "odd.gift"
    odd.write_text(
        '::Odd "quotes"::Is a \\\\ backslash, a bell \a, DEL \x7f and \\{braces\\} fine? '
        'It costs $5. {\n\t=Yes "really"#Fine \\= ok\n\t~No#Not so.\n}\n\n'
        "::Math::What is $$x^2$$ and \\\\(y\\\\)? {#4}\n"
    )
    _, pack = imported_pack_at(odd)
    quotes, math = pack.items
    assert quotes.prompt == (
        "Is a \\ backslash, a bell \a, DEL \x7f and {braces} fine? It costs \\$5."
    )
    assert [c.text for c in quotes.choices] == ['Yes "really"', "No"]
    assert quotes.choices[0].explanation == "Fine = ok"
    assert math.prompt == "What is $x^2$ and $y$?"


def test_a_question_the_pack_would_refuse_is_left_out_at_its_place(tmp_path: Path) -> None:
    unsafe = tmp_path / "unsafe.gift"
    unsafe.write_text(
        "::Fine::Is 1 + 1 = 2? {T}\n\n::Link::See \\\\(\\\\href\\{x\\}\\{y\\}\\\\) {T}\n"
    )
    imported, pack = imported_pack_at(unsafe)
    assert [item.id for item in pack.items] == ["fine"]
    [left] = imported.left_out
    assert (left.line, left.col) == (3, 1)
    assert left.message.startswith("left out 'Link': 'prompt' uses \\href")


def imported_pack_at(path: Path):
    imported = read_questions(path)
    return imported, read_pack(pack_toml(imported), str(path))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, ":1:1: file not found"),
        ("<quiz>\n<question type='essay'/>\n</quiz>\n", ": no question to import"),
        ("<quiz>\n</quizz>\n", ":2:3: not well-formed XML: mismatched tag"),
    ],
)
def test_the_command_refuses_what_it_cannot_import(content, message, tmp_path: Path) -> None:
    source = tmp_path / "in.xml"
    if content is not None:
        source.write_text(content)
    out = tmp_path / "out.toml"
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "pack", "import", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert not out.exists()
