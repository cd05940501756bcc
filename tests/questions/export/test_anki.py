"""The .apkg opened as a zip, its collection read with sqlite3: notes, fields, stable ids."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from questions.export.anki import deck_title, stable_id, write_apkg
from questions.export.common import flatten
from questions.model import Kind
from questions.numbers import format_number
from questions.packs import expand, read_pack

GUIDED = """
[pack]
id = "guided"
title = "Guided"
author = "Tester"
version = "1"

[[question]]
id = "g"
type = "family"
family = "guided-backprop"
"""


def read_notes(path: Path, tmp_path: Path) -> tuple[list[list[str]], dict, dict]:
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        archive.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        notes = [flds.split("\x1f") for (flds,) in db.execute("select flds from notes order by id")]
        version, models, decks = db.execute("select ver, models, decks from col").fetchone()
        assert version == 11  # the schema Anki 2.1.50+ upgrades on import (checked: 2.1.66)
    finally:
        db.close()
    return notes, json.loads(models), json.loads(decks)


def test_one_note_per_variant_with_answer_and_solution_on_the_back(
    pack, questions, tmp_path
) -> None:
    path = tmp_path / "pack.apkg"
    flat = flatten(questions)
    assert write_apkg(pack.id, pack.title, questions, path) == len(flat)
    notes, models, decks = read_notes(path, tmp_path)
    assert len(notes) == len(flat)
    by_key = {fields[0]: fields for fields in notes}
    for q in flat:
        _, front, back = by_key[str(q.key)]
        assert front.startswith("<div>")
        if q.kind is Kind.NUMERIC:
            assert format_number(q.answer.value, q.answer.sigfigs) in back
        if q.solution:
            assert "Worked solution" in back and back.count("<li>") >= len(q.solution)
    assert str(stable_id("model", pack.id)) in models
    assert str(stable_id("deck", pack.id)) in decks


def test_ids_are_stable_across_exports_and_differ_between_packs() -> None:
    assert stable_id("deck", "a") == stable_id("deck", "a")
    assert stable_id("deck", "a") != stable_id("deck", "b")
    assert stable_id("model", "a") != stable_id("deck", "a")
    assert (1 << 30) <= stable_id("deck", "a") < (1 << 31)


def test_pack_text_is_escaped_and_cannot_form_anki_media_or_latex_tags(hostile, tmp_path) -> None:
    path = tmp_path / "hostile.apkg"
    write_apkg(hostile.id, hostile.title, expand(hostile, 1), path)
    ((_, front, back),), _, _ = read_notes(path, tmp_path)
    assert "&lt;script&gt;" in front and "<script>" not in front
    assert "[sound:" not in front + back and "&#91;sound:x.mp3]" in front
    assert "[latex]" not in back and "&#91;latex]" in back


def test_each_blank_of_a_guided_question_is_a_note_of_its_own(tmp_path) -> None:
    pack = read_pack(GUIDED, "guided.toml")
    questions = expand(pack, 2)
    flat = flatten(questions)
    assert len(flat) > len(questions)  # several blanks per guided question
    path = tmp_path / "guided.apkg"
    assert write_apkg(pack.id, pack.title, questions, path) == len(flat)
    with zipfile.ZipFile(path) as archive:
        archive.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        guids = [guid for (guid,) in db.execute("select guid from notes")]
    finally:
        db.close()
    assert len(set(guids)) == len(flat)  # one guid per blank: Anki imports every one


def test_a_title_with_double_colons_stays_one_deck() -> None:
    assert deck_title("Week 3:: Backprop:::drill") == "Week 3: Backprop:drill"


def test_the_deck_is_built_without_leaving_files_in_the_temporary_folder(
    pack, questions, tmp_path, monkeypatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # genanki left a database here
    write_apkg(pack.id, pack.title, questions, tmp_path / "pack.apkg")
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.apkg", "tmp"]
