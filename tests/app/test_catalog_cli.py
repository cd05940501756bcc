"""`families`, `generate` and `bank` on the command line."""

from __future__ import annotations

import json

from app.cli import main
from questions import registry


def test_families_json_lists_every_family(capsys) -> None:
    assert main(["families", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [i.id for i in registry.families()]
    assert {"id", "title", "topic", "levels", "kind"} <= set(rows[0])


def test_generate_json_has_the_contract_fields_and_is_reproducible(capsys) -> None:
    family_id = registry.families()[0].id
    args = ["generate", family_id, "--level", "2", "--seed", "5", "--count", "3", "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert len(first) == 3
    for item in first:
        assert {"key", "topic", "kind", "prompt", "choices", "answer", "hints", "solution"} <= set(
            item
        )
    assert first[0]["key"] == f"{family_id}/L2/5"


def test_generate_text_shows_answer_and_the_mistakes_behind_distractors(capsys) -> None:
    assert main(["generate", "neuron-gradient", "--level", "3"]) == 0
    out = capsys.readouterr().out
    assert "Answer:" in out and "mistake" in out


def test_generate_unknown_family_is_a_clear_error(capsys) -> None:
    assert main(["generate", "no-such-family"]) == 2
    err = capsys.readouterr().err
    assert "unknown family 'no-such-family'" in err and "neuron-gradient" in err


def test_generate_bad_level_is_a_clear_error(capsys) -> None:
    assert main(["generate", "neuron-gradient", "--level", "9"]) == 2
    assert "--level must be one of [1, 2, 3]" in capsys.readouterr().err
